"""Public notice of nominations in the web UI.

Public side (no login): the nominations on notice now, each with a comment form (plain
HTML, CSRF kept), and one notice's page with its accepted comments.  Staff side (login): post
a checked nomination, accept or reject comments, close the notice — buttons on the
nomination page, handled here.  Thin views: parse, authorise (``access_nomination`` gives
outsiders 404; services raise ``PermissionDenied`` → 403 for insiders without the right),
call ``awards.notice``, render.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from thidua.awards import notice, selectors
from thidua.awards.models_notice import CommentStatus, NoticeComment, PublicNotice

PER_PAGE = 20


class CommentForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=notice.NAME_MAX)
    email = forms.EmailField(
        label=gettext_lazy("E-mail (optional, never shown)"), required=False, max_length=254
    )
    body = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=notice.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Honeypot: hidden from people, filled by robots.
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, notice_pk: int = 0, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"n{notice_pk}-%s")
        super().__init__(*args, **kwargs)


class ModerateForm(forms.Form):
    status = forms.ChoiceField(choices=[(CommentStatus.ACCEPTED, ""), (CommentStatus.REJECTED, "")])
    note = forms.CharField(required=False, max_length=notice.NOTE_MAX)


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


# -- public --------------------------------------------------------------------------------------


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notice.public_notices(), PER_PAGE).get_page(request.GET.get("page"))
    rows = [(item, CommentForm(notice_pk=item.pk)) for item in page.object_list]
    return render(request, "awards/notice/list.html", {"page": page, "rows": rows})


def _render_detail(
    request: HttpRequest, item: PublicNotice, form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "awards/notice/detail.html",
        {"item": item, "form": form or CommentForm(notice_pk=item.pk)},
        status=status,
    )


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, notice.public_notice(pk))


@require_POST
def notice_comment(request: HttpRequest, pk: int) -> HttpResponse:
    item = notice.public_notice(pk)
    form = CommentForm(request.POST, notice_pk=item.pk)
    if not form.is_valid():
        return _render_detail(request, item, form, status=400)
    data = form.cleaned_data
    try:
        notice.notice_comment_add(
            notice=item,
            name=data["name"],
            email=data["email"],
            body=data["body"],
            honeypot=data["website"],
            address=_address(request),
        )
    except ValidationError as error:
        code = getattr(error, "code", None)
        if hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return _render_detail(request, item, form, status=429 if code == "rate_limited" else 400)
    messages.success(
        request, _("Thank you. Your comment will be published after the office reviews it.")
    )
    return redirect("notices:detail", item.pk)


# -- staff ---------------------------------------------------------------------------------------


def _back(pk: int) -> HttpResponse:
    return redirect(reverse("nominations:detail", args=[pk]) + "#notice")


def _run(request: HttpRequest, nomination_pk: int, run: Any, done: str) -> HttpResponse:
    try:
        run()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _back(nomination_pk)


@login_required
@require_POST
def notice_post(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.access_nomination(request.user, pk)
    return _run(
        request,
        nomination.pk,
        lambda: notice.notice_post(actor=request.user, nomination=nomination),
        _("The nomination was posted for public notice."),
    )


@login_required
@require_POST
def notice_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(NoticeComment.objects.select_related("notice"), pk=pk)
    nomination = selectors.access_nomination(request.user, comment.notice.nomination_id)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or reject the comment."))
        return _back(nomination.pk)
    return _run(
        request,
        nomination.pk,
        lambda: notice.notice_comment_moderate(
            actor=request.user,
            comment=comment,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        ),
        _("The comment was reviewed."),
    )


@login_required
@require_POST
def notice_close(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PublicNotice, pk=pk)
    nomination = selectors.access_nomination(request.user, item.nomination_id)
    return _run(
        request,
        nomination.pk,
        lambda: notice.notice_close(actor=request.user, notice=item),
        _("The public notice was closed."),
    )
