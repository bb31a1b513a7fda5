"""Interim review: progress measured against the progress expected on the review date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.campaigns.conftest import DEADLINE, START, launched_campaign
from tests.conftest import Cast
from thidua.campaigns import scoring, selectors, services
from thidua.campaigns.models import Campaign, Evaluation

MORE, LESS = scoring.MORE_IS_BETTER, scoring.LESS_IS_BETTER
D = dt.date


# -- pure arithmetic ---------------------------------------------------------------------------


def test_expected_share_runs_from_start_to_due_date() -> None:
    start, due = D(2020, 1, 1), D(2020, 1, 11)
    assert scoring.expected_share(start=start, due=due, on=D(2019, 12, 1)) == 0
    assert scoring.expected_share(start=start, due=due, on=start) == 0
    assert scoring.expected_share(start=start, due=due, on=D(2020, 1, 6)) == 0.5
    assert scoring.expected_share(start=start, due=due, on=due) == 1
    assert scoring.expected_share(start=start, due=due, on=D(2020, 3, 1)) == 1
    # Nothing to pro-rate: the whole target is expected.
    assert scoring.expected_share(start=None, due=due, on=start) == 1
    assert scoring.expected_share(start=start, due=None, on=start) == 1
    assert scoring.expected_share(start=due, due=start, on=start) == 1


def test_halfway_a_unit_halfway_is_on_schedule_for_both_directions() -> None:
    # More is better: 10 → 20, halfway expected 15.
    assert scoring.interim_attainment(
        current=15, target=20, baseline=10, direction=MORE, share=0.5
    ) == pytest.approx(1.0)
    assert scoring.interim_attainment(
        current=12, target=20, baseline=10, direction=MORE, share=0.5
    ) == pytest.approx(0.4)
    # Less is better: poverty 10 % → 4 %, halfway expected 7 %.
    assert scoring.interim_attainment(
        current=7, target=4, baseline=10, direction=LESS, share=0.5
    ) == pytest.approx(1.0)
    assert scoring.interim_attainment(
        current=8.5, target=4, baseline=10, direction=LESS, share=0.5
    ) == pytest.approx(0.5)
    # Against the full target the same unit would be at 0.5 and 0.25.
    assert scoring.attainment(current=8.5, target=4, baseline=10, direction=LESS) == 0.25
    # Without a baseline, more-is-better starts from 0: 30 of 100 expected 40.
    assert scoring.interim_attainment(
        current=30, target=100, direction=MORE, share=0.4
    ) == pytest.approx(0.75)


def test_no_pro_rata_without_a_way_to_go() -> None:
    # Less is better without a baseline, and yes/no targets: the full target is measured.
    assert scoring.interim_attainment(current=6, target=3, direction=LESS, share=0.5) == 0.5
    assert scoring.interim_attainment(current=0, target=0, direction=MORE, share=0.5) == 1.0
    # Nothing expected yet: the item does not count.
    assert scoring.interim_attainment(current=0, target=5, direction=MORE, share=0) is None
    assert scoring.interim_key_work_attainment(0.3, 0.0) is None
    assert scoring.interim_key_work_attainment(0.3, 0.6) == pytest.approx(0.5)
    assert scoring.interim_key_work_attainment(0.3, 1.0) == pytest.approx(0.3)
    with pytest.raises(ValueError):
        scoring.interim_attainment(current=1, target=2, direction="sideways", share=0.5)


values = st.floats(min_value=-1000, max_value=1000, allow_nan=False)
shares = st.floats(min_value=0.01, max_value=1.0)


@given(baseline=values, gap=st.floats(min_value=0.5, max_value=500), share=shares, x=values)
def test_interim_is_full_attainment_divided_by_the_share(
    baseline: float, gap: float, share: float, x: float
) -> None:
    """With a usable baseline, interim = raw / share in both directions."""
    up = scoring.interim_attainment(
        current=x, target=baseline + gap, baseline=baseline, direction=MORE, share=share
    )
    raw_up = scoring.attainment(current=x, target=baseline + gap, baseline=baseline, direction=MORE)
    down = scoring.interim_attainment(
        current=x, target=baseline - gap, baseline=baseline, direction=LESS, share=share
    )
    raw_down = scoring.attainment(
        current=x, target=baseline - gap, baseline=baseline, direction=LESS
    )
    assert up == pytest.approx(raw_up / share, rel=1e-6, abs=1e-6)
    assert down == pytest.approx(raw_down / share, rel=1e-6, abs=1e-6)


@given(baseline=values, gap=st.floats(min_value=0.5, max_value=500), x=values)
def test_interim_at_the_due_date_is_the_final_attainment(
    baseline: float, gap: float, x: float
) -> None:
    for direction, target in ((MORE, baseline + gap), (LESS, baseline - gap)):
        assert scoring.interim_attainment(
            current=x, target=target, baseline=baseline, direction=direction, share=1.0
        ) == scoring.attainment(current=x, target=target, baseline=baseline, direction=direction)


@given(
    baseline=values,
    gap=st.floats(min_value=0.5, max_value=500),
    x=values,
    early=shares,
    later=shares,
)
def test_the_same_value_looks_no_worse_earlier(
    baseline: float, gap: float, x: float, early: float, later: float
) -> None:
    """Progress made (clipped) never counts for less at an earlier review."""
    early, later = min(early, later), max(early, later)
    for direction, target in ((MORE, baseline + gap), (LESS, baseline - gap)):
        a = scoring.interim_attainment(
            current=x, target=target, baseline=baseline, direction=direction, share=early
        )
        b = scoring.interim_attainment(
            current=x, target=target, baseline=baseline, direction=direction, share=later
        )
        assert a is not None and b is not None
        assert scoring.clip(a) >= scoring.clip(b) - 1e-9


# -- evaluation through the services ----------------------------------------------------------


def _campaign_with_a_halfway_commune(cast: Cast) -> tuple[Campaign, dt.date]:
    campaign = launched_campaign(cast)
    registration = services.registration_create(
        actor=cast.commune_officer, campaign=campaign, unit=cast.commune
    )
    halfway = START + (DEADLINE - START) / 2
    poverty = services.target_add(
        actor=cast.commune_officer,
        registration=registration,
        name="Tỷ lệ hộ nghèo",
        baseline=10,
        target_value=4,
        direction=LESS,
    )
    roads = services.target_add(
        actor=cast.commune_officer,
        registration=registration,
        name="Đường giao thông nông thôn",
        baseline=0,
        target_value=10,
        due_date=halfway,  # due at the review date: the full 10 km is expected
    )
    work = services.key_work_add(
        actor=cast.commune_officer, registration=registration, name="Nhà văn hóa ấp"
    )
    services.registration_submit(actor=cast.commune_officer, registration=registration)
    services.registration_approve(actor=cast.officer, registration=registration)
    as_of = halfway - dt.timedelta(days=1)
    services.progress_report(actor=cast.commune_officer, target=poverty, value=7, as_of=as_of)
    services.progress_report(actor=cast.commune_officer, target=roads, value=5, as_of=as_of)
    services.progress_report(actor=cast.commune_officer, key_work=work, percent=50, as_of=as_of)
    campaign = services.campaign_transition(
        actor=cast.office, campaign=campaign, to_state="interim_review"
    )
    return campaign, halfway


@pytest.mark.django_db
def test_interim_expects_pro_rata_progress_and_final_the_full_targets(cast: Cast) -> None:
    campaign, halfway = _campaign_with_a_halfway_commune(cast)
    services.evaluation_compute(actor=cast.office, campaign=campaign, stage="interim", on=halfway)
    interim = Evaluation.objects.get(campaign=campaign, unit=cast.commune, stage="interim")
    # Poverty 10 → 7 of 10 → 4 halfway: on schedule (1.0); roads 5 of 10 due today: 0.5;
    # key work 50 % halfway: on schedule (1.0).  Mean of the three (weights 1): 2.5 / 3.
    share = scoring.expected_share(start=START, due=DEADLINE, on=halfway)
    poverty = scoring.clip(0.5 / share)
    work = scoring.clip(0.5 / share)
    expected = (poverty + 0.5 + work) / 3
    assert float(interim.attainment or 0) == pytest.approx(expected, abs=1e-4)
    assert interim.proposed_class == "HT"  # 0.83; the full targets would give 0.5 → KHT
    rollup = selectors.campaign_rollup(campaign, on=halfway)
    assert rollup.units[cast.commune.pk].attainment == pytest.approx(0.5)  # dashboards: unchanged

    services.campaign_transition(actor=cast.office, campaign=campaign, to_state="final_review")
    services.evaluation_compute(actor=cast.office, campaign=campaign, stage="final", on=halfway)
    final = Evaluation.objects.get(campaign=campaign, unit=cast.commune, stage="final")
    assert float(final.attainment or 0) == pytest.approx(0.5)
    assert final.proposed_class == "KHT"


@pytest.mark.django_db
def test_items_not_yet_begun_are_left_out_of_the_interim(cast: Cast) -> None:
    campaign, halfway = _campaign_with_a_halfway_commune(cast)
    rollup = selectors.campaign_rollup(campaign, on=START, pro_rata=True)
    result = rollup.units[cast.commune.pk]
    assert all(item.share == 0 for item in result.items)
    assert result.interim_attainment is None  # nothing was expected on the first day
    later = selectors.campaign_rollup(campaign, on=halfway, pro_rata=True).units[cast.commune.pk]
    assert sorted(i.share for i in later.items) == [0.5, 0.5, 1.0]
    assert {i.name: i.share for i in later.items}["Đường giao thông nông thôn"] == 1.0
