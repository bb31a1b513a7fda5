"""Excel imports of the records the rules read: task ratings, discipline, initiatives and
historical commendations (``thidua import_awards KIND FILE``).

Built on the import kit ``thidua.core.spreadsheet``: the whole sheet is read and every bad
row reported (sheet, row, column and a Vietnamese reason); codes of people, units and awards
are then resolved with one query per kind; only if nothing is wrong are the rows written, in
one transaction, with one audit event per created or changed record.  Nothing is
half-imported.  Rows are matched by their natural key (person + year for a rating, person +
level + start for a discipline, unit + year + title for an initiative, subject + award + year
for a commendation), so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.awards.models import (
    Award,
    Commendation,
    CommendationSource,
    Discipline,
    Initiative,
    Subject,
    TaskRating,
)
from thidua.awards.rules import rule_set_for_year
from thidua.core import audit
from thidua.core.models import AuditEvent
from thidua.core.spreadsheet import (
    CellError,
    Column,
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
from thidua.core.text import fold, nfc
from thidua.org.importers import ImportResult
from thidua.org.models import Person, Role, Unit
from thidua.org.permissions import Scope, scope_for

KINDS = ("ratings", "discipline", "initiatives", "commendations")

RATING_LABELS = {
    "HTXS": "Hoàn thành xuất sắc nhiệm vụ",
    "HTT": "Hoàn thành tốt nhiệm vụ",
    "HT": "Hoàn thành nhiệm vụ",
    "KHT": "Không hoàn thành nhiệm vụ",
}
DISCIPLINE_LABELS = {
    "khien_trach": "Khiển trách",
    "canh_cao": "Cảnh cáo",
    "ha_bac": "Hạ bậc lương",
    "giang_chuc": "Giáng chức",
    "cach_chuc": "Cách chức",
    "bai_nhiem": "Bãi nhiệm",
    "buoc_thoi_viec": "Buộc thôi việc",
}
LEVEL_LABELS = {"co_so": "Cấp cơ sở", "bo_tinh": "Cấp bộ, tỉnh", "toan_quoc": "Toàn quốc"}
KIND_LABELS = {"initiative": "Sáng kiến", "project": "Đề tài khoa học"}
SUBJECT_LABELS = {"individual": "Cá nhân", "collective": "Tập thể", "household": "Hộ gia đình"}

_PERSON = Column(
    "person",
    "Mã cán bộ",
    ("person code", "ma cb", "ma nhan su"),
    width=14,
    help=gettext_lazy("Code of the person (as in the people list)."),
)
_UNIT = Column(
    "unit",
    "Mã đơn vị",
    ("unit code", "collective code", "ma dv", "ma tap the"),
    width=14,
    help=gettext_lazy("Code of the unit (for a collective, the collective itself)."),
)
_YEAR = Column(
    "year", "Năm", ("year",), required=True, width=8, help=gettext_lazy("Year, four digits.")
)
_DECISION_NO = Column(
    "decision_number",
    "Số quyết định",
    ("decision number", "so qd"),
    width=16,
    help=gettext_lazy("Number of the decision, e.g. 125/QĐ-UBND."),
)
_DECISION_DATE = Column(
    "decision_date",
    "Ngày quyết định",
    ("decision date", "ngay qd"),
    width=14,
    help=gettext_lazy("Date of the decision (dd/mm/yyyy)."),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "ratings": (
        _PERSON,
        _UNIT,
        _YEAR,
        Column(
            "rating",
            "Xếp loại",
            ("rating", "muc do hoan thanh"),
            required=True,
            width=30,
            help=gettext_lazy("HTXS, HTT, HT or KHT (or the full wording)."),
            choices=tuple(RATING_LABELS.values()),
        ),
        Column("source", "Nguồn", ("source",), width=24, help=gettext_lazy("Where it comes from.")),
    ),
    "discipline": (
        _PERSON,
        Column(
            "level",
            "Hình thức kỷ luật",
            ("level", "discipline"),
            required=True,
            width=18,
            choices=tuple(DISCIPLINE_LABELS.values()),
            help=gettext_lazy("Form of discipline: choose from the list."),
        ),
        Column("start", "Từ ngày", ("from", "start"), required=True, width=12),
        Column("end", "Đến ngày", ("to", "end"), width=12),
        _DECISION_NO,
        _DECISION_DATE,
        Column("note", "Ghi chú", ("note",), width=24),
    ),
    "initiatives": (
        Column(
            "title",
            "Tên sáng kiến, đề tài",
            ("title", "ten sang kien"),
            required=True,
            width=50,
        ),
        Column(
            "authors",
            "Mã tác giả",
            ("authors", "author codes"),
            required=True,
            width=20,
            help=gettext_lazy("Codes of the authors, separated by commas or semicolons."),
        ),
        _UNIT,
        Column(
            "level",
            "Cấp công nhận",
            ("level",),
            required=True,
            width=16,
            choices=tuple(LEVEL_LABELS.values()),
        ),
        Column("kind", "Loại", ("kind",), width=16, choices=tuple(KIND_LABELS.values())),
        _YEAR,
        _DECISION_NO,
        _DECISION_DATE,
    ),
    "commendations": (
        Column(
            "subject",
            "Đối tượng",
            ("subject",),
            required=True,
            width=14,
            choices=tuple(SUBJECT_LABELS.values()),
        ),
        _PERSON,
        _UNIT,
        Column("household", "Tên hộ gia đình", ("household",), width=24),
        Column(
            "award",
            "Mã danh hiệu, hình thức",
            ("award", "award code", "ma danh hieu"),
            required=True,
            width=14,
            help=gettext_lazy("Code of the title or award, e.g. LDTT, CSTDCS, BK_BT."),
        ),
        _YEAR,
        _DECISION_NO,
        _DECISION_DATE,
        Column("authority", "Cơ quan ban hành", ("authority", "issued by"), width=30),
    ),
}
SHEETS = {
    "ratings": "Xếp loại",
    "discipline": "Kỷ luật",
    "initiatives": "Sáng kiến",
    "commendations": "Khen thưởng",
}


def _options(labels: dict[str, str]) -> dict[str, str]:
    options = {fold(code): code for code in labels}
    options.update({fold(label): code for code, label in labels.items()})
    return options


@dataclass
class _Parsed:
    row: int
    data: dict[str, Any]
    key: tuple[Any, ...] = ()


@dataclass
class _Importer:
    kind: str
    actor: Any
    result: ImportResult
    sheet: Sheet | None = None
    parsed: list[_Parsed] = field(default_factory=list)

    @property
    def scope(self) -> Scope:
        return Scope(everything=True) if self.actor is None else scope_for(self.actor)

    def err(self, row: int, key: str, message: str) -> None:
        assert self.sheet is not None
        if key in self.sheet.positions:
            self.result.errors.add(self.sheet.error(row, key, message))
        else:
            self.result.errors.add(RowError(self.sheet.name, row, "", "", message))

    def cell(self, row: Row, key: str, parse: Callable[[Any], Any]) -> Any:
        try:
            return parse(row.values.get(key))
        except CellError as exc:
            self.err(row.number, key, str(exc))
            return None

    def pick(self, row: Row, key: str, labels: dict[str, str], required: bool = True) -> Any:
        text = self.cell(row, key, cell_text)
        if not text:
            if required:
                self.err(row.number, key, _("This cell is required."))
            return None
        code = _options(labels).get(fold(text))
        if code is None:
            self.err(
                row.number,
                key,
                _("“%(v)s” is not allowed; use one of: %(allowed)s.")
                % {"v": text, "allowed": ", ".join(labels.values())},
            )
        return code

    def year(self, row: Row) -> int | None:
        value = self.cell(row, "year", cell_int)
        if value is None:
            if row.values.get("year") is None:
                self.err(row.number, "year", _("This cell is required."))
            return None
        if not 1945 <= value <= 2100:
            self.err(row.number, "year", _("The year %(y)s is not valid.") % {"y": value})
            return None
        return value


def _split_codes(text: str) -> list[str]:
    return [c.strip() for c in text.replace(";", ",").split(",") if c.strip()]


def _parse_row(imp: _Importer, row: Row) -> dict[str, Any] | None:
    before = len(imp.result.errors)
    text = lambda key: imp.cell(row, key, cell_text)  # noqa: E731
    data: dict[str, Any] = {}
    if imp.kind == "ratings":
        data["person"], data["unit"] = text("person"), text("unit")
        if bool(data["person"]) == bool(data["unit"]):
            imp.err(
                row.number,
                "person",
                _("Give either a person code or a collective's unit code, not both."),
            )
        data["year"] = imp.year(row)
        data["rating"] = imp.pick(row, "rating", RATING_LABELS)
        data["source"] = text("source") or ""
    elif imp.kind == "discipline":
        data["person"] = text("person")
        if not data["person"]:
            imp.err(row.number, "person", _("This cell is required."))
        data["level"] = imp.pick(row, "level", DISCIPLINE_LABELS)
        data["start"] = imp.cell(row, "start", cell_date)
        if data["start"] is None and row.values.get("start") is None:
            imp.err(row.number, "start", _("This cell is required."))
        data["end"] = imp.cell(row, "end", cell_date)
        if data["start"] and data["end"] and data["end"] < data["start"]:
            imp.err(row.number, "end", _("The end date is before the start date."))
        data["decision_number"] = text("decision_number") or ""
        data["decision_date"] = imp.cell(row, "decision_date", cell_date)
        data["note"] = text("note") or ""
    elif imp.kind == "initiatives":
        data["title"] = text("title")
        if not data["title"]:
            imp.err(row.number, "title", _("This cell is required."))
        data["authors"] = _split_codes(text("authors") or "")
        if not data["authors"]:
            imp.err(row.number, "authors", _("This cell is required."))
        data["unit"] = text("unit")
        if not data["unit"]:
            imp.err(row.number, "unit", _("This cell is required."))
        data["level"] = imp.pick(row, "level", LEVEL_LABELS)
        data["kind"] = imp.pick(row, "kind", KIND_LABELS, required=False) or "initiative"
        data["year"] = imp.year(row)
        data["decision_number"] = text("decision_number") or ""
        data["decision_date"] = imp.cell(row, "decision_date", cell_date)
    else:
        data["subject"] = imp.pick(row, "subject", SUBJECT_LABELS)
        data["person"], data["unit"] = text("person"), text("unit")
        data["household"] = text("household") or ""
        if data["subject"] == Subject.INDIVIDUAL and (not data["person"] or data["unit"]):
            imp.err(row.number, "person", _("An individual needs a person code (and no unit)."))
        if data["subject"] in (Subject.COLLECTIVE, Subject.HOUSEHOLD) and (
            not data["unit"] or data["person"]
        ):
            imp.err(row.number, "unit", _("A collective or household needs a unit code."))
        if data["subject"] == Subject.HOUSEHOLD and not data["household"]:
            imp.err(row.number, "household", _("The household's name is required."))
        data["award"] = (text("award") or "").upper()
        if not data["award"]:
            imp.err(row.number, "award", _("This cell is required."))
        data["year"] = imp.year(row)
        data["decision_number"] = text("decision_number") or ""
        data["decision_date"] = imp.cell(row, "decision_date", cell_date)
        data["authority"] = text("authority") or ""
    return data if len(imp.result.errors) == before else None


def _resolve(imp: _Importer) -> None:
    """Codes → objects (one query per kind), scope and catalog checks, natural keys."""
    person_codes = {c for p in imp.parsed for c in _person_codes(p.data)}
    unit_codes = {p.data["unit"] for p in imp.parsed if p.data.get("unit")}
    people = {
        p.code: p for p in Person.objects.filter(code__in=person_codes).select_related("unit")
    }
    units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}
    scope = imp.scope
    writer = (
        imp.actor is None
        or imp.actor.is_superuser
        or imp.actor.role
        in (
            Role.ADMIN,
            Role.OFFICE,
            Role.OFFICER,
        )
    )
    awards = {(a.rule_set, a.code): a for a in Award.objects.all()}
    seen: dict[tuple[Any, ...], int] = {}
    for p in imp.parsed:
        d, ok = p.data, True
        for code in _person_codes(d):
            person = people.get(code)
            key = "authors" if imp.kind == "initiatives" else "person"
            if person is None:
                imp.err(p.row, key, _("No person with code “%(c)s”.") % {"c": code})
                ok = False
            elif not writer or not scope.contains(person.unit):
                imp.err(p.row, key, _("The person “%(c)s” is not in your units.") % {"c": code})
                ok = False
        if d.get("unit"):
            unit = units.get(d["unit"])
            if unit is None:
                imp.err(p.row, "unit", _("No unit with code “%(c)s”.") % {"c": d["unit"]})
                ok = False
            elif not writer or not scope.contains(unit):
                imp.err(
                    p.row, "unit", _("The unit “%(c)s” is not in your units.") % {"c": d["unit"]}
                )
                ok = False
        if not ok:
            continue
        person = people.get(d["person"]) if d.get("person") else None
        unit = units.get(d["unit"]) if d.get("unit") else None
        d["person_obj"], d["unit_obj"] = person, unit
        if imp.kind == "ratings":
            p.key = (getattr(person, "pk", None), getattr(unit, "pk", None), d["year"])
        elif imp.kind == "discipline":
            p.key = (person.pk if person else None, d["level"], d["start"])
        elif imp.kind == "initiatives":
            d["author_objs"] = [people[c] for c in d["authors"]]
            p.key = (unit.pk if unit else None, d["year"], fold(nfc(d["title"]))[:500])
        else:
            award = awards.get((rule_set_for_year(d["year"]).code, d["award"]))
            if award is None or d["subject"] not in award.subjects:
                imp.err(
                    p.row,
                    "award",
                    _("“%(c)s” is not an award for this subject in %(y)s.")
                    % {"c": d["award"], "y": d["year"]},
                )
                continue
            d["award_obj"] = award
            p.key = (
                d["subject"],
                getattr(person, "pk", None),
                getattr(unit, "pk", None),
                nfc(d["household"]),
                award.pk,
                d["year"],
            )
        if p.key in seen:
            imp.err(p.row, "", _("Same record as row %(r)s.") % {"r": seen[p.key]})
            continue
        seen[p.key] = p.row


def _person_codes(data: dict[str, Any]) -> list[str]:
    if "authors" in data:
        return list(data["authors"])
    return [data["person"]] if data.get("person") else []


def _write(imp: _Importer) -> list[tuple[str, Any, dict[str, Any] | None]]:
    """Create or update; returns (action, object, before) for the audit trail."""
    changes: list[tuple[str, Any, dict[str, Any] | None]] = []
    rows = [p for p in imp.parsed if p.key]
    obj: Any

    def apply(obj: Any, values: dict[str, Any], action: str, *, also: bool = False) -> None:
        """Save ``values`` on ``obj``; ``also``: something else (authors) changed too."""
        if obj._state.adding:
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save()
            changes.append((f"{action}.import", obj, None))
            return
        if not also and all(getattr(obj, k) == v for k, v in values.items()):
            imp.result.unchanged += 1
            return
        before = audit.snapshot(obj)
        for k, v in values.items():
            setattr(obj, k, v)
        obj.save()
        changes.append((f"{action}.import", obj, before))

    if imp.kind == "ratings":
        existing = {
            (r.person_id, r.unit_id, r.year): r
            for r in TaskRating.objects.filter(year__in={p.key[2] for p in rows})
        }
        for p in rows:
            d = p.data
            obj = existing.get(p.key) or TaskRating(
                person=d["person_obj"], unit=d["unit_obj"], year=d["year"]
            )
            apply(obj, {"rating": d["rating"], "source": nfc(d["source"])}, "rating")
    elif imp.kind == "discipline":
        existing_d = {
            (r.person_id, r.level, r.start): r
            for r in Discipline.objects.filter(person_id__in={p.key[0] for p in rows})
        }
        for p in rows:
            d = p.data
            obj = existing_d.get(p.key) or Discipline(
                person=d["person_obj"], level=d["level"], start=d["start"]
            )
            apply(
                obj,
                {
                    "end": d["end"],
                    "decision_number": nfc(d["decision_number"]),
                    "decision_date": d["decision_date"],
                    "note": nfc(d["note"]),
                },
                "discipline",
            )
    elif imp.kind == "initiatives":
        existing_i = {
            (r.unit_id, r.year, r.title_folded): r
            for r in Initiative.objects.filter(
                unit_id__in={p.key[0] for p in rows}
            ).prefetch_related("authors")
        }
        for p in rows:
            d = p.data
            obj = existing_i.get(p.key) or Initiative(
                unit=d["unit_obj"], year=d["year"], title=d["title"]
            )
            authors = {a.pk for a in d["author_objs"]}
            adding = obj._state.adding
            same_authors = not adding and {a.pk for a in obj.authors.all()} == authors
            apply(
                obj,
                {
                    "level": d["level"],
                    "kind": d["kind"],
                    "decision_number": nfc(d["decision_number"]),
                    "decision_date": d["decision_date"],
                },
                "initiative",
                also=not adding and not same_authors,
            )
            if not same_authors:
                obj.authors.set(authors)
    else:
        existing_c = {
            (c.subject, c.person_id, c.unit_id, c.household_name, c.award_id, c.year): c
            for c in Commendation.objects.filter(year__in={p.key[5] for p in rows})
        }
        for p in rows:
            d = p.data
            found = existing_c.get(p.key)
            if found is not None and found.source == CommendationSource.DECISION:
                imp.result.unchanged += 1  # already in the registry from a decision
                continue
            obj = found or Commendation(
                subject=d["subject"],
                person=d["person_obj"],
                unit=d["unit_obj"],
                household_name=nfc(d["household"]),
                award=d["award_obj"],
                year=d["year"],
                source=CommendationSource.HISTORICAL,
            )
            apply(
                obj,
                {
                    "decision_number": nfc(d["decision_number"]),
                    "decision_date": d["decision_date"],
                    "decision_authority": nfc(d["authority"]),
                },
                "commendation",
            )
    return changes


def _audit(imp: _Importer, changes: list[tuple[str, Any, dict[str, Any] | None]]) -> None:
    actor = imp.actor if getattr(imp.actor, "is_authenticated", False) else None
    label = actor.get_username() if actor else "system"
    note = _("Imported from %(file)s") % {"file": imp.result.file_name}
    now = timezone.now()
    events = []
    for action, obj, before in changes:
        unit_id = getattr(obj, "unit_id", None)
        person = getattr(obj, "person", None)
        if person is not None:
            unit_id = person.unit_id
        events.append(
            AuditEvent(
                at=now,
                actor=actor,
                actor_label=label,
                action=action,
                target_type=ContentType.objects.get_for_model(type(obj)),
                target_id=str(obj.pk),
                target_label=str(obj)[:255],
                unit_id=unit_id,
                before=before,
                after=audit.snapshot(obj),
                note=note,
            )
        )
        if before is None:
            imp.result.created += 1
        else:
            imp.result.updated += 1
    AuditEvent.objects.bulk_create(events, batch_size=500)


def import_records(
    *,
    kind: str,
    actor: Any,
    source: str | Path | IO[bytes],
    file_name: str = "",
    dry_run: bool = False,
) -> ImportResult:
    """Import one kind of record (``ratings``, ``discipline``, ``initiatives``,
    ``commendations``) from an .xlsx.  ``actor`` None means a system import (command line)
    with no scope limit; otherwise only records of the account's units are accepted."""
    if kind not in KINDS:
        raise ValueError(kind)
    name = file_name or (Path(source).name if isinstance(source, str | Path) else "")
    result = ImportResult(kind=kind, file_name=name, dry_run=dry_run)
    try:
        opened = open_workbook(source)
    except SpreadsheetError as exc:
        result.errors.add(RowError("", None, "", "", str(exc)))
        return result
    result.sha256 = opened.sha256
    imp = _Importer(kind=kind, actor=actor, result=result)
    try:
        imp.sheet = open_sheet(pick_sheet(opened.workbook, [SHEETS[kind]]), COLUMNS[kind])
        for row in imp.sheet.data_rows():
            result.rows += 1
            data = _parse_row(imp, row)
            if data is not None:
                imp.parsed.append(_Parsed(row.number, data))
        if result.rows == 0:
            result.errors.add(
                RowError(imp.sheet.name, None, "", "", _("The sheet has no data rows."))
            )
    except SpreadsheetError as exc:
        result.errors.add(RowError("", None, "", "", str(exc)))
    finally:
        opened.close()
    if not result.ok:
        return result
    with transaction.atomic():
        _resolve(imp)
        if result.ok:
            changes = _write(imp)
            _audit(imp, changes)
        if not result.ok or dry_run:
            transaction.set_rollback(True)
    return result


