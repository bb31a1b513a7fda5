"""Bulk progress from Excel: a template pre-filled with a unit's targets and key works, and the
import of the filled-in sheet.

The file is read with the streaming reader of ``thidua.core.spreadsheet`` and checked as a
whole first (every bad cell reported with its row and column, in Vietnamese); only a clean
file is written, in ONE transaction, one ``services.progress_report`` per changed row, so a
problem anywhere leaves nothing behind.

Item codes: ``T<id>`` for a target, ``K<id>`` for a key work.  Targets counted from a standard
are computed and left out.  A row whose new value is empty, or equal to the latest reported
value, is unchanged and skipped.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from thidua.campaigns import selectors, services
from thidua.campaigns.models import (
    Campaign,
    KeyWork,
    ProgressUpdate,
    Registration,
    RegistrationState,
    Target,
    TargetKind,
)
from thidua.campaigns.permissions import UNIT_WRITERS, can_edit_registration, is_admin
from thidua.core.spreadsheet import (
    CellError,
    Column,
    ErrorList,
    RowError,
    SpreadsheetError,
    cell_date,
    check_text,
    open_sheet,
    open_workbook,
    pick_sheet,
    safe_cell,
    write_header,
)

SHEET = "Tiến độ"
SHEET_NAMES = (SHEET, "Tien do", "Progress")
PROGRESS_EVERY = 50  # rows between two progress reports of a job
NEW_FILL = PatternFill("solid", fgColor="FFF2CC")
_CODE = re.compile(r"^\s*([TtKk])\s*-?\s*(\d+)\s*$")

COLUMNS: tuple[Column, ...] = (
    Column(
        "item",
        "Mã mục",
        aliases=("item", "item code", "ma"),
        required=True,
        width=10,
        help=gettext_lazy("T… for a target, K… for a key work. Do not change it."),
    ),
    Column("unit_code", "Mã đơn vị", aliases=("unit code",), width=14),
    Column("unit", "Đơn vị", aliases=("unit",), width=28),
    Column("kind", "Loại", aliases=("kind",), width=12),
    Column("name", "Nội dung", aliases=("name", "item name"), width=48),
    Column("measure", "Đơn vị tính", aliases=("measure",), width=12),
    Column("current", "Giá trị hiện tại", aliases=("current", "current value"), width=16),
    Column(
        "new",
        "Giá trị mới",
        aliases=("new", "new value"),
        required=True,
        width=14,
        help=gettext_lazy(
            "The value reached (targets) or the percent done, 0 to 100 (key works). "
            "Leave empty to change nothing."
        ),
    ),
    Column(
        "as_of",
        "Ngày số liệu",
        aliases=("as of", "date"),
        width=14,
        help=gettext_lazy("dd/mm/yyyy; empty: today."),
    ),
    Column("note", "Ghi chú", aliases=("note",), width=36),
)


def editable_registrations(user: Any, registrations: Iterable[Registration]) -> list[Registration]:
    """The approved registrations among ``registrations`` the account may report on."""
    from thidua.campaigns.permissions import can_edit_registration

    return [
        r
        for r in registrations
        if r.state == RegistrationState.APPROVED and can_edit_registration(user, r)
    ]


@dataclass
class Item:
    code: str
    registration: Registration
    target: Target | None
    key_work: KeyWork | None
    name: str
    measure: str
    current: Decimal | None

    @property
    def kind_label(self) -> str:
        return _("Target") if self.target is not None else _("Key work")


def _latest(fk: str, column: str) -> Subquery:
    return Subquery(
        ProgressUpdate.objects.filter(**{fk: OuterRef("pk"), f"{column}__isnull": False})
        .order_by("-as_of", "-id")
        .values(column)[:1]
    )


def items_for(registrations: Sequence[Registration]) -> dict[str, Item]:
    """Item code → item, for the registrations' reportable targets and key works (2 queries)."""
    by_id = {r.pk: r for r in registrations}
    items: dict[str, Item] = {}
    targets: QuerySet[Target] = (
        Target.objects.filter(registration_id__in=by_id, kind=TargetKind.VALUE)
        .annotate(latest=_latest("target", "value"))
        .order_by("registration__unit__path", "position", "id")
    )
    for t in targets:
        t.registration = by_id[t.registration_id]
        items[f"T{t.pk}"] = Item(
            code=f"T{t.pk}",
            registration=by_id[t.registration_id],
            target=t,
            key_work=None,
            name=t.name,
            measure=t.measure,
            current=t.latest,  # type: ignore[attr-defined]
        )
    works: QuerySet[KeyWork] = (
        KeyWork.objects.filter(registration_id__in=by_id)
        .annotate(latest=_latest("key_work", "percent"))
        .order_by("registration__unit__path", "position", "id")
    )
    for w in works:
        w.registration = by_id[w.registration_id]
        items[f"K{w.pk}"] = Item(
            code=f"K{w.pk}",
            registration=by_id[w.registration_id],
            target=None,
            key_work=w,
            name=w.name,
            measure="%",
            current=w.latest,  # type: ignore[attr-defined]
        )
    return items


