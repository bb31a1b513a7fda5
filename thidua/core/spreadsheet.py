"""Reading and writing Excel (.xlsx) files for imports: generic, reusable by every importer.

Reading streams the sheet (openpyxl ``read_only=True, data_only=True`` and
``iter_rows(values_only=True)``), so a 100,000-row file costs little memory.  The header row
is found by its column titles, matched diacritic-insensitively (``core.text.fold``) against
the Vietnamese title and its English/ASCII variants.  Problems are collected as ``RowError``
(sheet, row, column letter and title, reason) so that a clerk gets the whole list at once.

Junk is refused with a clear message before openpyxl sees it: files over
``settings.THIDUA_MAX_IMPORT_BYTES``, files that are not ZIP containers (a renamed .csv or
.docx), encrypted workbooks and old .xls files (OLE2 containers), ZIP bombs.

Formula injection: cells are read with ``data_only=True`` (cached values, never formulas);
text that starts like a formula is refused on import (``check_text``), and everything written
back to a workbook goes through ``safe_cell`` so that no stored text becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook as WorkbookType
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core.text import fold, nfc

MAX_ERRORS = 1000
# How far the uncompressed content may exceed the size limit before we call it a ZIP bomb.
MAX_INFLATION = 40
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_FORMULA_START = ("=", "+", "@", "\t", "\r")
_EXPORT_UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
HEADER_SEARCH_ROWS = 10


class SpreadsheetError(Exception):
    """The file as a whole cannot be read (not an .xlsx, encrypted, too large, no header)."""


class CellError(ValueError):
    """A cell's value is not acceptable; the message is shown to the user."""


@dataclass(frozen=True)
class Column:
    """One column of an import format.

    ``title`` is the Vietnamese header written in templates (part of the file format, the
    same whatever the interface language); ``aliases`` are other accepted headers (English,
    codes).  ``help`` is shown in the instructions sheet."""

    key: str
    title: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    width: int = 18
    help: str | Promise = ""
    choices: tuple[str, ...] = ()

    def accepted(self) -> set[str]:
        return {fold(t) for t in (self.title, self.key, *self.aliases)}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int | None
    column: str  # letter, "" when the error is about the whole row or file
    title: str  # header of the column as found in the file (or expected)
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(msg)s") % {"row": self.row, "msg": self.message}
        return _("Row %(row)s, column %(col)s (%(title)s): %(msg)s") % {
            "row": self.row,
            "col": self.column,
            "title": self.title,
            "msg": self.message,
        }


@dataclass
class ErrorList:
    """Errors up to ``cap``; beyond it only counted."""

    cap: int = MAX_ERRORS
    items: list[RowError] = field(default_factory=list)
    more: int = 0

    def add(self, error: RowError) -> None:
        if len(self.items) < self.cap:
            self.items.append(error)
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.items) or self.more > 0

    def __len__(self) -> int:
        return len(self.items) + self.more

    def sorted(self) -> list[RowError]:
        return sorted(self.items, key=lambda e: (e.sheet, e.row or 0, e.column))


@dataclass
class Row:
    """One data row: its number in the sheet and its cells by column key."""

    number: int
    values: dict[str, Any]


@dataclass
class Sheet:
    """A sheet opened for reading, with its header row mapped to column keys."""

    name: str
    header_row: int
    positions: dict[str, int]  # column key -> 0-based index
    titles: dict[str, str]  # column key -> header text found in the file
    rows: Iterator[tuple[Any, ...]]

    def letter(self, key: str) -> str:
        return get_column_letter(self.positions[key] + 1)

    def error(self, row: int, key: str, message: str) -> RowError:
        return RowError(self.name, row, self.letter(key), self.titles[key], message)

    def data_rows(self) -> Iterator[Row]:
        """Non-blank rows below the header, cells by column key."""
        positions = list(self.positions.items())
        number = self.header_row
        for raw in self.rows:
            number += 1
            values: dict[str, Any] = {}
            blank = True
            for key, index in positions:
                value = raw[index] if index < len(raw) else None
                if isinstance(value, str):
                    value = value.strip()
                    if not value:
                        value = None
                if value is not None:
                    blank = False
                values[key] = value
            if not blank:
                yield Row(number, values)


# -- opening files -----------------------------------------------------------------------


@dataclass
class OpenedStream:
    stream: IO[bytes]
    size: int
    sha256: str


@dataclass
class OpenedFile:
    workbook: WorkbookType
    sha256: str
    size: int

    def close(self) -> None:
        self.workbook.close()


