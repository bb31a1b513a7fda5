"""Public portal URLs (mounted at the root): home, news, campaigns list, polls, search,
comments, feeds, article photos.  The staff side is in ``urls_staff``."""

from django.urls import URLPattern, URLResolver, path

from thidua.portal import feeds, views_public

app_name = "portal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("news/", views_public.news, name="news"),
    path("news/rss/", feeds.NewsFeed(), name="feed_rss"),
    path("news/atom/", feeds.NewsAtomFeed(), name="feed_atom"),
    path("news/category/<slug:slug>/", views_public.category, name="category"),
    path("news/category/<slug:slug>/rss/", feeds.NewsFeed(), name="category_rss"),
    path("news/category/<slug:slug>/atom/", feeds.NewsAtomFeed(), name="category_atom"),
    path("news/photo/<str:token>/<int:width>/", views_public.image, name="image"),
    path("news/<slug:slug>/", views_public.article, name="article"),
    path("public/campaigns/", views_public.campaigns, name="campaigns"),
    path("polls/", views_public.poll_list, name="polls"),
    path("polls/<int:pk>/", views_public.poll_detail, name="poll"),
    path("polls/<int:pk>/vote/", views_public.poll_vote, name="poll_vote"),
    path("public/search/", views_public.search, name="search"),
    path("comments/<int:ct>/<int:pk>/", views_public.comment_post, name="comment_post"),
    path("comments/report/<int:pk>/", views_public.comment_report, name="comment_report"),
]
