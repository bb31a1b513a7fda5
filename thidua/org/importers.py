"""Excel imports of units and people.

One pass over the sheet, inside one transaction: rows are parsed and validated as they are
read, and gathered in batches of ``BATCH_SIZE``; each batch is checked against the database
with a few queries and, as long as no row so far was bad, written with ``bulk_create`` /
``bulk_update`` (plus one ``AuditEvent`` per created or changed object, also in bulk).  At the
first bad row writing stops but reading goes on, so that every bad row is reported; at the
end the transaction is rolled back if anything was wrong (or on a dry run).  Nothing is
half-imported.

Rows are matched by code: a row whose values equal what is stored changes nothing, so
importing the same file twice creates and updates nothing the second time.

These functions are the write path for imports (the counterpart of ``org.services`` for
one-by-one changes) and keep the same invariants: a unit's ``path``/``depth`` follow its
parent, ``name_folded`` is filled, a person's ``unit``/``title`` match their open position.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from thidua.core.models import AuditEvent
from thidua.core.spreadsheet import (
    CellError,
    Column,
    ErrorList,
    Row,
    RowError,
    Sheet,
    SpreadsheetError,
    cell_date,
    cell_int,
    cell_text,
    open_sheet,
    open_workbook,
    pick_sheet,
    template_workbook,
)
from thidua.core.text import fold
from thidua.org.models import (
    PATH_SEGMENT,
    Gender,
    Person,
    PersonCategory,
    Position,
    Unit,
    UnitKind,
    path_bounds,
    path_segment,
)
from thidua.org.permissions import Scope, scope_for

BATCH_SIZE = 1000
INSERT_ROWS = 500  # rows per INSERT statement (SQLite allows 32,766 parameters)

# -- file formats ----------------------------------------------------------------------------
# The Vietnamese labels below are part of the file format (what templates offer in their
# dropdowns), the same whatever the interface language.

UNIT_KIND_LABELS: dict[str, str] = {
    UnitKind.PROVINCE: "Tỉnh, thành phố trực thuộc trung ương",
    UnitKind.MINISTRY: "Bộ, ngành trung ương",
    UnitKind.DEPARTMENT: "Sở, ban, ngành",
    UnitKind.DISTRICT: "Cấp huyện",
    UnitKind.COMMUNE: "Xã",
    UnitKind.WARD: "Phường",
    UnitKind.TOWN: "Thị trấn",
    UnitKind.HAMLET: "Ấp, khóm, tổ dân phố",
    UnitKind.DIVISION: "Phòng, ban trong cơ quan",
    UnitKind.PUBLIC_SERVICE: "Đơn vị sự nghiệp công lập",
    UnitKind.SCHOOL: "Trường học",
    UnitKind.HOSPITAL: "Bệnh viện, trung tâm y tế",
    UnitKind.ENTERPRISE: "Doanh nghiệp",
    UnitKind.PARTY: "Tổ chức Đảng",
    UnitKind.MASS_ORG: "Đoàn thể",
    UnitKind.ARMED_FORCES: "Lực lượng vũ trang",
    UnitKind.OTHER: "Khác",
}
GENDER_LABELS: dict[str, str] = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
CATEGORY_LABELS: dict[str, str] = {
    PersonCategory.DIRECT_WORKER: "Công nhân, người lao động trực tiếp",
    PersonCategory.FARMER: "Nông dân",
}

UNIT_SHEET = "Đơn vị"
PEOPLE_SHEET = "Cán bộ"

UNIT_COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        "Mã đơn vị",
        ("unit code", "code", "ma dv"),
        required=True,
        width=16,
        help=gettext_lazy("Unique code of the unit, e.g. BL-HD. Rows are matched by this code."),
    ),
    Column(
        "name",
        "Tên đơn vị",
        ("unit name", "name"),
        required=True,
        width=40,
        help=gettext_lazy("Full name, e.g. Ủy ban nhân dân huyện Hồng Dân."),
    ),
    Column(
        "short_name",
        "Tên viết tắt",
        ("short name", "abbreviation"),
        width=16,
        help=gettext_lazy("Short name (optional)."),
    ),
    Column(
        "kind",
        "Loại",
        ("kind", "loai don vi", "unit kind", "type"),
        required=True,
        width=30,
        help=gettext_lazy("Kind of unit: choose from the list."),
        choices=tuple(UNIT_KIND_LABELS.values()),
    ),
    Column(
        "parent",
        "Mã đơn vị cấp trên",
        ("parent code", "parent unit code", "parent"),
        width=20,
        help=gettext_lazy(
            "Code of the parent unit: a unit that already exists in your units, or one listed "
            "on an earlier row of this file. Leave blank only for a top-level unit (system "
            "administrators only)."
        ),
    ),
    Column(
        "active_from",
        "Hoạt động từ",
        ("active from", "from"),
        width=14,
        help=gettext_lazy("Date the unit started (dd/mm/yyyy, optional)."),
    ),
    Column(
        "active_to",
        "Hoạt động đến",
        ("active to", "to", "until"),
        width=14,
        help=gettext_lazy("Date the unit stopped (dd/mm/yyyy, blank if still active)."),
    ),
    Column("address", "Địa chỉ", ("address",), width=40, help=gettext_lazy("Address.")),
    Column("note", "Ghi chú", ("note", "notes"), width=30, help=gettext_lazy("Note.")),
)

PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        "Mã cán bộ",
        ("person code", "code", "ma cb", "ma nhan su"),
        required=True,
        width=14,
        help=gettext_lazy("Unique code of the person. Rows are matched by this code."),
    ),
    Column(
        "full_name",
        "Họ và tên",
        ("full name", "name", "ho ten"),
        required=True,
        width=30,
        help=gettext_lazy("Full name with diacritics."),
    ),
    Column(
        "gender",
        "Giới tính",
        ("gender", "sex"),
        required=True,
        width=10,
        help=gettext_lazy("Nam or Nữ."),
        choices=tuple(GENDER_LABELS.values()),
    ),
    Column(
        "birth_year",
        "Năm sinh",
        ("birth year", "year of birth"),
        width=10,
        help=gettext_lazy("Year of birth, four digits (optional)."),
    ),
    Column(
        "ethnicity",
        "Dân tộc",
        ("ethnicity",),
        width=12,
        help=gettext_lazy("Ethnic group; blank means Kinh."),
    ),
    Column(
        "category",
        "Đối tượng",
        ("category",),
        width=34,
        help=gettext_lazy(
            "Blank for officers and employees; or choose a category the law treats specially."
        ),
        choices=tuple(CATEGORY_LABELS.values()),
    ),
    Column(
        "unit",
        "Mã đơn vị",
        ("unit code", "unit"),
        required=True,
        width=16,
        help=gettext_lazy("Code of the unit the person works in (one of your units)."),
    ),
    Column(
        "title",
        "Chức vụ",
        ("position", "title", "job title"),
        width=26,
        help=gettext_lazy("Current position, e.g. Chuyên viên."),
    ),
    Column(
        "start_date",
        "Từ ngày",
        ("start date", "from", "since"),
        width=14,
        help=gettext_lazy(
            "Date the current position started (dd/mm/yyyy, optional). When the unit or "
            "position changes, the previous position ends the day before."
        ),
    ),
)


def _options(labels: dict[str, str], choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Folded label or code → code; accepts the file-format labels, the codes and the
    model's own labels in Vietnamese and English."""
    options: dict[str, str] = {}
    for code, label in choices:
        options[fold(code)] = code
        for language in ("vi", "en"):
            with translation.override(language):
                options[fold(str(label))] = code
    for code, label in labels.items():
        options[fold(label)] = code
    return options


