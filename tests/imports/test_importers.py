from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.conftest import Cast
from tests.imports.conftest import PEOPLE_HEADER, UNIT_HEADER, XlsxMaker, person_row, unit_row
from thidua.core.models import AuditEvent
from thidua.org.importers import import_people, import_units
from thidua.org.models import Person, Position, Unit, UnitKind, path_segment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese() -> object:
    with translation.override("vi"):
        yield


def counts() -> tuple[int, int, int, int]:
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        AuditEvent.objects.count(),
    )


def assert_tree_consistent() -> None:
    for unit in Unit.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "") + path_segment(unit.pk)
        assert unit.path == expected, unit.code
        assert unit.depth == len(unit.path) // 10 - 1


# -- units ---------------------------------------------------------------------------------


def test_it_imports_a_tree_of_units_with_paths_audit_and_folded_names(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    decomposed = unicodedata.normalize("NFD", "Xã Vĩnh Lộc")
    path = make_xlsx(
        [
            unit_row("BL-PL", "Huyện Phước Long", "Cấp huyện", "BL", active_from="01/01/2019"),
            unit_row("BL-PL-VL", decomposed, "commune", "BL-PL", active_from=dt.date(2020, 5, 1)),
            unit_row("BL-PL-VL-A1", "Ấp 1", "Ấp, khóm, tổ dân phố", "BL-PL-VL"),
            unit_row("BL-HD-X2", "Xã Lộc Ninh", "Xã", "BL-HD", address="Hồng Dân"),
        ],
        header=UNIT_HEADER,
    )
    before_events = AuditEvent.objects.count()
    result = import_units(actor=cast.office, source=path)
    assert result.ok, [str(e) for e in result.errors.items]
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    commune = Unit.objects.get(code="BL-PL-VL")
    assert commune.name == "Xã Vĩnh Lộc" and commune.name == unicodedata.normalize(
        "NFC", decomposed
    )
    assert commune.name_folded == "xa vinh loc bl-pl-vl"
    assert commune.kind == UnitKind.COMMUNE
    assert commune.active_from == dt.date(2020, 5, 1)
    assert commune.parent is not None and commune.parent.code == "BL-PL"
    assert Unit.objects.get(code="BL-PL").active_from == dt.date(2019, 1, 1)
    assert Unit.objects.get(code="BL-PL-VL-A1").depth == 3
    assert_tree_consistent()
    events = AuditEvent.objects.order_by("id")[before_events:]
    actions = [e.action for e in events]
    assert actions.count("unit.create") == 4
    summary = AuditEvent.objects.get(action="import.units")
    assert summary.after is not None
    assert summary.after["created"] == 4 and summary.after["sha256"] == result.sha256
    assert summary.actor == cast.office


def test_reimporting_the_same_units_file_changes_nothing(cast: Cast, make_xlsx: XlsxMaker) -> None:
    path = make_xlsx(
        [
            unit_row("BL-PL", "Huyện Phước Long", "Cấp huyện", "BL"),
            unit_row("BL-PL-VL", "Xã Vĩnh Lộc", "Xã", "BL-PL", active_from="01/02/2020"),
        ],
        header=UNIT_HEADER,
    )
    assert import_units(actor=cast.office, source=path).created == 2
    before = counts()
    again = import_units(actor=cast.office, source=path)
    assert again.ok
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert counts() == before


def test_it_updates_only_changed_units_and_moves_subtrees(cast: Cast, make_xlsx: XlsxMaker) -> None:
    path = make_xlsx(
        [
            unit_row("BL-HD", "Huyện Hồng Dân", "Cấp huyện", "BL-SNV"),  # moved
            unit_row("BL-HD-NTLA", "Xã Ninh Thạnh Lợi A (mới)", "Xã", "BL-HD"),  # renamed
            unit_row("BL-SNV", "Sở Nội vụ", "Sở, ban, ngành", "BL"),  # unchanged
        ],
        header=UNIT_HEADER,
    )
    result = import_units(actor=cast.office, source=path)
    assert result.ok, [str(e) for e in result.errors.items]
    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    district = Unit.objects.get(code="BL-HD")
    assert district.parent_id == cast.department.pk
    commune = Unit.objects.get(code="BL-HD-NTLA")
    assert commune.name == "Xã Ninh Thạnh Lợi A (mới)"
    assert commune.path.startswith(cast.department.path)
    assert_tree_consistent()
    rename = AuditEvent.objects.get(action="unit.update", target_id=str(commune.pk))
    assert rename.before == {"name": "Xã Ninh Thạnh Lợi A"}


def test_a_parent_defined_earlier_in_the_file_is_accepted_but_later_is_reported(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    earlier = make_xlsx(
        [
            unit_row("BL-GR", "Thị xã Giá Rai", "Cấp huyện", "BL"),
            unit_row("BL-GR-P1", "Phường 1", "Phường", "BL-GR"),
        ],
        header=UNIT_HEADER,
    )
    later = make_xlsx(
        [
            unit_row("BL-DH-P1", "Phường Hộ Phòng", "Phường", "BL-DH"),
            unit_row("BL-DH", "Thị xã Đông Hải", "Cấp huyện", "BL"),
        ],
        header=UNIT_HEADER,
    )
    before = counts()
    bad = import_units(actor=cast.office, source=later)
    assert not bad.ok
    (error,) = bad.errors.items
    assert (error.row, error.column, error.title) == (2, "E", "Mã đơn vị cấp trên")
    assert "BL-DH" in error.message and "3" in error.message
    assert counts() == before
    good = import_units(actor=cast.office, source=earlier)
    assert good.ok and good.created == 2
    assert_tree_consistent()


def test_bad_rows_are_all_reported_with_row_and_column_and_nothing_is_written(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    rows = [unit_row(f"BL-N{i}", f"Đơn vị {i}", "Xã", "BL-HD") for i in range(30)]
    rows[3] = unit_row("BL-N3", "Đơn vị 3", "Huyen", "BL-HD")  # row 5: bad kind
    rows[10] = unit_row("BL-N1", "Trùng mã", "Xã", "BL-HD")  # row 12: duplicate code
    rows[15] = unit_row("BL-N15", "", "Xã", "BL-HD")  # row 17: empty name
    rows[20] = unit_row("BL-N20", "X", "Xã", "KHONG-CO")  # row 22: unknown parent
    rows[25] = unit_row("BL-N25", "X", "Xã", "BL-HD", active_from="31/02/2020")  # row 27
    rows[26] = unit_row("BL-N26", "X", "Xã", "ST")  # row 28: parent outside scope
    rows[27] = unit_row(
        "BL-N27", "X", "Xã", "BL", active_from="01/01/2020", active_to="01/01/2019"
    )  # row 29
    path = make_xlsx(rows, header=UNIT_HEADER)
    before = counts()
    result = import_units(actor=cast.office, source=path)
    assert counts() == before
    assert not result.ok
    found = {(e.row, e.column) for e in result.errors.items}
    assert found == {(5, "D"), (12, "A"), (17, "B"), (22, "E"), (27, "F"), (28, "E"), (29, "G")}
    kind_error = next(e for e in result.errors.items if e.row == 5)
    assert str(kind_error) == "Dòng 5, cột D (Loại): 'Huyen' không phải loại đơn vị hợp lệ."
    assert "dòng 3" in next(e for e in result.errors.items if e.row == 12).message


def test_an_officer_cannot_import_units_outside_their_subtree(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    path = make_xlsx(
        [
            unit_row("BL-HD-X9", "Xã mới", "Xã", "BL-HD"),  # inside the district: fine
            unit_row("BL-X9", "Đơn vị tỉnh", "Sở, ban, ngành", "BL"),  # the province: outside
            unit_row("ST-X1", "Xã Đại Hải", "Xã", "ST"),  # stored, outside
            unit_row("TOP", "Tỉnh mới", "Tỉnh, thành phố trực thuộc trung ương"),  # top level
        ],
        header=UNIT_HEADER,
    )
    before = counts()
    result = import_units(actor=cast.officer, source=path)
    assert counts() == before
    assert {(e.row, e.column) for e in result.errors.items} == {(3, "E"), (4, "A"), (5, "E")}


def test_the_admin_may_create_top_level_units(cast: Cast, make_xlsx: XlsxMaker) -> None:
    path = make_xlsx(
        [unit_row("CM", "Tỉnh Cà Mau", "province"), unit_row("CM-1", "Xã 1", "Xã", "CM")],
        header=UNIT_HEADER,
    )
    result = import_units(actor=cast.admin, source=path)
    assert result.ok and result.created == 2
    assert Unit.objects.get(code="CM").depth == 0
    assert_tree_consistent()


def test_units_are_written_in_batches_with_a_few_queries_each(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    rows = [unit_row("BL-Q", "Quận mới", "Cấp huyện", "BL")]
    rows += [unit_row(f"BL-Q-{i}", f"Xã {i}", "Xã", "BL-Q") for i in range(120)]
    path = make_xlsx(rows, header=UNIT_HEADER)
    with CaptureQueriesContext(connection) as ctx:
        result = import_units(actor=cast.office, source=path, batch_size=50)
    assert result.ok and result.created == 121
    # 3 batches: lookup, ≤2 inserts, path update, audit insert each; plus summary & savepoints
    assert len(ctx.captured_queries) <= 3 * 6 + 6
    assert_tree_consistent()


# -- people ----------------------------------------------------------------------------------


def test_it_imports_people_with_positions_and_audit(cast: Cast, make_xlsx: XlsxMaker) -> None:
    path = make_xlsx(
        [
            person_row("CB1", "Nguyễn Thị Mai", "Nữ", 1985, "Kinh", None, "BL-HD", "Chuyên viên"),
            person_row(
                "CB2",
                "Trần  Văn   Bình",
                "Nam",
                1970.0,
                "Khmer",
                "Nông dân",
                "BL-HD-NTLA",
                "Chủ tịch",
                "15/03/2021",
            ),
            person_row(
                "CB3", "Lê Văn Ba", "nam", None, None, "Công nhân, người lao động trực tiếp"
            ),
        ],
        header=PEOPLE_HEADER,
    )
    result = import_people(actor=cast.officer, source=path)
    assert result.ok, [str(e) for e in result.errors.items]
    assert result.created == 3
    mai = Person.objects.get(code="CB1")
    assert (mai.gender, mai.birth_year, mai.unit_id, mai.title) == (
        "female",
        1985,
        cast.district.pk,
        "Chuyên viên",
    )
    assert mai.name_folded == "nguyen thi mai"
    binh = Person.objects.get(code="CB2")
    assert binh.full_name == "Trần Văn Bình" and binh.category == "farmer"
    assert binh.ethnicity == "Khmer"
    (position,) = Position.objects.filter(person=binh)
    assert (position.unit_id, position.title, position.start_date) == (
        cast.commune.pk,
        "Chủ tịch",
        dt.date(2021, 3, 15),
    )
    ba = Person.objects.get(code="CB3")
    assert ba.birth_year is None and ba.ethnicity == "Kinh" and ba.category == "direct_worker"
    assert AuditEvent.objects.filter(action="person.create").count() == 3
    assert AuditEvent.objects.filter(action="import.people").count() == 1


def test_reimporting_people_is_idempotent_and_changes_move_positions(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    first = make_xlsx(
        [person_row("CB1", "Nguyễn Thị Mai", "Nữ", 1985, start="01/01/2020")],
        header=PEOPLE_HEADER,
    )
    assert import_people(actor=cast.officer, source=first).created == 1
    before = counts()
    again = import_people(actor=cast.officer, source=first)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert counts() == before
    moved = make_xlsx(
        [
            person_row(
                "CB1",
                "Nguyễn Thị Mai",
                "Nữ",
                1986,
                unit="BL-HD-NTLA",
                title="Phó Chủ tịch",
                start="01/07/2022",
            )
        ],
        header=PEOPLE_HEADER,
    )
    result = import_people(actor=cast.officer, source=moved)
    assert (result.created, result.updated) == (0, 1)
    mai = Person.objects.get(code="CB1")
    assert (mai.unit_id, mai.title, mai.birth_year) == (cast.commune.pk, "Phó Chủ tịch", 1986)
    old, new = Position.objects.filter(person=mai).order_by("start_date")
    assert old.end_date == dt.date(2022, 6, 30) and new.end_date is None
    assert new.unit_id == cast.commune.pk
    event = AuditEvent.objects.get(action="person.update")
    assert event.before == {"birth_year": 1985, "unit": cast.district.pk, "title": "Chuyên viên"}


def test_bad_people_rows_are_reported_and_nothing_is_written(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    year = dt.date.today().year
    path = make_xlsx(
        [
            person_row("CB1", "Người Một"),
            person_row("CB2", "Người Hai", gender="Khác"),  # row 3
            person_row("CB3", "Người Ba", birth_year=year + 1),  # row 4
            person_row("CB4", "Người Bốn", unit="ST-X1"),  # row 5: outside scope
            person_row("CB5", "Người Năm", unit="NOPE"),  # row 6: unknown unit
            person_row("CB1", "Trùng"),  # row 7: duplicate
            person_row("CB7", '=HYPERLINK("http://x")'),  # row 8: formula-like
            person_row("CB8", "Người Tám", start="2020/13/45"),  # row 9: bad date
            person_row("CB9", "Người Chín", category="Học sinh"),  # row 10
            person_row("", "Không mã"),  # row 11: empty code
        ],
        header=PEOPLE_HEADER,
    )
    before = counts()
    result = import_people(actor=cast.officer, source=path)
    assert counts() == before
    assert {(e.row, e.column) for e in result.errors.items} == {
        (3, "C"),
        (4, "D"),
        (5, "G"),
        (6, "G"),
        (7, "A"),
        (8, "B"),
        (9, "I"),
        (10, "F"),
        (11, "A"),
    }


def test_people_in_many_batches_with_a_bad_row_at_the_end_write_nothing(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    rows = [person_row(f"CB{i}", f"Người {i}") for i in range(250)]
    rows.append(person_row("CBX", "Người cuối", unit="ST-X1"))
    path = make_xlsx(rows, header=PEOPLE_HEADER)
    before = counts()
    result = import_people(actor=cast.officer, source=path, batch_size=100)
    assert not result.ok and [e.row for e in result.errors.items] == [252]
    assert counts() == before


def test_a_dry_run_reports_counts_and_writes_nothing(cast: Cast, make_xlsx: XlsxMaker) -> None:
    path = make_xlsx([person_row("CB1", "Người Một")], header=PEOPLE_HEADER)
    before = counts()
    result = import_people(actor=cast.officer, source=path, dry_run=True)
    assert result.ok and result.created == 1
    assert counts() == before


def test_an_officer_cannot_change_a_person_outside_their_units(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    outside = make_xlsx([person_row("CB1", "Người ngoài", unit="ST-X1")], header=PEOPLE_HEADER)
    assert import_people(actor=cast.outsider, source=outside).created == 1
    takeover = make_xlsx([person_row("CB1", "Người ngoài", unit="BL-HD")], header=PEOPLE_HEADER)
    before = counts()
    result = import_people(actor=cast.officer, source=takeover)
    assert [(e.row, e.column) for e in result.errors.items] == [(2, "A")]
    assert counts() == before


def test_english_and_unaccented_headers_are_accepted(cast: Cast, make_xlsx: XlsxMaker) -> None:
    header = ["code", "Full name", "GIOI TINH", "birth year", "unit code"]
    path = make_xlsx([["CB1", "Phạm Thị Hoa", "Nu", 1990, "BL-HD"]], header=header)
    result = import_people(actor=cast.officer, source=path)
    assert result.ok, [str(e) for e in result.errors.items]
    assert Person.objects.get(code="CB1").gender == "female"


# -- junk files ------------------------------------------------------------------------------


def test_a_missing_required_column_is_named(cast: Cast, make_xlsx: XlsxMaker) -> None:
    path = make_xlsx([["CB1", "Nam", "BL-HD"]], header=["Mã cán bộ", "Giới tính", "Mã đơn vị"])
    result = import_people(actor=cast.officer, source=path)
    (error,) = result.errors.items
    assert "Họ và tên" in error.message and error.row is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"code,name\nCB1,Mai\n", "không phải"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "mật khẩu"),
        (b"", "trống"),
    ],
)
def test_junk_files_get_a_clear_message_and_nothing_is_stored(
    cast: Cast, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(content)
    before = counts()
    result = import_people(actor=cast.officer, source=path)
    (error,) = result.errors.items
    assert expected in error.message.lower()
    assert counts() == before


def test_a_zip_that_is_not_a_workbook_or_is_damaged_is_refused(cast: Cast) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    result = import_units(actor=cast.office, source=buffer)
    assert "xlsx" in result.errors.items[0].message
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("xl/workbook.xml", "not xml")
    result = import_units(actor=cast.office, source=damaged)
    assert "hỏng" in result.errors.items[0].message


def test_an_empty_sheet_and_a_sheet_without_rows_are_reported(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    empty = make_xlsx([], header=None)
    assert "trống" in import_units(actor=cast.office, source=empty).errors.items[0].message
    header_only = make_xlsx([], header=UNIT_HEADER)
    result = import_units(actor=cast.office, source=header_only)
    assert "không có dòng dữ liệu" in result.errors.items[0].message


def test_files_over_the_size_limit_are_refused(
    cast: Cast, make_xlsx: XlsxMaker, settings: object
) -> None:
    path = make_xlsx([person_row("CB1", "Người Một")], header=PEOPLE_HEADER)
    settings.THIDUA_MAX_IMPORT_BYTES = 1024  # type: ignore[attr-defined]
    before = counts()
    result = import_people(actor=cast.officer, source=path)
    assert "quá lớn" in result.errors.items[0].message
    assert counts() == before


def test_the_error_list_is_capped(cast: Cast, make_xlsx: XlsxMaker) -> None:
    rows = [person_row(f"CB{i}", f"Người {i}", gender="?") for i in range(1005)]
    path = make_xlsx(rows, header=PEOPLE_HEADER)
    result = import_people(actor=cast.officer, source=path)
    assert len(result.errors.items) == 1000 and result.errors.more == 5


@pytest.mark.parametrize("size", [150, 450])
def test_people_imports_cost_a_few_queries_per_batch_not_per_row(
    cast: Cast, make_xlsx: XlsxMaker, size: int
) -> None:
    path = make_xlsx(
        [person_row(f"CB{i}", f"Người {i}") for i in range(size)], header=PEOPLE_HEADER
    )
    with CaptureQueriesContext(connection) as ctx:
        result = import_people(actor=cast.officer, source=path, batch_size=150)
    assert result.ok and result.created == size
    batches = size // 150
    # per batch: people lookup, person insert, id read-back, position insert, audit insert
    # (+ the unit lookup once); plus the scope query, the summary event and the transaction
    assert len(ctx.captured_queries) <= 5 * batches + 6


def test_columns_left_out_of_a_units_file_keep_what_is_stored(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    services_unit = Unit.objects.get(code="BL-HD-NTLA")
    Unit.objects.filter(pk=services_unit.pk).update(short_name="NTLA", address="Hồng Dân")
    path = make_xlsx(
        [["BL-HD-NTLA", "Xã Ninh Thạnh Lợi A", "Xã"], ["BL-HD", "Huyện Hồng Dân mới", "Cấp huyện"]],
        header=["Mã đơn vị", "Tên đơn vị", "Loại"],
    )
    result = import_units(actor=cast.office, source=path)
    assert result.ok, [str(e) for e in result.errors.items]
    assert (result.updated, result.unchanged) == (1, 1)
    commune = Unit.objects.get(code="BL-HD-NTLA")
    assert (commune.short_name, commune.address) == ("NTLA", "Hồng Dân")
    assert commune.parent_id == cast.district.pk
    assert Unit.objects.get(code="BL-HD").parent_id == cast.province.pk
    assert_tree_consistent()


def test_an_officer_may_update_their_own_unit_under_a_parent_they_do_not_manage(
    cast: Cast, make_xlsx: XlsxMaker
) -> None:
    path = make_xlsx(
        [unit_row("BL-HD", "Huyện Hồng Dân", "Cấp huyện", "BL", address="Thị trấn Ngan Dừa")],
        header=UNIT_HEADER,
    )
    result = import_units(actor=cast.officer, source=path)
    assert result.ok and result.updated == 1
    assert Unit.objects.get(code="BL-HD").address == "Thị trấn Ngan Dừa"
    moved = make_xlsx([unit_row("BL-HD", "Huyện Hồng Dân", "Cấp huyện", "BL-SNV")], UNIT_HEADER)
    assert [
        (e.row, e.column) for e in import_units(actor=cast.officer, source=moved).errors.items
    ] == [(2, "E")]
