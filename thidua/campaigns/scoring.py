"""The arithmetic of emulation: attainment, roll-up, trend, completion class, ranking.

Pure Python (no Django): numbers in, numbers out, so it is tested exhaustively with property
tests and reused by services, selectors, reports and the benchmark alike.  See
``docs/campaigns.md`` for the rules in words.

Attainment of a target
    more is better, with a baseline below the target: (current − baseline) / (target − baseline)
    less is better, with a baseline above the target: (baseline − current) / (baseline − target)
    without a usable baseline: current / target (more is better), target / current (less is
    better, 1 when current ≤ target); a target of 0 is a yes/no test.
The *raw* value is kept (it may be negative when things went backwards, or above 1 when the
target is exceeded); the *clipped* value, in [0, 1], is what rolls up, so that a target
exceeded fivefold cannot hide another that was missed.

Interim review (sơ kết): halfway through a campaign nobody is expected to have reached the
full target, so the interim attainment of an item compares its progress with the progress
*expected on the review date*: the share of time elapsed from the start (the campaign's start
date) to the item's due date (``expected_share``), applied to the way from baseline to target
(``interim_attainment``; a key work's expected percentage is that share of 100 %).  The final
review keeps the full targets.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

MORE_IS_BETTER = "more_is_better"
LESS_IS_BETTER = "less_is_better"

HTXS, HTT, HT, KHT = "HTXS", "HTT", "HT", "KHT"

# Roll-ups are sums of floats; a unit that attained everything must not miss the "excellent"
# threshold by 1e-16.
EPSILON = 1e-9

Number = float | int | Decimal


@dataclass(frozen=True)
class Thresholds:
    """Lowest attainment (clipped weighted roll-up, 0..1) for each completion class.

    Defaults: every commitment fully met → HTXS; ≥ 90 % → HTT; ≥ 70 % → HT; below → KHT.
    Stored per campaign (``Campaign.threshold_*``)."""

    htxs: float = 1.0
    htt: float = 0.9
    ht: float = 0.7

    def __post_init__(self) -> None:
        if not (0 <= self.ht <= self.htt <= self.htxs):
            raise ValueError("thresholds must satisfy 0 ≤ HT ≤ HTT ≤ HTXS")


def _f(value: Number) -> float:
    return float(value)


def attainment(
    *, current: Number, target: Number, direction: str, baseline: Number | None = None
) -> float:
    """Raw attainment of a target (1.0 = exactly reached; may be < 0 or > 1)."""
    c, t = _f(current), _f(target)
    b = None if baseline is None else _f(baseline)
    if direction == MORE_IS_BETTER:
        if b is not None and t > b:
            return (c - b) / (t - b)
        if t > 0:
            return c / t
        return 1.0 if c >= t else 0.0
    if direction == LESS_IS_BETTER:
        if b is not None and t < b:
            return (b - c) / (b - t)
        if c <= t:
            return 1.0
        if t > 0:
            return t / c
        return 0.0
    raise ValueError(f"unknown direction {direction!r}")


def expected_share(*, start: dt.date | None, due: dt.date | None, on: dt.date) -> float:
    """Share of an item's time elapsed on ``on``: 0 on or before ``start``, 1 on or after
    ``due``, pro rata in between.  Without a start or a due date (or with a due date not after
    the start) the whole target is expected: 1."""
    if start is None or due is None or due <= start:
        return 1.0
    return min(1.0, max(0.0, (on - start).days / (due - start).days))


def interim_attainment(
    *,
    current: Number,
    target: Number,
    direction: str,
    share: float,
    baseline: Number | None = None,
) -> float | None:
    """Raw attainment against the value expected after ``share`` of the time (1.0 = exactly
    on schedule; may be < 0 or > 1).  Expected value = baseline + (target − baseline) × share,
    for more-is-better and less-is-better alike; a more-is-better target without a baseline
    starts from 0.  A less-is-better target without a usable baseline, or a yes/no target (0),
    has no way to go pro rata and is measured against the full target.  None when nothing
    was expected yet (``share`` 0): the item does not count at this review."""
    if share <= 0:
        return None
    if share >= 1:
        return attainment(current=current, target=target, direction=direction, baseline=baseline)
    t = _f(target)
    b = None if baseline is None else _f(baseline)
    if direction == MORE_IS_BETTER:
        start = b if b is not None and t > b else (0.0 if t > 0 else None)
    elif direction == LESS_IS_BETTER:
        start = b if b is not None and t < b else None
    else:
        raise ValueError(f"unknown direction {direction!r}")
    if start is None:
        return attainment(current=current, target=target, direction=direction, baseline=baseline)
    expected = start + (t - start) * share
    return attainment(current=current, target=expected, direction=direction, baseline=start)


def interim_key_work_attainment(attained: float, share: float) -> float | None:
    """A key work's attainment (0..1) against the share expected on the date; None when
    nothing was expected yet."""
    if share <= 0:
        return None
    return attained / min(1.0, share)


def clip(value: float) -> float:
    """Attainment as it counts in a roll-up: within [0, 1]."""
    return min(1.0, max(0.0, value))


def key_work_attainment(
    *, percent: Number | None, milestones_reached: int = 0, milestones_total: int = 0
) -> float:
    """A key work's attainment: the reported percentage, else the share of milestones
    reached, else 0.  Always within [0, 1]."""
    if percent is not None:
        return clip(_f(percent) / 100.0)
    if milestones_total > 0:
        return clip(milestones_reached / milestones_total)
    return 0.0


def rollup(items: Iterable[tuple[Number, float | None]]) -> float | None:
    """Weighted mean of clipped attainments, ``(weight, attainment)`` pairs.  A missing
    attainment counts as 0 (nothing reported is nothing done); no weight at all → None."""
    weights: list[float] = []
    products: list[float] = []
    for weight, value in items:
        w = _f(weight)
        if w <= 0:
            raise ValueError("weights must be positive")
        weights.append(w)
        products.append(w * clip(value if value is not None else 0.0))
    total = math.fsum(weights)
    if total == 0:
        return None
    return clip(math.fsum(products) / total)


def mean(values: Iterable[float | None]) -> float | None:
    """Unweighted mean, skipping None (units with nothing to roll up)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return math.fsum(present) / len(present)


