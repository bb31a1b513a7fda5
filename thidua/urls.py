from django.contrib import admin
from django.urls import include, path

from thidua.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("thidua.org.urls")),  # home, login, tree, unit/person pages, search
    path("", include("thidua.org.urls_edit")),  # forms that change units and people
    path("imports/", include("thidua.org.urls_import")),  # Excel imports and templates
    path("", include("thidua.api.urls")),  # /api/v1/… and the API token pages
]
