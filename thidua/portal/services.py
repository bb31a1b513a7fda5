"""The one write path of the portal's news and polls: keyword-only, one transaction each,
each writing an audit event.  Views, the API and the demo loader call these."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.html import clean_html, clean_text
from thidua.core.text import fold
from thidua.org.models import Unit
from thidua.org.permissions import scope_for
from thidua.portal import images
from thidua.portal import permissions as perms
from thidua.portal.models import (
    Article,
    ArticleImage,
    ArticleState,
    Category,
    Poll,
    PollOption,
    ResultsVisibility,
)

TITLE_MAX = 300
LEAD_MAX = 1000
OPTION_MAX = 300
MAX_OPTIONS = 20
ARTICLE_FIELDS = (
    "category",
    "title",
    "slug",
    "lead",
    "body",
    "byline",
    "unit",
    "state",
    "state_note",
    "published_at",
    "comments_open",
)


def _deny() -> PermissionDenied:
    return PermissionDenied(_("You are not allowed to do this."))


def article_search_text(title: str, lead: str, body_html: str) -> str:
    return fold(f"{title} {lead} {strip_tags(body_html)}")


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(fold(title))[:200].strip("-") or "bai-viet"
    slug, n = base, 2
    qs = Article.objects.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_unit(actor: Any, unit: Unit) -> None:
    if not scope_for(actor).contains(unit):
        raise ValidationError({"unit": _("You may only write for units in your area.")})


_BLOCK = re.compile(r"<(p|h[2-4]|ul|ol|blockquote|figure|table)\b", re.IGNORECASE)


def paragraphs(body: str) -> str:
    """Plain text typed without tags becomes paragraphs (an empty line between them) with
    line breaks; a body that already has block markup is left as it is."""
    if not body.strip() or _BLOCK.search(body):
        return body
    blocks = [b.strip() for b in re.split(r"\n\s*\n", body.replace("\r\n", "\n")) if b.strip()]
    return "".join("<p>" + b.replace("\n", "<br>") + "</p>" for b in blocks)


def _clean_fields(title: str, lead: str, body: str, byline: str) -> dict[str, str]:
    title = clean_text(title).replace("\n", " ")
    lead = clean_text(lead)
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Write a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [
            _("The title is too long (at most %(n)s characters).") % {"n": TITLE_MAX}
        ]
    if len(lead) > LEAD_MAX:
        errors["lead"] = [_("The lead is too long (at most %(n)s characters).") % {"n": LEAD_MAX}]
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "lead": lead,
        "body": clean_html(paragraphs(body)),
        "byline": clean_text(byline).replace("\n", " ")[:200],
    }


def _set_links(
    article: Article, campaigns: Iterable[Any] | None, units: Iterable[Any] | None
) -> None:
    if campaigns is not None:
        article.campaigns.set(list(campaigns))
    if units is not None:
        article.units.set(list(units))


@transaction.atomic
def article_create(
    *,
    actor: Any,
    unit: Unit,
    category: Category,
    title: str,
    lead: str = "",
    body: str = "",
    byline: str = "",
    campaigns: Iterable[Any] | None = None,
    units: Iterable[Any] | None = None,
    comments_open: bool = True,
    slug: str = "",
) -> Article:
    """A new draft (editors and contributors, for a unit in their scope)."""
    if actor is not None:
        perms.require_writer(actor)
        _check_unit(actor, unit)
    data = _clean_fields(title, lead, body, byline)
    article = Article.objects.create(
        category=category,
        unit=unit,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        slug=slugify(slug) if slug else unique_slug(data["title"]),
        comments_open=comments_open,
        search_folded=article_search_text(data["title"], data["lead"], data["body"]),
        **data,
    )
    _set_links(article, campaigns, units)
    audit.record(
        actor=actor,
        action="article.create",
        obj=article,
        after=audit.snapshot(article, ARTICLE_FIELDS),
        unit_id=unit.pk,
    )
    return article


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def article_update(
    *,
    actor: Any,
    article: Article,
    category: Category,
    title: str,
    lead: str = "",
    body: str = "",
    byline: str = "",
    unit: Unit | None = None,
    campaigns: Iterable[Any] | None = None,
    units: Iterable[Any] | None = None,
    comments_open: bool = True,
) -> Article:
    locked = _locked(article)
    if actor is not None and not perms.can_edit(actor, locked):
        raise _deny()
    if unit is not None and actor is not None:
        _check_unit(actor, unit)
    before = audit.snapshot(locked, ARTICLE_FIELDS)
    data = _clean_fields(title, lead, body, byline)
    for key, value in data.items():
        setattr(locked, key, value)
    locked.category = category
    if unit is not None:
        locked.unit = unit
    locked.comments_open = comments_open
    locked.search_folded = article_search_text(data["title"], data["lead"], data["body"])
    locked.save()
    _set_links(locked, campaigns, units)
    audit.record(
        actor=actor,
        action="article.update",
        obj=locked,
        before=before,
        after=audit.snapshot(locked, ARTICLE_FIELDS),
        unit_id=locked.unit_id,
    )
    return locked


def _move(actor: Any, article: Article, state: str, action: str, **changes: Any) -> Article:
    locked = _locked(article)
    before = audit.snapshot(locked, ARTICLE_FIELDS)
    locked.state = state
    for key, value in changes.items():
        setattr(locked, key, value)
    locked.save()
    audit.record(
        actor=actor,
        action=action,
        obj=locked,
        before=before,
        after=audit.snapshot(locked, ARTICLE_FIELDS),
        unit_id=locked.unit_id,
    )
    return locked


@transaction.atomic
def article_submit(*, actor: Any, article: Article) -> Article:
    """Draft → in review (the writer, or an editor)."""
    if actor is not None and not perms.is_staff_writer(actor):
        raise _deny()
    if article.state != ArticleState.DRAFT:
        raise ValidationError(_("Only a draft can be sent for review."))
    if not article.body and not article.lead:
        raise ValidationError(_("Write the lead or the body before sending it for review."))
    return _move(actor, article, ArticleState.REVIEW, "article.submit", state_note="")


@transaction.atomic
def article_publish(
    *, actor: Any, article: Article, published_at: dt.datetime | None = None
) -> Article:
    """Draft or in review → published (editors only)."""
    if actor is not None and not perms.is_editor(actor):
        raise _deny()
    if article.state == ArticleState.PUBLISHED:
        raise ValidationError(_("The article is already published."))
    when = published_at or article.published_at or timezone.now()
    return _move(
        actor, article, ArticleState.PUBLISHED, "article.publish", published_at=when, state_note=""
    )


@transaction.atomic
def article_return(*, actor: Any, article: Article, note: str) -> Article:
    """In review or published → draft, with a note for the writer (editors only)."""
    if actor is not None and not perms.is_editor(actor):
        raise _deny()
    if article.state == ArticleState.DRAFT:
        raise ValidationError(_("The article is already a draft."))
    note = clean_text(note)
    if not note:
        raise ValidationError({"note": [_("Say what should be changed.")]})
    return _move(actor, article, ArticleState.DRAFT, "article.return", state_note=note[:2000])


@transaction.atomic
def image_add(
    *,
    actor: Any,
    article: Article,
    upload: UploadedFile | None = None,
    data: bytes | None = None,
    caption: str = "",
    credit: str = "",
    alt: str = "",
) -> ArticleImage:
    if actor is not None and not perms.can_edit(actor, article):
        raise _deny()
    if upload is not None:
        stored = images.check_and_store(upload)
    elif data is not None:
        stored = images.store_bytes(data, label=alt or caption or "image")
    else:
        raise ValidationError({"image": [_("Choose an image.")]})
    position = article.images.count()
    image = ArticleImage(
        article=article,
        token=stored.token,
        width=stored.width,
        height=stored.height,
        sizes=stored.sizes,
        caption=clean_text(caption)[:500],
        credit=clean_text(credit)[:200],
        alt=clean_text(alt)[:300],
        position=position,
    )
    image.file.name = stored.name
    image.save()
    audit.record(
        actor=actor,
        action="article.image_add",
        obj=image,
        after=audit.snapshot(image, ["article", "caption", "credit", "alt", "position"]),
        unit_id=article.unit_id,
    )
    return image


@transaction.atomic
def image_remove(*, actor: Any, image: ArticleImage) -> None:
    article = image.article
    if actor is not None and not perms.can_edit(actor, article):
        raise _deny()
    sizes = dict(image.sizes)
    audit.record(
        actor=actor,
        action="article.image_remove",
        obj=image,
        before=audit.snapshot(image, ["article", "caption", "credit", "alt", "position"]),
        unit_id=article.unit_id,
    )
    image.delete()
    transaction.on_commit(lambda: images.delete_copies(sizes))


# -- polls ------------------------------------------------------------------------------------


@transaction.atomic
def poll_create(
    *,
    actor: Any,
    unit: Unit,
    question: str,
    options: Sequence[str],
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    multiple: bool = False,
    max_choices: int = 0,
    login_required: bool = False,
    results: str = ResultsVisibility.AFTER_VOTE,
    description: str = "",
    campaign: Any = None,
) -> Poll:
    """A poll with its answers (editors, for a unit in their scope)."""
    if actor is not None:
        perms.require_editor(actor)
        _check_unit(actor, unit)
    question = clean_text(question).replace("\n", " ")
    labels = [clean_text(o).replace("\n", " ")[:OPTION_MAX] for o in options]
    labels = [label for label in labels if label]
    errors: dict[str, list[str]] = {}
    if not question:
        errors["question"] = [_("Write the question.")]
    if len(labels) < 2:
        errors["options"] = [_("Give at least two answers, one per line.")]
    elif len(labels) > MAX_OPTIONS:
        errors["options"] = [_("At most %(n)s answers.") % {"n": MAX_OPTIONS}]
    elif len({fold(label) for label in labels}) != len(labels):
        errors["options"] = [_("Two answers are the same.")]
    if closes_at <= opens_at:
        errors["closes_at"] = [_("The poll must close after it opens.")]
    if results not in ResultsVisibility.values:
        errors["results"] = [_("Choose when the results are shown.")]
    if errors:
        raise ValidationError(errors)
    poll = Poll.objects.create(
        unit=unit,
        question=question,
        description=clean_text(description),
        opens_at=opens_at,
        closes_at=closes_at,
        multiple=multiple,
        max_choices=max_choices if multiple else 1,
        login_required=login_required,
        results=results,
        campaign=campaign,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        search_folded=fold(f"{question} {description}"),
    )
    PollOption.objects.bulk_create(
        PollOption(poll=poll, label=label, position=i) for i, label in enumerate(labels)
    )
    audit.record(
        actor=actor,
        action="poll.create",
        obj=poll,
        after={**audit.snapshot(poll), "options": labels},
        unit_id=unit.pk,
    )
    return poll


@transaction.atomic
def poll_close(*, actor: Any, poll: Poll) -> Poll:
    if actor is not None:
        perms.require_editor(actor)
    locked = Poll.objects.select_for_update().get(pk=poll.pk)
    if locked.is_over():
        raise ValidationError(_("The poll is already closed."))
    locked.closed_at = timezone.now()
    locked.save(update_fields=["closed_at"])
    audit.record(
        actor=actor,
        action="poll.close",
        obj=locked,
        after={"closed_at": locked.closed_at.isoformat()},
        unit_id=locked.unit_id,
    )
    return locked
