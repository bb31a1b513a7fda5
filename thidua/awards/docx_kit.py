"""Building blocks of the Word templates in the administrative format of Decree 30/2020.

Shared by the decision (``documents.py``) and the council minutes (``minutes.py``): an A4 page
with the decree's margins and Times New Roman, a paragraph helper, and the two-column header
(issuing authority and number | national name, motto, place and date).  The templates are
built once by these scripts and kept in the repository, so that clerks can edit them in Word.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Para = Callable[..., Any]


def new_document(*, indent_space_after: float) -> tuple[Any, Para]:
    """An empty A4 document (margins 20/20/30/15 mm, Times New Roman 14 pt) and a ``para``
    helper: ``para(container, text, bold=, italic=, size=, align=, indent=)``."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    rpr = style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
    style.paragraph_format.space_after = Pt(0)

    def para(
        container: Any,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        align: Any = None,
        indent: bool = False,
    ) -> Any:
        p = container.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Mm(10)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.space_after = Pt(indent_space_after)
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        return p

    return doc, para


def bare_cell(c: Any) -> Any:
    """A table cell without the empty paragraph Word puts in it."""
    c.paragraphs[0]._element.getparent().remove(c.paragraphs[0]._element)
    return c


def add_header(doc: Any, para: Para) -> None:
    """The decree's header table, with docxtpl placeholders: ``parent_authority``,
    ``authority``, ``number_line`` | ``national_name``, ``motto``, ``date_line``."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    cell = bare_cell
    center = WD_ALIGN_PARAGRAPH.CENTER
    header = doc.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = cell(header.rows[0].cells[0]), cell(header.rows[0].cells[1])
    left.width, right.width = Mm(65), Mm(100)
    para(left, "{{ parent_authority }}", size=13, align=center)
    para(left, "{{ authority }}", bold=True, size=13, align=center)
    para(left, "", size=13, align=center)
    para(left, "{{ number_line }}", size=13, align=center)
    para(right, "{{ national_name }}", bold=True, size=13, align=center)
    para(right, "{{ motto }}", bold=True, size=14, align=center)
    para(right, "", size=13, align=center)
    para(right, "{{ date_line }}", italic=True, size=14, align=center)
