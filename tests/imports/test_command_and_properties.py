from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from tests.conftest import Cast
from tests.imports.conftest import PEOPLE_HEADER, UNIT_HEADER, XlsxMaker, person_row, unit_row
from thidua.core.models import AuditEvent
from thidua.core.spreadsheet import RowError, errors_workbook
from thidua.org.importers import import_people
from thidua.org.models import Person, Position, Unit

pytestmark = pytest.mark.django_db


def test_the_command_imports_and_prints_a_vietnamese_summary(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    path = make_xlsx([unit_row("BL-HD-X9", "Xã mới", "Xã", "BL-HD")], header=UNIT_HEADER)
    out = io.StringIO()
    call_command("import_org", "units", str(path), "--dry-run", stdout=out)
    assert "Chạy thử" in out.getvalue() and "tạo mới 1" in out.getvalue()
    assert not Unit.objects.filter(code="BL-HD-X9").exists()
    call_command("import_org", "units", str(path), stdout=out)
    assert Unit.objects.filter(code="BL-HD-X9").exists()


def test_the_command_lists_errors_and_exits_with_status_1(cast: Cast, make_xlsx: XlsxMaker) -> None:
    path = make_xlsx(
        [person_row("CB1", "Người Một"), person_row("CB2", "Người Hai", unit="ST-X1")],
        header=PEOPLE_HEADER,
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_org", "people", str(path), "--user", "officer", stderr=err)
    assert caught.value.returncode == 1
    assert "[Data] Dòng 3, cột G (Mã đơn vị): Đơn vị ST-X1 nằm ngoài" in err.getvalue()
    assert not Person.objects.exists()


def test_the_command_refuses_a_missing_file(cast: Cast, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_org", "people", str(tmp_path / "none.xlsx"))


def test_error_exports_never_contain_formulas() -> None:
    content = errors_workbook(
        [RowError("=cmd|'/C calc'!A0", 3, "B", "@SUM(A1)", "-2+3+cmd|' /C calc'!A0")]
    )
    ws = load_workbook(io.BytesIO(content)).active
    assert ws is not None
    row = next(ws.iter_rows(min_row=2, values_only=True))
    assert row[0] == "'=cmd|'/C calc'!A0" and row[3] == "'@SUM(A1)"
    assert str(row[4]).startswith("'-2")
    assert all(cell.data_type != "f" for cell in ws[2])


# -- property: exactly one bad cell anywhere → that row is reported, nothing written ---------

THIS_YEAR = dt.date.today().year
BAD_VALUES: dict[int, st.SearchStrategy[Any]] = {
    0: st.just(None),  # empty code
    1: st.sampled_from([None, "=1+1", "@x", "+84 phone"]),  # empty or formula-like name
    2: st.text(alphabet="xyzqXYZQ0123?", min_size=1, max_size=6),  # not Nam/Nữ
    3: st.integers(min_value=0, max_value=1899)
    | st.integers(min_value=THIS_YEAR + 1, max_value=9999)
    | st.just("nineteen"),
    5: st.sampled_from(["Học sinh", "Bộ đội", "x"]),  # not a category
    6: st.text(alphabet="QWXZ", min_size=1, max_size=5).map(lambda t: f"ZZ-{t}"),  # unknown
    8: st.integers(min_value=32, max_value=99).map(lambda d: f"{d}/01/2020") | st.just("hôm qua"),
}


def _workbook(rows: list[list[Any]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(PEOPLE_HEADER)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    size=st.integers(min_value=1, max_value=12),
    data=st.data(),
)
def test_one_bad_cell_writes_nothing_and_reports_that_row(
    cast: Cast, size: int, data: st.DataObject
) -> None:
    rows = [
        person_row(f"CB{i}", f"Người Thứ {i}", "Nữ" if i % 2 else "Nam", 1960 + i)
        for i in range(size)
    ]
    target = data.draw(st.integers(min_value=0, max_value=size - 1), label="row")
    column = data.draw(st.sampled_from(sorted(BAD_VALUES)), label="column")
    rows[target][column] = data.draw(BAD_VALUES[column], label="value")
    before = (Person.objects.count(), Position.objects.count(), AuditEvent.objects.count())
    result = import_people(actor=cast.officer, source=_workbook(rows), file_name="p.xlsx")
    assert (Person.objects.count(), Position.objects.count(), AuditEvent.objects.count()) == before
    assert not result.ok
    assert {e.row for e in result.errors.items} == {target + 2}
    assert result.errors.items[0].column == "ABCDEFGHI"[column]
