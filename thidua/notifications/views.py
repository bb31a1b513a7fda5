"""Pages of the notifications app: the account's inbox and its e-mail preferences.

Every view works on the requesting account's own rows only (another account's notification
is a 404).  Marking read uses HTMX when it is there (the item and the header's count are
swapped in place) and a plain form post with a redirect otherwise.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.notifications import selectors, services
from thidua.notifications.forms import EmailPreferencesForm
from thidua.notifications.models import Kind

PER_PAGE = 30


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _safe(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.inbox_for(request.user, unread_only=unread_only)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page_obj": page,
            "unread": selectors.unread_count(request),
            "unread_only": unread_only,
        },
    )


@login_required
@require_GET
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    notification = selectors.access_notification(request.user, pk)
    services.mark_read(actor=request.user, notification=notification)
    if _safe(request, notification.link):
        return redirect(notification.link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.access_notification(request.user, pk)
    services.mark_read(actor=request.user, notification=notification)
    if _is_htmx(request):
        request._thidua_unread = None  # type: ignore[attr-defined]  # count again
        unread = selectors.unread_count(request)
        return render(
            request, "notifications/_item_read.html", {"n": notification, "unread": unread}
        )
    target = request.POST.get("next", "")
    return redirect(target if _safe(request, target) else reverse("notifications:inbox"))


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("%(n)s notifications marked as read.") % {"n": count})
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """The account's own e-mail preferences (no other account's can be reached here)."""
    user: Any = request.user
    off = selectors.email_off_kinds(user)
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST, email_off=off)
        if form.is_valid():
            services.set_email_kinds(actor=user, kinds=form.cleaned_data["kinds"])
            messages.success(request, _("Your e-mail preferences were saved."))
            return redirect("notifications:preferences")
    else:
        form = EmailPreferencesForm(email_off=off)
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "account": user, "kinds": Kind.choices},
    )