def _number(value: Decimal | None) -> Any:
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral() else float(value)


def template(registrations: Sequence[Registration]) -> bytes:
    """The progress sheet pre-filled with every reportable item and its latest value."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    write_header(ws, [c.title for c in COLUMNS], [c.width for c in COLUMNS])
    new_col = [c.key for c in COLUMNS].index("new") + 1
    for item in items_for(registrations).values():
        unit = item.registration.unit
        ws.append(
            [
                item.code,
                safe_cell(unit.code),
                safe_cell(unit.name),
                safe_cell(str(item.kind_label)),
                safe_cell(item.name),
                safe_cell(item.measure),
                _number(item.current),
                None,
                None,
                None,
            ]
        )
        ws.cell(row=ws.max_row, column=new_col).fill = NEW_FILL
    guide = wb.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 90
    guide.append([safe_cell(_("Progress update from Excel"))])
    guide.cell(row=1, column=1).font = Font(bold=True, size=13)
    for line in (
        _("Fill in the column “Giá trị mới” for the items whose progress changed."),
        _("Rows left empty, or with the same value as now, are not changed."),
        _("The whole file is checked first; if any row is wrong, nothing is saved."),
    ):
        guide.append([safe_cell(line)])
    guide.append([])
    for column in COLUMNS:
        if column.help:
            guide.append([safe_cell(column.title), safe_cell(str(column.help))])
            guide.cell(row=guide.max_row, column=2).alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class Change:
    row: int
    item: Item
    value: Decimal
    as_of: dt.date
    note: str


@dataclass
class ImportOutcome:
    errors: ErrorList = field(default_factory=ErrorList)
    written: int = 0
    unchanged: int = 0
    rows: int = 0
    file_name: str = ""
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if not self.ok:
            return _("%(n)s error(s) found; nothing was saved.") % {"n": len(self.errors)}
        return _("%(n)s progress updates recorded; %(u)s rows unchanged.") % {
            "n": self.written,
            "u": self.unchanged,
        }

    def receipt_lines(self) -> list[tuple[str, Any]]:
        """What the job's receipt workbook lists (``thidua.jobs.tasks.finish_import``)."""
        return [
            (_("File"), self.file_name),
            (pgettext("import count", "Rows read"), self.rows),
            (_("Progress updates recorded"), self.written),
            (pgettext("import count", "Unchanged"), self.unchanged),
        ]


def import_scope(
    user: Any, registration_id: int | None, campaign_id: int | None
) -> tuple[Campaign, Registration | None, list[Registration]]:
    """What an import covers: one registration, or every approved registration of a
    campaign the account may report on (its own unit's; an administrator's: all it sees).
    404 for outsiders, 403 for accounts that write nothing.  Used by the page and again by
    the job, which re-checks the account's rights when it runs."""
    if registration_id is not None:
        reg = selectors.access_registration(user, registration_id)
        if not can_edit_registration(user, reg):
            raise PermissionDenied
        return reg.campaign, reg, editable_registrations(user, [reg])
    campaign = selectors.access_campaign(user, campaign_id or 0)
    if not (is_admin(user) or getattr(user, "role", None) in UNIT_WRITERS):
        raise PermissionDenied
    qs: QuerySet[Registration] = selectors.registrations_for(user, campaign).filter(
        state=RegistrationState.APPROVED
    )
    if not is_admin(user):
        qs = qs.filter(unit_id=getattr(user, "unit_id", None) or 0)
    return campaign, None, editable_registrations(user, list(qs))


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("“%(v)s” is not a number.") % {"v": value})
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # Vietnamese decimal comma: 12,5
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(_("“%(v)s” is not a number.") % {"v": str(value)[:40]}) from None
    if not number.is_finite():
        raise CellError(_("“%(v)s” is not a number.") % {"v": str(value)[:40]})
    return number


