"""Standards: the seeded criteria set, assessments with history, computed standard counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.campaigns.conftest import add_communes, launched_campaign
from tests.conftest import Cast
from thidua.campaigns import selectors, services
from thidua.campaigns.models import CriteriaSet, CriterionAssessment, Registration
from thidua.org.models import Unit, User


def _assess_all(actor: User, unit: Unit, cs: CriteriaSet, on: dt.date, *, met: bool = True) -> None:
    for criterion in cs.criteria.all():
        services.criterion_assess(
            actor=actor, unit=unit, criterion=criterion, met=met, assessed_on=on
        )


def test_the_seed_holds_19_criteria_in_5_groups_marked_unconfirmed(ntm: CriteriaSet) -> None:
    criteria = list(ntm.criteria.all())
    assert len(criteria) == 19
    assert len({c.group for c in criteria}) == 5
    assert criteria[0].name == "Quy hoạch" and criteria[-1].name == "Quốc phòng và An ninh"
    assert "[unconfirmed]" in ntm.note
    assert ntm.unit_kinds == ["commune"]


def test_a_new_set_is_data(cast: Cast) -> None:
    cs = services.criteria_set_create(
        actor=cast.admin,
        code="NTM-XA",
        version="2026-2030",
        name="Bộ tiêu chí xã nông thôn mới 2026–2030",
        valid_from=dt.date(2026, 1, 1),
        unit_kinds=["commune"],
        criteria=[(1, "TC01", "Quy hoạch", "Quy hoạch"), (2, "TC02", "Giao thông", "Hạ tầng")],
    )
    assert cs.criteria.count() == 2
    with pytest.raises(ValidationError):
        services.criteria_set_create(
            actor=cast.admin,
            code="X",
            version="1",
            name="X",
            valid_from=dt.date(2026, 1, 1),
            criteria=[(1, "A", "A", ""), (1, "B", "B", "")],
        )
    assert not CriteriaSet.objects.filter(code="X").exists()
    with pytest.raises(PermissionDenied):
        services.criteria_set_create(
            actor=cast.officer,
            code="Y",
            version="1",
            name="Y",
            valid_from=dt.date(2026, 1, 1),
            criteria=[(1, "A", "A", "")],
        )


def test_a_unit_meets_the_standard_when_its_latest_assessments_are_all_met(
    cast: Cast, ntm: CriteriaSet
) -> None:
    _assess_all(cast.officer, cast.commune, ntm, dt.date(2020, 3, 1))
    traffic = ntm.criteria.get(number=2)
    services.criterion_assess(
        actor=cast.officer,
        unit=cast.commune,
        criterion=traffic,
        met=False,
        assessed_on=dt.date(2020, 6, 1),
        note="Đường xuống cấp",
    )
    status = selectors.standard_status(
        criteria_set=ntm, units=[cast.commune], on=dt.date(2020, 5, 1)
    )
    assert status[cast.commune.pk].meets
    status = selectors.standard_status(
        criteria_set=ntm, units=[cast.commune], on=dt.date(2020, 7, 1)
    )
    assert not status[cast.commune.pk].meets and status[cast.commune.pk].met == 18
    services.criterion_assess(
        actor=cast.officer,
        unit=cast.commune,
        criterion=traffic,
        met=True,
        assessed_on=dt.date(2020, 8, 20),
    )
    status = selectors.standard_status(
        criteria_set=ntm, units=[cast.commune], on=dt.date(2020, 9, 1)
    )
    assert status[cast.commune.pk].meets
    # history is kept: three assessments of the traffic criterion
    assert CriterionAssessment.objects.filter(unit=cast.commune, criterion=traffic).count() == 3


def test_a_unit_does_not_assess_itself_and_the_set_applies_to_its_kinds(
    cast: Cast, ntm: CriteriaSet
) -> None:
    criterion = ntm.criteria.first()
    assert criterion is not None
    with pytest.raises(PermissionDenied):
        services.criterion_assess(
            actor=cast.commune_officer,
            unit=cast.commune,
            criterion=criterion,
            met=True,
            assessed_on=dt.date(2020, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        services.criterion_assess(
            actor=cast.outsider,
            unit=cast.commune,
            criterion=criterion,
            met=True,
            assessed_on=dt.date(2020, 1, 1),
        )
    with pytest.raises(ValidationError):
        services.criterion_assess(
            actor=cast.office,
            unit=cast.district,
            criterion=criterion,
            met=True,
            assessed_on=dt.date(2020, 1, 1),
        )


def test_a_standard_count_target_is_computed_from_assessments(cast: Cast, ntm: CriteriaSet) -> None:
    communes = [c.unit for c in add_communes(cast, 3)] + [cast.commune]
    campaign = launched_campaign(cast)
    registration = services.registration_create(
        actor=cast.officer, campaign=campaign, unit=cast.district
    )
    target = services.target_add(
        actor=cast.officer,
        registration=registration,
        kind="standard_count",
        name="Số xã đạt chuẩn nông thôn mới",
        target_value=4,
        baseline=1,
        criteria_set=ntm,
        scope_unit=cast.district,
        public=True,
    )
    services.key_work_add(actor=cast.officer, registration=registration, name="Đường huyện")
    services.registration_submit(actor=cast.officer, registration=registration)
    services.registration_approve(actor=cast.office, registration=registration)
    _assess_all(cast.office, communes[0], ntm, dt.date(2019, 12, 1))
    _assess_all(cast.office, communes[1], ntm, dt.date(2020, 7, 1))
    _assess_all(cast.office, communes[2], ntm, dt.date(2020, 7, 1), met=False)

    def standing(on: dt.date) -> tuple[float | None, int | None, float | None]:
        rollup = selectors.campaign_rollup(campaign, on=on)
        item = rollup.units[cast.district.pk].items[0]
        return item.current, item.of_total, item.raw

    assert standing(dt.date(2020, 6, 1)) == (1.0, 4, 0.0)  # 1 of 4: the baseline
    current, total, raw = standing(dt.date(2020, 8, 1))
    assert (current, total) == (2.0, 4) and raw == pytest.approx(1 / 3)
    _assess_all(cast.office, communes[2], ntm, dt.date(2020, 8, 15))
    _assess_all(cast.office, communes[3], ntm, dt.date(2020, 8, 20))
    assert standing(dt.date(2020, 9, 1)) == (4.0, 4, 1.0)  # 4/4, the seed's 49/49 in small
    met_ids, total = selectors.units_meeting_standard(
        criteria_set=ntm, under=cast.district, on=dt.date(2020, 9, 1)
    )
    assert total == 4 and set(met_ids) == {u.pk for u in communes}
    with pytest.raises(ValidationError):
        services.progress_report(actor=cast.officer, target=target, value=4)
    assert Registration.objects.get(pk=registration.pk).targets.get().updates.count() == 0


def test_a_standard_count_counts_only_under_the_registering_unit(
    cast: Cast, ntm: CriteriaSet
) -> None:
    campaign = launched_campaign(cast)
    registration = services.registration_create(
        actor=cast.commune_officer, campaign=campaign, unit=cast.commune
    )
    with pytest.raises(ValidationError):
        services.target_add(
            actor=cast.commune_officer,
            registration=registration,
            kind="standard_count",
            name="X",
            target_value=1,
            criteria_set=ntm,
            scope_unit=cast.district,
        )
