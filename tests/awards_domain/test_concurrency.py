"""Three ballots of the same member at the same moment: exactly one is counted (PostgreSQL,
real transactions in threads)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.awards_domain.conftest import SESSION_DAY, council, fighter, members, nominate
from tests.conftest import Cast
from thidua.awards import services
from thidua.awards.models import BallotParticipation, BallotVote

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


def _race(calls: list[Any]) -> list[str]:
    outcomes: list[str] = []
    barrier = threading.Barrier(len(calls))

    def run(call: Any) -> None:
        from django.db import connection as conn

        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_concurrent_double_votes_are_refused(cast: Cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent writers need PostgreSQL")
    c = council(cast, 3)
    nomination = nominate(cast, fighter(cast, "C1"))
    session = services.session_create(
        actor=cast.office, council=c, date=SESSION_DAY, nominations=[nomination]
    )
    seat = members(c)[0]
    services.session_open(actor=cast.office, session=session, present=members(c))

    def vote() -> None:
        services.ballot_cast(
            actor=seat.account, session=session, member=seat, choices={nomination.pk: "yes"}
        )

    assert _race([vote, vote, vote]) == ["ok", "refused", "refused"]
    assert BallotParticipation.objects.filter(session=session).count() == 1
    assert BallotVote.objects.filter(session=session).count() == 1