def _check_row(
    values: dict[str, Any],
    items: dict[str, Item],
    seen: dict[str, int],
    today: dt.date,
    error: Any,
) -> Change | None:
    """A change from one row, or None when it changes nothing; problems go to ``error``."""
    raw_code = values.get("item")
    if raw_code is None:
        if values.get("new") is not None:
            error("item", _("The item code is missing."))
        return None
    match = _CODE.match(str(raw_code))
    code = f"{match.group(1).upper()}{match.group(2)}" if match else ""
    item = items.get(code)
    if item is None:
        error(
            "item",
            _("“%(code)s” is not one of the items you may report on (download a new template).")
            % {"code": str(raw_code)[:40]},
        )
        return None
    if values.get("new") is None:
        return None
    if code in seen:
        error(
            "item",
            _("Item %(code)s already appears on row %(row)s.") % {"code": code, "row": seen[code]},
        )
        return None
    ok = True
    value: Decimal | None = None
    try:
        value = _decimal(values["new"])
        if item.key_work is not None and not (0 <= value <= 100):
            raise CellError(_("A key work's percent done must be between 0 and 100."))
    except CellError as exc:
        error("new", str(exc))
        ok = False
    as_of = today
    try:
        as_of = cell_date(values.get("as_of")) or today
        start = item.registration.campaign.start_date
        if as_of > today:
            raise CellError(_("The progress date is in the future."))
        if start and as_of < start:
            raise CellError(
                _("The progress date is before the campaign started (%(d)s).")
                % {"d": f"{start:%d/%m/%Y}"}
            )
    except CellError as exc:
        error("as_of", str(exc))
        ok = False
    note = ""
    try:
        note = check_text(str(values["note"])) if values.get("note") is not None else ""
    except CellError as exc:
        error("note", str(exc))
        ok = False
    if not ok or value is None:
        return None
    if item.current is not None and value == item.current and values.get("as_of") is None:
        return None
    return Change(row=0, item=item, value=value, as_of=as_of, note=note)


class _Rollback(Exception):
    pass


def import_progress(
    *,
    actor: Any,
    registrations: Sequence[Registration],
    source: IO[bytes],
    today: dt.date | None = None,
    progress: Callable[[int, bool], None] | None = None,
) -> ImportOutcome:
    """Check the whole file, then write every change in one transaction (or nothing).
    ``progress(rows, writing)`` is called every ``PROGRESS_EVERY`` rows while checking
    and while writing, as the other imports do (``writing`` False once an error has been
    found: nothing will be saved)."""
    today = today or timezone.localdate()
    outcome = ImportOutcome()
    registrations = editable_registrations(actor, registrations)
    if not registrations:
        raise PermissionDenied
    try:
        opened = open_workbook(source)
    except SpreadsheetError as exc:
        outcome.errors.add(RowError("", None, "", "", str(exc)))
        return outcome
    outcome.sha256 = opened.sha256
    try:
        sheet = open_sheet(pick_sheet(opened.workbook, list(SHEET_NAMES)), COLUMNS)
        items = items_for(registrations)
        seen: dict[str, int] = {}
        changes: list[Change] = []
        for row in sheet.data_rows():
            outcome.rows += 1
            if progress is not None and outcome.rows % PROGRESS_EVERY == 0:
                progress(outcome.rows, not outcome.errors)

            def error(key: str, message: str, number: int = row.number) -> None:
                outcome.errors.add(sheet.error(number, key, message))

            change = _check_row(row.values, items, seen, today, error)
            code = change.item.code if change else None
            if change is not None and code is not None:
                seen[code] = row.number
                change.row = row.number
                changes.append(change)
            elif row.values.get("new") is not None and row.values.get("item") is not None:
                match = _CODE.match(str(row.values["item"]))
                if match:
                    seen.setdefault(f"{match.group(1).upper()}{match.group(2)}", row.number)
    except SpreadsheetError as exc:
        outcome.errors.add(RowError("", None, "", "", str(exc)))
        return outcome
    finally:
        opened.close()
    outcome.unchanged = outcome.rows - len(changes)
    if outcome.errors:
        return outcome
    try:
        with transaction.atomic():
            for done, change in enumerate(changes, start=1):
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done, True)
                try:
                    if change.item.target is not None:
                        services.progress_report(
                            actor=actor,
                            target=change.item.target,
                            value=change.value,
                            as_of=change.as_of,
                            note=change.note,
                        )
                    else:
                        services.progress_report(
                            actor=actor,
                            key_work=change.item.key_work,
                            percent=change.value,
                            as_of=change.as_of,
                            note=change.note,
                        )
                except ValidationError as exc:
                    for message in exc.messages:
                        outcome.errors.add(sheet.error(change.row, "new", message))
            if outcome.errors:
                raise _Rollback
            outcome.written = len(changes)
    except _Rollback:
        outcome.written = 0
    return outcome
