"""The emulation office's side of campaigns (namespace ``campaigns``, under /campaigns/)."""

from django.urls import URLPattern, URLResolver, path

from thidua.campaigns import views_office as v

app_name = "campaigns"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", v.campaign_list, name="list"),
    path("new/", v.campaign_create, name="create"),
    path("<int:pk>/", v.campaign_detail, name="detail"),
    path("<int:pk>/edit/", v.campaign_edit, name="edit"),
    path("<int:pk>/participants/", v.participants, name="participants"),
    path("<int:pk>/transition/", v.campaign_transition, name="transition"),
    path("<int:pk>/registrations/", v.registrations, name="registrations"),
    path(
        "<int:pk>/registrations/<int:rpk>/decide/",
        v.registration_decide,
        name="registration_decide",
    ),
    path("<int:pk>/not-registered/", v.not_registered, name="not_registered"),
    path("<int:pk>/remind/", v.remind, name="remind"),
    path("<int:pk>/evaluation/<str:stage>/", v.evaluation, name="evaluation"),
    path(
        "<int:pk>/evaluation/<str:stage>/<int:epk>/override/",
        v.evaluation_override,
        name="evaluation_override",
    ),
    path("clusters/", v.clusters, name="clusters"),
    path("clusters/<int:pk>/", v.cluster_detail, name="cluster"),
    path("clusters/<int:pk>/score/", v.cluster_score, name="cluster_score"),
    path("standards/<str:code>/", v.standard, name="standard"),
]
