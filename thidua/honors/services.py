"""The one write path of the honor board: keyword-only functions, each in one transaction,
each writing an audit event.  Views, the admin, the demo and tests call these."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.html import clean_html
from thidua.core.text import fold, nfc
from thidua.honors import images
from thidua.honors import permissions as perms
from thidua.honors.models import (
    Photo,
    Profile,
    ProfileState,
    Replication,
    ReplicationState,
    Sector,
    SubjectKind,
)
from thidua.org.models import Person, Unit

PROFILE_FIELDS = ("title", "summary", "story", "campaign", "sector")
MAX_PHOTOS = 12
_TAGS = re.compile(r"<[^>]+>")
# A story is HTML when it has one of the tags the sanitizer keeps; otherwise it is text.
_HTML_TAG = re.compile(
    r"</?(p|br|strong|b|em|i|u|h[2-4]|ul|ol|li|blockquote|a|img|figure|figcaption|table)\b",
    re.IGNORECASE,
)


def _deny() -> PermissionDenied:
    return PermissionDenied(_("You may not do this."))


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment (for the search column and the OpenGraph description)."""
    return nfc(html.unescape(_TAGS.sub(" ", fragment)))


def story_html(text: str) -> str:
    """The story as safe HTML: plain text (no tag at all) becomes paragraphs, one per block
    separated by a blank line, single line breaks kept; HTML is sanitized with the portal's
    allow-list (``clean_html``)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    if not _HTML_TAG.search(text):
        blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
        text = "".join(
            "<p>" + "<br>".join(html.escape(line.strip()) for line in b.splitlines()) + "</p>"
            for b in blocks
        )
    return clean_html(text)


def _search_text(profile: Profile) -> str:
    parts = [profile.title, profile.subject_name, profile.summary, plain_text(profile.story)]
    if profile.unit is not None:
        parts.append(profile.unit.code)
    if profile.person is not None and profile.person.unit is not None:
        parts.append(profile.person.unit.name)
    return fold(" | ".join(p for p in parts if p))


def _unique_slug(title: str, exclude: int | None = None) -> str:
    base = slugify(fold(title))[:100].strip("-") or "guong-dien-hinh"
    slug, n = base, 1
    taken = Profile.objects.filter(slug__startswith=base)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    existing = set(taken.values_list("slug", flat=True))
    while slug in existing:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _clean(*, title: str, summary: str, story: str, sector: str, campaign: Any) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = nfc(title)
    summary = nfc(summary)
    if not title:
        errors["title"] = _("The headline is required.")
    elif len(title) > 255:
        errors["title"] = _("The headline is at most 255 characters.")
    if len(summary) > 600:
        errors["summary"] = _("The summary is at most 600 characters.")
    if sector not in Sector.values:
        errors["sector"] = _("Choose the field the model shone in.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "summary": summary,
        "story": story_html(story),
        "sector": sector,
        "campaign": campaign,
    }


@transaction.atomic
def profile_create(
    *,
    actor: Any,
    subject: str,
    unit: Unit | None = None,
    person: Person | None = None,
    title: str,
    summary: str = "",
    story: str = "",
    sector: str = Sector.OTHER,
    campaign: Any = None,
) -> Profile:
    """A new draft profile of a collective (``unit``) or an individual (``person``)."""
    if subject == SubjectKind.COLLECTIVE:
        if unit is None or person is not None:
            raise ValidationError({"unit": _("Choose the collective (a unit).")})
        owner = unit
    elif subject == SubjectKind.INDIVIDUAL:
        if person is None or unit is not None:
            raise ValidationError({"person": _("Choose the individual (a person).")})
        if person.unit is None:
            raise ValidationError({"person": _("The person belongs to no unit.")})
        owner = person.unit
    else:
        raise ValidationError({"subject": _("Choose collective or individual.")})
    if not perms.can_propose(actor, owner):
        raise _deny()
    data = _clean(title=title, summary=summary, story=story, sector=sector, campaign=campaign)
    profile = Profile(
        subject=subject,
        unit=unit,
        person=person,
        owner_unit=owner,
        slug=_unique_slug(data["title"]),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **data,
    )
    profile.search_folded = _search_text(profile)
    profile.save()
    audit.record(
        actor=actor,
        action="honors.profile.create",
        obj=profile,
        after=audit.snapshot(profile),
        unit_id=owner.pk,
    )
    return profile


@transaction.atomic
def profile_update(
    *,
    actor: Any,
    profile: Profile,
    title: str,
    summary: str,
    story: str,
    sector: str,
    campaign: Any,
) -> Profile:
    locked = (
        Profile.objects.select_for_update(of=("self",))
        .select_related("unit", "person__unit")
        .get(pk=profile.pk)
    )
    locked.owner_unit = profile.owner_unit
    if not perms.can_edit(actor, locked):
        raise _deny()
    before = audit.snapshot(locked)
    data = _clean(title=title, summary=summary, story=story, sector=sector, campaign=campaign)
    for key, value in data.items():
        setattr(locked, key, value)
    if locked.state == ProfileState.DRAFT and before["title"] != locked.title:
        locked.slug = _unique_slug(locked.title, exclude=locked.pk)  # published links stay
    locked.search_folded = _search_text(locked)
    locked.save()
    audit.record(
        actor=actor,
        action="honors.profile.update",
        obj=locked,
        before=before,
        after=audit.snapshot(locked),
        unit_id=locked.owner_unit_id,
    )
    return locked


def _set_state(actor: Any, profile: Profile, state: str, action: str) -> Profile:
    locked = Profile.objects.select_for_update().get(pk=profile.pk)
    locked.owner_unit = profile.owner_unit
    if not perms.can_publish(actor, locked):
        raise _deny()
    if locked.state == state:
        raise ValidationError(
            _("The profile is already published.")
            if state == ProfileState.PUBLISHED
            else _("The profile is already a draft.")
        )
    before = audit.snapshot(locked, ["state", "published_at"])
    locked.state = state
    if state == ProfileState.PUBLISHED:
        locked.published_at = timezone.now()
    else:
        locked.published_at = None
    locked.save(update_fields=["state", "published_at", "updated_at"])
    audit.record(
        actor=actor,
        action=action,
        obj=locked,
        before=before,
        after=audit.snapshot(locked, ["state", "published_at"]),
        unit_id=locked.owner_unit_id,
    )
    return locked


@transaction.atomic
def profile_publish(*, actor: Any, profile: Profile) -> Profile:
    """Show the profile on the public honor board (editors only)."""
    if not nfc(plain_text(profile.story)) and not profile.summary:
        raise ValidationError(_("Write the story or a summary before publishing."))
    return _set_state(actor, profile, ProfileState.PUBLISHED, "honors.profile.publish")


@transaction.atomic
def profile_unpublish(*, actor: Any, profile: Profile) -> Profile:
    """Take the profile off the public board (back to draft)."""
    return _set_state(actor, profile, ProfileState.DRAFT, "honors.profile.unpublish")


@transaction.atomic
def photo_add(
    *, actor: Any, profile: Profile, upload: Any, caption: str, credit: str = ""
) -> Photo:
    if not perms.can_edit(actor, profile):
        raise _deny()
    caption, credit = nfc(caption), nfc(credit)
    if not caption:
        raise ValidationError({"caption": _("Write a caption: it is also read to blind users.")})
    if Photo.objects.filter(profile=profile).count() >= MAX_PHOTOS:
        raise ValidationError(_("A profile has at most %(n)s photos.") % {"n": MAX_PHOTOS})
    image = images.load_photo(upload)
    made = images.renditions(image)
    position = (
        Photo.objects.filter(profile=profile)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    ) + 1
    photo = Photo(
        profile=profile,
        caption=caption[:300],
        credit=credit[:160],
        position=position,
        width=made.width,
        height=made.height,
    )
    for key, content in made.files.items():
        photo.file_for(key).save(content.name or f"{key}.jpg", content, save=False)
    photo.save()
    audit.record(
        actor=actor,
        action="honors.photo.add",
        obj=photo,
        after=audit.snapshot(photo, ["profile", "caption", "credit", "position"]),
        unit_id=profile.owner_unit_id,
    )
    return photo


@transaction.atomic
def photo_delete(*, actor: Any, photo: Photo) -> None:
    profile = photo.profile
    if not perms.can_edit(actor, profile):
        raise _deny()
    before = audit.snapshot(photo, ["profile", "caption", "credit", "position"])
    files = [photo.small, photo.medium, photo.large]
    audit.record(
        actor=actor,
        action="honors.photo.delete",
        obj=photo,
        before=before,
        unit_id=profile.owner_unit_id,
    )
    photo.delete()
    names = [(f.storage, f.name) for f in files if f.name]

    def remove() -> None:
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(remove)


@transaction.atomic
def replication_record(
    *,
    actor: Any,
    profile: Profile,
    unit: Unit,
    date: dt.date,
    action: str,
    result: str = "",
) -> Replication:
    """A unit reports that it has taken up a published model; it awaits the editors'
    review before it shows on the public page."""
    if not perms.can_record_replication(actor, unit):
        raise _deny()
    if profile.state != ProfileState.PUBLISHED:
        raise ValidationError(_("Only a published model can be taken up."))
    action, result = nfc(action), nfc(result)
    errors: dict[str, str] = {}
    if not action:
        errors["action"] = _("Say what the unit did to take up the model.")
    if date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    if (profile.unit_id is not None and profile.unit_id == unit.pk) or (
        profile.person_id is not None and profile.owner_unit_id == unit.pk
    ):
        errors["unit"] = _("The model's own unit cannot take it up.")
    if errors:
        raise ValidationError(errors)
    if Replication.objects.filter(profile=profile, unit=unit).exists():
        raise ValidationError(
            {"unit": _("%(unit)s has already recorded taking up this model.") % {"unit": unit}}
        )
    try:
        with transaction.atomic():
            replication = Replication.objects.create(
                profile=profile,
                unit=unit,
                date=date,
                action=action,
                result=result,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ValidationError(
            {"unit": _("%(unit)s has already recorded taking up this model.") % {"unit": unit}}
        ) from None
    audit.record(
        actor=actor,
        action="honors.replication.record",
        obj=replication,
        after=audit.snapshot(replication),
        unit_id=unit.pk,
    )
    return replication


@transaction.atomic
def replication_review(
    *, actor: Any, replication: Replication, accept: bool, note: str = ""
) -> Replication:
    locked = Replication.objects.select_for_update().get(pk=replication.pk)
    profile = replication.profile
    if not perms.can_review_replication(actor, profile):
        raise _deny()
    note = nfc(note)
    if not accept and not note:
        raise ValidationError({"note": _("Give the reason for not accepting it.")})
    before = audit.snapshot(locked, ["state", "review_note"])
    locked.state = ReplicationState.ACCEPTED if accept else ReplicationState.REJECTED
    locked.review_note = note[:500]
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["state", "review_note", "reviewed_at"])
    audit.record(
        actor=actor,
        action="honors.replication.review",
        obj=locked,
        before=before,
        after=audit.snapshot(locked, ["state", "review_note"]),
        unit_id=profile.owner_unit_id,
    )
    return locked
