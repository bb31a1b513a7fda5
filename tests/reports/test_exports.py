"""The Excel workbook and the Word report, opened with openpyxl and python-docx."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
from docx import Document

from tests.conftest import Cast
from tests.reports.conftest import Data
from thidua.reports import excel

pytestmark = pytest.mark.django_db


def _workbook(data: Data, report: str, **params: Any) -> openpyxl.Workbook:
    response = data.cast.client_for(data.cast.office).get(
        f"/reports/excel/{report}.xlsx", {"year_from": 2020, **params}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == excel.XLSX
    assert "bao-cao-" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _header(ws: Any) -> list[str]:
    return [c.value for c in ws[excel.HEADER_ROW] if c.value is not None]


def _sum_range(ws: Any, formula: str) -> int:
    """Evaluate ``=SUBTOTAL(109,E7:E14)`` over the sheet's values (no filter applied)."""
    match = re.fullmatch(r"=SUBTOTAL\(109,([A-Z]+)(\d+):([A-Z]+)(\d+)\)", formula)
    assert match, formula
    col, start, _col, end = match.groups()
    return sum(ws[f"{col}{row}"].value or 0 for row in range(int(start), int(end) + 1))


def test_the_workbook_has_a_sheet_per_table(data: Data) -> None:
    wb = _workbook(data, "all")
    assert wb.sheetnames == [
        "Theo hình thức",
        "Theo năm",
        "Theo đơn vị",
        "Cá nhân",
        "Phong trào thi đua",
    ]


def test_award_sheet_headers_title_block_filters_totals_and_print_setup(data: Data) -> None:
    ws = _workbook(data, "commendations")["Theo hình thức"]
    assert ws["A1"].value == "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU"
    assert ws["A2"].value == "KHEN THƯỞNG THEO CẤP VÀ HÌNH THỨC"
    assert ws["A3"].value == "Tỉnh Bạc Liêu · năm 2020"
    assert ws["A4"].value.startswith("Ngày lập báo cáo: ")
    assert _header(ws) == [
        "STT",
        "Cấp khen thưởng",
        "Loại hình",
        "Danh hiệu, hình thức khen thưởng",
        "Cá nhân",
        "Tập thể",
        "Hộ gia đình",
        "Tổng",
    ]
    assert ws[excel.HEADER_ROW][0].font.b
    first, last = excel.FIRST_DATA_ROW, excel.FIRST_DATA_ROW + 7  # eight awards counted
    assert ws.auto_filter.ref == f"A{excel.HEADER_ROW}:H{last}"
    assert ws.freeze_panes == f"A{first}"
    assert ws.print_title_rows == f"${excel.HEADER_ROW}:${excel.HEADER_ROW}"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
    setup = ws.sheet_properties.pageSetUpPr
    assert ws.page_setup.fitToWidth == 1 and setup is not None and setup.fitToPage
    total = last + 1
    assert ws[f"B{total}"].value == "Tổng cộng" and ws[f"B{total}"].font.b
    assert ws[f"H{total}"].value == f"=SUBTOTAL(109,H{first}:H{last})"
    sums = {col: _sum_range(ws, ws[f"{col}{total}"].value) for col in "EFGH"}
    assert sums == {"E": 6, "F": 2, "G": 1, "H": 9}
    assert ws[f"E{first}"].number_format == excel.INTEGER
    assert ws.column_dimensions["D"].width == 40
    names = [ws[f"D{r}"].value for r in range(first, last + 1)]
    assert names[0] == "Bằng khen của Thủ tướng Chính phủ"  # state level first


def test_people_sheet_shares_are_formulas(data: Data) -> None:
    ws = _workbook(data, "people")["Cá nhân"]
    header = _header(ws)
    assert header[:5] == [
        "Cấp khen thưởng",
        "Danh hiệu, hình thức khen thưởng",
        "Số lượt cá nhân được khen",
        "Nữ",
        "Tỷ lệ nữ",
    ]
    first = excel.FIRST_DATA_ROW
    total = ws.max_row
    assert ws[f"E{first}"].value == f'=IF(C{first}=0,"",D{first}/C{first})'
    assert ws[f"E{first}"].number_format == excel.PERCENT
    assert ws[f"E{total}"].value == f'=IF(C{total}=0,"",D{total}/C{total})'
    assert _sum_range(ws, ws[f"C{total}"].value) == 6
    assert _sum_range(ws, ws[f"D{total}"].value) == 4
    assert _sum_range(ws, ws[f"J{total}"].value) == 2


