"""Excel exports: every dashboard table opens in openpyxl with its title, bold frozen header,
autofilter, number formats and totals; access like the dashboard."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.campaigns_dash.conftest import ON, Small, build_small
from tests.conftest import Cast
from thidua.campaigns import exports
from thidua.campaigns.models import CriteriaSet


def export_url(small: Small, table: str, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"on": ON.isoformat(), **params}.items())
    return reverse("campaign_dash:export", args=[small.campaign.pk, table]) + "?" + query


def open_export(response: Any) -> tuple[Any, Any]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    body = b"".join(response.streaming_content)
    wb = load_workbook(io.BytesIO(body))
    return wb, wb.active


def test_exports_need_the_same_access_as_the_dashboard(cast: Cast, small: Small) -> None:
    url = export_url(small, "units")
    assert cast.client_for(None).get(url).status_code == 302
    assert cast.client_for(cast.outsider).get(url).status_code == 404
    bad = reverse("campaign_dash:export", args=[small.campaign.pk, "secrets"])
    assert cast.client_for(cast.office).get(bad).status_code == 404


def test_the_ranking_export_is_formatted_with_totals(cast: Cast, small: Small) -> None:
    response = cast.client_for(cast.office).get(export_url(small, "units"))
    disposition = response["Content-Disposition"]
    assert "attachment" in disposition and "bl-2020-dh-units-2020-07-05.xlsx" in disposition
    _wb, ws = open_export(response)
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == f"{small.campaign.name} — Xếp hạng các đơn vị"
    assert rows[1][0] == "Số liệu đến ngày 05/07/2020"
    header = rows[exports.HEADER_ROW - 1]
    assert header[:3] == ("Hạng", "Mã đơn vị", "Đơn vị") and "Mức hoàn thành" in header
    assert ws.cell(row=exports.HEADER_ROW, column=1).font.b
    assert ws.freeze_panes == f"A{exports.HEADER_ROW + 1}"
    assert ws.auto_filter.ref == f"A{exports.HEADER_ROW}:L{exports.HEADER_ROW + 3}"
    data = rows[exports.HEADER_ROW : exports.HEADER_ROW + 3]
    attainment = header.index("Mức hoàn thành")
    by_code = {r[1]: r for r in data}
    assert by_code["BL-HD-NTLA"][0] == 1 and by_code["BL-HD-NTLA"][attainment] == 0.75
    assert by_code["BL-SNV"][attainment] is None  # not registered
    assert by_code["BL-SNV"][5] == "Chưa đăng ký"
    cell = ws.cell(row=exports.HEADER_ROW + 1, column=attainment + 1)
    assert cell.number_format == "0.0%"
    totals = rows[exports.HEADER_ROW + 3]
    assert totals[1] == "Tổng cộng / bình quân"
    assert totals[attainment] == pytest.approx((0.75 + 0.4 / 3) / 3)
    assert ws.cell(row=exports.HEADER_ROW + 4, column=2).font.b
    assert ws.column_dimensions["C"].width == 34


@pytest.mark.parametrize(
    ("table", "first_header", "rows"),
    [
        ("districts", "Mã đơn vị", 2),
        ("key_works", "Mã đơn vị", 2),
        ("tracker", "Bộ tiêu chí", 1),
    ],
)
def test_every_table_exports(cast: Cast, small: Small, table: str, first_header: str, rows: int):
    _wb, ws = open_export(cast.client_for(cast.office).get(export_url(small, table)))
    values = list(ws.iter_rows(values_only=True))
    assert values[exports.HEADER_ROW - 1][0] == first_header
    assert len(values) == exports.HEADER_ROW + rows + 1  # title, subtitle, header, rows, totals
    assert values[-1][0] == "Tổng cộng / bình quân"
    assert ws.auto_filter.ref.startswith(f"A{exports.HEADER_ROW}:")


def test_progress_export_has_a_row_per_week(cast: Cast, small: Small) -> None:
    _wb, ws = open_export(cast.client_for(cast.office).get(export_url(small, "progress")))
    values = list(ws.iter_rows(values_only=True))[exports.HEADER_ROW :]
    assert values[0][0].date().isoformat() == "2020-05-15" and values[0][1] == 0
    assert values[-1][0].date() == ON
    assert values[-1][1] == pytest.approx((0.75 + 0.4 / 3) / 3)


def test_exports_follow_the_filters_and_scope(cast: Cast, small: Small) -> None:
    response = cast.client_for(cast.officer).get(export_url(small, "units"))
    _wb, ws = open_export(response)
    codes = [r[1] for r in list(ws.iter_rows(values_only=True))[exports.HEADER_ROW : -1]]
    assert sorted(codes) == ["BL-HD", "BL-HD-NTLA"]
    response = cast.client_for(cast.office).get(export_url(small, "units", kind="commune"))
    _wb, ws = open_export(response)
    values = list(ws.iter_rows(values_only=True))
    assert "loại đơn vị" in values[1][0]
    assert [r[1] for r in values[exports.HEADER_ROW : -1]] == ["BL-HD-NTLA"]


def test_the_unit_export(cast: Cast, small: Small) -> None:
    url = reverse("campaign_dash:unit", args=[small.campaign.pk, "BL-HD"])
    response = cast.client_for(cast.officer).get(url + f"?on={ON.isoformat()}&format=xlsx")
    _wb, ws = open_export(response)
    values = list(ws.iter_rows(values_only=True))
    names = [r[1] for r in values[exports.HEADER_ROW : -1]]
    assert names == ["Km đường giao thông", "Xã đạt chuẩn nông thôn mới", "Đường Ninh Thạnh Lợi"]
    assert values[-1][5] == pytest.approx(0.4 / 3)
    assert cast.client_for(cast.outsider).get(url + "?format=xlsx").status_code == 404


def test_typed_text_never_becomes_a_formula(cast: Cast, ntm: CriteriaSet) -> None:
    small = build_small(cast, ntm, name="=HYPERLINK(1)")
    _wb, ws = open_export(cast.client_for(cast.office).get(export_url(small, "units")))
    assert ws.cell(row=1, column=1).data_type == "s"
    assert str(ws.cell(row=1, column=1).value).startswith("'=")


def test_export_queries_stay_constant(cast: Cast, small: Small) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.campaigns.conftest import add_communes, registered

    client = cast.client_for(cast.office)
    client.get(export_url(small, "key_works"))
    cache.clear()  # measure the computation, not the dashboard cache
    with CaptureQueriesContext(connection) as before:
        client.get(export_url(small, "key_works"))
    for commune in add_communes(cast, 5):
        registered(small.campaign, commune.unit, commune.officer, approver=cast.officer)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        response = client.get(export_url(small, "key_works"))
    _wb, ws = open_export(response)
    assert ws.max_row == exports.HEADER_ROW + 7 + 1
    assert len(after) == len(before)
