"""The unit's campaign list, registration page and its inline forms, submit and return."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.campaigns_unit.conftest import approved_registration, draft_registration, launch
from tests.conftest import Cast
from tests.factories import PersonFactory
from thidua.campaigns import services
from thidua.campaigns.models import (
    Campaign,
    CampaignState,
    KeyWork,
    Milestone,
    Registration,
    RegistrationState,
    Target,
    TitlePledge,
)
from thidua.notifications.models import Notification as InboxNotification

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _reg_url(registration: Registration, name: str = "registration", *extra: int) -> str:
    return reverse(f"campaign_unit:{name}", args=[registration.pk, *extra])


def test_my_campaigns_lists_the_campaign_with_next_step_and_unread_count(
    cast: Cast, campaign: Campaign
) -> None:
    client = cast.client_for(cast.commune_officer)
    response = client.get(reverse("campaign_unit:my_campaigns"))
    assert response.status_code == 200
    html = response.content.decode()
    assert campaign.name in html
    assert "Chưa đăng ký" in html
    assert "quá hạn" in html  # the registration deadline of 2020 has passed
    assert 'data-unread="1"' in html  # the launch notification
    assert reverse("campaign_unit:registration_create", args=[campaign.pk, cast.commune.pk]) in html


def test_district_officer_sees_its_communes_but_may_only_register_itself(
    cast: Cast, campaign: Campaign
) -> None:
    html = cast.client_for(cast.officer).get(reverse("campaign_unit:my_campaigns")).content.decode()
    assert cast.commune.name in html and cast.district.name in html
    assert (
        reverse("campaign_unit:registration_create", args=[campaign.pk, cast.district.pk]) in html
    )
    assert (
        reverse("campaign_unit:registration_create", args=[campaign.pk, cast.commune.pk])
        not in html
    )


def test_officer_registers_adds_items_and_submits(cast: Cast, campaign: Campaign) -> None:
    client = cast.client_for(cast.commune_officer)
    response = client.post(
        reverse("campaign_unit:registration_create", args=[campaign.pk, cast.commune.pk])
    )
    registration = Registration.objects.get(campaign=campaign, unit=cast.commune)
    assert response.status_code == 302 and response["Location"] == _reg_url(registration)
    page = client.get(_reg_url(registration)).content.decode()
    assert "Cần đăng ký ít nhất một chỉ tiêu." in page  # submit_problems, in Vietnamese

    response = client.post(
        _reg_url(registration, "target_add"),
        {
            "target-kind": "value",
            "target-name": "Tỷ lệ hộ nghèo",
            "target-measure": "%",
            "target-baseline": "8,5".replace(",", "."),
            "target-target_value": "4",
            "target-direction": "less_is_better",
            "target-weight": "2",
            "target-public": "on",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    assert 'id="registration-body"' in response.content.decode()
    assert "<html" not in response.content.decode()  # a fragment for HTMX
    target = Target.objects.get(registration=registration)
    assert (target.direction, target.public, str(target.weight)) == ("less_is_better", True, "2.00")

    response = client.post(
        _reg_url(registration, "key_work_add"),
        {
            "work-name": "Nhựa hoá đường liên ấp",
            "work-place": "Ấp Phú Tân",
            "work-cost": "1500000000",
            "work-people_money": "300000000",
            "work-people_labour_days": "1200",
            "work-due_date": "2020-08-30",
            "work-milestones": "Khởi công; 01/6/2020\nHoàn thành nền đường\nNghiệm thu; 30/8/2020",
        },
    )
    assert response.status_code == 302
    work = KeyWork.objects.get(registration=registration)
    assert work.people_labour_days == 1200
    assert [m.name for m in work.milestones.all()] == [
        "Khởi công",
        "Hoàn thành nền đường",
        "Nghiệm thu",
    ]
    client.post(
        _reg_url(registration, "milestone_add", work.pk),
        {f"m{work.pk}-name": "Bàn giao"},
    )
    assert Milestone.objects.filter(key_work=work).count() == 4

    person = PersonFactory.create(code="P-NTLA-1", full_name="Nguyễn Văn An", unit=cast.commune)
    client.post(
        _reg_url(registration, "pledge_add"),
        {"pledge-award_code": "CSTDCS", "pledge-person": person.code},
    )
    client.post(_reg_url(registration, "pledge_add"), {"pledge-award_code": "TTLDTT"})
    pledges = {(p.award_code, p.person_id, p.collective_id) for p in TitlePledge.objects.all()}
    assert pledges == {("CSTDCS", person.pk, None), ("TTLDTT", None, cast.commune.pk)}

    page = client.get(_reg_url(registration)).content.decode()
    for text in (
        "Tỷ lệ hộ nghèo",
        "Nhựa hoá đường liên ấp",
        "Nguyễn Văn An",
        "Chiến sĩ thi đua cơ sở",
    ):
        assert text in page, text
    assert "1200 ngày công" in page

    response = client.post(_reg_url(registration, "submit"))
    registration.refresh_from_db()
    assert registration.state == RegistrationState.SUBMITTED


def test_a_person_outside_the_unit_cannot_pledge(cast: Cast, campaign: Campaign) -> None:
    registration = draft_registration(cast, campaign)
    stranger = PersonFactory.create(
        code="P-ST-1", full_name="Trần Thị Bình", unit=cast.other_commune
    )
    response = cast.client_for(cast.commune_officer).post(
        _reg_url(registration, "pledge_add"),
        {"pledge-award_code": "LDTT", "pledge-person": stranger.code},
    )
    assert response.status_code == 200
    assert "Không có người nào có mã P-ST-1" in response.content.decode()
    assert not TitlePledge.objects.exists()


def test_invalid_target_shows_the_services_vietnamese_message(
    cast: Cast, campaign: Campaign
) -> None:
    registration = draft_registration(cast, campaign)
    response = cast.client_for(cast.commune_officer).post(
        _reg_url(registration, "target_add"),
        {
            "target-kind": "value",
            "target-name": "Thu nhập bình quân",
            "target-baseline": "50",
            "target-target_value": "40",
            "target-direction": "more_is_better",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa lưu gì cả" in html
    assert "giá trị chỉ tiêu phải cao hơn giá trị ban đầu" in html
    assert Target.objects.filter(registration=registration).count() == 1


def test_key_works_beyond_the_maximum_are_refused_with_the_services_message(
    cast: Cast, campaign: Campaign
) -> None:
    registration = draft_registration(cast, campaign, works=2)
    client = cast.client_for(cast.commune_officer)
    page = client.get(_reg_url(registration)).content.decode()
    assert "data-max-reached" in page
    response = client.post(_reg_url(registration, "key_work_add"), {"work-name": "Công trình 3"})
    html = response.content.decode()
    assert "Đợt thi đua này cho phép mỗi đơn vị đăng ký tối đa 2 công trình trọng điểm." in html
    assert registration.key_works.count() == 2


def test_too_few_key_works_block_the_submit_with_the_reason(cast: Cast) -> None:
    campaign = launch(cast, code="BL-2020-3CT", min_key_works=2, max_key_works=3)
    registration = draft_registration(cast, campaign, works=1)
    client = cast.client_for(cast.commune_officer)
    page = client.get(_reg_url(registration)).content.decode()
    assert "Cần ít nhất 2 công trình" in page or "ít nhất 2" in page
    response = client.post(_reg_url(registration, "submit"), follow=True)
    assert "ít nhất 2" in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == RegistrationState.DRAFT


def test_returned_registration_shows_the_reason_and_can_be_edited_and_resubmitted(
    cast: Cast, campaign: Campaign
) -> None:
    registration = draft_registration(cast, campaign)
    services.registration_submit(actor=cast.commune_officer, registration=registration)
    services.registration_return(
        actor=cast.officer, registration=registration, reason="Chỉ tiêu chưa lượng hoá được"
    )
    client = cast.client_for(cast.commune_officer)
    mine = client.get(reverse("campaign_unit:my_campaigns")).content.decode()
    assert "Bị trả lại: Chỉ tiêu chưa lượng hoá được" in mine
    page = client.get(_reg_url(registration)).content.decode()
    assert "Chỉ tiêu chưa lượng hoá được" in page and "data-return-reason" in page
    target = registration.targets.get()
    response = client.post(
        _reg_url(registration, "target_edit", target.pk),
        {
            "kind": "value",
            "name": "Nhựa hoá 12 km đường",
            "measure": "km",
            "baseline": "0",
            "target_value": "12",
            "direction": "more_is_better",
            "weight": "1",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.name, target.target_value) == ("Nhựa hoá 12 km đường", 12)
    work = registration.key_works.get()
    response = client.get(_reg_url(registration, "key_work_edit", work.pk))
    assert response.status_code == 200 and work.name in response.content.decode()
    client.post(
        _reg_url(registration, "key_work_edit", work.pk),
        {"name": "Cầu giao thông ấp 3", "people_labour_days": "250", "weight": "1"},
    )
    work.refresh_from_db()
    assert (work.name, work.people_labour_days) == ("Cầu giao thông ấp 3", 250)
    client.post(_reg_url(registration, "submit"))
    registration.refresh_from_db()
    assert registration.state == RegistrationState.SUBMITTED
    page = client.get(_reg_url(registration)).content.decode()
    assert "hx-post" not in page  # nothing left to edit once submitted


def test_submitted_registration_refuses_changes(cast: Cast, campaign: Campaign) -> None:
    registration = draft_registration(cast, campaign)
    services.registration_submit(actor=cast.commune_officer, registration=registration)
    target = registration.targets.get()
    response = cast.client_for(cast.commune_officer).post(
        _reg_url(registration, "target_remove", target.pk), follow=True
    )
    assert "không thể sửa nữa" in response.content.decode()
    assert Target.objects.filter(pk=target.pk).exists()


def test_items_can_be_removed(cast: Cast, campaign: Campaign) -> None:
    registration = draft_registration(cast, campaign)
    client = cast.client_for(cast.commune_officer)
    target = registration.targets.get()
    work = registration.key_works.get()
    client.post(_reg_url(registration, "target_remove", target.pk), headers=HTMX)
    client.post(_reg_url(registration, "key_work_remove", work.pk))
    services.pledge_add(
        actor=cast.commune_officer,
        registration=registration,
        award_code="TTLDTT",
        collective=cast.commune,
    )
    pledge = TitlePledge.objects.get()
    client.post(_reg_url(registration, "pledge_remove", pledge.pk))
    assert not Target.objects.exists() and not KeyWork.objects.exists()
    assert not TitlePledge.objects.exists()


def test_campaign_events_reach_the_accounts_own_inbox(cast: Cast, campaign: Campaign) -> None:
    """One inbox: the launch, the approval and each new stage are in the account's inbox
    (``/notifications/``); the former per-unit inbox's addresses lead there."""
    client = cast.client_for(cast.commune_officer)
    response = client.get(reverse("campaign_unit:notifications"))
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    registration = approved_registration(cast, campaign)
    services.campaign_transition(
        actor=cast.office, campaign=campaign, to_state=CampaignState.INTERIM_REVIEW
    )
    inbox = client.get("/notifications/").content.decode()
    assert f"Phát động phong trào thi đua: {campaign.name}" in inbox
    assert f"Bản đăng ký được duyệt: {campaign.name}" in inbox
    assert f"Chuyển giai đoạn thi đua: {campaign.name}" in inbox
    approval = InboxNotification.objects.get(
        recipient=cast.commune_officer, kind="registration_approved"
    )
    opened = client.get(f"/notifications/{approval.pk}/")  # marks it read, then follows it
    assert opened["Location"] == reverse("campaign_unit:report", args=[registration.pk])
    # Another unit's officer gets none of the commune's.
    other = cast.client_for(cast.outsider).get("/notifications/").content.decode()
    assert campaign.name not in other
    my = client.get(reverse("campaign_unit:my_campaigns")).content.decode()
    assert 'href="/notifications/"' in my


