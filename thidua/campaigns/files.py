"""Checks on uploaded files: the type is read from the bytes (never from the name or the
browser's claim), sizes are limited per type, images must really decode, and photos get a
small JPEG thumbnail for pages that old phones load quickly."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MB = 1024 * 1024
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
PDF = "application/pdf"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Largest file accepted, per type.
EVIDENCE_LIMITS = {"image/jpeg": 10 * MB, "image/png": 10 * MB, "image/webp": 10 * MB, PDF: 20 * MB}
PLAN_LIMITS = {PDF: 20 * MB, DOC: 20 * MB, DOCX: 20 * MB}
THUMBNAIL_SIZE = (320, 320)
MAX_PIXELS = 60_000_000  # a 60-megapixel photo is already more than any phone takes


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    name: str


def sniff(head: bytes, name: str = "") -> str | None:
    """Content type from the first bytes of a file, or None if not one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOC
    if head.startswith(b"PK\x03\x04") and PurePath(name).suffix.lower() == ".docx":
        return DOCX
    return None


def _size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        pos = upload.tell()
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(pos)
    return int(size)


def _check(upload: Any, limits: dict[str, int], what: str) -> CheckedFile:
    name = PurePath(getattr(upload, "name", "") or "").name
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head, name)
    if content_type not in limits:
        raise ValidationError(
            _("The %(what)s “%(name)s” is not an accepted type (accepted: %(types)s).")
            % {"what": what, "name": name, "types": ", ".join(_describe(t) for t in limits)},
            code="file_type",
        )
    size = _size(upload)
    if size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    if size > limits[content_type]:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s MB; at most %(limit)s MB is accepted.")
            % {
                "name": name,
                "size": f"{size / MB:.1f}",
                "limit": limits[content_type] // MB,
            },
            code="file_size",
        )
    if content_type in IMAGE_TYPES:
        _verify_image(upload, name)
    return CheckedFile(content_type=content_type, size=size, name=name)


def _describe(content_type: str) -> str:
    return {
        "image/jpeg": "JPEG",
        "image/png": "PNG",
        "image/webp": "WebP",
        PDF: "PDF",
        DOC: "Word (.doc)",
        DOCX: "Word (.docx)",
    }[content_type]


def _open_image(stream: IO[bytes]) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(stream)
    if image.width * image.height > MAX_PIXELS:
        raise Image.DecompressionBombError("too many pixels")
    return image


def _verify_image(upload: Any, name: str) -> None:
    upload.seek(0)
    try:
        image = _open_image(upload)
        image.verify()
        upload.seek(0)
        # verify() does not decode the pixels; a truncated file only shows when loading.
        _open_image(upload).load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise ValidationError(
            _("The file “%(name)s” is not a readable image.") % {"name": name}, code="bad_image"
        ) from exc
    finally:
        upload.seek(0)


def check_evidence(upload: Any) -> CheckedFile:
    """Accept a photo (JPEG, PNG, WebP ≤ 10 MB) or a PDF (≤ 20 MB), or raise ValidationError."""
    return _check(upload, EVIDENCE_LIMITS, _("evidence file"))


def check_plan(upload: Any) -> CheckedFile:
    """Accept a campaign plan in PDF or Word (≤ 20 MB), or raise ValidationError."""
    return _check(upload, PLAN_LIMITS, _("plan file"))


def make_thumbnail(upload: Any) -> ContentFile:
    """A JPEG thumbnail at most 320×320 of an image already accepted by ``check_evidence``."""
    upload.seek(0)
    image = _open_image(upload)
    image.load()
    upload.seek(0)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, optimize=True)
    return ContentFile(out.getvalue())
