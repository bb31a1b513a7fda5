"""Filters of the campaign dashboards: percentages and meter widths."""

from __future__ import annotations

from typing import Any

from django import template

from thidua.campaigns import charts

register = template.Library()


@register.filter
def pct(value: Any) -> str:
    """0.725 → "72,5 %" in Vietnamese; None or '' → "—"."""
    if value is None or value == "":
        return "—"
    return charts.percent(float(value))


@register.filter
def pct_width(value: Any) -> str:
    """A share (0..1, clipped) as a CSS width percentage with a dot: "72.5"."""
    try:
        share = min(1.0, max(0.0, float(value or 0)))
    except (TypeError, ValueError):
        share = 0.0
    return f"{share * 100:.1f}"


@register.filter
def ratio_width(part: Any, whole: Any) -> str:
    """``part / whole`` as a CSS width percentage ("0.0" when ``whole`` is 0)."""
    try:
        return pct_width(float(part) / float(whole)) if float(whole) else "0.0"
    except (TypeError, ValueError):
        return "0.0"