def _read_source(source: str | Path | IO[bytes], max_bytes: int) -> tuple[IO[bytes], int, str]:
    """A seekable binary stream of the file, its size and sha256, checked against the limit."""
    if isinstance(source, str | Path):
        stream: IO[bytes] = open(source, "rb")  # noqa: SIM115 - closed by the caller
    else:
        stream = source
    stream.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(1024 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise SpreadsheetError(
                _("The file is too large (limit %(mb)s MB).")
                % {"mb": f"{max_bytes / 1024 / 1024:.0f}"}
            )
        digest.update(chunk)
    stream.seek(0)
    return stream, size, digest.hexdigest()


def check_xlsx(source: str | Path | IO[bytes], *, max_bytes: int | None = None) -> OpenedStream:
    """The container checks of ``open_workbook`` without parsing the workbook: size limit,
    not empty, a ZIP holding ``xl/workbook.xml`` (not an .xls, an encrypted workbook, a renamed
    .csv or .docx), not a ZIP bomb.  Cheap enough for a form's ``clean``, so that junk is
    refused on the page before a job is queued.  Raises ``SpreadsheetError``."""
    limit = max_bytes if max_bytes is not None else settings.THIDUA_MAX_IMPORT_BYTES
    stream, size, sha = _read_source(source, limit)
    if size == 0:
        raise SpreadsheetError(_("The file is empty."))
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(_OLE2_MAGIC):
        raise SpreadsheetError(
            _(
                "The file is password-protected or in the old Excel 97–2003 (.xls) format. "
                "Open it in Excel, remove the password and save it as an Excel workbook (.xlsx)."
            )
        )
    if not head.startswith(_ZIP_MAGIC):
        raise SpreadsheetError(
            _("The file is not an Excel workbook (.xlsx). Save it in Excel as .xlsx and retry.")
        )
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(_("The file is damaged and cannot be read as .xlsx.")) from None
    if "xl/workbook.xml" not in names:
        raise SpreadsheetError(
            _("The file is not an Excel workbook (.xlsx). Save it in Excel as .xlsx and retry.")
        )
    if inflated > max(limit, 1024 * 1024) * MAX_INFLATION:
        raise SpreadsheetError(_("The file expands to too much data to be read safely."))
    stream.seek(0)
    return OpenedStream(stream=stream, size=size, sha256=sha)


def open_workbook(source: str | Path | IO[bytes], *, max_bytes: int | None = None) -> OpenedFile:
    """Open an .xlsx for streaming, or raise ``SpreadsheetError`` with a message for users."""
    checked = check_xlsx(source, max_bytes=max_bytes)
    try:
        workbook = load_workbook(checked.stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors…) on damaged files
        raise SpreadsheetError(_("The file is damaged and cannot be read as .xlsx.")) from None
    return OpenedFile(workbook=workbook, sha256=checked.sha256, size=checked.size)


def pick_sheet(workbook: WorkbookType, preferred: Sequence[str]) -> Any:
    """The sheet named like one of ``preferred`` (folded), else the first that is not an
    instructions sheet."""
    wanted = {fold(name) for name in preferred}
    sheets = list(workbook.worksheets)
    for ws in sheets:
        if fold(ws.title) in wanted:
            return ws
    for ws in sheets:
        if fold(ws.title) not in {"huong dan", "instructions"}:
            return ws
    raise SpreadsheetError(_("The workbook has no sheet with data."))


def open_sheet(worksheet: Any, columns: Sequence[Column]) -> Sheet:
    """Find the header row among the first rows and check the required columns."""
    rows = worksheet.iter_rows(values_only=True)
    lookup: dict[str, Column] = {}
    for column in columns:
        for name in column.accepted():
            lookup[name] = column
    number = 0
    for raw in rows:
        number += 1
        positions: dict[str, int] = {}
        titles: dict[str, str] = {}
        for index, value in enumerate(raw):
            if value is None:
                continue
            found = lookup.get(fold(str(value)))
            if found is not None and found.key not in positions:
                positions[found.key] = index
                titles[found.key] = nfc(str(value))
        if positions:
            missing = [c.title for c in columns if c.required and c.key not in positions]
            if missing:
                raise SpreadsheetError(
                    _("Sheet “%(sheet)s”: required column(s) missing: %(cols)s.")
                    % {"sheet": worksheet.title, "cols": ", ".join(missing)}
                )
            return Sheet(worksheet.title, number, positions, titles, rows)
        if number >= HEADER_SEARCH_ROWS:
            break
    if number == 0:
        raise SpreadsheetError(_("Sheet “%(sheet)s” is empty.") % {"sheet": worksheet.title})
    raise SpreadsheetError(
        _("Sheet “%(sheet)s” has no header row; expected columns: %(cols)s.")
        % {"sheet": worksheet.title, "cols": ", ".join(c.title for c in columns)}
    )


# -- cell values ---------------------------------------------------------------------------


def check_text(text: str) -> str:
    """NFC text, refusing what looks like a spreadsheet formula (formula injection)."""
    if text.startswith(_FORMULA_START):
        raise CellError(
            _("'%(v)s' starts like a formula (=, +, @); remove the first character.")
            % {"v": text[:40]}
        )
    return nfc(text)


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a spurious '.0', dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return check_text(str(value))


def cell_date(value: Any) -> dt.date | None:
    """An Excel date, or text dd/mm/yyyy (also d.m.yyyy, d-m-yyyy, yyyy-mm-dd)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE_TEXT.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        match = _ISO_DATE.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        pass
    raise CellError(_("'%(v)s' is not a valid date (use dd/mm/yyyy).") % {"v": text[:40]})


def cell_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("'%(v)s' is not a whole number.") % {"v": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    raise CellError(_("'%(v)s' is not a whole number.") % {"v": text[:40]})


def choice(value: Any, options: dict[str, str], message: Callable[[str], str]) -> str:
    """Map a cell to a code through ``options`` (folded label or code → code)."""
    text = cell_text(value)
    code = options.get(fold(text))
    if code is None:
        raise CellError(message(text))
    return code


# -- writing workbooks ---------------------------------------------------------------------


def safe_cell(value: Any) -> Any:
    """A value that Excel will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(_EXPORT_UNSAFE_START):
        return "'" + value
    if isinstance(value, Promise):
        return safe_cell(str(value))
    return value


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_header(ws: Any, titles: Sequence[str], widths: Sequence[int]) -> None:
    ws.append([safe_cell(t) for t in titles])
    for index, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"


def template_workbook(
    *,
    sheet_title: str,
    columns: Sequence[Column],
    example: Sequence[Any],
    instructions: Sequence[str],
    max_rows: int = 100_000,
) -> bytes:
    """A template: bold headers, widths, dropdowns for columns with choices, one example
    row, and an instructions sheet ("Hướng dẫn")."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_title
    write_header(ws, [c.title for c in columns], [c.width for c in columns])
    ws.append([safe_cell(v) for v in example])
    lists = wb.create_sheet("Danh mục")
    list_col = 0
    for index, column in enumerate(columns, start=1):
        if not column.choices:
            continue
        list_col += 1
        letter = get_column_letter(list_col)
        lists.cell(row=1, column=list_col, value=column.title).font = HEADER_FONT
        for offset, label in enumerate(column.choices, start=2):
            lists.cell(row=offset, column=list_col, value=safe_cell(label))
        lists.column_dimensions[letter].width = max(len(c) for c in column.choices) + 2
        source = f"'Danh mục'!${letter}$2:${letter}${len(column.choices) + 1}"
        validation = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
        validation.error = _("Choose a value from the list.")
        validation.errorTitle = column.title
        validation.showErrorMessage = True
        target = get_column_letter(index)
        validation.add(f"{target}2:{target}{max_rows + 1}")
        ws.add_data_validation(validation)
    guide = wb.create_sheet("Hướng dẫn", 0)
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 90
    for line in instructions:
        guide.append([safe_cell(line)])
    guide.append([])
    header = guide.max_row + 1
    guide.append([_("Column"), _("What to enter")])
    guide.cell(row=header, column=1).font = HEADER_FONT
    guide.cell(row=header, column=2).font = HEADER_FONT
    for column in columns:
        required = _(" (required)") if column.required else ""
        guide.append([safe_cell(column.title + required), safe_cell(str(column.help))])
        guide.cell(row=guide.max_row, column=2).alignment = Alignment(wrap_text=True)
    guide.cell(row=1, column=1).font = Font(bold=True, size=13)
    wb.active = wb.index(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def errors_workbook(errors: Sequence[RowError], *, more: int = 0) -> bytes:
    """The error list as an .xlsx a clerk can sort and work through."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Errors"))
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 8
    ws.column_dimensions["D"].width = 24
    ws.column_dimensions["E"].width = 90
    ws.append([_("Sheet"), _("Row"), _("Column"), _("Column title"), _("Reason")])
    for error in errors:
        ws.append(
            [
                safe_cell(error.sheet),
                error.row,
                error.column,
                safe_cell(error.title),
                safe_cell(error.message),
            ]
        )
    if more:
        ws.append(["", None, "", "", _("… and %(n)s more errors.") % {"n": more}])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
