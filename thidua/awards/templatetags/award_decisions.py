"""Template filters of the decision pages."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.awards.documents import money

register = template.Library()


@register.filter
def vnd(value: Any) -> str:
    """An amount in đồng with dots between thousands, as printed in decisions: 7.020.000;
    an em dash when there is no amount."""
    if value is None or value == "":
        return "—"
    return money(int(value))
