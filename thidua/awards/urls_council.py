from django.urls import URLPattern, URLResolver, path

from thidua.awards import views_council as views

app_name = "council"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.council_list, name="list"),
    path("new/", views.council_create, name="create"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/status/", views.session_status, name="status"),
    path("sessions/<int:pk>/quorum/", views.session_quorum, name="quorum"),
    path("sessions/<int:pk>/open/", views.session_open, name="open"),
    path("sessions/<int:pk>/close-round/", views.round_close, name="round_close"),
    path("sessions/<int:pk>/next-round/", views.round_next, name="round_next"),
    path("sessions/<int:pk>/close/", views.session_close, name="close"),
    path("sessions/<int:pk>/vote/", views.vote, name="vote"),
    path("sessions/<int:pk>/paper/", views.paper, name="paper"),
    path("sessions/<int:pk>/minutes/", views.minutes_docx, name="minutes"),
]
