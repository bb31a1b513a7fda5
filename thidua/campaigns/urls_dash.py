"""Campaign dashboards, their Excel exports and the public campaign page (mounted at the root:
only ``/campaigns/<pk>/dashboard/…`` and ``/public/campaigns/<pk>/…`` are used here)."""

from django.urls import URLPattern, URLResolver, path

from thidua.campaigns import views_dash

app_name = "campaign_dash"
urlpatterns: list[URLPattern | URLResolver] = [
    path("campaigns/<int:pk>/dashboard/", views_dash.overview, name="overview"),
    path(
        "campaigns/<int:pk>/dashboard/export/<slug:table>.xlsx",
        views_dash.export,
        name="export",
    ),
    path(
        "campaigns/<int:pk>/dashboard/units/<str:unit_code>/",
        views_dash.unit_page,
        name="unit",
    ),
    path(
        "campaigns/<int:pk>/dashboard/photos/<int:evidence_pk>/",
        views_dash.evidence_thumbnail,
        name="photo",
    ),
    path("public/campaigns/<int:pk>/", views_dash.public, name="public"),
    path(
        "public/campaigns/<int:pk>/photos/<int:evidence_pk>/",
        views_dash.public_photo,
        name="public_photo",
    ),
]
