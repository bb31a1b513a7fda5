from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from thidua.core.views import healthz, livez
from thidua.portal.sitemaps import all_sitemaps

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Forms that change units and people; before org.urls so /units/new/ is not a unit code.
    path("", include("thidua.org.urls_edit")),
    path("", include("thidua.org.urls")),  # home, login, tree, unit/person pages, search
    path("imports/", include("thidua.org.urls_import")),  # Excel imports and templates
    # Campaigns: the office's workflow, the units' registrations and progress, dashboards
    # and the public page (each part in its own module and namespace).
    path("campaigns/", include("thidua.campaigns.urls")),
    path("campaigns/", include("thidua.campaigns.urls_unit")),
    path("", include("thidua.campaigns.urls_dash")),
    # Commendation: records and registry, nominations, council sessions, decisions.
    path("awards/", include("thidua.awards.urls_records")),
    path("awards/nominations/", include("thidua.awards.urls_nominations")),
    path("awards/council/", include("thidua.awards.urls_council")),
    path("awards/decisions/", include("thidua.awards.urls_decisions")),
    path("reports/", include("thidua.reports.urls")),  # statistics, Excel and Word
    path("public/notices/", include("thidua.awards.urls_notice")),  # public notice
    # Each account's inbox (/notifications/) and e-mail settings (/account/notifications/).
    path("", include("thidua.notifications.urls")),
    path("jobs/", include("thidua.jobs.urls")),  # background jobs: "My jobs", progress
    # Honor board: public pages (/public/honors/, /public/decisions/) and staff pages.
    path("", include("thidua.honors.urls_public")),
    path("honors/", include("thidua.honors.urls_staff")),
    # Public portal: news, polls, comments, search, feeds (the anonymous home is org's "/")
    # and its staff pages; the sitemap covers the portal and the honor board.
    path("", include("thidua.portal.urls")),
    path("portal/", include("thidua.portal.urls_staff")),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": all_sitemaps()},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("thidua.api.urls")),  # /api/v1/… and the API token pages
]
