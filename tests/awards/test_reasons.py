"""Every reason code of the catalog, met and not met (judgement codes: always null)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.awards.helpers import collective, facts, fighter, ratings, reason, titles, verdict
from thidua.awards.rules import RULE_SETS


def _tq(year: int = 2026, bt: tuple[int, int] = (2022, 2025), level: str = "toan_quoc") -> Any:
    data = fighter(range(2020, 2026), initiative=level, year=year, award="CSTD_TQ")
    for y in bt:
        data["titles"][str(y)].append("CSTD_BT")
    return data


def _bk_ttg(bk_year: int = 2020, cstdcs: tuple[int, ...] = (2021, 2023, 2025)) -> Any:
    return facts(
        "BK_TTG",
        ratings=ratings(range(2021, 2026), "HTT"),
        titles={str(bk_year): ["BK_BT"], **titles(list(cstdcs), "LDTT", "CSTDCS")},
    )


LDTT = facts("LDTT", ratings={"2025": "HTT"})
CSTDCS = facts("CSTDCS", ratings={"2025": "HTXS"}, titles={"2025": ["LDTT"]})
XS = collective("TTLDXS")

# code → (facts where it is met, facts where it is not met)
RECORD: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "DISCIPLINE_IN_YEAR": (
        LDTT,
        {
            **LDTT,
            "discipline": [{"level": "khien_trach", "from": "2025-02-01", "to": "2025-08-01"}],
        },
    ),
    "NOT_FROZEN": (LDTT, {**LDTT, "under_review": True}),
    "RATING_HTT": (LDTT, facts("LDTT", ratings={"2025": "HT"})),
    "HOLDS_LDTT": (CSTDCS, {**CSTDCS, "titles": {"2025": ["GK"]}}),
    "RATING_HTXS": (CSTDCS, {**CSTDCS, "ratings": {"2025": "HTT"}}),
    "INITIATIVE_CO_SO": (
        {**CSTDCS, "initiatives": [{"year": 2025, "level": "co_so"}]},
        {**CSTDCS, "initiatives": [{"year": 2024, "level": "co_so"}]},
    ),
    "CSTDCS_STREAK_3": (fighter(range(2023, 2026)), fighter([2023, 2025])),
    "INITIATIVE_BO_TINH": (
        fighter(range(2023, 2026)),
        fighter(range(2023, 2026), initiative="co_so"),
    ),
    "CSTD_BT_TWO_CYCLES": (_tq(), _tq(bt=(2023, 2025))),
    "INITIATIVE_TOAN_QUOC": (_tq(), _tq(level="bo_tinh")),
    "MEMBERS_LDTT_RATIO": (collective("TTLDTT", LDTT=14), collective("TTLDTT", LDTT=13)),
    "MEMBERS_NO_DISCIPLINE": (collective("TTLDTT"), collective("TTLDTT", disciplined=2)),
    "MEMBERS_ALL_COMPLETED": (XS, collective("TTLDXS", completed=18)),
    "MEMBERS_HAS_CSTDCS": (XS, collective("TTLDXS", CSTDCS=0)),
    "CLUSTER_LEADER": (
        facts("CO_BT", subject="collective", cluster_rank=1),
        facts("CO_BT", subject="collective", cluster_rank=3),
    ),
    "CO_BT_HELD": (
        facts("CO_CP", subject="collective", titles={"2025": ["CO_BT"]}),
        facts("CO_CP", subject="collective", titles={"2024": ["CO_BT"]}),
    ),
    "CSTDCS_STREAK_2": (
        fighter([2024, 2025], award="BK_BT"),
        fighter([2023, 2024], award="BK_BT"),
    ),
    "HTXS_STREAK_2": (
        facts("BK_BT", ratings=ratings([2024, 2025], "HTXS")),
        facts("BK_BT", ratings={"2024": "HTT", "2025": "HTXS"}),
    ),
    "INITIATIVES_CO_SO_2": (
        facts("BK_BT", initiatives=[{"year": 2025, "level": "co_so"}] * 2),
        facts(
            "BK_BT",
            initiatives=[{"year": 2025, "level": "co_so"}, {"year": 2023, "level": "co_so"}],
        ),
    ),
    "COLLECTIVE_HTXS_STREAK_2": (
        facts("BK_BT", subject="collective", ratings=ratings([2024, 2025], "HTXS")),
        facts("BK_BT", subject="collective", ratings={"2024": "HTT", "2025": "HTXS"}),
    ),
    "BK_BT_HELD": (_bk_ttg(), _bk_ttg(bk_year=2022)),
    "RATING_HTT_STREAK_5": (_bk_ttg(), {**_bk_ttg(), "ratings": ratings(range(2022, 2026), "HTT")}),
    "CSTDCS_COUNT_3": (_bk_ttg(), _bk_ttg(cstdcs=(2019, 2023, 2025))),
}

JUDGEMENT: dict[str, dict[str, Any]] = {
    "CONDUCT": LDTT,
    "COMBAT_INGENUITY": CSTDCS,
    "QUOTA_15_PERCENT": facts("CSTDCS", 2023, titles={"2023": ["LDTT"]}),
    "OUTSTANDING": fighter(range(2023, 2026)),
    "EMULATION_REGULAR": collective("TTLDTT"),
    "UNITY": collective("TTLDTT"),
    "EXCEEDED_TARGETS": facts("CO_BT", subject="collective"),
    "CLEAN_ORGANISATIONS": facts("CO_BT", subject="collective"),
    "CENTRAL_LEADER": facts("CO_CP", subject="collective"),
    "CRITERIA_FRAMEWORK": facts("GDVH", subject="household"),
    "ACHIEVEMENT": facts("GK"),
    "OUTSTANDING_ACHIEVEMENT": facts("BK_BT"),
    "DEMOCRACY_THRIFT": facts("BK_BT", subject="collective"),
    "COUNCIL_REVIEW": facts("BK_TTG", subject="collective"),
}


def test_every_reason_code_of_the_catalog_is_tested_here() -> None:
    codes = {
        c.code
        for rule_set in RULE_SETS
        for rule in rule_set.awards.values()
        for variant in rule.variants.values()
        for c in (*variant.common, *(c for r in variant.routes for c in r.criteria))
    }
    assert codes == set(RECORD) | set(JUDGEMENT)


@pytest.mark.parametrize("code", sorted(RECORD))
def test_record_reason_met(code: str) -> None:
    r = reason(verdict(RECORD[code][0]), code)
    assert r["met"] is True, r["message"]
    assert r["kind"] == "record"
    assert r["basis"]


@pytest.mark.parametrize("code", sorted(RECORD))
def test_record_reason_not_met(code: str) -> None:
    v = verdict(RECORD[code][1])
    r = reason(v, code)
    assert r["met"] is False, r["message"]
    assert r["message"].endswith("."), r["message"]


@pytest.mark.parametrize("code", sorted(JUDGEMENT))
def test_judgement_reason_is_left_to_the_council(code: str) -> None:
    r = reason(verdict(JUDGEMENT[code]), code)
    assert r["met"] is None
    assert r["kind"] == "judgement"
    assert r["message"].startswith("Hội đồng đánh giá: ")
