"""Small server-side SVG charts for the campaign dashboards and the public page.

No JavaScript and no CDN (offices run on closed intranets and old browsers): each helper
returns an inline ``<svg>`` that scales to its container (``viewBox`` + ``width=100%``), has
``role="img"``, a ``<title>`` and a ``<desc>`` for screen readers, and is always shown next
to a data table with the same numbers (the accessible fallback).  Every piece of text is
escaped; numbers are formatted for the active language (``72,5 %`` in Vietnamese).

Why not a chart library: the three shapes needed (horizontal bars, a line over time, a
sparkline) are ~150 lines of arithmetic; a vendored JS library would add a dependency to
keep up to date, need JavaScript on the office PCs, and render nothing in the Excel-minded
workflows (print, save as PDF) that plain SVG handles.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_ids = itertools.count(1)


def percent(value: float | None, digits: int = 1) -> str:
    """0.725 → "72,5 %" (in Vietnamese) / "72.5 %"; None → "—"."""
    if value is None:
        return "—"
    return f"{number_format(round(value * 100, digits), digits)} %"


def _uid(prefix: str) -> str:
    return f"{prefix}-{next(_ids)}"


def _head(kind: str, title: str, desc: str, width: int, height: int) -> tuple[str, str]:
    uid = _uid(kind)
    head = (
        f'<svg class="chart chart-{kind}" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
    )
    return uid, head


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # 0..max_value
    text: str = ""  # what is written after the bar (default: the value as a percentage)
    tone: str = ""  # CSS class suffix: ok, warn, bad, muted…


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    desc: str = "",
    max_value: float = 1.0,
    width: int = 400,
    row: int = 40,
) -> SafeString:
    """Horizontal bars, each under its label (long unit names fit a phone as well as a
    desktop); the value is written after the bar."""
    height = max(row, row * len(bars)) + 4
    _, svg = _head("bar", title, desc or title, width, height)
    parts = [svg]
    plot = width - 70
    top = max_value if max_value > 0 else 1.0
    for i, bar in enumerate(bars):
        y = 2 + i * row
        share = min(1.0, max(0.0, bar.value / top))
        length = round(plot * share, 1)
        label = bar.label if len(bar.label) <= 48 else bar.label[:47] + "…"
        text = bar.text or percent(bar.value)
        parts.append(
            f'<g class="bar{" bar-" + escape(bar.tone) if bar.tone else ""}">'
            f"<title>{escape(bar.label)}: {escape(text)}</title>"
            f'<text class="bar-label" x="0" y="{y + 14}">{escape(label)}</text>'
            f'<rect class="bar-track" x="0" y="{y + 20}" width="{plot}" height="14" rx="3"/>'
            f'<rect class="bar-fill" x="0" y="{y + 20}" width="{length}" height="14" rx="3"/>'
            f'<text class="bar-value" x="{plot + 6}" y="{y + 32}">{escape(text)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def line_chart(
    points: Sequence[tuple[dt.date, float | None]],
    *,
    title: str,
    desc: str = "",
    width: int = 880,
    height: int = 260,
    y_max: float = 1.0,
) -> SafeString:
    """A line over time (values 0..y_max, shown as percentages), gridlines every 25 %, the
    first and last dates under the axis; points without a value break the line."""
    left, right, top, bottom = 72, 16, 14, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    _, svg = _head("line", title, desc or title, width, height)
    parts = [svg]
    for step in range(5):
        share = step / 4
        y = top + plot_h * (1 - share)
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(percent(share * y_max, 0))}</text>"
        )
    n = len(points)

    def x_at(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y_at(v: float) -> float:
        share = min(1.0, max(0.0, v / y_max if y_max else 0.0))
        return top + plot_h * (1 - share)

    run: list[str] = []
    runs: list[list[str]] = []
    for i, (_day, value) in enumerate(points):
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        run.append(f"{x_at(i):.1f},{y_at(value):.1f}")
    if run:
        runs.append(run)
    for coords in runs:
        parts.append(f'<polyline class="line" fill="none" points="{" ".join(coords)}"/>')
    for i, (day, value) in enumerate(points):
        if value is not None:
            parts.append(
                f'<circle class="dot" cx="{x_at(i):.1f}" cy="{y_at(value):.1f}" r="3">'
                f"<title>{escape(date_format(day, 'SHORT_DATE_FORMAT'))}: "
                f"{escape(percent(value))}</title></circle>"
            )
    if points:
        first, last = points[0][0], points[-1][0]
        parts.append(
            f'<text class="axis" x="{left}" y="{height - 8}">'
            f"{escape(date_format(first, 'SHORT_DATE_FORMAT'))}</text>"
        )
        if n > 1:
            parts.append(
                f'<text class="axis" x="{width - right}" y="{height - 8}" text-anchor="end">'
                f"{escape(date_format(last, 'SHORT_DATE_FORMAT'))}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def sparkline(
    values: Sequence[float | None],
    *,
    title: str,
    width: int = 120,
    height: int = 28,
    y_max: float | None = None,
) -> SafeString:
    """A tiny line (no axes) for tables: the shape of a history at a glance."""
    present = [v for v in values if v is not None]
    top = y_max if y_max is not None else max(present, default=0.0)
    if top <= 0:
        top = 1.0
    _, svg = _head("spark", title, title, width, height)
    n = len(values)
    coords = []
    for i, value in enumerate(values):
        if value is None:
            continue
        x = 2 + ((width - 4) * i / (n - 1) if n > 1 else (width - 4) / 2)
        y = 2 + (height - 4) * (1 - min(1.0, max(0.0, value / top)))
        coords.append(f"{x:.1f},{y:.1f}")
    body = ""
    if len(coords) == 1:
        cx, cy = coords[0].split(",")
        body = f'<circle class="dot" cx="{cx}" cy="{cy}" r="2"/>'
    elif coords:
        body = f'<polyline class="line" fill="none" points="{" ".join(coords)}"/>'
    return mark_safe(f"{svg}{body}</svg>")  # noqa: S308 - the title is escaped
