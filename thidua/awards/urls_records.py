"""Commendation records pages under /awards/ (namespace ``awards_records``).

Only fixed first segments here (people/, units/, eligibility/, registry/, imports/), so the
sibling modules mounted under /awards/nominations/, /awards/council/ and /awards/decisions/
are never shadowed."""

from django.urls import URLPattern, URLResolver, path

from thidua.awards import views_records as views

app_name = "awards_records"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("people/<str:code>/", views.person, name="person"),
    path("people/<str:code>/<slug:what>/new/", views.person_record_new, name="person_record_new"),
    path("units/<str:code>/", views.unit, name="unit"),
    path("units/<str:code>/<slug:what>/new/", views.unit_record_new, name="unit_record_new"),
    path("eligibility/", views.scope_eligibility, name="scope_eligibility"),
    path("eligibility/<str:code>/", views.eligibility, name="eligibility"),
    path("registry/", views.registry, name="registry"),
    path("registry/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("imports/", views.imports, name="imports"),
    path("imports/<slug:kind>/", views.import_run, name="import_run"),
    path("imports/<slug:kind>/template/", views.import_template, name="import_template"),
]