def test_unit_and_campaign_sheets(data: Data) -> None:
    wb = _workbook(data, "all")
    units = wb["Theo đơn vị"]
    codes = [units[f"A{r}"].value for r in range(excel.FIRST_DATA_ROW, units.max_row)]
    assert codes == ["BL", "BL-SNV", "BL-HD"]
    campaigns = wb["Phong trào thi đua"]
    row = [c.value for c in campaigns[excel.FIRST_DATA_ROW]]
    assert row[0] == "BL-TEST-2020" and row[4:6] == [3, 2]


def test_user_text_never_becomes_a_formula(data: Data) -> None:
    from thidua.org import services

    services.unit_update(actor=None, unit=data.cast.department, name='=HYPERLINK("x")')
    ws = _workbook(data, "units")["Theo đơn vị"]
    names = [ws[f"B{r}"].value for r in range(excel.FIRST_DATA_ROW, ws.max_row)]
    assert not any(str(n).startswith("=") for n in names)


def _word(data: Data, user: Any = None, **params: Any) -> Any:
    client = data.cast.client_for(user or data.cast.office)
    response = client.get("/reports/word/bao-cao-tong-hop.docx", {"year_from": 2020, **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    return Document(io.BytesIO(response.content))


def _text(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def test_the_word_report_is_an_administrative_report_with_the_figures(data: Data) -> None:
    doc = _word(data)
    text = _text(doc)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "TỈNH BẠC LIÊU" in text
    assert "BÁO CÁO" in [p.text for p in doc.paragraphs]
    assert "Tổng hợp kết quả công tác thi đua, khen thưởng năm 2020" in text
    assert "Tổng số 9 lượt khen thưởng (6 danh hiệu thi đua, 3 hình thức khen thưởng)" in text
    assert "nữ 4 (66,7 %)" in text
    awards = next(t for t in doc.tables if t.rows[0].cells[1].text == "Cấp khen thưởng")
    assert [c.text for c in awards.rows[-1].cells][-4:] == ["6", "2", "1", "9"]
    assert len(awards.rows) == 1 + 8 + 1  # header, eight awards, totals
    units = next(t for t in doc.tables if t.rows[0].cells[1].text == "Đơn vị")
    assert [c.text for c in units.rows[-1].cells][1:] == ["Tổng cộng", "6", "3", "9"]
    assert [c.text for c in units.rows[1].cells][1:3] == [
        "Tỉnh Bạc Liêu (cán bộ, tập thể của chính đơn vị)",
        "1",  # p5's Bằng khen of the Prime Minister
    ]
    campaigns = next(t for t in doc.tables if t.rows[0].cells[1].text == "Phong trào")
    assert [c.text for c in campaigns.rows[1].cells][2:5] == ["3", "2", "1"]
    assert "{{" not in text and "{%" not in text
    assert "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" in text


def test_the_word_report_of_an_officer_covers_their_unit_only(data: Data) -> None:
    text = _text(_word(data, data.cast.officer))
    assert "ỦY BAN NHÂN DÂN HUYỆN HỒNG DÂN" in text
    assert "Tổng số 6 lượt khen thưởng" in text
    assert "Sở Nội vụ" not in text


def test_the_header_names_the_issuing_body(cast: Cast) -> None:
    from thidua.reports.documents import authority_lines

    assert authority_lines(cast.department) == ("SỞ NỘI VỤ", "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU")
    assert authority_lines(cast.commune) == ("ỦY BAN NHÂN DÂN XÃ NINH THẠNH LỢI A", "")
    assert authority_lines(None) == ("TOÀN HỆ THỐNG", "")


def test_an_empty_period_still_gives_well_formed_files(cast: Cast) -> None:
    client = cast.client_for(cast.office)
    response = client.get("/reports/excel/all.xlsx", {"year_from": 2030})
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb["Theo hình thức"]
    assert ws.auto_filter.ref == f"A{excel.HEADER_ROW}:H{excel.HEADER_ROW}"
    assert ws[f"B{excel.FIRST_DATA_ROW}"].value == "Tổng cộng"
    assert ws[f"H{excel.FIRST_DATA_ROW}"].value == 0
    word = client.get("/reports/word/bao-cao-tong-hop.docx", {"year_from": 2030})
    text = _text(Document(io.BytesIO(word.content)))
    assert "Tổng số 0 lượt khen thưởng" in text and "năm 2030" in text
