from django.urls import URLPattern, URLResolver, path

from thidua.org import views_edit

app_name = "org_edit"
urlpatterns: list[URLPattern | URLResolver] = [
    path("units/new/", views_edit.unit_create, name="unit_create"),
    path("units/<str:code>/edit/", views_edit.unit_edit, name="unit_edit"),
    path("units/<str:code>/reorganize/", views_edit.unit_reorganize, name="unit_reorganize"),
    path("units/<str:code>/accounts/", views_edit.account_list, name="account_list"),
    path("people/new/", views_edit.person_create, name="person_create"),
    path("people/<str:code>/edit/", views_edit.person_edit, name="person_edit"),
    path("people/<str:code>/assign/", views_edit.person_assign, name="person_assign"),
    path("accounts/new/", views_edit.account_create, name="account_create"),
    path("accounts/<str:username>/edit/", views_edit.account_edit, name="account_edit"),
    path("lookup/", views_edit.lookup, name="lookup"),
]
