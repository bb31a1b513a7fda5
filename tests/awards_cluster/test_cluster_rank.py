"""The emulation flag's "leads its cluster or block" criterion is read from the campaign
clusters' agreed scores, not left to the council, once a cluster is fully scored."""

from __future__ import annotations

from typing import Any

import pytest

from tests.campaigns.conftest import add_communes
from tests.conftest import Cast
from thidua.awards.facts_loader import collective_facts, scope_facts
from thidua.campaigns import selectors, services


def _cluster(cast: Cast, year: int = 2020) -> tuple[Any, list[Any], list[Any]]:
    communes = add_communes(cast, 3)
    cluster = services.cluster_create(
        actor=cast.office,
        name="Cụm thi đua các xã huyện Hồng Dân",
        kind="cluster",
        owner_unit=cast.province,
        members=[c.unit for c in communes],
        year=year,
    )
    criteria = [
        services.scoring_criterion_add(actor=cast.office, cluster=cluster, name=n, max_points=m)
        for n, m in (("Kinh tế", 60), ("Xã hội", 40))
    ]
    return cluster, communes, criteria


def _agree(cast: Cast, criteria: list[Any], scores: dict[Any, tuple[int, int]]) -> None:
    for unit, points in scores.items():
        for criterion, score in zip(criteria, points, strict=True):
            services.cluster_score_agree(
                actor=cast.office, criterion=criterion, unit=unit, score=score
            )


def _flag_reason(loaded: Any) -> dict[str, Any]:
    from thidua.awards.rules import Settings, evaluate

    verdict = evaluate(loaded.facts, Settings())
    (reason,) = [r for r in verdict.reasons if r.code == "CLUSTER_LEADER"]
    return {"met": reason.met, "message": reason.message}


def test_a_fully_scored_cluster_gives_each_unit_its_place(cast: Cast) -> None:
    _, communes, criteria = _cluster(cast)
    a, b, c = (x.unit for x in communes)
    _agree(cast, criteria, {a: (50, 30), b: (55, 35), c: (40, 20)})
    assert selectors.cluster_ranks(2020, [a.pk, b.pk, c.pk]) == {b.pk: 1, a.pk: 2, c.pk: 3}
    assert selectors.cluster_ranks(2021, [a.pk, b.pk, c.pk]) == {}  # another year
    assert collective_facts(b, "CO_BT", 2020).facts.cluster_rank == 1
    assert collective_facts(a, "CO_BT", 2020).facts.cluster_rank == 2
    leader = _flag_reason(collective_facts(b, "CO_BT", 2020))
    second = _flag_reason(collective_facts(a, "CO_BT", 2020))
    assert leader["met"] is True
    assert second["met"] is False and "Xếp thứ 2" in second["message"]


def test_a_cluster_still_being_scored_ranks_nobody(cast: Cast) -> None:
    _, communes, criteria = _cluster(cast)
    a, b, c = (x.unit for x in communes)
    _agree(cast, criteria, {a: (50, 30), b: (55, 35)})  # c not scored yet
    assert selectors.cluster_ranks(2020, [a.pk, b.pk, c.pk]) == {}
    assert _flag_reason(collective_facts(b, "CO_BT", 2020))["met"] is None


def test_scope_facts_read_the_ranks_in_a_fixed_number_of_queries(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    _, communes, criteria = _cluster(cast)
    a, b, c = (x.unit for x in communes)
    _agree(cast, criteria, {a: (50, 30), b: (55, 35), c: (40, 20)})
    with django_assert_max_num_queries(12):
        loaded = scope_facts(cast.district, "CO_BT", 2020, subject="collective")
    ranks = {item.subject.pk: item.facts.cluster_rank for item in loaded}
    assert ranks[b.pk] == 1 and ranks[c.pk] == 3 and ranks[cast.district.pk] is None


@pytest.mark.parametrize("units", [0])
def test_no_units_no_query(units: int, django_assert_num_queries: Any, db: None) -> None:
    with django_assert_num_queries(units):
        assert selectors.cluster_ranks(2020, []) == {}
