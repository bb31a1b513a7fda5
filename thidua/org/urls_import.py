from django.urls import URLPattern, URLResolver, path

from thidua.org import views_import

app_name = "imports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_import.index, name="index"),
    path("units/", views_import.run_import, {"what": "units"}, name="units"),
    path("people/", views_import.run_import, {"what": "people"}, name="people"),
    path(
        "templates/units.xlsx",
        views_import.download_template,
        {"what": "units"},
        name="template_units",
    ),
    path(
        "templates/people.xlsx",
        views_import.download_template,
        {"what": "people"},
        name="template_people",
    ),
]
