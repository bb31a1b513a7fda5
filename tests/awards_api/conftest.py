"""Commendation records, nominations in several states, a council with a closed and a
planned session, and an issued decision on top of the cast, plus token clients per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from tests.awards_domain.conftest import SESSION_DAY, council, fighter, members, nominate, person
from tests.conftest import Cast
from thidua.api import services as api_services
from thidua.awards import services
from thidua.awards.models import CouncilSession, Decision, Nomination
from thidua.org.models import Person

ROLES = (
    "admin",
    "office",
    "officer",
    "commune_officer",
    "council",
    "leader",
    "viewer",
    "outsider",
    "anonymous",
    "bad_token",
)
UNAUTHENTICATED = {"anonymous", "bad_token"}
INSIDERS = {"admin", "office", "officer", "commune_officer", "council", "leader", "viewer"}


def client_for(cast: Cast, role: str) -> Client:
    if role == "anonymous":
        return Client()
    if role == "bad_token":
        return Client(HTTP_AUTHORIZATION="Bearer thd_" + "A" * 43)
    user = getattr(cast, role)
    _token, secret = api_services.token_create(actor=None, user=user, name="awards")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@dataclass
class World:
    cast: Cast
    star: Person  # eligible for CSTD_BT 2020
    gap: Person  # CSTDCS 2018 and 2020 only
    passed: Nomination  # decided, in the decision
    draft: Nomination  # draft of the district
    submitted: Nomination  # submitted, not checked
    closed: CouncilSession
    planned: CouncilSession
    decision: Decision

    def client(self, role: str) -> Client:
        return client_for(self.cast, role)


@pytest.fixture
def world(cast: Cast) -> World:
    star = fighter(cast, "P-STAR")
    gap = person(cast.district, "P-GAP", "Lâm Văn Phúc")
    for year in (2018, 2020):
        services.rating_record(actor=cast.office, person=gap, year=year, rating="HTXS")
        services.commendation_record_historical(
            actor=cast.office, subject="individual", person=gap, award_code="CSTDCS", year=year
        )
    services.discipline_record(
        actor=cast.office,
        person=gap,
        level="khien_trach",
        start=dt.date(2016, 1, 1),
        end=dt.date(2016, 12, 31),
    )
    c = council(cast, size=5)
    seats = members(c)
    passed = nominate(cast, star)
    closed = services.session_create(
        actor=cast.office, council=c, date=SESSION_DAY, nominations=[passed]
    )
    services.session_open(actor=cast.office, session=closed, present=seats)
    for seat in seats:
        services.ballot_cast(
            actor=seat.account, session=closed, member=seat, choices={passed.pk: "yes"}
        )
    services.round_close(actor=cast.office, session=closed)
    closed = services.session_close(actor=cast.office, session=closed)
    decision = services.decision_create(
        actor=cast.office,
        authority_unit=cast.province,
        year=2020,
        title="Về việc tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
        place="Bạc Liêu",
        authority_name="ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU",
        nominations=[passed],
        signer=cast.leader,
    )
    decision = services.decision_issue(
        actor=cast.leader, decision=decision, date=dt.date(2020, 12, 28), render=False
    )
    other = fighter(cast, "P-OTHER")
    planned = services.session_create(
        actor=cast.office, council=c, date=SESSION_DAY, nominations=[nominate(cast, other)]
    )
    submitted = nominate(cast, gap, check=False)
    draft = nominate(cast, person(cast.district, "P-DRAFT"), "LDTT", submit=False)
    return World(
        cast=cast,
        star=star,
        gap=gap,
        passed=Nomination.objects.get(pk=passed.pk),
        draft=draft,
        submitted=submitted,
        closed=closed,
        planned=planned,
        decision=decision,
    )
