"""Public notice of nominations: the public list and page (no login) and the staff's
actions (post, review comments, close), mounted at ``/public/notices/``."""

from django.urls import URLPattern, path

from thidua.awards import views_notice as views

app_name = "notices"

urlpatterns: list[URLPattern] = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("<int:pk>/comment/", views.notice_comment, name="comment"),
    path("manage/nominations/<int:pk>/post/", views.notice_post, name="post"),
    path("manage/comments/<int:pk>/review/", views.notice_moderate, name="moderate"),
    path("manage/<int:pk>/close/", views.notice_close, name="close"),
]
