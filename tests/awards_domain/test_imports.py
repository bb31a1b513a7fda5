"""Excel imports of ratings, discipline, initiatives and historical commendations."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from tests.awards_domain.conftest import person
from tests.conftest import Cast
from thidua.awards.importers import COLUMNS, SHEETS, import_records, template
from thidua.awards.models import Commendation, Discipline, Initiative, TaskRating
from thidua.core.models import AuditEvent


def xlsx(kind: str, rows: list[list[Any]]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEETS[kind]
    ws.append([c.title for c in COLUMNS[kind]])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_ratings_import_is_all_or_nothing_and_names_row_and_column(cast: Cast) -> None:
    person(cast.district, "CB1")
    person(cast.district, "CB2")
    bad = xlsx(
        "ratings",
        [
            ["CB1", None, 2019, "Hoàn thành xuất sắc nhiệm vụ", None],
            ["CB2", None, 2019, "Tốt lắm", None],
            ["CB9", None, 2019, "HTT", None],
        ],
    )
    result = import_records(kind="ratings", actor=cast.officer, source=bad, file_name="x.xlsx")
    assert not result.ok
    messages = [str(e) for e in result.errors.sorted()]
    assert any("3" in m and "D" in m and "Tốt lắm" in m for m in messages), messages
    assert TaskRating.objects.count() == 0
    # Codes are checked once the cells are fine: an unknown person is reported with its row.
    wrong = xlsx("ratings", [["CB9", None, 2019, "HTT", None]])
    result = import_records(kind="ratings", actor=cast.officer, source=wrong)
    assert [e.row for e in result.errors.sorted()] == [2]
    assert "CB9" in str(result.errors.sorted()[0])
    assert TaskRating.objects.count() == 0


def test_ratings_import_twice_changes_nothing_the_second_time(cast: Cast) -> None:
    person(cast.district, "CB1")
    rows = [
        ["CB1", None, 2019, "HTXS", "Cuối năm"],
        ["CB1", None, 2020, "Hoàn thành tốt nhiệm vụ", "Cuối năm"],
        [None, "BL-HD-NTLA", 2020, "HTXS", None],
    ]
    first = import_records(kind="ratings", actor=cast.officer, source=xlsx("ratings", rows))
    assert first.ok, [str(e) for e in first.errors.sorted()]
    assert (first.created, first.updated) == (3, 0)
    events = AuditEvent.objects.filter(action="rating.import").count()
    second = import_records(kind="ratings", actor=cast.officer, source=xlsx("ratings", rows))
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert TaskRating.objects.count() == 3
    assert AuditEvent.objects.filter(action="rating.import").count() == events == 3
    rows[0][3] = "HT"
    third = import_records(kind="ratings", actor=cast.officer, source=xlsx("ratings", rows))
    assert (third.created, third.updated) == (0, 1)


def test_an_account_imports_only_for_its_own_units(cast: Cast) -> None:
    person(cast.other_commune, "ST1")
    result = import_records(
        kind="ratings", actor=cast.officer, source=xlsx("ratings", [["ST1", None, 2020, "HTT"]])
    )
    assert not result.ok and TaskRating.objects.count() == 0
    result = import_records(
        kind="ratings", actor=cast.viewer, source=xlsx("ratings", [[None, "BL-HD", 2020, "HTT"]])
    )
    assert not result.ok


def test_discipline_initiatives_and_historical_commendations(cast: Cast) -> None:
    person(cast.district, "CB1")
    person(cast.district, "CB2")
    discipline = xlsx(
        "discipline",
        [["CB1", "Cảnh cáo", "01/03/2019", "29/02/2020", "12/QĐ-UBND", "01/03/2019", None]],
    )
    assert import_records(kind="discipline", actor=cast.officer, source=discipline).ok
    assert Discipline.objects.get().level == "canh_cao"
    initiatives = xlsx(
        "initiatives",
        [["Số hóa hồ sơ", "CB1; CB2", "BL-HD", "Cấp cơ sở", "Sáng kiến", 2020, "45/QĐ", None]],
    )
    result = import_records(kind="initiatives", actor=cast.officer, source=initiatives)
    assert result.ok and result.created == 1
    assert set(Initiative.objects.get().authors.values_list("code", flat=True)) == {"CB1", "CB2"}
    initiatives.seek(0)
    again = import_records(kind="initiatives", actor=cast.officer, source=initiatives)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    commendations = xlsx(
        "commendations",
        [
            ["Cá nhân", "CB1", None, None, "BK_BT", 2018, "2100/QĐ-UBND", "15/12/2018", "UBND"],
            ["Tập thể", None, "BL-HD", None, "TTLDXS", 2019, "12/QĐ-UBND", None, "UBND tỉnh"],
            ["Cá nhân", "CB2", None, None, "TTLDXS", 2019, None, None, None],
        ],
    )
    result = import_records(kind="commendations", actor=cast.office, source=commendations)
    assert not result.ok  # TTLDXS is for collectives: row 4 named
    assert [e.row for e in result.errors.sorted()] == [4]
    assert Commendation.objects.count() == 0
    wb = load_workbook(commendations)
    ws = wb.active
    assert ws is not None
    ws.delete_rows(4)
    fixed = io.BytesIO()
    wb.save(fixed)
    fixed.seek(0)
    result = import_records(kind="commendations", actor=cast.office, source=fixed)
    assert result.ok and result.created == 2
    assert Commendation.objects.filter(source="historical").count() == 2


def test_the_command_and_the_templates(cast: Cast, tmp_path: Path) -> None:
    person(cast.district, "CB1")
    for kind in COLUMNS:
        path = tmp_path / f"{kind}.xlsx"
        call_command("import_awards", kind, str(path), "--template")
        sheet = load_workbook(path)[SHEETS[kind]]
        assert [c.value for c in sheet[1]][: len(COLUMNS[kind])] == [c.title for c in COLUMNS[kind]]
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx("ratings", [["CB1", None, 2020, "HTT"]]).getvalue())
    call_command("import_awards", "ratings", str(path))
    assert TaskRating.objects.count() == 1
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx("ratings", [["CB1", None, 1800, "HTT"]]).getvalue())
    with pytest.raises(CommandError):
        call_command("import_awards", "ratings", str(bad))
    assert len(template("ratings")) > 1000
