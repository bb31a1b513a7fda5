"""A throw-away API with one POST endpoint, to test the CSRF rule of session auth."""

from django.http import HttpRequest
from django.urls import path
from ninja import NinjaAPI

from thidua.api.auth import DEFAULT_AUTH
from thidua.api.errors import install_error_handlers

api = NinjaAPI(urls_namespace="csrf-test", auth=DEFAULT_AUTH, docs_url=None)
install_error_handlers(api)


@api.post("/echo")
def echo(request: HttpRequest) -> dict[str, str]:
    return {"username": request.user.get_username()}


urlpatterns = [path("t/", api.urls)]