def completion_class(value: float | None, thresholds: Thresholds | None = None) -> str:
    """Proposed completion class of a unit from its clipped roll-up."""
    th = thresholds or Thresholds()
    if value is None:
        return KHT
    if value + EPSILON >= th.htxs:
        return HTXS
    if value + EPSILON >= th.htt:
        return HTT
    if value + EPSILON >= th.ht:
        return HT
    return KHT


# -- trend -----------------------------------------------------------------------------------


def projected_value(points: Sequence[tuple[dt.date, Number]], on: dt.date) -> float | None:
    """Least-squares straight line through ``(date, value)`` points, read at ``on``.
    None with fewer than two distinct dates."""
    xs = [p[0].toordinal() for p in points]
    ys = [_f(p[1]) for p in points]
    if len(set(xs)) < 2:
        return None
    n = len(xs)
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return my + slope * (on.toordinal() - mx)


def at_risk(
    *,
    points: Sequence[tuple[dt.date, Number]],
    target: Number,
    direction: str,
    deadline: dt.date,
    baseline: Number | None = None,
    start: dt.date | None = None,
) -> bool | None:
    """Will the trend miss the target by the deadline?

    The baseline, when given with the start date, is the first point of the trend.  The line
    fitted through the points is read at the deadline; at risk when the projected attainment is
    below 1 and the latest value has not already reached the target.  None when there is not
    enough data to tell (fewer than two dates)."""
    series = list(points)
    if baseline is not None and start is not None:
        series = [(start, baseline), *series]
    if not series:
        return None
    latest = max(series, key=lambda p: p[0])
    if attainment(current=latest[1], target=target, direction=direction, baseline=baseline) >= 1:
        return False
    projected = projected_value(series, deadline)
    if projected is None:
        return None
    reach = attainment(current=projected, target=target, direction=direction, baseline=baseline)
    return reach < 1 - EPSILON


# -- cluster ranking -------------------------------------------------------------------------


@dataclass(frozen=True)
class RankRow:
    """One unit of a cluster: agreed scores in the order of the scoring table."""

    key: int
    code: str
    agreed: tuple[float | None, ...]
    self_scores: tuple[float | None, ...] = ()

    @property
    def agreed_total(self) -> float:
        return math.fsum(s for s in self.agreed if s is not None)

    @property
    def self_total(self) -> float:
        return math.fsum(s for s in self.self_scores if s is not None)

    @property
    def complete(self) -> bool:
        return bool(self.agreed) and all(s is not None for s in self.agreed)


@dataclass(frozen=True)
class Ranked:
    rank: int
    row: RankRow
    tied_on_total: bool


def rank(rows: Iterable[RankRow]) -> list[Ranked]:
    """Rank units of a cluster, best first, with no two sharing a place.

    Order: higher agreed total; then, criterion by criterion in table order, the higher agreed
    score (the first criteria of a table are its weightiest); then the unit code (so the
    result never depends on database order).  ``tied_on_total`` marks units whose agreed total
    equals a neighbour's, so a page can say the tie was broken by the rule."""
    ordered = sorted(
        rows,
        key=lambda r: (
            -round(r.agreed_total, 6),
            tuple(-(s if s is not None else -1.0) for s in r.agreed),
            r.code,
        ),
    )
    totals = [round(r.agreed_total, 6) for r in ordered]
    result = []
    for i, row in enumerate(ordered):
        tied = (i > 0 and totals[i - 1] == totals[i]) or (
            i + 1 < len(totals) and totals[i + 1] == totals[i]
        )
        result.append(Ranked(rank=i + 1, row=row, tied_on_total=tied))
    return result


def flag_candidate(ranking: Sequence[Ranked]) -> RankRow | None:
    """The unit proposed for the emulation flag (CO_BT): first of the ranking, provided its
    agreed scores are complete and its total is above zero."""
    if not ranking:
        return None
    top = ranking[0].row
    if not top.complete or top.agreed_total <= 0:
        return None
    return top
