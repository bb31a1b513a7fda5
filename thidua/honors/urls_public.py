"""Public pages (no login): the honor board at /public/honors/ and the published decisions at
/public/decisions/ (mounted at the root)."""

from django.urls import URLPattern, URLResolver, path

from thidua.honors import views_public as views

app_name = "honors"
urlpatterns: list[URLPattern | URLResolver] = [
    path("public/honors/", views.board, name="index"),
    path("public/honors/<slug:slug>/", views.profile, name="profile"),
    path("public/honor-photos/<int:pk>/<str:size>.jpg", views.photo, name="photo"),
    path("public/decisions/", views.decisions, name="decisions"),
    path("public/decisions/<int:pk>/", views.decision, name="decision"),
    path("public/decisions/<int:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
]
