"""The yearly report as a Word document, from a template a clerk can edit.

"BÁO CÁO Tổng hợp kết quả công tác thi đua, khen thưởng năm …" in the administrative format of
Decree 30/2020 (the page, fonts and two-column header of ``awards.docx_kit``, shared with the
commendation decision and the council minutes): the campaigns of the period with their
participation and results, the commendations by level and award, by unit, the individuals by
gender, ethnicity, direct workers and farmers, a section left for the office's own
assessment, and the signature block.

The default template is built by ``build_report_template`` (python-docx) and kept in the
repository (``templates_docx/bao_cao_tong_hop.docx``).  An office downloads it, edits it in
Word keeping the ``{{ … }}`` fields and the ``{%tr for … %}`` rows, and uploads its own copy
for its unit (``services.template_upload``): the upload is refused with a Vietnamese message
unless it is a real .docx that renders with the report's data and uses no unknown field.
Rebuild the default with::

    .venv/bin/thidua shell -c \
        "from thidua.reports import documents as d; d.build_report_template()"
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import IO, Any

from django.utils import timezone

from thidua.awards.documents import MOTTO, NATIONAL_NAME, date_line
from thidua.awards.docx_kit import add_header, new_document
from thidua.awards.docx_kit import bare_cell as cell
from thidua.reports.selectors import CLASSES, Filters

DEFAULT_TEMPLATE = Path(__file__).parent / "templates_docx" / "bao_cao_tong_hop.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}".replace(".", ",") + " %"


def _date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def period_text(filters: Filters) -> str:
    if filters.year_from == filters.year_to:
        return f"năm {filters.year_from}"
    return f"từ năm {filters.year_from} đến năm {filters.year_to}"


def report_context(bundle: dict[str, Any], filters: Filters, *, place: str = "") -> dict[str, Any]:
    """The values the report template reads (all text, already formatted)."""
    commendations = bundle["commendations"]
    people = bundle["people"]
    campaigns = bundle["campaigns"]
    root = filters.root
    today = timezone.localdate()
    authority, parent = authority_lines(root)
    forms: list[dict[str, Any]] = []
    for group in commendations.groups:
        for r in group.rows:
            c = r.counts
            forms.append(
                {
                    "no": len(forms) + 1,
                    "level": group.label,
                    "name": r.name,
                    "individual": _n(c.individual),
                    "collective": _n(c.collective),
                    "household": _n(c.household),
                    "total": _n(c.total),
                }
            )
    total = commendations.total
    units = [
        {
            "no": i,
            "code": u.code,
            "name": u.name,
            "individual": _n(u.figures.counts.individual),
            "collective": _n(u.figures.counts.collective + u.figures.counts.household),
            "total": _n(u.figures.total),
        }
        for i, u in enumerate(commendations.units, start=1)
    ]
    years = [
        {
            "year": y.year,
            "levels": [_n(y.figures.by_level[lv]) for lv, _label in commendations.levels],
            "total": _n(y.figures.total),
        }
        for y in commendations.years
    ]
    pt = people.total
    people_rows = [
        {
            "name": r.name,
            "total": _n(r.figures.total),
            "women": _n(r.figures.women),
            "women_share": _pct(r.figures.women_share),
            "minority": _n(r.figures.minority),
            "minority_share": _pct(r.figures.minority_share),
            "workers": _n(r.figures.workers),
            "farmers": _n(r.figures.farmers),
            "workers_farmers_share": _pct(r.figures.workers_farmers_share),
        }
        for r in people.rows
    ]
    campaign_rows = [
        {
            "no": i,
            "code": r.code,
            "name": r.name,
            "issuing_unit": r.issuing_unit,
            "start_date": _date(r.start_date),
            "participating": _n(r.participating),
            "registered": _n(r.registered),
            "approved": _n(r.approved),
            "reported": _n(r.reported),
            "review": r.review_label,
            **{c.lower(): _n(r.classes[c]) for c in CLASSES},
            "standard": f"{_n(r.standard_met)}/{_n(r.standard_total)}" if r.standard_total else "—",
        }
        for i, r in enumerate(campaigns.rows, start=1)
    ]
    ct = campaigns.totals
    unit_name = root.name if root is not None else "Toàn hệ thống"
    return {
        "parent_authority": parent,
        "authority": authority,
        "number_line": "Số:        /BC-TĐKT",
        "national_name": NATIONAL_NAME,
        "motto": MOTTO,
        "date_line": date_line(place or _place(root), today, today.year),
        "period": period_text(filters),
        "unit_name": unit_name,
        "filters": filters.describe(),
        "filters_note": _filters_note(filters),
        "made_on": _date(today),
        "campaigns": campaign_rows,
        "campaigns_count": _n(len(campaign_rows)),
        "campaigns_total": {
            "participating": _n(ct["participating"]),
            "registered": _n(ct["registered"]),
            "approved": _n(ct["approved"]),
            "reported": _n(ct["reported"]),
            "registered_share": _pct(ct["registered_share"]),
            **{c.lower(): _n(ct["classes"][c]) for c in CLASSES},
            "standard_met": _n(ct["standard_met"]),
            "standard_total": _n(ct["standard_total"]),
        },
        "forms": forms,
        "forms_total": {
            "individual": _n(total.counts.individual),
            "collective": _n(total.counts.collective),
            "household": _n(total.counts.household),
            "collective_household": _n(total.counts.collective + total.counts.household),
            "total": _n(total.total),
        },
        "level_names": [label for _lv, label in commendations.levels],
        "level_totals": [_n(total.by_level[lv]) for lv, _label in commendations.levels],
        "titles_total": _n(total.titles),
        "commendations_total": _n(total.commendations),
        "individual_share": _pct(commendations.individual_share),
        "years": years,
        "units": units,
        "people": people_rows,
        "people_total": {
            "total": _n(pt.total),
            "women": _n(pt.women),
            "women_share": _pct(pt.women_share),
            "minority": _n(pt.minority),
            "minority_share": _pct(pt.minority_share),
            "workers": _n(pt.workers),
            "workers_share": _pct(pt.workers_share),
            "farmers": _n(pt.farmers),
            "farmers_share": _pct(pt.farmers_share),
            "workers_farmers_share": _pct(pt.workers_farmers_share),
        },
        "signer_title": "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
        "signer_name": "",
    }


LOCAL_GOVERNMENT_KINDS = frozenset({"province", "district", "commune", "ward", "town"})


def _authority(unit: Any) -> str:
    """How a unit is written as an issuing body: "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU" for a local
    government, the unit's own name in capitals otherwise."""
    if unit.kind in LOCAL_GOVERNMENT_KINDS:
        return f"ỦY BAN NHÂN DÂN {unit.name.upper()}"
    return str(unit.name).upper()


