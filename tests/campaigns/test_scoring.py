"""The pure arithmetic: attainment, roll-up, classes, trend and ranking (no database)."""

from __future__ import annotations

import ast
import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.campaigns import scoring
from thidua.campaigns.scoring import LESS_IS_BETTER, MORE_IS_BETTER

values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0.01, max_value=1e4, allow_nan=False, allow_infinity=False)
unit_interval = st.floats(min_value=0, max_value=1, allow_nan=False)
directions = st.sampled_from([MORE_IS_BETTER, LESS_IS_BETTER])


def test_the_module_imports_no_django() -> None:
    tree = ast.parse(Path(scoring.__file__).read_text(encoding="utf-8"))
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(m.split(".")[0] == "django" for m in modules)


def test_worked_examples() -> None:
    # More is better: from 20 to 60, at 40 → halfway.
    assert scoring.attainment(current=40, target=60, baseline=20, direction=MORE_IS_BETTER) == 0.5
    # Less is better: poverty rate from 10 % to 4 %, now 7 % → halfway.
    assert scoring.attainment(current=7, target=4, baseline=10, direction=LESS_IS_BETTER) == 0.5
    # Exceeded: raw value above 1 is kept, the roll-up value is capped.
    raw = scoring.attainment(current=90, target=60, baseline=20, direction=MORE_IS_BETTER)
    assert raw == 1.75
    assert scoring.clip(raw) == 1.0
    # Less is better and already below target.
    assert scoring.attainment(current=2, target=4, baseline=10, direction=LESS_IS_BETTER) > 1
    # Went backwards: negative raw, counts as 0.
    raw = scoring.attainment(current=10, target=60, baseline=20, direction=MORE_IS_BETTER)
    assert raw < 0 and scoring.clip(raw) == 0
    # Without a baseline: ratios.
    assert scoring.attainment(current=30, target=60, direction=MORE_IS_BETTER) == 0.5
    assert scoring.attainment(current=8, target=4, direction=LESS_IS_BETTER) == 0.5
    assert scoring.attainment(current=3, target=4, direction=LESS_IS_BETTER) == 1.0


@given(baseline=st.none() | values, target=values, a=values, b=values)
def test_attainment_rises_with_current_when_more_is_better(
    baseline: float | None, target: float, a: float, b: float
) -> None:
    low, high = sorted((a, b))
    f = scoring.attainment
    assert f(current=low, target=target, baseline=baseline, direction=MORE_IS_BETTER) <= f(
        current=high, target=target, baseline=baseline, direction=MORE_IS_BETTER
    )


@given(baseline=st.none() | values, target=values, a=values, b=values)
def test_attainment_falls_with_current_when_less_is_better(
    baseline: float | None, target: float, a: float, b: float
) -> None:
    low, high = sorted((a, b))
    f = scoring.attainment
    assert f(current=low, target=target, baseline=baseline, direction=LESS_IS_BETTER) >= f(
        current=high, target=target, baseline=baseline, direction=LESS_IS_BETTER
    )


@given(baseline=values, gap=positive, direction=directions)
def test_reaching_the_target_exactly_is_one_and_the_baseline_is_zero(
    baseline: float, gap: float, direction: str
) -> None:
    target = baseline + gap if direction == MORE_IS_BETTER else baseline - gap
    at_target = scoring.attainment(
        current=target, target=target, baseline=baseline, direction=direction
    )
    at_baseline = scoring.attainment(
        current=baseline, target=target, baseline=baseline, direction=direction
    )
    assert math.isclose(at_target, 1.0, rel_tol=1e-9)
    assert at_baseline == 0.0


@given(st.lists(st.tuples(positive, st.none() | values), min_size=1, max_size=20))
def test_rollup_stays_within_bounds(items: list[tuple[float, float | None]]) -> None:
    value = scoring.rollup(items)
    assert value is not None and 0.0 <= value <= 1.0


@given(st.lists(st.tuples(positive, unit_interval), min_size=1, max_size=20), positive)
def test_rollup_is_a_weighted_mean_and_ignores_the_scale_of_weights(
    items: list[tuple[float, float]], factor: float
) -> None:
    value = scoring.rollup(items)
    expected = math.fsum(w * a for w, a in items) / math.fsum(w for w, _ in items)
    assert value is not None and math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-12)
    scaled = scoring.rollup([(w * factor, a) for w, a in items])
    assert scaled is not None and math.isclose(scaled, value, rel_tol=1e-9, abs_tol=1e-12)


@given(st.lists(positive, min_size=1, max_size=30))
def test_everything_attained_is_excellent_whatever_the_weights(weights: list[float]) -> None:
    value = scoring.rollup((w, 1.0) for w in weights)
    assert scoring.completion_class(value) == scoring.HTXS


