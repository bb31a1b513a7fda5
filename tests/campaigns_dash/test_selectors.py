"""The two reads added for dashboards: the weekly series (with the standard replayed over
time and the same at-risk flags as ``registration_progress``) and the standard trackers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.campaigns.conftest import add_communes, registered
from tests.campaigns_dash.conftest import ON, Small
from tests.conftest import Cast
from thidua.campaigns import selectors, services
from thidua.campaigns.models import CriteriaSet, Target


def test_at_risk_flags_match_the_registration_view(cast: Cast, small: Small) -> None:
    series = selectors.campaign_progress_series(small.campaign, on=ON)
    for registration in (small.commune_reg, small.district_reg):
        for history in selectors.registration_progress(registration, on=ON):
            key = (history.item.kind, history.item.pk)
            assert series.at_risk[key] == history.at_risk, history.item.name
    assert series.at_risk[("target", small.district_target.pk)] is True
    assert series.reported == {
        ("target", small.commune_target.pk),
        ("key_work", small.commune_work.pk),
        ("target", small.district_target.pk),
    }
    assert series.last_report[small.district_reg.unit_id] == dt.date(2020, 7, 1)


def test_the_standard_count_is_replayed_week_by_week(
    cast: Cast, small: Small, ntm: CriteriaSet
) -> None:
    for criterion in ntm.criteria.filter(number__lte=2):
        services.criterion_assess(
            actor=cast.officer,
            unit=cast.commune,
            criterion=criterion,
            met=True,
            assessed_on=dt.date(2020, 6, 27),
        )
    series = selectors.campaign_progress_series(small.campaign, on=ON, unit_ids=[cast.district.pk])
    district = dict(zip(series.dates, series.by_unit[cast.district.pk], strict=True))
    # 26/6: road at 20 → 0.2, standard 0 of 1, key work 0 → 0.2 / 3
    assert district[dt.date(2020, 6, 26)] == pytest.approx(0.2 / 3)
    # 3/7: road at 40, the commune meets all 19 criteria since 27/6 → (0.4 + 1) / 3
    assert district[dt.date(2020, 7, 3)] == pytest.approx(1.4 / 3)
    assert series.participants.keys() == {cast.district.pk}
    rollup = selectors.campaign_rollup(small.campaign, on=ON)
    assert district[ON] == pytest.approx(rollup.unit_attainment(cast.district.pk))
    (tracker,) = selectors.standard_trackers(
        Target.objects.filter(pk=small.standard.pk).select_related("criteria_set", "scope_unit"),
        on=ON,
    )
    assert (tracker.met, tracker.total, tracker.not_yet) == (1, 1, [])


def test_trackers_list_units_not_meeting_yet_most_missing_first(
    cast: Cast, small: Small, ntm: CriteriaSet
) -> None:
    communes = add_communes(cast, 2)
    first = ntm.criteria.order_by("number").first()
    assert first is not None
    services.criterion_assess(
        actor=cast.officer, unit=communes[1].unit, criterion=first, met=True, assessed_on=ON
    )
    targets = Target.objects.filter(pk=small.standard.pk).select_related(
        "criteria_set", "scope_unit"
    )
    with CaptureQueriesContext(connection) as queries:
        (tracker,) = selectors.standard_trackers(targets, on=ON)
    assert len(queries) == 4  # targets, units, criteria, assessments of the one set
    assert tracker.total == 3 and tracker.met == 0
    assert [(u.code, u.missing) for u in tracker.not_yet] == [
        ("BL-HD-C000", 19),
        ("BL-HD-C001", 18),
        ("BL-HD-NTLA", 2),
    ]


def test_series_queries_do_not_grow_with_data(cast: Cast, small: Small) -> None:
    with CaptureQueriesContext(connection) as before:
        selectors.campaign_progress_series(small.campaign, on=ON)
    for commune in add_communes(cast, 4):
        reg = registered(small.campaign, commune.unit, commune.officer, approver=cast.officer)
        for day in (5, 12, 19):
            services.progress_report(
                actor=commune.officer,
                target=reg.targets.get(),
                value=day,
                as_of=dt.date(2020, 6, day),
            )
    with CaptureQueriesContext(connection) as after:
        series = selectors.campaign_progress_series(small.campaign, on=ON)
    assert len(series.by_unit) == 6
    assert len(after) == len(before)


def test_a_campaign_without_start_date_has_one_point(cast: Cast) -> None:
    assert selectors._series_dates(None, ON) == [ON]
    long = selectors._series_dates(dt.date(2010, 1, 1), ON)
    assert len(long) <= selectors.MAX_SERIES_POINTS and long[-1] == ON