def authority_lines(root: Any) -> tuple[str, str]:
    """(issuing body, body above it) for the Decree 30 header; a local government has no line
    above it."""
    if root is None:
        return "TOÀN HỆ THỐNG", ""
    if root.kind in LOCAL_GOVERNMENT_KINDS or root.parent_id is None:
        return _authority(root), ""
    return _authority(root), _authority(root.parent)


def _filters_note(filters: Filters) -> str:
    """ " (chỉ tính Cấp cơ sở, Giấy khen)" when the report is limited to a level or an award."""
    from thidua.reports.forms_catalog import Level, form_info

    parts = []
    if filters.level:
        parts.append(str(Level(filters.level).label))
    if filters.form:
        parts.append(form_info(filters.form).name)
    return f" (chỉ tính {', '.join(parts)})" if parts else ""


def _place(root: Any) -> str:
    """The place written before the date: the province (or the unit) name without its kind."""
    if root is None:
        return "Hà Nội"
    name = root.name
    for prefix in ("Tỉnh ", "Thành phố ", "Huyện ", "Xã ", "Phường ", "Thị trấn ", "Thị xã "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def render(template: str | Path | IO[bytes], context: dict[str, Any]) -> bytes:
    """Render a docxtpl template (path or open file) to .docx bytes."""
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    document = DocxTemplate(template)
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def default_template() -> Path:
    if not DEFAULT_TEMPLATE.exists():
        build_report_template(DEFAULT_TEMPLATE)
    return DEFAULT_TEMPLATE


class TemplateProblem(ValueError):
    """An uploaded template cannot be used; the message is shown to the user (Vietnamese)."""


def check_template(data: bytes, context: dict[str, Any]) -> None:
    """Refuse an upload that is not a real .docx, that uses a field the report does not
    provide, or that does not render.  Raises ``TemplateProblem`` with a Vietnamese reason."""
    from django.utils.translation import gettext as _
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError, TemplateSyntaxError

    if not data.startswith(b"PK\x03\x04"):
        raise TemplateProblem(_("The file is not a Word document (.docx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise TemplateProblem(_("The file is not a Word document (.docx).")) from exc
    if "word/document.xml" not in names:
        raise TemplateProblem(_("The file is not a Word document (.docx)."))
    try:
        document = DocxTemplate(io.BytesIO(data))
        unknown = sorted(document.get_undeclared_template_variables(context=context))
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            _("The template has a broken field near line %(line)s: %(error)s")
            % {"line": exc.lineno, "error": exc.message}
        ) from exc
    except TemplateError as exc:
        raise TemplateProblem(_("The template cannot be read: %(error)s") % {"error": exc}) from exc
    except Exception as exc:  # python-docx: a ZIP that is not a Word document
        raise TemplateProblem(_("The file is not a Word document (.docx).")) from exc
    if unknown:
        raise TemplateProblem(
            _("The template uses fields the report does not have: %(fields)s.")
            % {"fields": ", ".join("{{ " + name + " }}" for name in unknown)}
        )
    try:
        render(io.BytesIO(data), context)
    except TemplateError as exc:
        raise TemplateProblem(
            _("The template cannot be filled in: %(error)s") % {"error": exc}
        ) from exc


# -- building the default template -------------------------------------------------------------


def _table(
    doc: Any,
    headers: tuple[str, ...],
    fields: tuple[str, ...],
    loop: str,
    total: tuple[str, ...] | None = None,
) -> None:
    """A bordered table: a bold header row, one docxtpl row repeated per item of ``loop``
    (``{%tr for x in loop %}`` … ``{%tr endfor %}``) and an optional totals row."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    rows = 4 + (1 if total else 0)
    table = doc.add_table(rows=rows, cols=len(headers))
    table.style = "Table Grid"
    for i, text in enumerate(headers):
        p = table.rows[0].cells[i].paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = True
        run.font.size = Pt(11)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for x in {loop} %}}")
    for i, name in enumerate(fields):
        p = table.rows[2].cells[i].paragraphs[0]
        if i > 1:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run(f"{{{{ x.{name} }}}}").font.size = Pt(11)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    if total:
        for i, text in enumerate(total):
            p = table.rows[4].cells[i].paragraphs[0]
            if i > 1:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = p.add_run(text)
            run.bold = True
            run.font.size = Pt(11)


def build_report_template(path: Path = DEFAULT_TEMPLATE) -> Path:
    """Write the default report template (python-docx), Decree 30/2020 layout."""
    from docx.enum.section import WD_ORIENT  # noqa: F401 - kept portrait, as the decree says
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc, para = new_document(indent_space_after=6)
    center = WD_ALIGN_PARAGRAPH.CENTER
    add_header(doc, para)
    para(doc, "")
    para(doc, "BÁO CÁO", bold=True, align=center)
    para(
        doc, "Tổng hợp kết quả công tác thi đua, khen thưởng {{ period }}", bold=True, align=center
    )
    para(doc, "")
    para(
        doc,
        "{{ unit_name }} báo cáo tổng hợp kết quả công tác thi đua, khen thưởng "
        "{{ period }}{{ filters_note }}, số liệu lập ngày {{ made_on }} từ hệ thống quản lý thi "
        "đua, khen thưởng, như sau:",
        indent=True,
    )
    para(doc, "I. PHONG TRÀO THI ĐUA", bold=True)
    para(
        doc,
        "Trong kỳ có {{ campaigns_count }} phong trào thi đua; {{ campaigns_total.participating }}"
        " lượt đơn vị tham gia, {{ campaigns_total.registered }} lượt đăng ký thi đua "
        "({{ campaigns_total.registered_share }}), {{ campaigns_total.approved }} đăng ký được "
        "duyệt, {{ campaigns_total.reported }} lượt đơn vị báo cáo tiến độ. Kết quả đánh giá: "
        "{{ campaigns_total.htxs }} hoàn thành xuất sắc, {{ campaigns_total.htt }} hoàn thành "
        "tốt, {{ campaigns_total.ht }} hoàn thành, {{ campaigns_total.kht }} không hoàn thành "
        "nhiệm vụ; {{ campaigns_total.standard_met }}/{{ campaigns_total.standard_total }} đơn "
        "vị đạt chuẩn theo các chỉ tiêu của phong trào.",
        indent=True,
    )
    _table(
        doc,
        (
            "STT",
            "Phong trào",
            "Tham gia",
            "Đăng ký",
            "Báo cáo",
            "HTXS",
            "HTT",
            "HT",
            "KHT",
            "Đạt chuẩn",
        ),
        (
            "no",
            "name",
            "participating",
            "registered",
            "reported",
            "htxs",
            "htt",
            "ht",
            "kht",
            "standard",
        ),
        "campaigns",
    )
    para(doc, "")
    para(doc, "II. KẾT QUẢ KHEN THƯỞNG", bold=True)
    para(
        doc,
        "Tổng số {{ forms_total.total }} lượt khen thưởng ({{ titles_total }} danh hiệu thi "
        "đua, {{ commendations_total }} hình thức khen thưởng): {{ forms_total.individual }} "
        "cá nhân ({{ individual_share }}), {{ forms_total.collective }} tập thể, "
        "{{ forms_total.household }} hộ gia đình.",
        indent=True,
    )
    para(doc, "1. Theo cấp và hình thức khen thưởng", bold=True, italic=True)
    _table(
        doc,
        ("STT", "Cấp khen thưởng", "Hình thức", "Cá nhân", "Tập thể", "Hộ gia đình", "Tổng"),
        ("no", "level", "name", "individual", "collective", "household", "total"),
        "forms",
        (
            "",
            "Tổng cộng",
            "",
            "{{ forms_total.individual }}",
            "{{ forms_total.collective }}",
            "{{ forms_total.household }}",
            "{{ forms_total.total }}",
        ),
    )
    para(doc, "")
    para(doc, "2. Theo đơn vị", bold=True, italic=True)
    _table(
        doc,
        ("STT", "Đơn vị", "Cá nhân", "Tập thể, hộ gia đình", "Tổng"),
        ("no", "name", "individual", "collective", "total"),
        "units",
        (
            "",
            "Tổng cộng",
            "{{ forms_total.individual }}",
            "{{ forms_total.collective_household }}",
            "{{ forms_total.total }}",
        ),
    )
    para(doc, "")
    para(
        doc,
        "3. Cá nhân được khen thưởng theo giới tính, dân tộc, đối tượng",
        bold=True,
        italic=True,
    )
    para(
        doc,
        "Trong {{ people_total.total }} lượt cá nhân được khen thưởng: nữ "
        "{{ people_total.women }} ({{ people_total.women_share }}); người dân tộc thiểu số "
        "{{ people_total.minority }} ({{ people_total.minority_share }}); công nhân trực tiếp "
        "{{ people_total.workers }} ({{ people_total.workers_share }}); nông dân trực tiếp "
        "{{ people_total.farmers }} ({{ people_total.farmers_share }}).",
        indent=True,
    )
    _table(
        doc,
        (
            "Hình thức",
            "Tổng số",
            "Nữ",
            "Tỷ lệ nữ",
            "DTTS",
            "Tỷ lệ DTTS",
            "Công nhân",
            "Nông dân",
            "Tỷ lệ CN, ND",
        ),
        (
            "name",
            "total",
            "women",
            "women_share",
            "minority",
            "minority_share",
            "workers",
            "farmers",
            "workers_farmers_share",
        ),
        "people",
        (
            "Tổng cộng",
            "{{ people_total.total }}",
            "{{ people_total.women }}",
            "{{ people_total.women_share }}",
            "{{ people_total.minority }}",
            "{{ people_total.minority_share }}",
            "{{ people_total.workers }}",
            "{{ people_total.farmers }}",
            "{{ people_total.workers_farmers_share }}",
        ),
    )
    para(doc, "")
    para(doc, "III. ĐÁNH GIÁ CHUNG VÀ KIẾN NGHỊ", bold=True)
    para(
        doc,
        "(Đơn vị sửa mẫu này trong Word để viết phần đánh giá ưu điểm, hạn chế và kiến nghị; "
        "giữ nguyên các trường trong dấu ngoặc nhọn.)",
        italic=True,
        indent=True,
    )
    para(doc, "")
    sign = doc.add_table(rows=1, cols=2)
    left, right = cell(sign.rows[0].cells[0]), cell(sign.rows[0].cells[1])
    para(left, "Nơi nhận:", bold=True, italic=True, size=12)
    para(left, "- Cơ quan thường trực Hội đồng TĐKT cấp trên;", size=11)
    para(left, "- Lưu: VT.", size=11)
    para(right, "{{ signer_title }}", bold=True, align=center)
    for _ in range(4):
        para(right, "", align=center)
    para(right, "{{ signer_name }}", bold=True, align=center)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
