"""The page where a logged-in user manages their own API tokens (/account/tokens/)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from thidua.api import services
from thidua.api.api import api
from thidua.api.errors import ErrorCode
from thidua.api.models import ApiToken

MAX_EXPIRY_DAYS = 3650


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=services.MAX_NAME_LENGTH,
        help_text=gettext_lazy("What the token is for, e.g. the program that will use it."),
    )
    expires_days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        required=False,
        min_value=1,
        max_value=MAX_EXPIRY_DAYS,
        help_text=gettext_lazy("Leave empty for a token that does not expire."),
    )


def _tokens_of(user: Any) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; POST creates one and shows its secret, once."""
    secret: str | None = None
    created: ApiToken | None = None
    status = 200
    if request.method == "POST":
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            days = form.cleaned_data["expires_days"]
            expires_at = timezone.now() + dt.timedelta(days=days) if days else None
            try:
                created, secret = services.token_create(
                    actor=request.user,
                    user=request.user,
                    name=form.cleaned_data["name"],
                    expires_at=expires_at,
                )
            except ValidationError as exc:
                form.add_error("name", exc)
            else:
                form = TokenCreateForm()
                status = 201
        if secret is None:
            status = 400
    else:
        form = TokenCreateForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": _tokens_of(request.user),
            "secret": secret,
            "created": created,
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens; anyone else's token is "not found"."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix})
    return redirect("api:tokens")


def api_index(request: HttpRequest) -> JsonResponse:
    """/api/v1/: where the documentation and the schema are."""
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "docs": reverse("api:api-v1:openapi-view"),
            "openapi": reverse("api:api-v1:openapi-json"),
            "tokens": reverse("api:tokens"),
        }
    )


@csrf_exempt  # it changes nothing; a POST to an unknown address gets the JSON 404, not a CSRF page
def api_not_found(request: HttpRequest) -> JsonResponse:
    """Any unknown /api/… address: the same JSON shape as the API's own errors."""
    return JsonResponse(
        {"detail": _("There is no such API address."), "code": ErrorCode.NOT_FOUND.value},
        status=404,
    )


_JSON_NUL = re.compile(rb"\\u0000")


def refuse_nul(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 422 to a request with a NUL character in its address, query or JSON body.

    PostgreSQL cannot store or compare text containing NUL (it raises, the request would end
    in a 500); no real name, code or search contains one.  Wraps every API view, so every
    router is covered."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        field = ""
        if "\x00" in request.path:
            field = "path"
        else:
            for key, values in request.GET.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    field = key.replace("\x00", "")
                    break
        json_body = request.content_type == "application/json"
        if not field and json_body and _JSON_NUL.search(request.body):
            field = "body"
        if not field:
            return view(request, *args, **kwargs)
        message = _(
            "The request contains a NUL character (\\0) in %(field)s, which is not allowed."
        ) % {"field": field}
        return JsonResponse(
            {
                "detail": message,
                "code": ErrorCode.INVALID.value,
                "errors": [{"field": field, "message": message}],
            },
            status=422,
        )

    return wrapped