def template(kind: str) -> bytes:
    """An empty import file for ``kind``, with an example row and instructions."""
    examples: dict[str, list[Any]] = {
        "ratings": ["CB000001", None, 2020, RATING_LABELS["HTXS"], "Đánh giá cuối năm"],
        "discipline": [
            "CB000001",
            DISCIPLINE_LABELS["khien_trach"],
            "01/03/2019",
            "28/02/2020",
            "15/QĐ-UBND",
            "01/03/2019",
            None,
        ],
        "initiatives": [
            "Số hóa hồ sơ thi đua khen thưởng",
            "CB000001, CB000002",
            "BL-SNV",
            LEVEL_LABELS["co_so"],
            KIND_LABELS["initiative"],
            2020,
            "45/QĐ-SNV",
            "20/11/2020",
        ],
        "commendations": [
            SUBJECT_LABELS["individual"],
            "CB000001",
            None,
            None,
            "BK_BT",
            2018,
            "2100/QĐ-UBND",
            "15/12/2018",
            "UBND tỉnh Bạc Liêu",
        ],
    }
    return template_workbook(
        sheet_title=SHEETS[kind],
        columns=COLUMNS[kind],
        example=examples[kind],
        instructions=[
            _("Fill in one row per record below the header row; delete the example row."),
            _("Dates as dd/mm/yyyy or as Excel dates."),
            _("If any row is wrong, nothing is saved and every wrong row is listed."),
            _("Importing the same file again changes nothing."),
        ],
    )
