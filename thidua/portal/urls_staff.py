"""Staff pages of the portal, under /portal/ (login)."""

from django.urls import URLPattern, URLResolver, path

from thidua.portal import views_staff

app_name = "portal_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("articles/", views_staff.article_list, name="articles"),
    path("articles/new/", views_staff.article_create, name="article_create"),
    path("articles/<int:pk>/", views_staff.article_edit, name="article_edit"),
    path(
        "articles/<int:pk>/<str:action>/",
        views_staff.article_move,
        name="article_move",
    ),
    path("articles/<int:pk>/photos/add/", views_staff.image_add, name="image_add"),
    path("photos/<int:pk>/remove/", views_staff.image_remove, name="image_remove"),
    path("comments/", views_staff.comment_queue, name="comments"),
    path("comments/<int:pk>/moderate/", views_staff.comment_moderate, name="comment_moderate"),
    path("polls/", views_staff.poll_list, name="polls"),
    path("polls/new/", views_staff.poll_create, name="poll_create"),
    path("polls/<int:pk>/", views_staff.poll_detail, name="poll"),
    path("polls/<int:pk>/close/", views_staff.poll_close, name="poll_close"),
    path("polls/<int:pk>/results.xlsx", views_staff.poll_export, name="poll_export"),
]
