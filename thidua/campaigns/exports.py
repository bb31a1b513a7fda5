"""Excel exports of the dashboard tables (and of a unit's targets and key works).

Each table becomes one sheet built with openpyxl's write-only workbook (rows are streamed to
a temporary file, so 1,500 units or 20,000 key works cost little memory) and sent with
``FileResponse`` in chunks.  Layout, the same for every table: the campaign's name and the
"as of" date on top, a bold, filled, frozen header row with an autofilter, column widths and
number formats (percent, thousands, dd/mm/yyyy), and a bold totals row under the filter
range.  Texts typed by users go through ``safe_cell`` so that none becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import FileResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.campaigns import scoring
from thidua.core.spreadsheet import safe_cell
from thidua.core.text import fold

if TYPE_CHECKING:
    from thidua.campaigns.models import Campaign
    from thidua.campaigns.views_dash import Dashboard, UnitItem
    from thidua.org.models import Unit

DASHBOARD_TABLES = {
    "units": gettext_lazy("Ranking of units"),
    "districts": gettext_lazy("Attainment by district or unit"),
    "key_works": gettext_lazy("Key works by status"),
    "progress": gettext_lazy("Overall attainment over time"),
    "tracker": gettext_lazy("Units meeting the standard"),
}

PERCENT = "0.0%"
INTEGER = "#,##0"
DECIMAL = "#,##0.##"
DATE = "DD/MM/YYYY"

TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FONT = Font(bold=True)
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
HEADER_ROW = 3  # row 1: title, row 2: "as of" and scope, row 3: header


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    number_format: str | None = None


def _cell(ws: Any, value: Any, *, fmt: str | None = None, font: Font | None = None) -> Any:
    cell = WriteOnlyCell(ws, value=safe_cell(value))
    if fmt and value is not None and not isinstance(value, str):
        cell.number_format = fmt
    if font is not None:
        cell.font = font
    return cell


def write_table(
    *,
    title: str,
    subtitle: str,
    sheet: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    totals: Sequence[Any] | None,
) -> Any:
    """A workbook file (an open temporary file at position 0) holding one formatted table."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet[:31])
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.append([_cell(ws, title, font=TITLE_FONT)])
    ws.append([_cell(ws, subtitle)])
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=safe_cell(column.title))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append(
            [
                _cell(ws, value, fmt=column.number_format)
                for value, column in zip(row, columns, strict=True)
            ]
        )
        count += 1
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(count, 1)}"
    if totals is not None:
        total_cells = []
        for value, column in zip(totals, columns, strict=True):
            cell = _cell(ws, value, fmt=column.number_format, font=TOTAL_FONT)
            cell.fill = TOTAL_FILL
            total_cells.append(cell)
        ws.append(total_cells)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    wb.save(handle)
    handle.seek(0)
    return handle


def filename(campaign: Campaign, table: str, on: dt.date) -> str:
    code = slugify(fold(campaign.code)) or f"campaign-{campaign.pk}"
    return f"{code}-{table}-{on.isoformat()}.xlsx"


def _response(handle: Any, name: str) -> FileResponse:
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _subtitle(board: Dashboard) -> str:
    parts = [_("Figures as of %(date)s") % {"date": board.filters.on.strftime("%d/%m/%Y")}]
    if board.filters.group:
        name = dict(board.groups).get(board.filters.group, board.filters.group)
        parts.append(_("under %(unit)s") % {"unit": name})
    if board.filters.kind:
        parts.append(_("unit kind: %(kind)s") % {"kind": dict(board.kinds).get(board.filters.kind)})
    return " · ".join(parts)


def _total_label() -> str:
    return _("Total / mean")


