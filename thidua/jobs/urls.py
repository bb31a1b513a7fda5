from django.urls import URLPattern, URLResolver, path

from thidua.jobs import views

app_name = "jobs"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.job_list, name="list"),
    path("new/eligibility/", views.start_eligibility, name="new_eligibility"),
    path("new/certificates/", views.start_certificates, name="new_certificates"),
    path("<str:job_id>/", views.job_detail, name="detail"),
    path("<str:job_id>/progress/", views.job_progress, name="progress"),
    path("<str:job_id>/download/", views.job_download, name="download"),
]
