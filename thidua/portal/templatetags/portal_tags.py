"""Template helpers of the public portal: the comments block and responsive images."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def comment_block(target: Any) -> dict[str, Any]:
    """Approved comments of ``target`` (one query), the form and where it posts."""
    from thidua.portal.comments import accepts, approved_for
    from thidua.portal.views_public import CommentForm

    ct = ContentType.objects.get_for_model(target.__class__)
    return {
        "comments": list(approved_for(target)),
        "form": CommentForm(auto_id=f"c{ct.pk}-{target.pk}-%s"),
        "action": reverse("portal:comment_post", args=[ct.pk, target.pk]),
        "open": accepts(target),
    }


@register.simple_tag
def picture(image: Any, sizes: str = "100vw", width: int = 640, eager: bool = False) -> str:
    """An <img> with srcset over the stored widths, lazily loaded unless ``eager``."""
    if image is None or not image.sizes:
        return ""
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" '
        'decoding="async">',
        image.url(width),
        image.srcset(),
        sizes,
        width,
        image.display_height(width),
        image.alt or image.caption,
        "eager" if eager else "lazy",
    )


@register.simple_tag
def campaign_news(campaign: Any, limit: int = 6) -> list[Any]:
    """Published articles linked to ``campaign``, newest first (two queries)."""
    from thidua.portal.selectors import published_articles

    return list(published_articles().filter(campaigns=campaign)[:limit])
