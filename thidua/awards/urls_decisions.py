from django.urls import URLPattern, URLResolver, path

from thidua.awards import views_decisions as views

app_name = "decisions"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.decision_list, name="list"),
    path("new/", views.decision_create, name="create"),
    path("new/cash/", views.decision_preview, name="preview"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/issue/", views.decision_issue, name="issue"),
    path("<int:pk>/word/", views.decision_docx, name="docx"),
    path("<int:pk>/pdf/", views.decision_pdf, name="pdf"),
    path("<int:pk>/certificates/", views.certificates, name="certificates"),
    path("<int:pk>/certificates/<int:commendation>/", views.certificate, name="certificate"),
]
