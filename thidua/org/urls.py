from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path, register_converter, reverse_lazy

from thidua.org import views


class ObjectCode:
    """A unit or person code in a URL.  ``new`` is left to the creation forms
    (``/units/new/``, ``/people/new/`` in ``urls_edit``), which are included after this module."""

    regex = "[^/]+"
    reserved = frozenset({"new"})

    def to_python(self, value: str) -> str:
        if value in self.reserved:
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ObjectCode, "objcode")

app_name = "org"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/<objcode:code>/", views.unit_detail, name="unit_detail"),
    path("units/<objcode:code>/children/", views.unit_children, name="unit_children"),
    path("people/<objcode:code>/", views.person_detail, name="person_detail"),
    path("search/", views.search, name="search"),
    path("account/", views.profile, name="profile"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("org:password_change_done")),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