def test_standard_count_target_is_chosen_not_typed(
    cast: Cast, campaign: Campaign, ntm: object
) -> None:
    from thidua.campaigns.models import CriteriaSet

    registration = draft_registration(cast, campaign)
    standard = CriteriaSet.objects.get(code="NTM-XA", version="2021-2025")
    client = cast.client_for(cast.commune_officer)
    page = client.get(_reg_url(registration)).content.decode()
    assert standard.name in page  # offered in the standard's list
    response = client.post(
        _reg_url(registration, "target_add"),
        {
            "target-kind": "standard_count",
            "target-name": "Xã đạt chuẩn nông thôn mới",
            "target-target_value": "1",
            "target-criteria_set": str(standard.pk),
            "target-scope_unit": str(cast.commune.pk),
        },
    )
    html = response.content.decode()
    assert response.status_code == 302, html[html.find("form-errors") :][:800]
    target = Target.objects.get(registration=registration, kind="standard_count")
    assert (target.criteria_set_id, target.scope_unit_id) == (standard.pk, cast.commune.pk)
    assert "tự tính" in client.get(_reg_url(registration)).content.decode()
    # Without a standard the form names the missing field.
    response = client.post(
        _reg_url(registration, "target_add"),
        {"target-kind": "standard_count", "target-name": "Thiếu", "target-target_value": "1"},
    )
    assert "Chọn bộ tiêu chí dùng để đếm số đơn vị đạt chuẩn." in response.content.decode()
