"""The reports as formatted Excel workbooks (openpyxl), always in Vietnamese.

Layout of every sheet, as offices print and forward them:

- a title block: the authority (the report's unit, in capitals), the report's name, the
  period and filters, the date the report was made;
- one header row (bold, filled, wrapped, frozen, repeated on every printed page) with the
  autofilter on it, so a clerk can filter and sort the rows;
- data rows with number formats (``#,##0`` for counts, ``0.0%`` for shares);
- a bold totals row under the filtered range.  Every derived cell is a FORMULA, never a
  copied number: totals are ``SUBTOTAL(109, …)`` (the sum of the rows the filter shows, so the
  totals follow the filter), and shares are ``IF(whole=0, "", part/whole)`` in every row and in
  the totals.  Data cells are values;
- A4 landscape, fitted to the page width, with the header row repeated.

Texts that users typed (unit and campaign names) go through ``core.spreadsheet.safe_cell`` so
that none becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from thidua.core.spreadsheet import safe_cell
from thidua.reports.selectors import (
    CLASSES,
    CampaignReport,
    CommendationReport,
    Filters,
    PeopleReport,
)

INTEGER = "#,##0"
PERCENT = "0.0%"
DATE = "DD/MM/YYYY"
HEADER_ROW = 6  # rows 1–4: title block, row 5 blank
FIRST_DATA_ROW = HEADER_ROW + 1

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Col:
    """A column: ``kind`` is text, int (summed in the totals), share (a formula ``part /
    whole`` over the columns at indexes ``share``) or date."""

    title: str
    width: int
    kind: str = "text"
    share: tuple[int, int] | None = None


@dataclass
class Table:
    sheet: str
    title: str
    columns: Sequence[Col]
    rows: list[list[Any]]  # values of the non-share columns (share cells: None)
    total_label: str = ""
    label_column: int = 1  # where "Tổng cộng" is written in the totals row


def _title_block(ws: Worksheet, filters: Filters, title: str, width: int, made: dt.date) -> None:
    last = get_column_letter(max(width, 1))
    from thidua.reports.documents import authority_lines

    authority = authority_lines(filters.root)[0]
    ws["A1"] = safe_cell(authority)
    ws["A1"].font = Font(bold=True, size=12)
    for row, text, font in (
        (2, title.upper(), Font(bold=True, size=14)),
        (3, filters.describe(), Font(italic=True, size=12)),
        (
            4,
            _("Made on %(date)s") % {"date": made.strftime("%d/%m/%Y")},
            Font(italic=True, size=11),
        ),
    ):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws[f"A{row}"]
        cell.value = safe_cell(text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = 36


def _write_table(ws: Worksheet, table: Table, filters: Filters, made: dt.date) -> None:
    cols = table.columns
    _title_block(ws, filters, table.title, len(cols), made)
    for i, col in enumerate(cols, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        head: Any = ws.cell(row=HEADER_ROW, column=i, value=col.title)
        head.font = Font(bold=True)
        head.fill = HEADER_FILL
        head.border = BORDER
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[HEADER_ROW].height = 48
    row_no = FIRST_DATA_ROW
    for values in table.rows:
        for i, col in enumerate(cols, start=1):
            _fill(ws.cell(row=row_no, column=i), col, values[i - 1], row_no)
        row_no += 1
    last_data = row_no - 1
    last_letter = get_column_letter(len(cols))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_letter}{max(last_data, HEADER_ROW)}"
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    # Totals: formulas over the data rows (SUBTOTAL 109 ignores the rows the filter hides).
    total_row = row_no
    for i, col in enumerate(cols, start=1):
        cell: Any = ws.cell(row=total_row, column=i)
        letter = get_column_letter(i)
        if i == table.label_column:
            cell.value = table.total_label or _("Grand total")
        elif col.kind == "int":
            if last_data >= FIRST_DATA_ROW:
                cell.value = f"=SUBTOTAL(109,{letter}{FIRST_DATA_ROW}:{letter}{last_data})"
            else:
                cell.value = 0
            cell.number_format = INTEGER
        elif col.kind == "share" and col.share:
            cell.value = _share_formula(col.share, total_row)
            cell.number_format = PERCENT
        cell.font = Font(bold=True)
        cell.fill = TOTAL_FILL
        cell.border = BORDER
    # Print: A4 landscape, one page wide, header row on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def _share_formula(share: tuple[int, int], row: int) -> str:
    part = f"{get_column_letter(share[0])}{row}"
    whole = f"{get_column_letter(share[1])}{row}"
    return f'=IF({whole}=0,"",{part}/{whole})'


def _fill(cell: Any, col: Col, value: Any, row: int) -> None:
    cell.border = BORDER
    if col.kind == "share" and col.share:
        cell.value = _share_formula(col.share, row)
        cell.number_format = PERCENT
        return
    if col.kind == "int":
        cell.value = value if value is not None else 0
        cell.number_format = INTEGER
        return
    if col.kind == "date":
        cell.value = value
        if value is not None:
            cell.number_format = DATE
        return
    cell.value = safe_cell(value)
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def workbook(tables: Sequence[Table], filters: Filters) -> bytes:
    """A workbook with one sheet per table."""
    made = timezone.localdate()
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    for table in tables:
        ws = wb.create_sheet(title=table.sheet[:31])
        _write_table(ws, table, filters, made)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- the tables of each report ----------------------------------------------------------------


def forms_table(report: CommendationReport) -> Table:
    cols = [
        Col(_("No."), 6),  # a running number, not a figure: no total under it
        Col(_("Award level"), 24),
        Col(_("Kind"), 18),
        Col(_("Award or title"), 40),
        Col(_("Individuals"), 12, "int"),
        Col(_("Collectives"), 12, "int"),
        Col(_("Households"), 12, "int"),
        Col(_("Total"), 12, "int"),
    ]
    rows: list[list[Any]] = []
    for group in report.groups:
        for r in group.rows:
            c = r.counts
            rows.append(
                [
                    len(rows) + 1,
                    group.label,
                    r.kind_label,
                    r.name,
                    c.individual,
                    c.collective,
                    c.household,
                    c.total,
                ]
            )
    return Table(
        _("By award"),
        _("Commendations by level and award"),
        cols,
        rows,
        _("Grand total"),
        label_column=2,
    )


def years_table(report: CommendationReport) -> Table:
    levels = report.levels
    cols = [Col(_("Year"), 10)]
    cols += [Col(label, 16, "int") for _lv, label in levels]
    cols += [
        Col(_("Emulation titles"), 14, "int"),
        Col(_("Commendations"), 14, "int"),
        Col(_("Individuals"), 12, "int"),
        Col(_("Collectives and households"), 16, "int"),
        Col(_("Total"), 12, "int"),
    ]
    total_idx = len(cols)
    ind_idx = total_idx - 2
    cols.append(Col(_("Share of individuals"), 14, "share", (ind_idx, total_idx)))
    rows: list[list[Any]] = []
    for y in report.years:
        f = y.figures
        rows.append(
            [str(y.year)]
            + [f.by_level[lv] for lv, _label in levels]
            + [
                f.titles,
                f.commendations,
                f.counts.individual,
                f.counts.collective + f.counts.household,
                f.total,
                None,
            ]
        )
    return Table(_("By year"), _("Commendations by year and level"), cols, rows, _("Grand total"))


def units_table(report: CommendationReport) -> Table:
    levels = report.levels
    cols = [Col(_("Unit code"), 16), Col(_("Unit"), 40)]
    cols += [Col(label, 16, "int") for _lv, label in levels]
    cols += [
        Col(_("Individuals"), 12, "int"),
        Col(_("Collectives and households"), 16, "int"),
        Col(_("Total"), 12, "int"),
    ]
    rows: list[list[Any]] = []
    for u in report.units:
        f = u.figures
        rows.append(
            [u.code, u.name]
            + [f.by_level[lv] for lv, _label in levels]
            + [f.counts.individual, f.counts.collective + f.counts.household, f.total]
        )
    return Table(_("By unit"), _("Commendations by unit"), cols, rows, _("Grand total"))


def people_table(report: PeopleReport) -> Table:
    cols = [
        Col(_("Award level"), 22),
        Col(_("Award or title"), 36),
        Col(_("Individuals commended"), 13, "int"),  # 3
        Col(_("Women"), 10, "int"),  # 4
        Col(_("Share of women"), 11, "share", (4, 3)),
        Col(_("Ethnic minorities"), 12, "int"),  # 6
        Col(_("Share of ethnic minorities"), 12, "share", (6, 3)),
        Col(_("Direct workers"), 11, "int"),  # 8
        Col(_("Share of direct workers"), 11, "share", (8, 3)),
        Col(_("Farmers"), 11, "int"),  # 10
        Col(_("Share of farmers"), 11, "share", (10, 3)),
    ]
    rows: list[list[Any]] = []
    for r in report.rows:
        f = r.figures
        rows.append(
            [
                r.level_label,
                r.name,
                f.total,
                f.women,
                None,
                f.minority,
                None,
                f.workers,
                None,
                f.farmers,
                None,
            ]
        )
    return Table(
        _("Individuals"),
        _("Individuals commended by gender, ethnicity, direct workers and farmers"),
        cols,
        rows,
        _("Grand total"),
    )


def campaigns_table(report: CampaignReport) -> Table:
    cols = [
        Col(_("Code"), 14),
        Col(_("Campaign"), 40),
        Col(_("Launched by"), 24),
        Col(_("Start date"), 12, "date"),
        Col(_("Participating units"), 12, "int"),  # 5
        Col(_("Registered"), 11, "int"),  # 6
        Col(_("Share registered"), 11, "share", (6, 5)),
        Col(_("Approved"), 11, "int"),
        Col(_("Reported progress"), 11, "int"),  # 9
        Col(_("Review"), 14),
    ]
    cols += [Col(c, 8, "int") for c in CLASSES]
    cols += [
        Col(_("Units meeting the standard"), 12, "int"),
        Col(_("Units counted for the standard"), 12, "int"),
    ]
    rows: list[list[Any]] = []
    for r in report.rows:
        rows.append(
            [
                r.code,
                r.name,
                r.issuing_unit,
                r.start_date,
                r.participating,
                r.registered,
                None,
                r.approved,
                r.reported,
                r.review_label,
            ]
            + [r.classes[c] for c in CLASSES]
            + [r.standard_met, r.standard_total]
        )
    return Table(
        _("Campaigns"), _("Campaign participation and results"), cols, rows, _("Grand total"), 2
    )
