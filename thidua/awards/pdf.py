"""PDF of a decision (Decree 30/2020 layout) and its certificates, with WeasyPrint.

Both are HTML templates (``awards/decisions/pdf/*.html``) rendered to PDF: the decision on
A4 portrait with the margins of Decree 30/2020 (top and bottom 20 mm, left 30 mm, right
15 mm; 13–14 pt), the certificates one landscape A4 page per awardee.  Fonts: "Liberation
Serif" (metric-compatible with Times New Roman, which the decree asks for) with "DejaVu
Serif" as fallback, both on Debian and both covering Vietnamese.

WeasyPrint needs Pango; when a system library is missing it raises ``OSError`` at import or
at rendering: that becomes ``PdfUnavailable`` with a Vietnamese message for the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from thidua.awards import documents
from thidua.awards.models import AwardKind, Commendation, Decision, Nomination
from thidua.org.models import Gender, UnitKind

FONT_STACK = '"Liberation Serif", "DejaVu Serif", serif'


class PdfUnavailable(Exception):
    """The PDF engine cannot run on this server (a system library is missing)."""


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]

        return bytes(HTML(string=html).write_pdf())
    except OSError as error:
        raise PdfUnavailable(
            _(
                "The PDF file cannot be made on this server: a system library that "
                "WeasyPrint needs is missing (%(error)s). Download the Word file instead and "
                "ask the administrator to install Pango."
            )
            % {"error": error}
        ) from error


# -- the decision ------------------------------------------------------------------------------


def decision_pdf_context(decision: Decision, cash: dict[int, int | None] | None = None) -> dict:
    """The Word template's values plus what the HTML layout needs.  ``cash`` maps nomination
    ids to the previewed amounts of a draft (issued decisions carry their own)."""
    context = documents.decision_context(decision)
    rows = context["awardees"]
    if decision.state == "draft" and cash:
        nominations = list(
            Nomination.objects.filter(decision=decision).order_by("award__code", "id")
        )
        for row, nomination in zip(rows, nominations, strict=False):
            value = cash.get(nomination.pk)
            row["cash_value"], row["cash"] = value, documents.money(value)
    total = sum(r["cash_value"] or 0 for r in rows)
    awards = list(dict.fromkeys(r["award"] for r in rows))
    context.update(
        {
            "decision": decision,
            "draft": decision.state == "draft",
            "font_stack": FONT_STACK,
            "total": documents.money(total) if total else "",
            "award_list": ", ".join(awards),
            "count": len(rows),
        }
    )
    return context


def decision_pdf(decision: Decision, cash: dict[int, int | None] | None = None) -> bytes:
    html = render_to_string(
        "awards/decisions/pdf/decision.html", decision_pdf_context(decision, cash)
    )
    return html_to_pdf(html)


# -- certificates ------------------------------------------------------------------------------


def certificate_heading(award: Any, authority_kind: str) -> tuple[str, str]:
    """(verb line, the award's name as printed large): "TẶNG" + "BẰNG KHEN" for a
    commendation, "TẶNG DANH HIỆU" + "CHIẾN SĨ THI ĐUA CƠ SỞ" for a title."""
    code = award.code
    name = award.name_vi
    if code.startswith("BK_"):
        return "TẶNG", "BẰNG KHEN"
    if code == "GK":
        return "TẶNG", "GIẤY KHEN"
    if code.endswith("_BT"):
        level = "cấp tỉnh" if authority_kind == UnitKind.PROVINCE else "cấp bộ, ngành"
        name = name.replace("cấp bộ, ban, ngành, tỉnh", level)
    verb = "TẶNG DANH HIỆU" if award.kind == AwardKind.TITLE else "TẶNG"
    return verb, name.upper()


def _awardee(c: Commendation) -> dict[str, str]:
    if c.person is not None:
        honorific = {str(Gender.MALE): "Ông", str(Gender.FEMALE): "Bà"}.get(c.person.gender, "")
        unit = getattr(c.person.unit, "name", "")
        title = c.person.title
        return {
            "honorific": honorific,
            "name": c.person.full_name,
            "where": ", ".join(x for x in (title, unit) if x),
        }
    unit = c.unit
    assert unit is not None  # a collective or a household (model constraint)
    if c.household_name:
        return {"honorific": "Hộ", "name": c.household_name, "where": unit.name}
    parent = unit.parent.name if unit.parent is not None else ""
    return {"honorific": "", "name": unit.name, "where": parent}


def achievement_line(c: Commendation) -> str:
    text = ""
    if c.nomination is not None:
        text = next((ln.strip() for ln in c.nomination.achievements.splitlines() if ln.strip()), "")
    if not text:
        text = f"Đã có thành tích xuất sắc trong phong trào thi đua năm {c.year}"
    if len(text) > 240:
        text = text[:237].rstrip() + "…"
    return text


def certificate_pages(decision: Decision, commendations: Sequence[Commendation]) -> list[dict]:
    day: dt.date | None = decision.date
    pages = []
    for c in commendations:
        verb, award_name = certificate_heading(c.award, decision.authority_unit.kind)
        pages.append(
            {
                **_awardee(c),
                "verb": verb,
                "award_name": award_name,
                "achievement": achievement_line(c),
                "year": c.year,
            }
        )
    return [
        {
            **page,
            "issuer": f"{decision.signer_title} {decision.authority_name}".strip().upper(),
            "decision_line": (
                f"Quyết định số {decision.reference} ngày {day:%d/%m/%Y}"
                if day
                else f"Quyết định số {decision.reference}"
            ),
            "date_line": documents.date_line(decision.place, day, decision.year),
            "signer_title": decision.signer_title.upper(),
            "signer_name": decision.signer_name,
        }
        for page in pages
    ]


def certificates_pdf(decision: Decision, commendations: Sequence[Commendation]) -> bytes:
    html = render_to_string(
        "awards/decisions/pdf/certificates.html",
        {
            "pages": certificate_pages(decision, commendations),
            "font_stack": FONT_STACK,
            "national_name": documents.NATIONAL_NAME,
            "motto": documents.MOTTO,
        },
    )
    return html_to_pdf(html)
