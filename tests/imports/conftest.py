"""Helpers for the import tests: real .xlsx files written with openpyxl."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

UNIT_HEADER = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên viết tắt",
    "Loại",
    "Mã đơn vị cấp trên",
    "Hoạt động từ",
    "Hoạt động đến",
    "Địa chỉ",
    "Ghi chú",
]
PEOPLE_HEADER = [
    "Mã cán bộ",
    "Họ và tên",
    "Giới tính",
    "Năm sinh",
    "Dân tộc",
    "Đối tượng",
    "Mã đơn vị",
    "Chức vụ",
    "Từ ngày",
]

XlsxMaker = Callable[..., Path]


def write_xlsx(
    path: Path, header: Sequence[Any] | None, rows: Sequence[Sequence[Any]], sheet: str = "Data"
) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    if header is not None:
        ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


@pytest.fixture
def make_xlsx(tmp_path: Path) -> XlsxMaker:
    counter = iter(range(10_000))

    def make(
        rows: Sequence[Sequence[Any]],
        header: Sequence[Any] | None = None,
        name: str | None = None,
        sheet: str = "Data",
    ) -> Path:
        file_name = name or f"file{next(counter)}.xlsx"
        return write_xlsx(tmp_path / file_name, header, rows, sheet)

    return make


def unit_row(
    code: str,
    name: str,
    kind: str = "Xã",
    parent: str | None = None,
    short: str | None = None,
    active_from: Any = None,
    active_to: Any = None,
    address: str | None = None,
    note: str | None = None,
) -> list[Any]:
    return [code, name, short, kind, parent, active_from, active_to, address, note]


def person_row(
    code: str,
    name: str,
    gender: str = "Nam",
    birth_year: Any = 1980,
    ethnicity: str | None = "Kinh",
    category: str | None = None,
    unit: str = "BL-HD",
    title: str | None = "Chuyên viên",
    start: Any = None,
) -> list[Any]:
    return [code, name, gender, birth_year, ethnicity, category, unit, title, start]
