"""Campaign life cycle: who may create, launch and move a campaign; participants; visibility."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.campaigns.conftest import (
    add_communes,
    draft_campaign,
    launched_campaign,
    pdf_bytes,
    upload,
)
from tests.conftest import Cast
from thidua.campaigns import selectors, services
from thidua.campaigns.models import CampaignState, Movement, Notification, NotificationKind
from thidua.core.audit import history
from thidua.notifications.models import Kind
from thidua.notifications.models import Notification as InboxNotification


def test_the_office_creates_a_draft_with_linked_movements(cast: Cast) -> None:
    movements = list(Movement.objects.all())
    campaign = draft_campaign(cast, movements=movements, name="  Thi  đua\u0301 ")
    assert campaign.state == CampaignState.DRAFT
    assert campaign.min_key_works == 1 and campaign.max_key_works == 2
    assert campaign.movements.count() == 2
    assert history(campaign).filter(action="campaign.create").exists()


@pytest.mark.parametrize("who", ["officer", "viewer", "council", "outsider", "commune_officer"])
def test_only_the_office_or_admin_creates_campaigns(cast: Cast, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.campaign_create(
            actor=getattr(cast, who), code="X", name="X", issuing_unit=cast.province
        )


def test_the_admin_creates_campaigns_anywhere(cast: Cast) -> None:
    campaign = services.campaign_create(
        actor=cast.admin, code="ST-1", name="Thi đua", issuing_unit=cast.other_province
    )
    assert campaign.pk


def test_inconsistent_rules_are_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        draft_campaign(cast, min_key_works=3, max_key_works=2)
    with pytest.raises(ValidationError):
        draft_campaign(cast, deadline=dt.date(2020, 1, 1))
    draft_campaign(cast)
    with pytest.raises(ValidationError):
        draft_campaign(cast)  # same code


def test_launch_needs_a_complete_campaign(cast: Cast) -> None:
    campaign = draft_campaign(cast, document_number="", deadline=None)
    with pytest.raises(ValidationError) as error:
        services.campaign_launch(actor=cast.office, campaign=campaign)
    text = " ".join(error.value.messages)
    assert "participating" in text or "tham gia" in text
    assert len(error.value.messages) == 3  # number, deadline, participants
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT


def test_launch_notifies_every_participating_unit_in_bulk(
    cast: Cast, django_assert_max_num_queries: object
) -> None:
    add_communes(cast, 5)
    campaign = launched_campaign(cast)
    assert campaign.state == CampaignState.LAUNCHED
    expected = selectors.participant_unit_ids(campaign)
    # district + its 6 communes (the cast's and 5 more) + the department; not the province.
    assert len(expected) == 8 and cast.province.pk not in expected
    notified = set(
        Notification.objects.filter(campaign=campaign, kind=NotificationKind.LAUNCHED).values_list(
            "recipient_id", flat=True
        )
    )
    assert notified == expected
    # Each account of those units finds it in its own inbox (thidua.notifications).
    inbox = InboxNotification.objects.filter(recipient=cast.commune_officer, read_at__isnull=True)
    assert list(inbox.values_list("kind", flat=True)) == [Kind.CAMPAIGN_LAUNCHED]


def test_the_full_sequence_of_states_by_the_office(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    for state in (CampaignState.INTERIM_REVIEW, CampaignState.FINAL_REVIEW, CampaignState.CLOSED):
        campaign = services.campaign_transition(
            actor=cast.office, campaign=campaign, to_state=state
        )
        assert campaign.state == state
    actions = [
        (e.after or {})["state"] for e in history(campaign) if e.action == "campaign.transition"
    ]
    assert sorted(actions) == sorted(["interim_review", "final_review", "closed"])


def test_interim_review_may_be_skipped_but_states_never_go_back(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    services.campaign_transition(actor=cast.admin, campaign=campaign, to_state="final_review")
    for bad in ("launched", "interim_review", "draft", "nonsense"):
        with pytest.raises(ValidationError):
            services.campaign_transition(actor=cast.admin, campaign=campaign, to_state=bad)


def test_a_draft_cannot_jump_to_review_and_a_closed_campaign_is_final(cast: Cast) -> None:
    campaign = draft_campaign(cast)
    with pytest.raises(ValidationError):
        services.campaign_transition(
            actor=cast.office, campaign=campaign, to_state="interim_review"
        )
    campaign = launched_campaign(cast, code="B")
    services.campaign_transition(actor=cast.office, campaign=campaign, to_state="final_review")
    services.campaign_transition(actor=cast.office, campaign=campaign, to_state="closed")
    with pytest.raises(ValidationError):
        services.campaign_update(actor=cast.office, campaign=campaign, purpose="x")


@pytest.mark.parametrize("who", ["officer", "commune_officer", "viewer", "council", "outsider"])
def test_nobody_but_the_office_moves_a_campaign(cast: Cast, who: str) -> None:
    campaign = launched_campaign(cast)
    with pytest.raises(PermissionDenied):
        services.campaign_transition(
            actor=getattr(cast, who), campaign=campaign, to_state="interim_review"
        )
    draft = draft_campaign(cast, code="D2")
    services.campaign_participant_add(actor=cast.office, campaign=draft, unit=cast.commune)
    with pytest.raises(PermissionDenied):
        services.campaign_launch(actor=getattr(cast, who), campaign=draft)


def test_outsiders_do_not_see_campaigns_and_participants_see_only_launched_ones(cast: Cast) -> None:
    draft = draft_campaign(cast, code="DRAFT")
    services.campaign_participant_add(
        actor=cast.office, campaign=draft, unit=cast.district, include_subtree=True
    )
    launched = launched_campaign(cast)
    with pytest.raises(Http404):
        selectors.access_campaign(cast.outsider, launched.pk)
    with pytest.raises(Http404):
        selectors.access_campaign(cast.commune_officer, draft.pk)
    assert selectors.access_campaign(cast.commune_officer, launched.pk) == launched
    assert selectors.access_campaign(cast.viewer, launched.pk) == launched
    assert selectors.access_campaign(cast.office, draft.pk) == draft
    assert set(selectors.campaigns_visible_to(cast.admin)) == {draft, launched}
    assert list(selectors.campaigns_visible_to(cast.outsider)) == []


def test_after_launch_only_dates_texts_and_thresholds_change(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    services.campaign_update(actor=cast.office, campaign=campaign, deadline=dt.date(2020, 9, 30))
    with pytest.raises(ValidationError):
        services.campaign_update(actor=cast.office, campaign=campaign, max_key_works=5)
    with pytest.raises(ValidationError):
        services.campaign_participant_add(actor=cast.office, campaign=campaign, unit=cast.commune)
    with pytest.raises(PermissionDenied):
        services.campaign_update(actor=cast.officer, campaign=campaign, purpose="x")


def test_participants_by_subtree_with_levels_and_explicit_units(cast: Cast) -> None:
    from tests.factories import UnitFactory
    from thidua.org.models import UnitKind

    hamlet = UnitFactory.create(code="H1", name="Ấp 1", kind=UnitKind.HAMLET, parent=cast.commune)
    campaign = draft_campaign(cast)
    services.campaign_participant_add(
        actor=cast.office, campaign=campaign, unit=cast.district, include_subtree=True, levels=1
    )
    services.campaign_participant_add(actor=cast.office, campaign=campaign, unit=cast.department)
    ids = selectors.participant_unit_ids(campaign)
    assert ids == {cast.district.pk, cast.commune.pk, cast.department.pk}
    assert hamlet.pk not in ids
    services.campaign_participant_remove(actor=cast.office, campaign=campaign, unit=cast.department)
    assert cast.department.pk not in selectors.participant_unit_ids(campaign)


def test_resolving_participants_takes_two_queries_however_many_units(
    cast: Cast, django_assert_num_queries: object
) -> None:
    campaign = draft_campaign(cast)
    for unit in (cast.district, cast.department):
        services.campaign_participant_add(
            actor=cast.office, campaign=campaign, unit=unit, include_subtree=True
        )
    with django_assert_num_queries(2):  # type: ignore[operator]
        small = selectors.participant_unit_ids(campaign)
    add_communes(cast, 25)
    with django_assert_num_queries(2):  # type: ignore[operator]
        large = selectors.participant_unit_ids(campaign)
    assert len(large) == len(small) + 25


def test_a_plan_file_must_be_pdf_or_word(cast: Cast) -> None:
    campaign = draft_campaign(cast)
    campaign = services.campaign_attach_plan(
        actor=cast.office, campaign=campaign, upload=upload("ke-hoach.pdf", pdf_bytes())
    )
    assert (campaign.plan_file.name or "").endswith(".pdf")
    with pytest.raises(ValidationError):
        services.campaign_attach_plan(
            actor=cast.office, campaign=campaign, upload=upload("virus.pdf", b"MZ\x90\x00binary")
        )


def test_reminders_go_to_participants_only(cast: Cast) -> None:
    campaign = launched_campaign(cast)
    late = list(selectors.units_not_registered(campaign))
    assert cast.commune in late
    sent = services.reminder_send(
        actor=cast.office, campaign=campaign, units=late, kind=NotificationKind.REMIND_REGISTER
    )
    assert sent == len(late)
    assert Notification.objects.filter(kind=NotificationKind.REMIND_REGISTER).count() == sent
    with pytest.raises(ValidationError):
        services.reminder_send(
            actor=cast.office,
            campaign=campaign,
            units=[cast.other_commune],
            kind=NotificationKind.REMIND_REGISTER,
        )
    with pytest.raises(PermissionDenied):
        services.reminder_send(
            actor=cast.officer, campaign=campaign, units=late, kind=NotificationKind.REMIND_REPORT
        )
