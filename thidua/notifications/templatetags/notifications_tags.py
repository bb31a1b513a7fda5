"""``{% notifications_link %}``: the header's link to the inbox with the unread count (one
query per request, cached on the request); ``{% notifications_toggle_badge %}``: the same
count on the phone's menu button, which is all a phone shows while the menu is folded;
``{% unread_badge_oob %}``: both as HTMX out-of-band swaps, after a notification is marked
read."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/_header_link.html", takes_context=True)
def notifications_link(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    unread = selectors.unread_count(request) if request is not None else 0
    path = getattr(request, "path", "")
    return {"unread": unread, "current": path.startswith("/notifications/")}


@register.inclusion_tag("notifications/_toggle_badge.html", takes_context=True)
def notifications_toggle_badge(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    return {"unread": selectors.unread_count(request) if request is not None else 0}


@register.inclusion_tag("notifications/_unread_oob.html", takes_context=True)
def unread_badge_oob(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    unread = selectors.unread_count(request) if request is not None else 0
    return {"unread": unread, "oob": True}
