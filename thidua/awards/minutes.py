"""The minutes (biên bản) of a council session as a Word file.

Rendered with docxtpl from an editable template in the administrative layout of Decree
30/2020/NĐ-CP (Quốc hiệu and tiêu ngữ, the body and the number, place and date, the title
"BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", time and place, members present and absent,
the agenda, the secret ballot results per nomination — counts, approval against the WHOLE
membership and the award's threshold —, the conclusions and the signature blocks of the
chair and the secretary).  The template is produced by ``build_minutes_template``
(python-docx) and kept in the repository; a clerk may edit it in Word, keeping the
``{{ … }}`` / ``{%tr … %}`` fields.  Rebuild it with::

    .venv/bin/python -m thidua.awards.minutes

A jurisdiction may point ``settings.THIDUA_AWARDS_MINUTES_TEMPLATE`` at its own copy.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from thidua.awards.documents import MOTTO, NATIONAL_NAME, TEMPLATE_DIR, date_line
from thidua.awards.docx_kit import add_header, new_document
from thidua.awards.docx_kit import bare_cell as cell

MINUTES_TEMPLATE = TEMPLATE_DIR / "bien_ban_hop_hoi_dong.docx"
TITLE = "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"
ROLE_NAMES = {
    "chair": "Chủ tịch Hội đồng",
    "vice": "Phó Chủ tịch Hội đồng",
    "member": "Ủy viên",
    "secretary": "Thư ký Hội đồng",
}
# Administrative units whose authority is the People's Committee (UBND).
COMMITTEE_KINDS = frozenset({"province", "district", "commune", "ward", "town"})
_PREFIX = re.compile(
    r"^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn)\s+", flags=re.IGNORECASE
)


def locality(unit: Any) -> str:
    """ "Tỉnh Bạc Liêu" → "Bạc Liêu" for the place-and-date line."""
    return _PREFIX.sub("", unit.short_name or unit.name).strip() or unit.name


def _template_path() -> Path:
    from django.conf import settings

    custom = getattr(settings, "THIDUA_AWARDS_MINUTES_TEMPLATE", None)
    return Path(custom) if custom else MINUTES_TEMPLATE


def _unit_of(nomination: Any) -> str:
    if nomination.person_id is not None:
        return nomination.proposing_unit.name
    return nomination.unit.name if nomination.household_name else ""


def minutes_context(session: Any, page: Any) -> dict[str, Any]:
    """The values the minutes template reads; ``page`` is ``views_council.session_page``
    of a closed session (so its results are unsealed)."""
    council, unit = session.council, session.council.unit
    authority = f"UBND {unit.name}" if unit.kind in COMMITTEE_KINDS else unit.name
    present = [m for m in page.members if m.pk in page.present]
    absent = [m for m in page.members if m.pk not in page.present]

    def person(m: Any) -> dict[str, str]:
        return {"name": m.name, "role": ROLE_NAMES.get(m.role, m.role)}

    results: list[dict[str, Any]] = []
    passed: list[str] = []
    failed: list[str] = []
    for i, row in enumerate(page.items, start=1):
        n = row["nomination"]
        label = f"{n.subject_label} – {n.award.name_vi}"
        (passed if row["passed"] else failed).append(label)
        results.append(
            {
                "no": i,
                "name": n.subject_label,
                "unit": _unit_of(n),
                "award": n.award.name_vi,
                "round": row["round"],
                "yes": row["yes"],
                "no_votes": row["no"],
                "abstain": row["abstain"],
                "percent": f"{row['percent']} %",
                "threshold": f"{row['threshold']} %",
                "result": "Đạt" if row["passed"] else "Không đạt",
            }
        )
    chair, secretary = page.chair, page.secretary
    day = session.date
    return {
        "parent_authority": authority.upper(),
        "authority": "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        "number_line": "Số:      /BB-HĐTĐKT",
        "national_name": NATIONAL_NAME,
        "motto": MOTTO,
        "date_line": date_line(locality(unit), day, day.year),
        "title": TITLE,
        "subtitle": f"Xét đề nghị khen thưởng – phiên họp ngày {day:%d/%m/%Y}",
        "council_name": council.name,
        "time_place": f"Vào ngày {day:%d/%m/%Y}, tại {session.place or '……………………'}, "
        f"{council.name} họp xét đề nghị khen thưởng.",
        "members_total": page.session.members_total or len(page.members),
        "members_present": len(present),
        "members_absent": len(absent),
        "quorum_line": f"Có mặt {len(present)}/{session.members_total or len(page.members)} "
        f"thành viên (yêu cầu tối thiểu {page.need}), đủ điều kiện tiến hành phiên họp.",
        "present": [person(m) for m in present],
        "absent": [person(m) for m in absent],
        "written": page.written,
        "chair_line": f"Chủ trì: {chair.name} – {ROLE_NAMES['chair']}" if chair else "",
        "secretary_line": f"Thư ký: {secretary.name}" if secretary else "",
        "agenda": [
            {"no": i, "text": f"{r['nomination'].subject_label} – {r['nomination'].award.name_vi}"}
            for i, r in enumerate(page.items, start=1)
        ],
        "rounds": session.round,
        "results": results,
        "passed": passed,
        "failed": failed,
        "conclusion": (
            f"Hội đồng thống nhất đề nghị cấp có thẩm quyền khen thưởng {len(passed)} trường hợp "
            f"đạt tỷ lệ phiếu đồng ý theo quy định (tính trên tổng số {session.members_total} "
            "thành viên Hội đồng):"
        ),
        "not_passed_line": f"Không đề nghị khen thưởng {len(failed)} trường hợp không đạt tỷ lệ "
        "phiếu đồng ý:"
        if failed
        else "Không có trường hợp nào không đạt tỷ lệ phiếu đồng ý.",
        "chair_name": chair.name if chair else "",
        "secretary_name": secretary.name if secretary else "",
    }


def minutes_docx(session: Any, page: Any) -> bytes:
    """Render the minutes of a closed session as a .docx (bytes)."""
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    path = _template_path()
    if not path.exists():
        build_minutes_template(path)
    document = DocxTemplate(str(path))
    document.render(minutes_context(session, page), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- building the template ---------------------------------------------------------------------


def build_minutes_template(path: Path = MINUTES_TEMPLATE) -> Path:
    """Write the minutes template (python-docx): A4, margins 20/20/30/15 mm, Times New Roman
    13–14 pt, the results as a table."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc, para = new_document(indent_space_after=3)
    center = WD_ALIGN_PARAGRAPH.CENTER
    add_header(doc, para)

    para(doc, "")
    para(doc, "{{ title }}", bold=True, align=center)
    para(doc, "{{ subtitle }}", italic=True, align=center)
    para(doc, "")

    para(doc, "I. THỜI GIAN, ĐỊA ĐIỂM", bold=True)
    para(doc, "{{ time_place }}", indent=True)

    para(doc, "II. THÀNH PHẦN", bold=True)
    para(doc, "{{ quorum_line }}", indent=True)
    para(doc, "{{ chair_line }}", indent=True)
    para(doc, "{{ secretary_line }}", indent=True)
    para(doc, "Thành viên có mặt:", italic=True, indent=True)
    para(doc, "{%p for m in present %}")
    para(doc, "- {{ m.name }} ({{ m.role }})", indent=True)
    para(doc, "{%p endfor %}")
    para(doc, "Thành viên vắng mặt: {{ members_absent }}", italic=True, indent=True)
    para(doc, "{%p for m in absent %}")
    para(doc, "- {{ m.name }} ({{ m.role }})", indent=True)
    para(doc, "{%p endfor %}")
    para(doc, "{%p if written %}")
    para(doc, "Số ý kiến bằng văn bản của thành viên vắng mặt: {{ written }}.", indent=True)
    para(doc, "{%p endif %}")

    para(doc, "III. NỘI DUNG", bold=True)
    para(
        doc,
        "Hội đồng xem xét, bỏ phiếu kín đối với các trường hợp đề nghị khen thưởng sau:",
        indent=True,
    )
    para(doc, "{%p for a in agenda %}")
    para(doc, "{{ a.no }}. {{ a.text }}", indent=True)
    para(doc, "{%p endfor %}")

    para(doc, "IV. KẾT QUẢ BỎ PHIẾU KÍN", bold=True)
    para(
        doc,
        "Tỷ lệ phiếu đồng ý tính trên tổng số {{ members_total }} thành viên Hội đồng "
        "(không tính trên số thành viên có mặt); số vòng bỏ phiếu: {{ rounds }}.",
        indent=True,
    )
    heads = (
        "STT",
        "Họ và tên / Tập thể",
        "Hình thức khen thưởng",
        "Vòng",
        "Đồng ý",
        "Không đồng ý",
        "Không biểu quyết",
        "Tỷ lệ đồng ý",
        "Tỷ lệ yêu cầu",
        "Kết quả",
    )
    table = doc.add_table(rows=4, cols=len(heads))
    table.style = "Table Grid"
    for i, text in enumerate(heads):
        c = table.rows[0].cells[i]
        c.paragraphs[0].alignment = center
        run = c.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(10)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for r in results %}")
    fields = (
        "no",
        "name",
        "award",
        "round",
        "yes",
        "no_votes",
        "abstain",
        "percent",
        "threshold",
        "result",
    )
    for i, name in enumerate(fields):
        p = table.rows[2].cells[i].paragraphs[0]
        if i != 1 and i != 2:
            p.alignment = center
        run = p.add_run(f"{{{{ r.{name} }}}}")
        run.font.size = Pt(10)
        if name == "name":
            extra = p.add_run("{% if r.unit %} ({{ r.unit }}){% endif %}")
            extra.font.size = Pt(10)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    para(doc, "")

    para(doc, "V. KẾT LUẬN", bold=True)
    para(doc, "{{ conclusion }}", indent=True)
    para(doc, "{%p for p in passed %}")
    para(doc, "- {{ p }}", indent=True)
    para(doc, "{%p endfor %}")
    para(doc, "{{ not_passed_line }}", indent=True)
    para(doc, "{%p for f in failed %}")
    para(doc, "- {{ f }}", indent=True)
    para(doc, "{%p endfor %}")
    para(
        doc,
        "Biên bản được lập xong và thông qua tại phiên họp; các thành viên có mặt thống nhất "
        "với nội dung biên bản./.",
        indent=True,
    )
    para(doc, "")

    # Signature blocks: secretary | chair.
    sign = doc.add_table(rows=1, cols=2)
    left, right = cell(sign.rows[0].cells[0]), cell(sign.rows[0].cells[1])
    para(left, "THƯ KÝ", bold=True, align=center)
    para(left, "(Ký, ghi rõ họ tên)", italic=True, size=12, align=center)
    para(right, "CHỦ TỊCH HỘI ĐỒNG", bold=True, align=center)
    para(right, "(Ký, ghi rõ họ tên)", italic=True, size=12, align=center)
    for _ in range(4):
        para(left, "", align=center)
        para(right, "", align=center)
    para(left, "{{ secretary_name }}", bold=True, align=center)
    para(right, "{{ chair_name }}", bold=True, align=center)

    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":  # pragma: no cover - build script
    print(build_minutes_template())
