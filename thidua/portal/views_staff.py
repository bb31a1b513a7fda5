"""Staff pages of the portal (login): articles and their editorial states, photos, the
comment moderation queue, polls and their Excel export.

Thin views: parse, authorise (``permissions``: council, leader and viewer accounts get 403;
an object outside the account's scope 404), call a service, render.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from thidua.campaigns.models import Campaign
from thidua.org.permissions import scope_for
from thidua.portal import comments as comment_service
from thidua.portal import permissions as perms
from thidua.portal import services
from thidua.portal.forms import (
    ArticleForm,
    ImageForm,
    ModerateForm,
    PollForm,
    PublishForm,
    ReturnForm,
)
from thidua.portal.models import ArticleImage, ArticleState, CommentStatus

PER_PAGE = 30


def _add_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _campaigns_for(user: Any) -> Any:
    scope = scope_for(user)
    qs = Campaign.objects.order_by("-id")
    return qs if scope.everything else qs.filter(scope.q("issuing_unit__path"))


def _units_for(user: Any) -> Any:
    return perms.units_for_writing(user).order_by("path")


# -- articles -----------------------------------------------------------------------------


@login_required
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    perms.require_writer(request.user)
    state = request.GET.get("state", "")
    qs = perms.articles_for(request.user).select_related("category", "unit", "author")
    if state in ArticleState.values:
        qs = qs.filter(state=state)
    counts = perms.articles_for(request.user).aggregate(
        **{s: Count("id", filter=Q(state=s)) for s in ArticleState.values}
    )
    page = Paginator(qs.order_by("-updated_at", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    pending_comments = (
        perms.comments_for(request.user).filter(status=CommentStatus.PENDING).count()
        if perms.is_editor(request.user)
        else None
    )
    return render(
        request,
        "portal/staff/article_list.html",
        {
            "page": page,
            "state": state,
            "states": ArticleState.choices,
            "counts": counts,
            "editor": perms.is_editor(request.user),
            "pending_comments": pending_comments,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    perms.require_writer(request.user)
    units, campaigns = _units_for(request.user), _campaigns_for(request.user)
    user: Any = request.user
    initial = {"unit": user.unit_id, "byline": user.full_name or user.get_username()}
    form = ArticleForm(request.POST or None, units=units, campaigns=campaigns, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.article_create(actor=request.user, **_article_fields(data))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("portal_staff:article_edit", article.pk)
    return render(request, "portal/staff/article_form.html", {"form": form, "article": None})


ARTICLE_FIELDS = (
    "unit",
    "category",
    "title",
    "lead",
    "body",
    "byline",
    "campaigns",
    "comments_open",
)


def _article_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The article form's cleaned data as the create and update services take it."""
    return {name: data[name] for name in ARTICLE_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = perms.access_article(request.user, pk)
    editable = perms.can_edit(request.user, article)
    units, campaigns = _units_for(request.user), _campaigns_for(request.user)
    initial = {
        "title": article.title,
        "category": article.category_id,
        "unit": article.unit_id,
        "lead": article.lead,
        "body": article.body,
        "byline": article.byline,
        "campaigns": list(article.campaigns.values_list("pk", flat=True)),
        "comments_open": article.comments_open,
    }
    form = ArticleForm(request.POST or None, units=units, campaigns=campaigns, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.article_update(
                    actor=request.user, article=article, **_article_fields(data)
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("portal_staff:article_edit", article.pk)
    return render(
        request,
        "portal/staff/article_form.html",
        {
            "form": form,
            "article": article,
            "editable": editable,
            "editor": perms.is_editor(request.user),
            "images": list(article.images.all()),
            "image_form": ImageForm(),
            "return_form": ReturnForm(),
            "publish_form": PublishForm(),
        },
    )


@login_required
@require_POST
def article_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    article = perms.access_article(request.user, pk)
    try:
        if action == "submit":
            services.article_submit(actor=request.user, article=article)
            messages.success(request, _("Sent to the editors for review."))
        elif action == "publish":
            publish = PublishForm(request.POST)
            when = publish.cleaned_data["published_at"] if publish.is_valid() else None
            services.article_publish(actor=request.user, article=article, published_at=when)
            messages.success(request, _("Published."))
        elif action == "return":
            form = ReturnForm(request.POST)
            services.article_return(
                actor=request.user,
                article=article,
                note=form.data.get("note", ""),
            )
            messages.success(request, _("Sent back to draft with your note."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("portal_staff:article_edit", article.pk)


@login_required
@require_POST
def image_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = perms.access_article(request.user, pk)
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.image_add(
                actor=request.user,
                article=article,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                credit=form.cleaned_data["credit"],
                alt=form.cleaned_data["alt"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Photo added."))
    else:
        messages.error(request, _("Choose a photo to upload."))
    return redirect("portal_staff:article_edit", article.pk)


@login_required
@require_POST
def image_remove(request: HttpRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(ArticleImage.objects.select_related("article"), pk=pk)
    perms.access_article(request.user, image.article_id)
    services.image_remove(actor=request.user, image=image)
    messages.success(request, _("Photo removed."))
    return redirect("portal_staff:article_edit", image.article_id)


# -- comments -----------------------------------------------------------------------------


@login_required
@require_GET
def comment_queue(request: HttpRequest) -> HttpResponse:
    perms.require_editor(request.user)
    status = request.GET.get("status", CommentStatus.PENDING)
    if status not in CommentStatus.values:
        status = CommentStatus.PENDING
    qs = (
        perms.comments_for(request.user)
        .filter(status=status)
        .select_related("content_type")
        .order_by("-reports", "created_at", "id")
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    _attach_targets(rows)
    return render(
        request,
        "portal/staff/comment_queue.html",
        {"page": page, "rows": rows, "status": status, "statuses": CommentStatus.choices},
    )


def _attach_targets(rows: list[Any]) -> None:
    """One query per kind of target (not per comment)."""
    by_type: dict[int, list[Any]] = {}
    for row in rows:
        by_type.setdefault(row.content_type_id, []).append(row)
    for group in by_type.values():
        model = group[0].content_type.model_class()
        if model is None:
            continue
        found = model._default_manager.in_bulk([row.object_id for row in group])
        for row in group:
            row.target_obj = found.get(row.object_id)


@login_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    perms.require_editor(request.user)
    comment = get_object_or_404(perms.comments_for(request.user), pk=pk)
    form = ModerateForm(request.POST)
    if form.is_valid():
        comment_service.moderate_comment(
            actor=request.user,
            comment=comment,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("Comment approved.")
            if form.cleaned_data["status"] == CommentStatus.APPROVED
            else _("Comment rejected."),
        )
    return redirect("portal_staff:comments")


# -- polls --------------------------------------------------------------------------------


@login_required
@require_GET
def poll_list(request: HttpRequest) -> HttpResponse:
    perms.require_editor(request.user)
    page = Paginator(
        perms.polls_for(request.user).select_related("unit").order_by("-opens_at", "-id"), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(request, "portal/staff/poll_list.html", {"page": page, "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
def poll_create(request: HttpRequest) -> HttpResponse:
    perms.require_editor(request.user)
    form = PollForm(
        request.POST or None,
        units=_units_for(request.user),
        campaigns=_campaigns_for(request.user),
        initial={"unit": getattr(request.user, "unit_id", None)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = services.poll_create(
                actor=request.user,
                unit=data["unit"],
                question=data["question"],
                description=data["description"],
                options=data["options"].splitlines(),
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                multiple=data["multiple"],
                max_choices=data["max_choices"] or 0,
                login_required=data["login_required"],
                results=data["results"],
                campaign=data["campaign"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Poll created."))
            return redirect("portal_staff:poll", poll.pk)
    return render(request, "portal/staff/poll_form.html", {"form": form})


@login_required
@require_GET
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = perms.access_poll(request.user, pk)
    from thidua.portal.polls import shares

    options = list(poll.options.all())
    return render(
        request,
        "portal/staff/poll_detail.html",
        {"poll": poll, "shares": shares(poll, options), "over": poll.is_over()},
    )


@login_required
@require_POST
def poll_close(request: HttpRequest, pk: int) -> HttpResponse:
    poll = perms.access_poll(request.user, pk)
    try:
        services.poll_close(actor=request.user, poll=poll)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Poll closed."))
    return redirect("portal_staff:poll", poll.pk)


@login_required
@require_GET
def poll_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The poll's results as an Excel workbook (editors, whatever the public may see)."""
    poll = perms.access_poll(request.user, pk)
    from thidua.portal.polls import shares

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(_("Results"))[:31]
    sheet.append([str(_("Question")), poll.question])
    sheet.append([str(_("Opens at")), timezone.localtime(poll.opens_at).strftime("%d/%m/%Y %H:%M")])
    sheet.append(
        [str(_("Closes at")), timezone.localtime(poll.ends_at()).strftime("%d/%m/%Y %H:%M")]
    )
    sheet.append([str(_("Voters")), poll.voters])
    sheet.append([])
    sheet.append([str(_("Answer")), str(_("Votes")), str(_("Share of voters (%)"))])
    for cell in sheet[6]:
        cell.font = Font(bold=True)
    for share in shares(poll, list(poll.options.all())):
        sheet.append([share.option.label, share.option.votes, share.percent])
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 22
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-results.xlsx"'
    return response
