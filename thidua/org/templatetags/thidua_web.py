"""Template helpers of the web shell."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args: Any) -> str:
    """The URL named ``name`` with ``args``, or '' when that page does not exist (yet), so a
    link to a part of the system built separately only appears once the part is there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], param: str, number: int) -> str:
    """The current URL with query parameter ``param`` set to ``number`` (pagination)."""
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    query[param] = str(number)
    return "?" + query.urlencode()


@register.filter
def is_former(unit: Any, today: Any) -> bool:
    """True for a dissolved unit (its last day is before ``today``)."""
    return bool(getattr(unit, "active_to", None) and today and unit.active_to < today)


@register.filter
def minutes(value: Any) -> int:
    """A timedelta as whole minutes, rounded up (for "try again in N minutes")."""
    seconds = value.total_seconds() if hasattr(value, "total_seconds") else 0
    return max(1, -(-int(seconds) // 60))


@register.filter
def may_write(user: Any) -> bool:
    """True for accounts whose role may change data (office, officer, administrator)."""
    from thidua.org.permissions import can_write

    return can_write(user)
