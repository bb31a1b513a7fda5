"""Property tests: taking facts away or adding discipline never makes a subject eligible."""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.awards.rules import evaluate_data, evaluate_many, parse_facts
from thidua.awards.rules.engine import evaluate
from thidua.awards.rules.vocab import DISCIPLINE_LEVELS, INITIATIVE_LEVELS, RATINGS

INDIVIDUAL_AWARDS = ["LDTT", "CSTT", "CSTDCS", "CSTD_BT", "CSTD_TQ", "BK_BT", "BK_TTG", "GK"]
COLLECTIVE_AWARDS = ["TTLDTT", "TTLDXS", "BK_BT", "CO_BT", "CO_CP", "GK", "BK_TTG"]
TITLES = ["LDTT", "CSTT", "CSTDCS", "CSTD_BT", "BK_BT", "TTLDXS", "CO_BT"]
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def discipline_item(draw: Any) -> dict[str, Any]:
    start = draw(
        st.dates(
            min_value=dt.date(2014, 1, 1),
            max_value=dt.date(2026, 12, 31),
        )
    )
    length = draw(st.none() | st.integers(min_value=0, max_value=800))
    end = None if length is None else start + dt.timedelta(days=length)
    return {
        "level": draw(st.sampled_from(DISCIPLINE_LEVELS)),
        "from": start.isoformat(),
        "to": end.isoformat() if end else None,
    }


