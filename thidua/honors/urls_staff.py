"""Staff pages of the honor board (logged in), mounted at /honors/."""

from django.urls import URLPattern, URLResolver, path

from thidua.honors import views_staff as views

app_name = "honors_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.profile_list, name="list"),
    path("new/", views.profile_new, name="new"),
    path("replications/", views.replications, name="replications"),
    path("<int:pk>/", views.profile_detail, name="detail"),
    path("<int:pk>/edit/", views.profile_edit, name="edit"),
    path("<int:pk>/publish/", views.profile_publish, name="publish"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("<int:pk>/photos/<int:photo>/delete/", views.photo_delete, name="photo_delete"),
    path("<int:pk>/replicate/", views.replicate, name="replicate"),
    path(
        "<int:pk>/replications/<int:replication>/review/",
        views.replication_review,
        name="review",
    ),
]
