"""The inbox (/notifications/…) and the e-mail preferences (/account/notifications/)."""

from django.urls import URLPattern, URLResolver, path

from thidua.notifications import views

app_name = "notifications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read-all/", views.read_all, name="read_all"),
    path("notifications/<int:pk>/", views.open_notification, name="open"),
    path("notifications/<int:pk>/read/", views.read, name="read"),
    path("account/notifications/", views.preferences, name="preferences"),
]
