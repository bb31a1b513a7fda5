"""The unit side of campaigns, under /campaigns/ (paths that cannot clash with the office's
/campaigns/<int:pk>/…)."""

from django.urls import URLPattern, URLResolver, path

from thidua.campaigns import views_unit as views

app_name = "campaign_unit"

_reg = "registrations/<int:pk>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("mine/", views.my_campaigns, name="my_campaigns"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.notifications, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.notifications, name="notification_read"),
    path(
        "registrations/new/<int:campaign_pk>/<int:unit_pk>/",
        views.registration_create,
        name="registration_create",
    ),
    path(_reg, views.registration, name="registration"),
    path(_reg + "submit/", views.registration_submit, name="submit"),
    path(_reg + "targets/add/", views.target_add, name="target_add"),
    path(_reg + "targets/<int:item_pk>/edit/", views.target_edit, name="target_edit"),
    path(_reg + "targets/<int:item_pk>/remove/", views.target_remove, name="target_remove"),
    path(_reg + "key-works/add/", views.key_work_add, name="key_work_add"),
    path(_reg + "key-works/<int:item_pk>/edit/", views.key_work_edit, name="key_work_edit"),
    path(_reg + "key-works/<int:item_pk>/remove/", views.key_work_remove, name="key_work_remove"),
    path(
        _reg + "key-works/<int:item_pk>/milestones/add/",
        views.milestone_add,
        name="milestone_add",
    ),
    path(_reg + "pledges/add/", views.pledge_add, name="pledge_add"),
    path(_reg + "pledges/<int:item_pk>/remove/", views.pledge_remove, name="pledge_remove"),
    path(_reg + "progress/", views.report, name="report"),
    path(_reg + "progress/import/", views.progress_import_view, name="progress_import"),
    path(
        _reg + "progress/import/template.xlsx",
        views.progress_import_template,
        name="progress_import_template",
    ),
    path(
        "mine/<int:campaign_pk>/progress/import/",
        views.progress_import_view,
        name="progress_import",
    ),
    path(
        "mine/<int:campaign_pk>/progress/import/template.xlsx",
        views.progress_import_template,
        name="progress_import_template",
    ),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("evidence/<int:pk>/thumb/", views.evidence_file, {"thumb": True}, name="evidence_thumb"),
]
