from django.urls import path

from thidua.awards import views_nominations as views

app_name = "nominations"

urlpatterns = [
    path("", views.nomination_list, name="list"),
    path("new/", views.nomination_create, name="create"),
    path("<int:pk>/", views.nomination_detail, name="detail"),
    path("<int:pk>/submit/", views.nomination_submit, name="submit"),
    path("<int:pk>/check/", views.nomination_check, name="check"),
    path("<int:pk>/return/", views.nomination_return, name="return"),
    path("<int:pk>/decline/", views.nomination_decline, name="decline"),
    path("<int:pk>/attach/", views.nomination_attach, name="attach"),
]
