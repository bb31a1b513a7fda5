"""Article photos: checked with Pillow (a real JPEG, PNG or WebP, not too big), re-encoded
(which drops EXIF data such as the GPS position of a phone photo) and stored in a few widths
for ``srcset``, so a phone downloads a 480-pixel copy and a desktop a 1024-pixel one."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_SIDE = 200
WIDTHS = (320, 640, 1024, 1600)
FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


@dataclass
class Stored:
    token: str
    name: str  # the largest copy
    width: int
    height: int
    sizes: dict[str, str]


def check_and_store(upload: UploadedFile, *, field: str = "image") -> Stored:
    """Validate an uploaded photo and store its copies; ``ValidationError`` names the file
    and the problem in Vietnamese."""
    label = upload.name or field
    size = upload.size or 0
    if size > MAX_BYTES:
        raise ValidationError(
            {field: _("“%(f)s” is larger than %(mb)s MB.") % {"f": label, "mb": MAX_BYTES >> 20}}
        )
    data = upload.read()
    return store_bytes(data, label=label, field=field)


def store_bytes(data: bytes, *, label: str, field: str = "image") -> Stored:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format or ""
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError({field: _("“%(f)s” has too many pixels.") % {"f": label}})
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            {field: _("“%(f)s” is not a JPEG, PNG or WebP image.") % {"f": label}}
        ) from None
    if fmt not in FORMATS:
        raise ValidationError(
            {field: _("“%(f)s” is not a JPEG, PNG or WebP image.") % {"f": label}}
        )
    upright: Image.Image = ImageOps.exif_transpose(image)
    if min(upright.size) < MIN_SIDE:
        raise ValidationError(
            {
                field: _("“%(f)s” is too small (at least %(n)s pixels on each side).")
                % {"f": label, "n": MIN_SIDE}
            }
        )
    rgb = upright.convert("RGB")
    token = secrets.token_hex(16)
    folder = f"portal/{timezone.now():%Y/%m}"
    sizes: dict[str, str] = {}
    widths = [w for w in WIDTHS if w < rgb.width] + [min(rgb.width, WIDTHS[-1])]
    for width in sorted(set(widths)):
        height = round(rgb.height * width / rgb.width)
        copy = rgb if width == rgb.width else rgb.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
        sizes[str(width)] = default_storage.save(
            f"{folder}/{token}-{width}.jpg", ContentFile(buffer.getvalue())
        )
    largest = max(sizes, key=int)
    return Stored(
        token=token,
        name=sizes[largest],
        width=int(largest),
        height=round(rgb.height * int(largest) / rgb.width),
        sizes=sizes,
    )


def delete_copies(sizes: dict[str, str]) -> None:
    for name in sizes.values():
        default_storage.delete(name)