@st.composite
def subject_facts(draw: Any) -> dict[str, Any]:
    """Mostly strong records (so that many verdicts are eligible and the properties bite),
    with random weak spots."""
    subject = draw(st.sampled_from(["individual", "collective"]))
    award = draw(
        st.sampled_from(INDIVIDUAL_AWARDS if subject == "individual" else COLLECTIVE_AWARDS)
    )
    year = draw(st.integers(min_value=2020, max_value=2026))
    history = range(year - 7, year + 1)
    good = st.sampled_from(["HTXS"] * 6 + ["HTT", "HTT", "HT", "KHT"])
    ratings = {str(y): draw(good) for y in history if draw(st.integers(0, 9))}
    titles: dict[str, list[str]] = {}
    for y in history:
        held = (
            ["LDTT", "CSTDCS"] if draw(st.integers(0, 5)) else draw(st.sampled_from([[], ["LDTT"]]))
        )
        held += draw(st.sampled_from([[]] * 6 + [[t] for t in TITLES]))
        titles[str(y)] = sorted(set(held))
    if draw(st.booleans()):  # two CSTD_BT cycles for CSTD_TQ
        for y in (year - 1, year - 4):
            titles[str(y)] = sorted({*titles[str(y)], "CSTD_BT"})
    if draw(st.booleans()):  # an early BK_BT for BK_TTG
        titles[str(year - 6)] = sorted({*titles[str(year - 6)], "BK_BT"})
    data: dict[str, Any] = {
        "subject": subject,
        "award": award,
        "year": year,
        "ratings": ratings,
        "titles": titles,
        "initiatives": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "year": st.integers(min_value=year - 4, max_value=year),
                        "level": st.sampled_from(INITIATIVE_LEVELS),
                        "kind": st.sampled_from(["initiative", "project"]),
                        "used": st.sampled_from([False, False, False, True]),
                    }
                ),
                max_size=4,
            )
        ),
        "discipline": draw(st.sampled_from([[], [], []]) | st.lists(discipline_item(), max_size=1)),
        "cluster_rank": draw(st.none() | st.integers(min_value=1, max_value=3)),
        "under_review": draw(st.sampled_from([False] * 9 + [True])),
    }
    if subject == "collective" and draw(st.sampled_from([True, True, True, False])):
        total = draw(st.integers(min_value=1, max_value=30))
        data["members"] = {
            "total": total,
            "completed": total - draw(st.integers(min_value=0, max_value=min(1, total))),
            "LDTT": draw(st.integers(min_value=total // 2, max_value=total)),
            "CSTDCS": draw(st.integers(min_value=0, max_value=min(3, total))),
            "disciplined": draw(st.sampled_from([0, 0, 0, 1])) if total > 1 else 0,
        }
    return data


def eligible(data: dict[str, Any]) -> bool:
    return bool(evaluate_data(data)["eligible"])


@FAST
@given(subject_facts(), discipline_item())
def test_adding_discipline_never_makes_a_subject_eligible(
    data: dict[str, Any], extra: dict[str, Any]
) -> None:
    worse = copy.deepcopy(data)
    worse["discipline"].append(extra)
    if eligible(worse):
        assert eligible(data)


@FAST
@given(subject_facts(), st.data())
def test_removing_a_title_never_makes_a_subject_eligible(data: dict[str, Any], pick: Any) -> None:
    # Titles of the award itself are left out: a past award of the same kind uses up the
    # years it rested on, so removing it may rightly open a new cycle.
    held = [(y, t) for y, ts in data["titles"].items() for t in ts if t != data["award"]]
    if not held:
        return
    year, title = pick.draw(st.sampled_from(held))
    worse = copy.deepcopy(data)
    worse["titles"][year].remove(title)
    if eligible(worse):
        assert eligible(data)


@FAST
@given(subject_facts(), st.data())
def test_using_up_an_initiative_never_makes_a_subject_eligible(
    data: dict[str, Any], pick: Any
) -> None:
    if not data["initiatives"]:
        return
    index = pick.draw(st.integers(min_value=0, max_value=len(data["initiatives"]) - 1))
    worse = copy.deepcopy(data)
    worse["initiatives"][index]["used"] = True
    if eligible(worse):
        assert eligible(data)


@FAST
@given(subject_facts(), st.data())
def test_a_lower_rating_never_makes_a_subject_eligible(data: dict[str, Any], pick: Any) -> None:
    if not data["ratings"]:
        return
    year = pick.draw(st.sampled_from(sorted(data["ratings"])))
    worse = copy.deepcopy(data)
    rank = RATINGS.index(data["ratings"][year])
    worse["ratings"][year] = RATINGS[pick.draw(st.integers(min_value=0, max_value=rank))]
    if eligible(worse):
        assert eligible(data)


@FAST
@given(subject_facts(), st.data())
def test_worse_member_figures_never_make_a_collective_eligible(
    data: dict[str, Any], pick: Any
) -> None:
    members = data.get("members")
    if not members:
        return
    worse = copy.deepcopy(data)
    field = pick.draw(st.sampled_from(["completed", "LDTT", "CSTDCS", "disciplined"]))
    if field == "disciplined":
        worse["members"][field] = pick.draw(
            st.integers(min_value=members[field], max_value=members["total"])
        )
    else:
        worse["members"][field] = pick.draw(st.integers(min_value=0, max_value=members[field]))
    if eligible(worse):
        assert eligible(data)


@FAST
@given(subject_facts())
def test_a_verdict_is_eligible_exactly_when_one_record_route_is_fully_met(
    data: dict[str, Any],
) -> None:
    v = evaluate_data(data)
    common = [r for r in v["reasons"] if r["route"] is None]
    routes = dict.fromkeys(r["route"] for r in v["reasons"] if r["route"] is not None)
    passing = []
    for route in routes:
        own = [r for r in v["reasons"] if r["route"] == route]
        record = [r for r in common + own if r["kind"] == "record"]
        if any(r["kind"] == "record" for r in own) and all(r["met"] is True for r in record):
            passing.append(route)
    assert v["eligible"] == bool(passing)
    assert v["route"] == (passing[0] if passing else None)
    for r in v["reasons"]:
        if r["kind"] == "judgement":
            assert r["met"] is None
        assert r["message"].endswith(".")
        assert unicodedata.is_normalized("NFC", r["message"])
        assert r["basis"]


@FAST
@given(st.lists(subject_facts(), max_size=5))
def test_evaluate_many_matches_one_by_one(items: list[dict[str, Any]]) -> None:
    parsed = [parse_facts(d) for d in items]
    assert evaluate_many(parsed) == [evaluate(f) for f in parsed]
