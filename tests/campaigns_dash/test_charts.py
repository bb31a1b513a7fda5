"""The SVG chart helpers: well-formed, accessible, escaped, scaled right."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from thidua.campaigns import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_bars_are_scaled_labelled_and_titled() -> None:
    svg = charts.bar_chart(
        [charts.Bar("Huyện A", 0.5), charts.Bar("Huyện B", 1.0), charts.Bar("C", 2.0)],
        title="Mức đạt",
    )
    root = parse(svg)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Mức đạt"
    fills = [
        float(r.get("width", "")) for r in root.iter(f"{SVG}rect") if r.get("class") == "bar-fill"
    ]
    assert fills[0] * 2 == fills[1] and fills[2] == fills[1]  # clipped at the maximum
    with translation.override("vi"):
        text = charts.bar_chart([charts.Bar("A", 0.725)], title="t")
    assert "72,5 %" in text


def test_text_is_escaped() -> None:
    svg = charts.bar_chart([charts.Bar("<script>x</script>", 0.3)], title='"><b>')
    assert "<script>" not in svg and "<b>" not in svg
    parse(svg)


def test_a_line_breaks_where_values_are_missing() -> None:
    days = [dt.date(2020, 5, 15) + dt.timedelta(days=7 * i) for i in range(5)]
    svg = charts.line_chart(
        list(zip(days, [0.0, 0.2, None, 0.5, 0.6], strict=True)), title="Tiến độ"
    )
    root = parse(svg)
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    assert len(list(root.iter(f"{SVG}circle"))) == 4
    # y grows downwards: 0 % sits lower than 60 %.
    first = lines[0].get("points", "").split()[0].split(",")
    last = lines[1].get("points", "").split()[-1].split(",")
    assert float(first[1]) > float(last[1])


def test_a_single_point_and_an_empty_sparkline_do_not_break() -> None:
    parse(charts.line_chart([(dt.date(2020, 1, 1), 0.5)], title="x"))
    parse(charts.sparkline([], title="x"))
    one = parse(charts.sparkline([3.0], title="x"))
    assert len(list(one.iter(f"{SVG}circle"))) == 1


@given(st.lists(st.one_of(st.none(), st.floats(-5, 5)), max_size=30))
def test_sparkline_points_stay_inside_the_box(values: list[float | None]) -> None:
    root = parse(charts.sparkline(values, title="x", width=120, height=28))
    for line in root.iter(f"{SVG}polyline"):
        for pair in line.get("points", "").split():
            x, y = (float(v) for v in pair.split(","))
            assert 0 <= x <= 120 and 0 <= y <= 28


def test_percent_formats_for_the_language() -> None:
    with translation.override("vi"):
        assert charts.percent(0.2944) == "29,4 %"
    with translation.override("en"):
        assert charts.percent(0.2944) == "29.4 %"
    assert charts.percent(None) == "—"
