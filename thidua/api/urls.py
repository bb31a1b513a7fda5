from django.urls import URLPattern, URLResolver, path, re_path

from thidua.api import views
from thidua.api.api import api

app_name = "api"

_api_patterns, _api_app, _api_namespace = api.urls
for _pattern in _api_patterns:  # every endpoint of every router refuses NUL characters
    if isinstance(_pattern, URLPattern):
        _pattern.callback = views.refuse_nul(_pattern.callback)

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", views.api_index, name="index"),
    path("api/v1/", (_api_patterns, _api_app, _api_namespace)),  # namespace "api:api-v1"
    re_path(r"^api/", views.api_not_found),  # any other /api/… path: JSON 404
    path("account/tokens/", views.token_list, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
