"""Reports: /reports/… (pages, Excel and Word downloads, the unit's Word template)."""

from django.urls import URLPattern, URLResolver, path

from thidua.reports import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("commendations/", views.commendations, name="commendations"),
    path("units/", views.units, name="units"),
    path("people/", views.people, name="people"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("excel/<slug:report>.xlsx", views.export_excel, name="excel"),
    path("word/bao-cao-tong-hop.docx", views.export_word, name="word"),
    path("pack/", views.start_pack, name="pack"),
    path("template/", views.template_page, name="template"),
    path("template/<slug:which>.docx", views.template_download, name="template_download"),
    path("template/remove/", views.template_remove, name="template_remove"),
]
