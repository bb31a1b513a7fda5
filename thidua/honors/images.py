"""Photos of the honor board: the upload is checked with Pillow (the type is read from the
bytes, never from the name; it must decode fully; at most 10 MB and 60 megapixels), turned
upright from its EXIF orientation, and stored as three JPEG renditions (320, 640 and 1280 px
wide, never enlarged) for ``srcset``.  Re-encoding drops the EXIF data (camera, GPS
position), which a public page must not give away."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
MAX_BYTES = 10 * MB
MAX_PIXELS = 60_000_000
FORMATS = {"JPEG", "PNG", "WEBP"}
WIDTHS = {"small": 320, "medium": 640, "large": 1280}


@dataclass
class Renditions:
    files: dict[str, ContentFile]
    width: int  # of the large rendition
    height: int


def _name(upload: Any) -> str:
    return PurePath(getattr(upload, "name", "") or "").name or "ảnh"


def _size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        pos = upload.tell()
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(pos)
    return int(size)


def _open(stream: IO[bytes]) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(stream)
    if image.width * image.height > MAX_PIXELS:
        raise Image.DecompressionBombError("too many pixels")
    return image


def load_photo(upload: Any) -> Image.Image:
    """The decoded, upright image of an upload, or a ``ValidationError`` in Vietnamese."""
    name = _name(upload)
    size = _size(upload)
    if size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    if size > MAX_BYTES:
        raise ValidationError(
            _("The photo “%(name)s” is %(size)s MB; at most %(limit)s MB is accepted.")
            % {"name": name, "size": f"{size / MB:.1f}", "limit": MAX_BYTES // MB},
            code="file_size",
        )
    try:
        upload.seek(0)
        image = _open(upload)
        if image.format not in FORMATS:
            raise ValidationError(
                _("The photo “%(name)s” must be a JPEG, PNG or WebP image.") % {"name": name},
                code="file_type",
            )
        image.verify()
        upload.seek(0)
        image = _open(upload)
        image.load()  # verify() does not decode the pixels; a truncated file shows here
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise ValidationError(
            _("The file “%(name)s” is not a readable JPEG, PNG or WebP image.") % {"name": name},
            code="bad_image",
        ) from exc
    finally:
        upload.seek(0)
    image = ImageOps.exif_transpose(image) or image
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    return image


def renditions(image: Image.Image) -> Renditions:
    files: dict[str, ContentFile] = {}
    width = height = 0
    for key, target in WIDTHS.items():
        copy = image.copy()
        if copy.width > target:
            copy = copy.resize(
                (target, max(1, round(copy.height * target / copy.width))), Image.Resampling.LANCZOS
            )
        out = io.BytesIO()
        copy.convert("RGB").save(out, format="JPEG", quality=82, optimize=True, progressive=True)
        files[key] = ContentFile(out.getvalue(), name=f"{key}.jpg")
        if key == "large":
            width, height = copy.size
    return Renditions(files=files, width=width, height=height)
