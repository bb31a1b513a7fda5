"""Nominations: the state machine, the dossier, the verdict and who may act."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tests.awards_domain.conftest import fighter, nominate, person, upload
from tests.conftest import Cast
from thidua.awards import selectors, services
from thidua.awards.models import Commendation, DossierKind, NominationState
from thidua.awards.rules import CATALOG_VERSION


def test_a_nomination_goes_from_draft_to_checked_with_the_verdict_stored(cast: Cast) -> None:
    someone = fighter(cast)
    nomination = nominate(cast, someone, submit=False)
    assert nomination.state == NominationState.DRAFT
    assert nomination.awarding_unit == cast.province  # the province's office handles it
    nomination = services.nomination_submit(actor=cast.officer, nomination=nomination)
    assert nomination.state == NominationState.SUBMITTED
    nomination = services.nomination_check(actor=cast.office, nomination=nomination)
    assert nomination.state == NominationState.CHECKED
    assert nomination.verdict is not None and nomination.verdict["eligible"] is True
    assert nomination.verdict_rule_set == "2013-nd91"
    assert nomination.verdict_catalog_version == CATALOG_VERSION
    codes = {r["code"] for r in nomination.verdict["reasons"]}
    assert "CSTDCS_STREAK_3" in codes
    # Re-checkable: a revoked title changes the verdict on the next check.
    title = Commendation.objects.filter(person=someone).get(year=2018, award__code="CSTDCS")
    services.commendation_revoke(
        actor=cast.office, commendation=title, reason="Sai sót", decision_number="1/QĐ"
    )
    nomination = services.nomination_check(actor=cast.office, nomination=nomination)
    assert nomination.verdict is not None and nomination.verdict["eligible"] is False


def test_the_dossier_must_be_complete_before_submission(cast: Cast) -> None:
    someone = fighter(cast)
    nomination = services.nomination_create(
        actor=cast.officer,
        subject="individual",
        person=someone,
        award_code="CSTD_BT",
        year=2020,
        proposing_unit=cast.district,
    )
    with pytest.raises(ValidationError) as error:
        services.nomination_submit(actor=cast.officer, nomination=nomination)
    messages = " ".join(error.value.messages)
    assert "tờ trình" in messages
    services.nomination_update(
        actor=cast.officer, nomination=nomination, simplified=True, achievements="Đột xuất."
    )
    services.nomination_attach(
        actor=cast.officer, nomination=nomination, kind=DossierKind.SUBMISSION, upload=upload()
    )
    submitted = services.nomination_submit(actor=cast.officer, nomination=nomination)
    assert submitted.state == NominationState.SUBMITTED


def test_return_and_resubmit(cast: Cast) -> None:
    nomination = nominate(cast, fighter(cast), check=False)
    with pytest.raises(ValidationError):
        services.nomination_return(actor=cast.office, nomination=nomination, reason=" ")
    nomination = services.nomination_return(
        actor=cast.office, nomination=nomination, reason="Thiếu biên bản họp xét"
    )
    assert nomination.state == NominationState.RETURNED
    assert nomination.return_reason == "Thiếu biên bản họp xét"
    services.nomination_update(actor=cast.officer, nomination=nomination, achievements="Bổ sung")
    nomination = services.nomination_submit(actor=cast.officer, nomination=nomination)
    assert nomination.state == NominationState.SUBMITTED and nomination.return_reason == ""
    with pytest.raises(ValidationError):  # a submitted nomination is no longer editable
        services.nomination_update(actor=cast.officer, nomination=nomination, achievements="X")


def test_who_may_act_on_a_nomination(cast: Cast) -> None:
    someone = fighter(cast)
    # Only the proposing unit's own officers draft; never for people outside their units.
    with pytest.raises(PermissionDenied):
        services.nomination_create(
            actor=cast.viewer,
            subject="individual",
            person=someone,
            award_code="CSTD_BT",
            year=2020,
            proposing_unit=cast.district,
        )
    with pytest.raises(PermissionDenied):
        services.nomination_create(
            actor=cast.office,
            subject="individual",
            person=someone,
            award_code="CSTD_BT",
            year=2020,
            proposing_unit=cast.district,
        )
    stranger = person(cast.other_commune, "ST1")
    with pytest.raises(ValidationError):
        services.nomination_create(
            actor=cast.officer,
            subject="individual",
            person=stranger,
            award_code="CSTD_BT",
            year=2020,
            proposing_unit=cast.district,
        )
    nomination = nominate(cast, someone, check=False)
    # The proposing unit cannot check its own nomination; the awarding level's office can.
    for who in (cast.officer, cast.viewer, cast.commune_officer, cast.council, cast.leader):
        with pytest.raises(PermissionDenied):
            services.nomination_check(actor=who, nomination=nomination)
    # Outsiders do not even see it.
    with pytest.raises(Http404):
        selectors.access_nomination(cast.outsider, nomination.pk)
    assert selectors.access_nomination(cast.viewer, nomination.pk) == nomination
    assert selectors.access_nomination(cast.office, nomination.pk) == nomination
    with pytest.raises(Http404):  # the commune sees only what is proposed under it
        selectors.access_nomination(cast.commune_officer, nomination.pk)
    services.nomination_check(actor=cast.office, nomination=nomination)
    # Illegal moves are refused with the states named.
    with pytest.raises(ValidationError) as error:
        services.nomination_submit(actor=cast.officer, nomination=nomination)
    assert error.value.messages


def test_a_subject_is_nominated_once_per_award_and_year(cast: Cast) -> None:
    someone = fighter(cast)
    nominate(cast, someone, submit=False)
    with pytest.raises(ValidationError):
        nominate(cast, someone, submit=False)


def test_household_and_collective_nominations(cast: Cast) -> None:
    household = services.nomination_create(
        actor=cast.commune_officer,
        subject="household",
        unit=cast.commune,
        household_name="Hộ ông Trần Văn Bình",
        award_code="GDVH",
        year=2025,
        proposing_unit=cast.commune,
    )
    assert household.subject_label == "Hộ ông Trần Văn Bình"
    with pytest.raises(ValidationError):  # LDTT is for individuals only
        services.nomination_create(
            actor=cast.officer,
            subject="collective",
            unit=cast.district,
            award_code="LDTT",
            year=2025,
            proposing_unit=cast.district,
        )


def test_listing_nominations_in_scope_takes_a_constant_number_of_queries(cast: Cast) -> None:
    def run() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            rows = [
                (n.award.code, n.subject_label, n.proposing_unit.name, n.awarding_unit.name)
                for n in selectors.nominations_visible_to(cast.office, year=2020)
            ]
        return len(ctx.captured_queries), len(rows)

    for i in range(2):
        nominate(cast, fighter(cast, f"A{i}"), submit=False)
    small = run()
    for i in range(2, 7):
        nominate(cast, fighter(cast, f"A{i}"), submit=False)
    large = run()
    assert small[1] == 2 and large[1] == 7
    assert small[0] == large[0]
    assert selectors.nominations_visible_to(cast.outsider).count() == 0