# -- results -----------------------------------------------------------------------------


@dataclass
class ImportResult:
    kind: str  # "units" or "people"
    file_name: str = ""
    sha256: str = ""
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: ErrorList = field(default_factory=ErrorList)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if not self.ok:
            return _("%(n)s error(s) found; nothing was saved.") % {"n": len(self.errors)}
        text = _(
            "%(rows)s row(s) read: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged."
        ) % {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            text = _("Dry run, nothing was saved.") + " " + text
        return text

    def receipt_lines(self) -> list[tuple[str, Any]]:
        """What a job's receipt workbook lists (``thidua.jobs.tasks.finish_import``)."""
        return [
            (_("File"), self.file_name),
            (pgettext("import count", "Rows read"), self.rows),
            (pgettext("import count", "Created"), self.created),
            (pgettext("import count", "Updated"), self.updated),
            (pgettext("import count", "Unchanged"), self.unchanged),
        ]


# -- shared machinery ----------------------------------------------------------------------


def _actor_label(actor: Any) -> tuple[Any, str]:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor, actor.get_username()
    return None, "system"


class _Importer:
    kind = ""
    columns: tuple[Column, ...] = ()
    sheet_names: tuple[str, ...] = ()
    model: type[Any] = Unit

    def __init__(self, *, actor: Any, result: ImportResult, batch_size: int) -> None:
        self.actor, self.actor_label = _actor_label(actor)
        self.scope: Scope = Scope(everything=True) if self.actor is None else scope_for(actor)
        self.result = result
        self.errors = result.errors
        self.batch_size = batch_size
        self.content_type = ContentType.objects.get_for_model(self.model)
        self.now = timezone.now()
        self.db_now = connection.ops.adapt_datetimefield_value(self.now)
        self.note = _("Imported from %(file)s") % {"file": result.file_name}
        self.sheet: Sheet
        # Called after each batch with (rows read so far, still writing): background jobs
        # show it as progress (thidua.jobs).
        self.progress: Callable[[int, bool], None] | None = None

    @property
    def writing(self) -> bool:
        return not self.errors

    def cell(self, row: Row, key: str, parse: Callable[[Any], Any], bad: list[bool]) -> Any:
        try:
            return parse(row.values.get(key))
        except CellError as exc:
            self.errors.add(self.sheet.error(row.number, key, str(exc)))
            bad[0] = True
            return None

    def required(self, row: Row, key: str, text: str, bad: list[bool], max_length: int) -> str:
        if not text:
            self.errors.add(self.sheet.error(row.number, key, _("This cell is required.")))
            bad[0] = True
        return self.limit(row, key, text, bad, max_length)

    def limit(self, row: Row, key: str, text: str, bad: list[bool], max_length: int) -> str:
        if len(text) > max_length:
            self.errors.add(
                self.sheet.error(
                    row.number,
                    key,
                    _("Too long (%(n)s characters, at most %(max)s).")
                    % {"n": len(text), "max": max_length},
                )
            )
            bad[0] = True
        return text

    def error(self, row: int, key: str, message: str) -> None:
        self.errors.add(self.sheet.error(row, key, message))

    def audit(
        self, action: str, pk: int, label: str, unit_id: int | None, before: Any, after: Any
    ) -> tuple[Any, ...]:
        """One audit event as a row for ``_insert(AuditEvent, AUDIT_COLUMNS, …)``."""
        ops = connection.ops
        return (
            self.db_now,
            self.actor.pk if self.actor is not None else None,
            self.actor_label,
            action,
            self.content_type.pk,
            str(pk),
            label[:255],
            unit_id,
            None if before is None else ops.adapt_json_value(before, None),
            None if after is None else ops.adapt_json_value(after, None),
            self.note,
        )

    def run(self, sheet: Sheet) -> None:
        self.sheet = sheet
        batch: list[Any] = []
        for row in sheet.data_rows():
            self.result.rows += 1
            parsed = self.parse(row)
            if parsed is not None:
                batch.append(parsed)
            if len(batch) >= self.batch_size:
                self.flush(batch)
                batch = []
                if self.progress is not None:
                    self.progress(self.result.rows, self.writing)
        if batch:
            self.flush(batch)
        self.finish()
        if self.progress is not None:
            self.progress(self.result.rows, self.writing)
        if self.result.rows == 0:
            self.errors.add(
                RowError(
                    sheet.name,
                    None,
                    "",
                    "",
                    _("Sheet “%(s)s” has no data rows.") % {"s": sheet.name},
                )
            )

    def parse(self, row: Row) -> Any:
        raise NotImplementedError

    def flush(self, batch: list[Any]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        pass


AUDIT_COLUMNS = (
    "at",
    "actor",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "unit",
    "before",
    "after",
    "note",
)
PERSON_COLUMNS = (
    "code",
    "full_name",
    "name_folded",
    "gender",
    "birth_year",
    "ethnicity",
    "category",
    "unit",
    "title",
    "created_at",
    "updated_at",
)
POSITION_COLUMNS = ("person", "unit", "title", "start_date", "end_date")


def _insert(model: type[Any], fields: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Plain INSERT (COPY on PostgreSQL) of already-adapted values.

    ``bulk_create`` spends most of its time building model instances and compiling each
    value; for the large, simple inserts of an import (people, positions, audit events)
    this is several times cheaper and keeps the import close to the cost of reading the
    file.  Values must already be in database form (``connection.ops.adapt_*``)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    meta = model._meta
    table = qn(meta.db_table)
    columns = ", ".join(qn(meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the fastest way into PostgreSQL, and psycopg does not have to scan a
            # statement with thousands of placeholders.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        per_statement = max(1, min(INSERT_ROWS, 30_000 // len(fields)))
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ", ".join([one] * len(chunk))
            sql = f"INSERT INTO {table} ({columns}) VALUES {values}"  # noqa: S608
            cursor.execute(sql, [value for row in chunk for value in row])


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# -- units -------------------------------------------------------------------------------


UNIT_DATA_FIELDS = ("name", "short_name", "kind", "active_from", "active_to", "address", "note")


@dataclass
class _UnitRow:
    number: int
    code: str
    parent_code: str
    data: dict[str, Any]
    parent_given: bool = True  # False: no parent column, stored units keep their parent


@dataclass
class _Known:
    """A unit known by code during the import: stored already, or created from the file."""

    pk: int | None
    path: str
    row: int | None = None  # file row that defined it
    bad: bool = False  # its row was bad: rows under it are not reported again


@dataclass
class _UnitUpdate:
    row: _UnitRow
    unit: Unit
    changed: dict[str, Any]
    moved: bool


class _UnitImporter(_Importer):
    kind = "units"
    columns = UNIT_COLUMNS
    sheet_names = (UNIT_SHEET, "Units", "Don vi")
    model = Unit

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kinds = _options(UNIT_KIND_LABELS, UnitKind.choices)
        self.seen: dict[str, int] = {}  # code -> first row
        self.known: dict[str, _Known] = {}
        self.pending_parent: list[tuple[int, str]] = []  # rows whose parent was not found yet

    def parse(self, row: Row) -> _UnitRow | None:
        bad = [False]
        code = self.required(row, "code", self.cell(row, "code", cell_text, bad) or "", bad, 32)
        name = self.required(row, "name", self.cell(row, "name", cell_text, bad) or "", bad, 255)
        short = self.limit(
            row, "short_name", self.cell(row, "short_name", cell_text, bad) or "", bad, 120
        )
        kind_text = self.cell(row, "kind", cell_text, bad) or ""
        kind = ""
        if not kind_text:
            self.error(row.number, "kind", _("This cell is required."))
            bad[0] = True
        elif fold(kind_text) in self.kinds:
            kind = self.kinds[fold(kind_text)]
        else:
            self.error(
                row.number, "kind", _("'%(v)s' is not a valid unit kind.") % {"v": kind_text[:40]}
            )
            bad[0] = True
        parent_code = self.cell(row, "parent", cell_text, bad) or ""
        active_from = self.cell(row, "active_from", cell_date, bad)
        active_to = self.cell(row, "active_to", cell_date, bad)
        if active_from and active_to and active_to < active_from:
            self.error(
                row.number,
                "active_to",
                _("The end date is before the start date (%(d)s).")
                % {"d": active_from.strftime("%d/%m/%Y")},
            )
            bad[0] = True
        address = self.limit(
            row, "address", self.cell(row, "address", cell_text, bad) or "", bad, 255
        )
        note = self.cell(row, "note", cell_text, bad) or ""
        if code:
            first = self.seen.get(code)
            if first is not None:
                self.error(
                    row.number,
                    "code",
                    _("Code %(code)s already appears on row %(row)s.")
                    % {"code": code, "row": first},
                )
                return None
            self.seen[code] = row.number
        if parent_code and parent_code == code:
            self.error(row.number, "parent", _("A unit cannot be its own parent."))
            bad[0] = True
        if bad[0]:
            if code:
                self.known[code] = _Known(pk=None, path="", row=row.number, bad=True)
            return None
        data = {"name": name, "short_name": short, "kind": kind, "active_from": active_from}
        data.update({"active_to": active_to, "address": address, "note": note})
        # Optional columns left out of the file keep what is stored.
        data = {k: v for k, v in data.items() if k in self.sheet.positions}
        return _UnitRow(row.number, code, parent_code, data, "parent" in self.sheet.positions)

    def flush(self, batch: list[_UnitRow]) -> None:
        lookup = {r.code for r in batch} | {
            r.parent_code for r in batch if r.parent_code and r.parent_code not in self.known
        }
        stored = {u.code: u for u in Unit.objects.filter(code__in=lookup)}
        for unit in stored.values():
            if unit.code not in self.known:
                self.known[unit.code] = _Known(pk=unit.pk, path=unit.path)
        creates: list[tuple[_UnitRow, Unit]] = []
        updates: list[_UnitUpdate] = []
        keep = {  # without a parent column stored units keep their parent: one query
            u.parent_id
            for r in batch
            if not r.parent_given and (u := stored.get(r.code)) is not None and u.parent_id
        }
        parent_codes: dict[int, str] = {}
        for pk, code, path in Unit.objects.filter(pk__in=keep).values_list("pk", "code", "path"):
            parent_codes[pk] = code
            self.known.setdefault(code, _Known(pk=pk, path=path))
        for row in batch:
            existing = stored.get(row.code)
            if not row.parent_given and existing is not None:
                row.parent_code = parent_codes.get(existing.parent_id or 0, "")
            parent = self._parent(row, existing)
            if parent is False:
                self.known[row.code] = _Known(pk=None, path="", row=row.number, bad=True)
                continue
            if existing is None:
                creates.append((row, Unit(code=row.code, **row.data)))
                self.known[row.code] = _Known(pk=None, path="", row=row.number)
                continue
            entry = self.known[row.code]
            if not self.scope.contains(existing):
                self.error(
                    row.number,
                    "code",
                    _("Code %(code)s belongs to a unit outside your units.") % {"code": row.code},
                )
                entry.bad = True
                continue
            moved = (parent.pk if parent else None) != existing.parent_id or (
                parent is not None and parent.pk is None
            )
            if moved and parent is not None and parent.path.startswith(existing.path):
                self.error(
                    row.number,
                    "parent",
                    _("A unit cannot be moved under itself or one of its own units."),
                )
                entry.bad = True
                continue
            entry.row = row.number
            changed = {k: v for k, v in row.data.items() if getattr(existing, k) != v}
            if changed or moved:
                updates.append(_UnitUpdate(row, existing, changed, moved))
            else:
                self.result.unchanged += 1
        if self.writing:
            self._write(creates, updates)
        else:
            self.result.created += len(creates)
            self.result.updated += len(updates)

    def _parent(self, row: _UnitRow, existing: Unit | None) -> _Known | Literal[False] | None:
        """The parent's entry, None for a top-level unit, False when the row is bad."""
        if not row.parent_code:
            if self.scope.everything or (existing is not None and existing.parent_id is None):
                return None
            self.error(
                row.number,
                "parent",
                _("Only a system administrator can create top-level units or move units there."),
            )
            return False
        parent = self.known.get(row.parent_code)
        if parent is None:
            self.pending_parent.append((row.number, row.parent_code))
            return False
        if parent.bad:
            return False
        unchanged = (
            existing is not None and parent.pk is not None and parent.pk == existing.parent_id
        )
        if parent.row is None and not unchanged and not self.scope.contains_path(parent.path):
            self.error(
                row.number,
                "parent",
                _("Unit %(code)s is outside your units.") % {"code": row.parent_code},
            )
            return False
        return parent

    def _write(self, creates: list[tuple[_UnitRow, Unit]], updates: list[_UnitUpdate]) -> None:
        events: list[tuple[Any, ...]] = []
        new_units = [unit for _row, unit in creates]
        # New units whose parent is new in this same batch wait for their parent's primary
        # key: one bulk_create per generation (usually one to three per batch).
        generation: dict[str, int] = {}
        groups: dict[int, list[tuple[_UnitRow, Unit]]] = {}
        for row, unit in creates:
            level = generation[row.parent_code] + 1 if row.parent_code in generation else 0
            generation[row.code] = level
            groups.setdefault(level, []).append((row, unit))
            unit.name_folded = fold(f"{unit.name} {unit.short_name} {unit.code}")
            unit.path = ""
        for level in sorted(groups):
            group = groups[level]
            for row, unit in group:
                unit.parent_id = self.known[row.parent_code].pk if row.parent_code else None
            Unit.objects.bulk_create([unit for _row, unit in group], batch_size=self.batch_size)
            for row, unit in group:
                self.known[row.code].pk = unit.pk
        # In row order (a parent row always comes before the rows under it) compute the paths
        # of new units and move stored units; a move shifts the known paths under it.
        steps: list[tuple[int, _UnitRow, _UnitUpdate | None]] = [
            (row.number, row, None) for row, _unit in creates
        ]
        steps += [(update.row.number, update.row, update) for update in updates]
        steps.sort(key=lambda step: step[0])
        changed_units: list[Unit] = []
        changed_fields: set[str] = set()
        for _number, row, update in steps:
            parent = self.known[row.parent_code] if row.parent_code else None
            parent_path = parent.path if parent else ""
            if update is None:
                entry = self.known[row.code]
                assert entry.pk is not None
                entry.path = parent_path + path_segment(entry.pk)
                continue
            existing, changed = update.unit, update.changed
            before = {k: _json(getattr(existing, k)) for k in changed}
            after = {k: _json(v) for k, v in changed.items()}
            if update.moved:
                before["parent"] = existing.parent_id
                after["parent"] = parent.pk if parent else None
                self._move(existing, parent.pk if parent else None, parent_path)
            if changed:
                for key, value in changed.items():
                    setattr(existing, key, value)
                existing.name_folded = fold(
                    f"{existing.name} {existing.short_name} {existing.code}"
                )
                existing.updated_at = self.now
                changed_fields.update(changed)
                changed_units.append(existing)
            events.append(
                self.audit("unit.update", existing.pk, existing.name, existing.pk, before, after)
            )
        for unit in new_units:
            unit.path = self.known[unit.code].path
            unit.depth = len(unit.path) // PATH_SEGMENT - 1
        if new_units:
            Unit.objects.bulk_update(new_units, ["path", "depth"], batch_size=self.batch_size)
        if changed_units:
            fields = sorted(changed_fields | {"name_folded", "updated_at"})
            Unit.objects.bulk_update(changed_units, fields, batch_size=self.batch_size)
        for unit in new_units:
            after = {"code": unit.code, **{k: _json(getattr(unit, k)) for k in UNIT_DATA_FIELDS}}
            after["parent"] = unit.parent_id
            events.append(self.audit("unit.create", unit.pk, unit.name, unit.pk, None, after))
        _insert(AuditEvent, AUDIT_COLUMNS, events)
        self.result.created += len(new_units)
        self.result.updated += len(updates)

    def _move(self, unit: Unit, new_parent_pk: int | None, parent_path: str) -> None:
        """Move a stored unit and its subtree (one UPDATE), keeping the known paths right."""
        old_path = unit.path
        new_path = parent_path + path_segment(unit.pk)
        low, high = path_bounds(old_path)
        Unit.objects.filter(path__gte=low, path__lt=high).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + (len(new_path) - len(old_path)) // PATH_SEGMENT,
        )
        Unit.objects.filter(pk=unit.pk).update(parent_id=new_parent_pk)
        unit.parent_id = new_parent_pk
        unit.path = new_path
        for entry in self.known.values():
            if entry.path and low <= entry.path < high:
                entry.path = new_path + entry.path[len(old_path) :]

    def finish(self) -> None:
        for number, parent_code in self.pending_parent:
            later = self.seen.get(parent_code)
            if later is not None and later > number:
                message = _(
                    "Parent unit %(code)s is defined further down (row %(row)s); put parent "
                    "units above the units under them."
                ) % {"code": parent_code, "row": later}
            else:
                message = _("Unknown parent unit code %(code)s.") % {"code": parent_code}
            self.error(number, "parent", message)


# -- people ------------------------------------------------------------------------------


PERSON_DATA_FIELDS = ("full_name", "gender", "birth_year", "ethnicity", "category")
PERSON_LOOKUP_FIELDS = ("code", *PERSON_DATA_FIELDS, "title", "unit__path")


@dataclass
class _PersonRow:
    number: int
    code: str
    unit_code: str
    data: dict[str, Any]
    title: str | None  # None: column absent, keep the stored title
    start_date: dt.date | None


class _PeopleImporter(_Importer):
    kind = "people"
    columns = PEOPLE_COLUMNS
    sheet_names = (PEOPLE_SHEET, "People", "Can bo", "Nhân sự")
    model = Person

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.genders = _options(GENDER_LABELS, Gender.choices)
        self.genders.update({"nu": Gender.FEMALE, "m": Gender.MALE, "f": Gender.FEMALE})
        self.categories = _options(CATEGORY_LABELS, PersonCategory.choices)
        self.seen: dict[str, int] = {}
        self.units: dict[str, tuple[int, str] | None] = {}  # code -> (pk, path) or None
        self.this_year = dt.date.today().year
        self.open_positions: dict[int, list[Position]] = {}

    def parse(self, row: Row) -> _PersonRow | None:
        bad = [False]
        present = self.sheet.positions
        code = self.required(row, "code", self.cell(row, "code", cell_text, bad) or "", bad, 32)
        name = self.cell(row, "full_name", cell_text, bad) or ""
        name = self.required(row, "full_name", name, bad, 160)
        gender = ""
        gender_text = self.cell(row, "gender", cell_text, bad) or ""
        if not gender_text:
            self.error(row.number, "gender", _("This cell is required."))
            bad[0] = True
        elif fold(gender_text) in self.genders:
            gender = self.genders[fold(gender_text)]
        else:
            self.error(
                row.number, "gender", _("'%(v)s' is not Nam or Nữ.") % {"v": gender_text[:40]}
            )
            bad[0] = True
        birth_year = self.cell(row, "birth_year", cell_int, bad)
        if birth_year is not None and not 1900 <= birth_year <= self.this_year:
            self.error(
                row.number,
                "birth_year",
                _("Birth year %(y)s is outside 1900–%(max)s.")
                % {"y": birth_year, "max": self.this_year},
            )
            bad[0] = True
        ethnicity = self.cell(row, "ethnicity", cell_text, bad) or "Kinh"
        ethnicity = self.limit(row, "ethnicity", ethnicity, bad, 64)
        category = ""
        category_text = self.cell(row, "category", cell_text, bad) or ""
        if category_text:
            if fold(category_text) in self.categories:
                category = self.categories[fold(category_text)]
            else:
                self.error(
                    row.number,
                    "category",
                    _("'%(v)s' is not a valid category (blank, %(a)s or %(b)s).")
                    % {
                        "v": category_text[:40],
                        "a": CATEGORY_LABELS[PersonCategory.DIRECT_WORKER],
                        "b": CATEGORY_LABELS[PersonCategory.FARMER],
                    },
                )
                bad[0] = True
        unit_code = self.cell(row, "unit", cell_text, bad) or ""
        self.required(row, "unit", unit_code, bad, 32)
        title: str | None = None
        if "title" in present:
            title = self.limit(
                row, "title", self.cell(row, "title", cell_text, bad) or "", bad, 160
            )
        start_date = self.cell(row, "start_date", cell_date, bad)
        if code:
            first = self.seen.get(code)
            if first is not None:
                self.error(
                    row.number,
                    "code",
                    _("Code %(code)s already appears on row %(row)s.")
                    % {"code": code, "row": first},
                )
                return None
            self.seen[code] = row.number
        if bad[0]:
            return None
        data: dict[str, Any] = {"full_name": name, "gender": gender, "ethnicity": ethnicity}
        if "birth_year" in present:
            data["birth_year"] = birth_year
        if "category" in present:
            data["category"] = category
        return _PersonRow(row.number, code, unit_code, data, title, start_date)

    def _load_units(self, codes: set[str]) -> None:
        missing = codes - self.units.keys()
        if not missing:
            return
        for code, pk, path in Unit.objects.filter(code__in=missing).values_list(
            "code", "pk", "path"
        ):
            self.units[code] = (pk, path)
        for code in missing:
            self.units.setdefault(code, None)

    def flush(self, batch: list[_PersonRow]) -> None:
        self._load_units({r.unit_code for r in batch})
        stored = {
            p.code: p
            for p in Person.objects.filter(code__in=[r.code for r in batch])
            .select_related("unit")
            .only(*PERSON_LOOKUP_FIELDS)
        }
        creates: list[tuple[_PersonRow, int]] = []
        updates: list[tuple[_PersonRow, Person, dict[str, Any], bool]] = []
        for row in batch:
            unit = self.units.get(row.unit_code)
            if unit is None:
                self.error(
                    row.number, "unit", _("Unknown unit code %(code)s.") % {"code": row.unit_code}
                )
                continue
            unit_pk, unit_path = unit
            if not self.scope.contains_path(unit_path):
                self.error(
                    row.number,
                    "unit",
                    _("Unit %(code)s is outside your units.") % {"code": row.unit_code},
                )
                continue
            existing = stored.get(row.code)
            if existing is None:
                creates.append((row, unit_pk))
                continue
            if not (self.scope.everything or self.scope.contains(existing.unit)):
                self.error(
                    row.number,
                    "code",
                    _("Code %(code)s belongs to a person outside your units.") % {"code": row.code},
                )
                continue
            changed = {k: v for k, v in row.data.items() if getattr(existing, k) != v}
            title = existing.title if row.title is None else row.title
            moved = existing.unit_id != unit_pk or existing.title != title
            if moved:
                changed["unit_id"] = unit_pk
                changed["title"] = title
            if changed:
                updates.append((row, existing, changed, moved))
            else:
                self.result.unchanged += 1
        if updates:
            self._check_positions(updates)
        if self.writing:
            self._write(creates, updates)
        else:
            self.result.created += len(creates)
            self.result.updated += len(updates)

    def _check_positions(
        self, updates: list[tuple[_PersonRow, Person, dict[str, Any], bool]]
    ) -> None:
        """A new position must start after the open one; remember the open positions."""
        ids = [person.pk for _row, person, _changed, moved in updates if moved]
        self.open_positions = {}
        if not ids:
            return
        for position in Position.objects.filter(person_id__in=ids, end_date__isnull=True):
            self.open_positions.setdefault(position.person_id, []).append(position)
        kept = []
        for item in updates:
            row, person, _changed, moved = item
            start = row.start_date or self.now.date()
            late = [
                p
                for p in self.open_positions.get(person.pk, [])
                if p.start_date and p.start_date >= start
            ]
            if moved and late:
                self.error(
                    row.number,
                    "start_date",
                    _("The new position must start after the current one (%(d)s).")
                    % {"d": late[0].start_date.strftime("%d/%m/%Y") if late[0].start_date else ""},
                )
                continue
            kept.append(item)
        updates[:] = kept

    def _write(
        self,
        creates: list[tuple[_PersonRow, int]],
        updates: list[tuple[_PersonRow, Person, dict[str, Any], bool]],
    ) -> None:
        """Creates go in as plain multi-row INSERTs (no model instances, no per-object SQL
        compilation); their ids are read back by code in one query."""
        ops = connection.ops
        events: list[tuple[Any, ...]] = []
        positions: list[tuple[Any, ...]] = []
        if creates:
            people = []
            for row, unit_pk in creates:
                data = row.data
                people.append(
                    (
                        row.code,
                        data["full_name"],
                        fold(data["full_name"]),
                        data["gender"],
                        data.get("birth_year"),
                        data["ethnicity"],
                        data.get("category", ""),
                        unit_pk,
                        row.title or "",
                        self.db_now,
                        self.db_now,
                    )
                )
            _insert(Person, PERSON_COLUMNS, people)
            ids = dict(
                Person.objects.filter(code__in=[row.code for row, _u in creates]).values_list(
                    "code", "id"
                )
            )
            for row, unit_pk in creates:
                pk = ids[row.code]
                title = row.title or ""
                start = ops.adapt_datefield_value(row.start_date)
                positions.append((pk, unit_pk, title, start, None))
                after = {"code": row.code, **row.data, "title": title, "unit": unit_pk}
                events.append(
                    self.audit("person.create", pk, row.data["full_name"], unit_pk, None, after)
                )
        changed_people: list[Person] = []
        fields: set[str] = set()
        closing: dict[dt.date, list[int]] = {}
        for row, person, changed, moved in updates:
            before = {k.removesuffix("_id"): getattr(person, k) for k in changed}
            after = {k.removesuffix("_id"): v for k, v in changed.items()}
            for key, value in changed.items():
                setattr(person, key, value)
            if "full_name" in changed:
                person.name_folded = fold(person.full_name)
                fields.add("name_folded")
            person.updated_at = self.now
            fields.update(changed)
            changed_people.append(person)
            if moved:
                starts = row.start_date or self.now.date()
                open_ids = [p.pk for p in self.open_positions.get(person.pk, [])]
                if open_ids:
                    closing.setdefault(starts - dt.timedelta(days=1), []).extend(open_ids)
                start_value = ops.adapt_datefield_value(row.start_date)
                positions.append((person.pk, changed["unit_id"], person.title, start_value, None))
            events.append(
                self.audit(
                    "person.update", person.pk, person.full_name, person.unit_id, before, after
                )
            )
        if changed_people:
            Person.objects.bulk_update(
                changed_people, sorted(fields | {"updated_at"}), batch_size=self.batch_size
            )
        for end_date, position_ids in closing.items():
            Position.objects.filter(pk__in=position_ids).update(end_date=end_date)
        _insert(Position, POSITION_COLUMNS, positions)
        _insert(AuditEvent, AUDIT_COLUMNS, events)
        self.result.created += len(creates)
        self.result.updated += len(updates)


# -- entry points --------------------------------------------------------------------------


def _run(
    importer_class: type[_Importer],
    *,
    actor: Any,
    source: str | Path | IO[bytes],
    file_name: str,
    dry_run: bool,
    batch_size: int,
    progress: Callable[[int, bool], None] | None = None,
) -> ImportResult:
    result = ImportResult(kind=importer_class.kind, file_name=file_name, dry_run=dry_run)
    try:
        opened = open_workbook(source)
    except SpreadsheetError as exc:
        result.errors.add(RowError("", None, "", "", str(exc)))
        return result
    result.sha256 = opened.sha256
    try:
        sheet = open_sheet(
            pick_sheet(opened.workbook, importer_class.sheet_names), importer_class.columns
        )
        with transaction.atomic():
            importer = importer_class(actor=actor, result=result, batch_size=batch_size)
            importer.progress = progress
            importer.run(sheet)
            if not result.ok or dry_run:
                transaction.set_rollback(True)
            elif result.created or result.updated:
                _audit_summary(importer, result)
    except SpreadsheetError as exc:
        result.errors.add(RowError("", None, "", "", str(exc)))
    finally:
        opened.close()
    return result


def _audit_summary(importer: _Importer, result: ImportResult) -> None:
    actor = importer.actor
    unit_id = getattr(actor, "unit_id", None)
    AuditEvent.objects.create(
        actor=actor,
        actor_label=importer.actor_label,
        action=f"import.{result.kind}",
        target_type=ContentType.objects.get_for_model(Unit),
        target_id=str(unit_id or ""),
        target_label=result.file_name[:255],
        unit_id=unit_id,
        after={
            "file_name": result.file_name,
            "sha256": result.sha256,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
        note=importer.note,
    )


def import_units(
    *,
    actor: Any,
    source: str | Path | IO[bytes],
    file_name: str = "",
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, bool], None] | None = None,
) -> ImportResult:
    """Create or update units from an .xlsx (see ``UNIT_COLUMNS``).  ``actor`` None means a
    system import (command line) with no scope limit."""
    return _run(
        _UnitImporter,
        actor=actor,
        source=source,
        file_name=file_name or _name_of(source),
        dry_run=dry_run,
        batch_size=batch_size,
        progress=progress,
    )


def import_people(
    *,
    actor: Any,
    source: str | Path | IO[bytes],
    file_name: str = "",
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, bool], None] | None = None,
) -> ImportResult:
    """Create or update people (and their current position) from an .xlsx."""
    return _run(
        _PeopleImporter,
        actor=actor,
        source=source,
        file_name=file_name or _name_of(source),
        dry_run=dry_run,
        batch_size=batch_size,
        progress=progress,
    )


def _name_of(source: Any) -> str:
    if isinstance(source, str | Path):
        return Path(source).name
    return str(getattr(source, "name", "") or "")


def unit_template() -> bytes:
    return template_workbook(
        sheet_title=UNIT_SHEET,
        columns=UNIT_COLUMNS,
        example=[
            "BL-HD-NTLA",
            "Ủy ban nhân dân xã Ninh Thạnh Lợi A",
            "UBND xã NTLA",
            UNIT_KIND_LABELS[UnitKind.COMMUNE],
            "BL-HD",
            "01/01/2020",
            None,
            "Xã Ninh Thạnh Lợi A, huyện Hồng Dân, tỉnh Bạc Liêu",
            None,
        ],
        instructions=[_("Import template: units"), *_instructions()],
    )


def people_template() -> bytes:
    return template_workbook(
        sheet_title=PEOPLE_SHEET,
        columns=PEOPLE_COLUMNS,
        example=[
            "CB000001",
            "Nguyễn Thị Mai",
            GENDER_LABELS[Gender.FEMALE],
            1985,
            "Kinh",
            None,
            "BL-HD",
            "Chuyên viên",
            "01/03/2020",
        ],
        instructions=[_("Import template: people"), *_instructions()],
    )


def _instructions() -> list[str]:
    return [
        _("Fill in one row per record below the header row; delete the example row."),
        _("Keep the column titles. Columns marked (required) must be filled on every row."),
        _("Dates as dd/mm/yyyy or as Excel dates."),
        _("Rows are matched by their code: importing the same file again changes nothing."),
        _("If any row is wrong, nothing is saved and every wrong row is listed."),
    ]
