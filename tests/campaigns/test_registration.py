"""Registration: who writes it, the key-work range, return with a reason, approval, pledges."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.campaigns.conftest import add_communes, launched_campaign, registered
from tests.conftest import Cast
from tests.factories import PersonFactory, UnitFactory, UserFactory
from thidua.campaigns import selectors, services
from thidua.campaigns.models import (
    Campaign,
    Notification,
    NotificationKind,
    Registration,
    RegistrationState,
)
from thidua.core.audit import history
from thidua.org.models import Role, UnitKind


def _draft(cast: Cast, campaign: Campaign) -> Registration:
    registration = services.registration_create(
        actor=cast.commune_officer, campaign=campaign, unit=cast.commune
    )
    services.target_add(
        actor=cast.commune_officer,
        registration=registration,
        name="Thu nhập bình quân đầu người",
        measure="triệu đồng",
        baseline=40,
        target_value=48,
    )
    return registration


def test_a_unit_registers_only_for_itself_and_only_once(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    with pytest.raises(PermissionDenied):
        services.registration_create(actor=cast.officer, campaign=campaign, unit=cast.commune)
    with pytest.raises(PermissionDenied):
        services.registration_create(actor=cast.viewer, campaign=campaign, unit=cast.district)
    _draft(cast, campaign)
    with pytest.raises(ValidationError):
        services.registration_create(
            actor=cast.commune_officer, campaign=campaign, unit=cast.commune
        )


def test_a_non_participant_cannot_register(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    province_officer = UserFactory.create(username="p", role=Role.OFFICER, unit=cast.province)
    with pytest.raises(ValidationError):
        services.registration_create(actor=province_officer, campaign=campaign, unit=cast.province)


def test_only_the_units_own_officers_edit_a_draft(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    registration = _draft(cast, campaign)
    for who in (cast.officer, cast.office, cast.viewer, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.target_add(actor=who, registration=registration, name="X", target_value=1)
    with pytest.raises(Http404):
        selectors.access_registration(cast.outsider, registration.pk)
    assert selectors.access_registration(cast.officer, registration.pk) == registration


def test_key_works_within_the_campaigns_minimum_and_maximum(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    registration = _draft(cast, campaign)
    with pytest.raises(ValidationError) as error:
        services.registration_submit(actor=cast.commune_officer, registration=registration)
    assert "1" in " ".join(error.value.messages)
    for name in ("Mở rộng đường giao thông nông thôn", "Xây cầu bê tông"):
        services.key_work_add(
            actor=cast.commune_officer,
            registration=registration,
            name=name,
            cost=1_500_000_000,
            people_money=300_000_000,
            people_labour_days=450,
            milestones=[("Khởi công", None), ("Hoàn thành", None)],
        )
    with pytest.raises(ValidationError):
        services.key_work_add(actor=cast.commune_officer, registration=registration, name="Thứ ba")
    assert registration.key_works.count() == 2
    services.registration_submit(actor=cast.commune_officer, registration=registration)


def test_a_registration_needs_a_target(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    registration = services.registration_create(
        actor=cast.commune_officer, campaign=campaign, unit=cast.commune
    )
    services.key_work_add(actor=cast.commune_officer, registration=registration, name="Đường")
    with pytest.raises(ValidationError):
        services.registration_submit(actor=cast.commune_officer, registration=registration)


def test_targets_are_consistent_with_their_direction(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    registration = _draft(cast, campaign)
    add = services.target_add
    with pytest.raises(ValidationError):
        add(
            actor=cast.commune_officer,
            registration=registration,
            name="Tỷ lệ hộ nghèo",
            baseline=4,
            target_value=6,
            direction="less_is_better",
        )
    with pytest.raises(ValidationError):
        add(
            actor=cast.commune_officer,
            registration=registration,
            name="X",
            target_value=1,
            weight=0,
        )
    with pytest.raises(ValidationError):
        add(actor=cast.commune_officer, registration=registration, name="X", target_value="abc")
    target = add(
        actor=cast.commune_officer,
        registration=registration,
        name="Tỷ lệ hộ nghèo",
        baseline=4,
        target_value=2,
        direction="less_is_better",
    )
    assert target.due_date == campaign.deadline


def test_return_needs_a_reason_then_resubmit_and_approve(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    registration = _draft(cast, campaign)
    services.key_work_add(actor=cast.commune_officer, registration=registration, name="Đường")
    services.registration_submit(actor=cast.commune_officer, registration=registration)
    for blank in ("", "   "):
        with pytest.raises(ValidationError):
            services.registration_return(
                actor=cast.officer, registration=registration, reason=blank
            )
    registration.refresh_from_db()
    assert registration.state == RegistrationState.SUBMITTED
    services.registration_return(
        actor=cast.officer, registration=registration, reason="Chỉ tiêu thu nhập còn thấp."
    )
    registration.refresh_from_db()
    assert registration.state == RegistrationState.RETURNED
    assert registration.returned_reason == "Chỉ tiêu thu nhập còn thấp."
    assert Notification.objects.filter(
        recipient=cast.commune, kind=NotificationKind.RETURNED
    ).exists()
    with pytest.raises(ValidationError):
        services.registration_approve(actor=cast.officer, registration=registration)
    target = registration.targets.get()
    services.target_update(actor=cast.commune_officer, target=target, target_value=52)
    services.registration_submit(actor=cast.commune_officer, registration=registration)
    services.registration_approve(actor=cast.officer, registration=registration)
    registration.refresh_from_db()
    assert registration.state == RegistrationState.APPROVED
    assert registration.decided_by == cast.officer
    actions = [e.action for e in history(registration)]
    assert actions.count("registration.submit") == 2
    assert "registration.return" in actions and "registration.approve" in actions
    with pytest.raises(ValidationError):
        services.target_add(
            actor=cast.commune_officer, registration=registration, name="Y", target_value=1
        )


@pytest.mark.parametrize("who", ["commune_officer", "viewer", "council", "outsider"])
def test_who_may_not_approve(cast: Cast, who: str) -> None:
    campaign = launched_campaign(cast)
    registration = _draft(cast, campaign)
    services.key_work_add(actor=cast.commune_officer, registration=registration, name="Đường")
    services.registration_submit(actor=cast.commune_officer, registration=registration)
    with pytest.raises(PermissionDenied):
        services.registration_approve(actor=getattr(cast, who), registration=registration)
    with pytest.raises(PermissionDenied):
        services.registration_return(
            actor=getattr(cast, who), registration=registration, reason="Lý do"
        )


@pytest.mark.parametrize("who", ["officer", "office", "admin"])
def test_who_may_approve(cast: Cast, who: str) -> None:
    campaign = launched_campaign(cast)
    registration = _draft(cast, campaign)
    services.key_work_add(actor=cast.commune_officer, registration=registration, name="Đường")
    services.registration_submit(actor=cast.commune_officer, registration=registration)
    services.registration_approve(actor=getattr(cast, who), registration=registration)


def test_pledges_by_people_and_collectives_of_the_unit(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    registration = _draft(cast, campaign)
    person = PersonFactory.create(unit=cast.commune)
    stranger = PersonFactory.create(unit=cast.other_commune)
    hamlet = UnitFactory.create(code="H", name="Ấp 3", kind=UnitKind.HAMLET, parent=cast.commune)
    officer = cast.commune_officer
    services.pledge_add(
        actor=officer, registration=registration, person=person, award_code="CSTDCS"
    )
    services.pledge_add(
        actor=officer, registration=registration, collective=hamlet, award_code="TTLDXS"
    )
    services.pledge_add(actor=officer, registration=registration, person=person, award_code="BK_BT")
    bad: list[dict[str, Any]] = [
        {"person": person, "award_code": "TTLDTT"},  # collective title for a person
        {"collective": hamlet, "award_code": "LDTT"},  # individual title for a collective
        {"person": stranger, "award_code": "LDTT"},  # not of this unit
        {"collective": cast.other_commune, "award_code": "TTLDTT"},
        {"person": person, "award_code": "XYZ"},
        {"award_code": "LDTT"},
        {"person": person, "award_code": "CSTDCS"},  # twice
    ]
    for kwargs in bad:
        with pytest.raises(ValidationError):
            services.pledge_add(actor=officer, registration=registration, **kwargs)
    assert registration.pledges.count() == 3


def test_units_not_registered_and_not_reported(cast: Cast) -> None:
    communes = add_communes(cast, 3)
    campaign = launched_campaign(cast)
    registered(campaign, communes[0].unit, communes[0].officer, approver=cast.officer)
    missing = set(selectors.units_not_registered(campaign))
    assert communes[0].unit not in missing and communes[1].unit in missing
    assert cast.commune in missing
    # scoped: the commune officer sees only its own unit in the list
    assert list(selectors.units_not_registered(campaign, user=cast.commune_officer)) == [
        cast.commune
    ]
    import datetime as dt

    reg = Registration.objects.get(unit=communes[0].unit)
    services.progress_report(
        actor=communes[0].officer, target=reg.targets.get(), value=10, as_of=dt.date(2020, 6, 1)
    )
    silent = set(selectors.units_not_reported_since(campaign, dt.date(2020, 1, 1)))
    assert communes[0].unit not in silent and communes[1].unit in silent


def test_registrations_list_takes_constant_queries(
    cast: Cast, django_assert_num_queries: object
) -> None:
    campaign = launched_campaign(cast)
    communes = add_communes(cast, 2)
    for c in communes:
        registered(campaign, c.unit, c.officer, approver=cast.office, targets=2, key_works=2)

    def listing() -> list[Registration]:
        return list(selectors.registrations_for(cast.office, campaign))

    with django_assert_num_queries(1):  # type: ignore[operator]
        small = listing()
    more = add_communes(cast, 8, prefix="M")
    for c in more:
        registered(campaign, c.unit, c.officer, approver=cast.office, targets=3, key_works=1)
    with django_assert_num_queries(1):  # type: ignore[operator]
        large = listing()
    assert len(small) == 2 and len(large) == 10
    first = large[0]
    assert (first.target_count, first.key_work_count) == (2, 2)  # type: ignore[attr-defined]
    # an officer of the district sees the communes under it; an outsider sees none
    assert len(list(selectors.registrations_for(cast.officer, campaign))) == 10
    assert list(selectors.registrations_for(cast.outsider, campaign)) == []


def test_errors_read_in_vietnamese(cast: Cast) -> None:
    from django.utils import translation

    campaign = launched_campaign(cast)
    registration = _draft(cast, campaign)
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.registration_submit(actor=cast.commune_officer, registration=registration)
    assert error.value.messages == ["Cần đăng ký ít nhất 1 công trình trọng điểm; hiện có 0."]
