"""Council sessions and the secret ballot: quorum, one vote per member, sealed results,
thresholds against the whole membership, rounds, written opinions, and anonymity."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from tests.awards_domain.conftest import SESSION_DAY, council, fighter, members, nominate
from tests.conftest import Cast
from thidua.awards import selectors, services
from thidua.awards.models import (
    BallotParticipation,
    BallotVote,
    CouncilSession,
    NominationState,
    SessionState,
)
from thidua.core.audit import history


def _session(cast: Cast, size: int = 10, n: int = 1) -> tuple[Any, CouncilSession, list[Any]]:
    c = council(cast, size)
    nominations = [nominate(cast, fighter(cast, f"F{i}")) for i in range(n)]
    session = services.session_create(
        actor=cast.office, council=c, date=SESSION_DAY, nominations=nominations
    )
    return c, session, nominations


def _vote(session: CouncilSession, member: Any, nominations: list[Any], choice: str) -> None:
    services.ballot_cast(
        actor=member.account,
        session=session,
        member=member,
        choices={n.pk: choice for n in nominations},
    )


def test_the_session_needs_two_thirds_of_the_whole_council(cast: Cast) -> None:
    c, session, _ = _session(cast, size=10)
    seats = members(c)
    with pytest.raises(ValidationError) as error:
        services.session_open(actor=cast.office, session=session, present=seats[:6])
    assert "7" in str(error.value)  # 6 of 10 present, 7 needed
    opened = services.session_open(actor=cast.office, session=session, present=seats[:7])
    assert opened.state == SessionState.VOTING and opened.round == 1
    assert next(e.action for e in history(opened)) == "session.open"


def test_nine_of_ten_members_agreeing_is_ninety_percent_and_passes_cstd_bt(cast: Cast) -> None:
    c, session, nominations = _session(cast, size=10)
    seats = members(c)
    services.session_open(actor=cast.office, session=session, present=seats)
    for seat in seats[:9]:
        _vote(session, seat, nominations, "yes")
    _vote(session, seats[9], nominations, "no")
    [item] = services.round_close(actor=cast.office, session=session)
    assert (item.yes, item.no, item.abstain) == (9, 1, 0)
    assert item.passed is True and item.threshold is not None and float(item.threshold) == 0.9


def test_approval_counts_against_the_whole_membership_not_those_present(cast: Cast) -> None:
    c, session, nominations = _session(cast, size=10)
    seats = members(c)
    services.session_open(actor=cast.office, session=session, present=seats[:8])
    for seat in seats[:8]:  # everyone present agrees: 8/8 present but 8/10 of the council
        _vote(session, seat, nominations, "yes")
    [item] = services.round_close(actor=cast.office, session=session)
    assert item.yes == 8 and item.passed is False


def test_a_member_votes_once_per_round(cast: Cast) -> None:
    c, session, nominations = _session(cast, size=3)
    seats = members(c)
    services.session_open(actor=cast.office, session=session, present=seats)
    _vote(session, seats[0], nominations, "yes")
    with pytest.raises(ValidationError):
        _vote(session, seats[0], nominations, "no")
    assert BallotVote.objects.filter(session=session).count() == 1
    # Nobody votes for someone else, except the secretary entering a paper ballot.
    with pytest.raises(PermissionDenied):
        services.ballot_cast(
            actor=seats[0].account,
            session=session,
            member=seats[1],
            choices={nominations[0].pk: "yes"},
        )
    services.ballot_cast(
        actor=seats[2].account, session=session, member=seats[1], choices={nominations[0].pk: "no"}
    )
    with pytest.raises(PermissionDenied):
        services.ballot_cast(
            actor=cast.outsider, session=session, member=seats[2], choices={nominations[0].pk: "no"}
        )
    with pytest.raises(ValidationError):  # a ballot covers every nomination on it
        services.ballot_cast(actor=seats[2].account, session=session, member=seats[2], choices={})


def test_results_are_sealed_until_the_round_is_closed(cast: Cast) -> None:
    c, session, nominations = _session(cast, size=3)
    seats = members(c)
    with pytest.raises(ValidationError):
        selectors.session_results(session)
    services.session_open(actor=cast.office, session=session, present=seats)
    for seat in seats:
        _vote(session, seat, nominations, "yes")
    session.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        selectors.session_results(session)
    assert "niêm phong" in str(error.value) or "sealed" in str(error.value)
    with pytest.raises(PermissionDenied):
        services.round_close(actor=cast.council, session=session)
    services.round_close(actor=cast.office, session=session)
    session.refresh_from_db()
    [item] = selectors.session_results(session)
    assert item.yes == 3 and item.passed
    with pytest.raises(ValidationError):  # no votes once counted
        _vote(session, seats[0], nominations, "no")
    services.session_close(actor=cast.office, session=session)
    nominations[0].refresh_from_db()
    assert nominations[0].council_passed is True
    assert nominations[0].state == NominationState.COUNCIL


def test_at_most_two_rounds_and_only_failed_nominations_again(cast: Cast) -> None:
    c, session, nominations = _session(cast, size=3, n=2)
    seats = members(c)
    services.session_open(actor=cast.office, session=session, present=seats)
    for seat in seats:
        services.ballot_cast(
            actor=seat.account,
            session=session,
            member=seat,
            choices={nominations[0].pk: "yes", nominations[1].pk: "no"},
        )
    services.round_close(actor=cast.office, session=session)
    session = services.round_next(actor=cast.office, session=session)
    assert session.round == 2
    with pytest.raises(ValidationError):  # round 2 is only about the failed one
        services.ballot_cast(
            actor=seats[0].account,
            session=session,
            member=seats[0],
            choices={nominations[0].pk: "yes", nominations[1].pk: "yes"},
        )
    for seat in seats:  # the same members vote again in the new round
        services.ballot_cast(
            actor=seat.account, session=session, member=seat, choices={nominations[1].pk: "yes"}
        )
    services.round_close(actor=cast.office, session=session)
    with pytest.raises(ValidationError):
        services.round_next(actor=cast.office, session=session)
    services.session_close(actor=cast.office, session=session)
    for n in nominations:
        n.refresh_from_db()
        assert n.council_passed is True


def test_written_opinions_of_absent_members_count_when_the_policy_allows(cast: Cast) -> None:
    c, session, nominations = _session(cast, size=10)
    seats = members(c)
    secretary = seats[-1]
    services.session_open(actor=cast.office, session=session, present=seats[1:])
    with pytest.raises(ValidationError):  # a present member votes in person
        services.written_opinion_record(
            actor=secretary.account,
            session=session,
            member=seats[1],
            choices={nominations[0].pk: "yes"},
        )
    with pytest.raises(PermissionDenied):
        services.written_opinion_record(
            actor=seats[1].account,
            session=session,
            member=seats[0],
            choices={nominations[0].pk: "yes"},
        )
    services.written_opinion_record(
        actor=secretary.account,
        session=session,
        member=seats[0],
        choices={nominations[0].pk: "yes"},
    )
    for seat in seats[1:9]:
        _vote(session, seat, nominations, "yes")
    _vote(session, seats[9], nominations, "no")
    [item] = services.round_close(actor=cast.office, session=session)
    assert item.yes == 9 and item.passed  # 8 present + 1 written = 90 %


def test_written_opinions_are_refused_where_the_jurisdiction_says_so(cast: Cast) -> None:
    services.jurisdiction_setting_set(
        actor=cast.office, unit=cast.province, key="written_opinions_count", value=False
    )
    c, session, nominations = _session(cast, size=3)
    seats = members(c)
    services.session_open(actor=cast.office, session=session, present=seats[1:])
    with pytest.raises(ValidationError):
        services.written_opinion_record(
            actor=seats[-1].account,
            session=session,
            member=seats[0],
            choices={nominations[0].pk: "yes"},
        )


def test_nothing_stored_links_a_member_to_a_choice(cast: Cast) -> None:
    vote_fields = {f.name: f for f in BallotVote._meta.get_fields()}
    assert set(vote_fields) == {"id", "session", "round", "nomination", "choice"}
    assert isinstance(vote_fields["id"], models.UUIDField)
    for f in BallotVote._meta.concrete_fields:
        assert not isinstance(f, models.DateTimeField | models.DateField)
        assert not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
        if f.is_relation:
            assert getattr(f.related_model, "__name__", "") in {"CouncilSession", "Nomination"}
    who_fields = {f.name for f in BallotParticipation._meta.get_fields()}
    assert who_fields == {"id", "session", "member", "round", "written"}
    assert isinstance(BallotParticipation._meta.pk, models.UUIDField)
    # The ballot itself leaves no audit event (only the session's opening and counting).
    c, session, nominations = _session(cast, size=3)
    seats = members(c)
    services.session_open(actor=cast.office, session=session, present=seats)
    for seat, choice in zip(seats, ("yes", "no", "abstain"), strict=True):
        _vote(session, seat, nominations, choice)
    assert [e.action for e in history(session)] == ["session.open", "session.create"]
    before = set(BallotVote.objects.filter(session=session).values_list("pk", flat=True))
    services.round_close(actor=cast.office, session=session)
    after = set(BallotVote.objects.filter(session=session).values_list("pk", flat=True))
    assert len(after) == 3 and not before & after  # rewritten with fresh keys when counted