def dashboard_export(board: Dashboard, table: str) -> FileResponse:
    """One table of the dashboard as an .xlsx file, with the dashboard's filters applied."""
    campaign = board.campaign
    title = f"{campaign.name} — {DASHBOARD_TABLES[table]}"
    columns: list[Column]
    rows: Iterable[Sequence[Any]]
    totals: list[Any] | None
    if table == "units":
        columns = [
            Column(_("Rank"), 7, INTEGER),
            Column(_("Unit code"), 16),
            Column(_("Unit"), 34),
            Column(_("Kind"), 16),
            Column(_("Under"), 24),
            Column(_("Registration"), 16),
            Column(_("Attainment"), 12, PERCENT),
            Column(_("Proposed class"), 12),
            Column(_("Targets and key works"), 12, INTEGER),
            Column(_("Done"), 10, INTEGER),
            Column(_("At risk"), 10, INTEGER),
            Column(_("Latest report"), 14, DATE),
        ]
        rows = (
            [
                r.rank,
                r.code,
                r.name,
                r.kind_label,
                r.group,
                r.state_label,
                r.attainment,
                r.proposed_class,
                r.items,
                r.done,
                r.at_risk,
                r.last_report,
            ]
            for r in board.rows
        )
        totals = [
            None,
            _total_label(),
            _("%(n)s units") % {"n": len(board.rows)},
            None,
            None,
            None,
            board.overall,
            None,
            sum(r.items for r in board.rows),
            sum(r.done for r in board.rows),
            sum(r.at_risk for r in board.rows),
            None,
        ]
    elif table == "districts":
        columns = [
            Column(_("Unit code"), 16),
            Column(_("Unit"), 34),
            Column(_("Participating units"), 14, INTEGER),
            Column(_("Approved registrations"), 14, INTEGER),
            Column(_("Attainment"), 12, PERCENT),
        ]
        rows = ([g.code, g.name, g.units, g.approved, g.attainment] for g in board.group_rows)
        totals = [
            _total_label(),
            None,
            sum(g.units for g in board.group_rows),
            sum(g.approved for g in board.group_rows),
            board.overall,
        ]
    elif table == "key_works":
        columns = [
            Column(_("Unit code"), 16),
            Column(_("Unit"), 30),
            Column(_("Key work"), 44),
            Column(_("Due date"), 13, DATE),
            Column(_("Attainment"), 12, PERCENT),
            Column(_("Status"), 14),
        ]
        rows = (
            [k.unit_code, k.unit_name, k.name, k.due_date, k.attainment, k.status_label]
            for k in board.key_works
        )
        totals = [
            _total_label(),
            None,
            _("%(n)s key works") % {"n": len(board.key_works)},
            None,
            scoring.mean(k.attainment for k in board.key_works),
            None,
        ]
    elif table == "progress":
        columns = [Column(_("Date"), 14, DATE), Column(_("Overall attainment"), 16, PERCENT)]
        rows = ([d, v] for d, v in zip(board.series_dates, board.series_values, strict=True))
        totals = None
    else:  # tracker
        columns = [
            Column(_("Standard"), 34),
            Column(_("Unit code"), 16),
            Column(_("Unit"), 30),
            Column(_("Criteria met"), 12, INTEGER),
            Column(_("Criteria"), 10, INTEGER),
            Column(_("Criteria missing"), 12, INTEGER),
            Column(_("Meets the standard"), 12),
        ]
        rows = (
            [
                str(t.criteria_set),
                u.code,
                u.name,
                u.met,
                u.total,
                u.missing,
                _("yes") if u.meets else _("not yet"),
            ]
            for t in board.trackers
            for u in t.units
        )
        totals = [
            _total_label(),
            None,
            "; ".join(
                _("%(met)s of %(total)s units") % {"met": t.met, "total": t.total}
                for t in board.trackers
            ),
            None,
            None,
            sum(u.missing for t in board.trackers for u in t.units),
            sum(t.met for t in board.trackers),
        ]
    handle = write_table(
        title=title,
        subtitle=_subtitle(board),
        sheet=str(DASHBOARD_TABLES[table]),
        columns=columns,
        rows=rows,
        totals=totals,
    )
    return _response(handle, filename(campaign, table, board.filters.on))


def unit_export(
    campaign: Campaign, unit: Unit, items: Sequence[UnitItem], on: dt.date
) -> FileResponse:
    """A unit's targets and key works with their standing on ``on``."""
    columns = [
        Column(_("Kind"), 14),
        Column(_("Name"), 44),
        Column(_("Weight"), 9, DECIMAL),
        Column(_("Current value"), 14, DECIMAL),
        Column(_("Target value"), 14, DECIMAL),
        Column(_("Attainment"), 12, PERCENT),
        Column(_("Due date"), 13, DATE),
        Column(_("Status"), 14),
        Column(_("Public"), 9),
    ]

    def target_value(item: UnitItem) -> Any:
        if item.kind == "key_work":
            return 100
        return item.target.target_value if item.target else None

    rows = (
        [
            _("Target") if i.kind == "target" else _("Key work"),
            i.name,
            i.weight,
            i.current,
            target_value(i),
            i.raw,
            i.due_date,
            i.status_label,
            _("yes") if i.public else _("no"),
        ]
        for i in items
    )
    totals = [
        _total_label(),
        _("Weighted attainment (each item counts at most 100 %)"),
        sum(i.weight for i in items),
        None,
        None,
        scoring.rollup((i.weight, i.raw) for i in items) if items else None,
        None,
        None,
        None,
    ]
    handle = write_table(
        title=f"{campaign.name} — {unit.name}",
        subtitle=_("Figures as of %(date)s") % {"date": on.strftime("%d/%m/%Y")},
        sheet=unit.code,
        columns=columns,
        rows=rows,
        totals=totals,
    )
    return _response(handle, filename(campaign, slugify(fold(unit.code)) or "unit", on))