def test_an_overshoot_cannot_hide_a_miss() -> None:
    assert scoring.rollup([(1, 5.0), (1, 0.0)]) == 0.5


def test_rollup_of_nothing_is_none_and_weights_must_be_positive() -> None:
    assert scoring.rollup([]) is None
    with pytest.raises(ValueError):
        scoring.rollup([(0, 1.0)])


@given(unit_interval, unit_interval)
def test_classes_rise_with_attainment(a: float, b: float) -> None:
    order = [scoring.KHT, scoring.HT, scoring.HTT, scoring.HTXS]
    low, high = sorted((a, b))
    assert order.index(scoring.completion_class(low)) <= order.index(scoring.completion_class(high))


def test_default_and_custom_thresholds() -> None:
    assert [scoring.completion_class(v) for v in (1.0, 0.95, 0.9, 0.75, 0.69, None)] == [
        "HTXS",
        "HTT",
        "HTT",
        "HT",
        "KHT",
        "KHT",
    ]
    strict = scoring.Thresholds(htxs=1.0, htt=0.98, ht=0.9)
    assert scoring.completion_class(0.95, strict) == "HT"
    with pytest.raises(ValueError):
        scoring.Thresholds(htxs=0.8, htt=0.9, ht=0.7)


def test_key_work_attainment_from_percent_or_milestones() -> None:
    assert scoring.key_work_attainment(percent=40) == 0.4
    assert (
        scoring.key_work_attainment(percent=None, milestones_reached=1, milestones_total=4) == 0.25
    )
    assert scoring.key_work_attainment(percent=None) == 0.0


def test_trend_on_track_is_not_at_risk_and_a_stall_is() -> None:
    start, deadline = dt.date(2020, 5, 15), dt.date(2020, 9, 2)
    steady = [(dt.date(2020, 6, 15), 30), (dt.date(2020, 7, 15), 58)]
    stalled = [(dt.date(2020, 6, 15), 30), (dt.date(2020, 7, 15), 31)]
    kw: dict[str, Any] = {
        "target": 100,
        "direction": MORE_IS_BETTER,
        "deadline": deadline,
        "baseline": 0,
    }
    assert scoring.at_risk(points=steady, start=start, **kw) is False
    assert scoring.at_risk(points=stalled, start=start, **kw) is True
    assert scoring.at_risk(points=[(dt.date(2020, 6, 1), 100)], start=start, **kw) is False
    assert scoring.at_risk(points=[(dt.date(2020, 6, 1), 10)], **kw) is None


def test_trend_for_a_falling_indicator() -> None:
    deadline = dt.date(2020, 12, 31)
    falling = [(dt.date(2020, 6, 1), 8.0), (dt.date(2020, 9, 1), 6.0)]
    kw: dict[str, Any] = {"direction": LESS_IS_BETTER, "deadline": deadline, "baseline": 10}
    assert scoring.at_risk(points=falling, target=5, **kw) is False
    assert scoring.at_risk(points=falling, target=2, **kw) is True


rows = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=8
)


@given(rows, st.randoms(use_true_random=False))
def test_ranking_is_deterministic_and_sorted_by_agreed_total(
    scores: list[tuple[int, int, int]], rnd: object
) -> None:
    table = [
        scoring.RankRow(key=i, code=f"U{i:02d}", agreed=tuple(float(s) for s in row))
        for i, row in enumerate(scores)
    ]
    first = scoring.rank(table)
    shuffled = list(table)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert [r.row.key for r in scoring.rank(shuffled)] == [r.row.key for r in first]
    totals = [r.row.agreed_total for r in first]
    assert totals == sorted(totals, reverse=True)
    assert [r.rank for r in first] == list(range(1, len(first) + 1))


def test_ties_on_total_go_to_the_first_criteria_then_the_code() -> None:
    a = scoring.RankRow(key=1, code="B", agreed=(5.0, 3.0))
    b = scoring.RankRow(key=2, code="A", agreed=(3.0, 5.0))
    c = scoring.RankRow(key=3, code="C", agreed=(3.0, 5.0))
    d = scoring.RankRow(key=4, code="D", agreed=(9.0, 9.0))
    ranked = scoring.rank([c, b, a, d])
    assert [r.row.key for r in ranked] == [4, 1, 2, 3]
    assert [r.tied_on_total for r in ranked] == [False, True, True, True]
    assert scoring.flag_candidate(ranked) == d


def test_no_flag_candidate_while_scores_are_not_all_agreed() -> None:
    ranked = scoring.rank([scoring.RankRow(key=1, code="A", agreed=(5.0, None))])
    assert scoring.flag_candidate(ranked) is None
    assert scoring.flag_candidate([]) is None
