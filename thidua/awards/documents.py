"""Word documents for commendation: the decision (quyết định khen thưởng).

The decision is rendered with docxtpl from an editable Word template laid out in the
administrative format of Decree 30/2020/NĐ-CP (national motto header, number and symbol,
place and date, title, legal bases, articles, recipients, signature block), with the
awardees as a table.  The template itself is produced by ``build_decision_template`` (python-
docx) and kept in the repository; a clerk may open it in Word, change wording or fonts and
keep the ``{{ … }}`` fields.  Rebuild it with::

    .venv/bin/python -m thidua.awards.documents

A jurisdiction may point ``settings.THIDUA_AWARDS_DECISION_TEMPLATE`` at its own copy.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from thidua.awards.docx_kit import add_header, new_document
from thidua.awards.docx_kit import bare_cell as cell

TEMPLATE_DIR = Path(__file__).parent / "templates" / "awards" / "docx"
DECISION_TEMPLATE = TEMPLATE_DIR / "quyet_dinh_khen_thuong.docx"

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def date_line(place: str, day: dt.date | None, year: int) -> str:
    """ "Bạc Liêu, ngày 05 tháng 02 năm 2020" (Decree 30: days below 10 and months 1–2 with a
    leading zero); blanks for a draft."""
    if day is None:
        return f"{place}, ngày      tháng      năm {year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def money(amount: int | None) -> str:
    return "" if amount is None else f"{amount:,}".replace(",", ".")


def _template_path() -> Path:
    from django.conf import settings

    custom = getattr(settings, "THIDUA_AWARDS_DECISION_TEMPLATE", None)
    return Path(custom) if custom else DECISION_TEMPLATE


def decision_context(decision: Any) -> dict[str, Any]:
    """The values the decision template reads."""
    from thidua.awards.models import Commendation, Nomination

    commendations = list(
        Commendation.objects.filter(decision=decision)
        .select_related("award", "person", "person__unit", "unit")
        .order_by("award__code", "id")
    )
    rows: list[dict[str, Any]] = []
    if commendations:
        for c in commendations:
            rows.append(_row(c.award, c.person, c.unit, c.household_name, c.cash_paid_vnd))
    else:  # a draft: the nominations it will award
        for n in (
            Nomination.objects.filter(decision=decision)
            .select_related("award", "person", "person__unit", "unit")
            .order_by("award__code", "id")
        ):
            rows.append(_row(n.award, n.person, n.unit, n.household_name, None))
    for i, row in enumerate(rows, start=1):
        row["no"] = i
    award_names = list(dict.fromkeys(r["award"] for r in rows))
    total = sum(r["cash_value"] or 0 for r in rows)
    number = f"{decision.number}" if decision.number else "      "
    return {
        "parent_authority": decision.parent_authority.upper(),
        "authority": decision.authority_name.upper(),
        "number_line": f"Số: {number}/{decision.symbol}",
        "national_name": NATIONAL_NAME,
        "motto": MOTTO,
        "date_line": date_line(decision.place, decision.date, decision.year),
        "title": decision.title,
        "signer_authority": (decision.signer_title or "").upper(),
        "bases": [line.strip() for line in decision.bases.splitlines() if line.strip()],
        "article_1": f"Tặng {', '.join(award_names)} cho {len(rows)} cá nhân, tập thể, hộ gia "
        "đình có tên trong danh sách kèm theo Quyết định này, đã có thành tích xuất sắc.",
        "article_2": "Tiền thưởng kèm theo được chi theo quy định hiện hành, tổng cộng "
        f"{money(total)} đồng."
        if total
        else "Tiền thưởng (nếu có) được chi theo quy định hiện hành.",
        "article_3": "Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị có liên quan và các cá nhân, "
        "tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        "awardees": rows,
        "recipients": [r.strip() for r in decision.recipients.splitlines() if r.strip()],
        "signer_title": (decision.signer_title or "").upper(),
        "signer_name": decision.signer_name,
    }


def _row(award: Any, person: Any, unit: Any, household: str, cash: int | None) -> dict[str, Any]:
    if person is not None:
        name, where = person.full_name, getattr(person.unit, "name", "")
    elif household:
        name, where = household, unit.name
    else:
        name, where = unit.name, ""
    return {
        "name": name,
        "unit": where,
        "award": award.name_vi,
        "cash": money(cash),
        "cash_value": cash,
    }


def decision_docx(decision: Any) -> bytes:
    """Render the decision as a .docx (bytes)."""
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    path = _template_path()
    if not path.exists():
        build_decision_template(path)
    document = DocxTemplate(str(path))
    document.render(decision_context(decision), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- building the template ---------------------------------------------------------------------


def build_decision_template(path: Path = DECISION_TEMPLATE) -> Path:
    """Write the decision template (python-docx) in the Decree 30/2020 layout: A4, margins
    20/20/30/15 mm, Times New Roman 13–14 pt."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc, para = new_document(indent_space_after=6)
    center = WD_ALIGN_PARAGRAPH.CENTER
    add_header(doc, para)

    para(doc, "")
    para(doc, "QUYẾT ĐỊNH", bold=True, align=center)
    para(doc, "{{ title }}", bold=True, align=center)
    para(doc, "")
    para(doc, "{{ signer_authority }} {{ authority }}", bold=True, align=center)
    para(doc, "")
    para(doc, "{%p for b in bases %}")
    para(doc, "{{ b }}", italic=True, indent=True)
    para(doc, "{%p endfor %}")
    para(doc, "")
    para(doc, "QUYẾT ĐỊNH:", bold=True, align=center)
    para(doc, "")
    p = para(doc, "", indent=True)
    p.add_run("Điều 1. ").bold = True
    p.add_run("{{ article_1 }}")
    p = para(doc, "", indent=True)
    p.add_run("Điều 2. ").bold = True
    p.add_run("{{ article_2 }}")
    p = para(doc, "", indent=True)
    p.add_run("Điều 3. ").bold = True
    p.add_run("{{ article_3 }}")
    para(doc, "")

    # Signature block: recipients | signer.
    sign = doc.add_table(rows=1, cols=2)
    left, right = cell(sign.rows[0].cells[0]), cell(sign.rows[0].cells[1])
    p = para(left, "Nơi nhận:", bold=True, italic=True, size=12)
    para(left, "{%p for r in recipients %}", size=11)
    para(left, "- {{ r }}", size=11)
    para(left, "{%p endfor %}", size=11)
    para(right, "{{ signer_title }}", bold=True, align=center)
    for _ in range(4):
        para(right, "", align=center)
    para(right, "{{ signer_name }}", bold=True, align=center)

    # The list of awardees, on its own page.
    doc.add_page_break()
    para(doc, "DANH SÁCH KHEN THƯỞNG", bold=True, align=center)
    para(
        doc,
        "(Kèm theo Quyết định {{ number_line }} – {{ date_line }})",
        italic=True,
        size=13,
        align=center,
    )
    para(doc, "")
    table = doc.add_table(rows=4, cols=5)
    table.style = "Table Grid"
    titles = ("STT", "Họ và tên / Tập thể", "Đơn vị", "Hình thức khen thưởng", "Tiền thưởng (đồng)")
    for i, text in enumerate(titles):
        c = table.rows[0].cells[i]
        c.paragraphs[0].alignment = center
        run = c.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(12)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for a in awardees %}")
    for i, field in enumerate(("no", "name", "unit", "award", "cash")):
        run = table.rows[2].cells[i].paragraphs[0].add_run(f"{{{{ a.{field} }}}}")
        run.font.size = Pt(12)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")

    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":  # pragma: no cover - build script
    print(build_decision_template())
