"""Council fixtures for the web pages, built through the real services on top of the
standing cast and the commendation fixtures of ``tests/awards_domain``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.awards_domain.conftest import SESSION_DAY, council, fighter, members, nominate
from tests.conftest import Cast
from tests.factories import UserFactory
from thidua.awards import services
from thidua.awards.models import Council, CouncilMember, CouncilSession, Nomination
from thidua.core.text import fold
from thidua.org.models import Person, Role, User


@dataclass
class Board:
    """A provincial council with its seats, a planned session and its nominations."""

    council: Council
    seats: list[CouncilMember]
    session: CouncilSession
    nominations: list[Nomination]

    @property
    def secretary(self) -> CouncilMember:
        return self.seats[-1]

    def client(self, seat: CouncilMember) -> Client:
        assert seat.account is not None
        client = Client()
        client.force_login(seat.account)
        return client

    def url(self, name: str) -> str:
        return reverse(f"council:{name}", args=[self.session.pk])


NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hồ Văn Em"]


def hero(cast: Cast, code: str, name: str) -> Person:
    """An eligible CSTD_BT candidate (see ``fighter``) with a name of its own."""
    someone = fighter(cast, code)
    Person.objects.filter(pk=someone.pk).update(full_name=name, name_folded=fold(name))
    someone.refresh_from_db()
    return someone


def make_board(cast: Cast, size: int = 10, n: int = 1, prefix: str = "F") -> Board:
    c = council(cast, size)
    nominations = [
        nominate(cast, hero(cast, f"{prefix}{i}", f"{NAMES[i % len(NAMES)]} {prefix}{i}"))
        for i in range(n)
    ]
    session = services.session_create(
        actor=cast.office,
        council=c,
        date=SESSION_DAY,
        nominations=nominations,
        place="Hội trường UBND tỉnh",
    )
    return Board(c, members(c), session, nominations)


def open_board(cast: Cast, board: Board, present: Sequence[CouncilMember] | None = None) -> None:
    services.session_open(
        actor=cast.office, session=board.session, present=list(present or board.seats)
    )
    board.session.refresh_from_db()


def cast_ballot(board: Board, seat: CouncilMember, choice: str | dict[int, str]) -> None:
    choices = choice if isinstance(choice, dict) else {n.pk: choice for n in board.nominations}
    board.session.refresh_from_db()
    current = {
        pk: v
        for pk, v in choices.items()
        if board.session.agenda.filter(
            nomination_id=pk, in_ballot=True, round=board.session.round
        ).exists()
    }
    services.ballot_cast(actor=seat.account, session=board.session, member=seat, choices=current)


@pytest.fixture
def board(cast: Cast) -> Board:
    return make_board(cast)


@pytest.fixture
def province_viewer(cast: Cast) -> User:
    return UserFactory.create(username="viewer-bl", role=Role.VIEWER, unit=cast.province)


@pytest.fixture
def district_member(cast: Cast) -> User:
    """A member of ANOTHER council (the district's)."""
    account = UserFactory.create(username="hd-huyen", role=Role.COUNCIL, unit=cast.district)
    services.council_create(
        actor=cast.office,
        unit=cast.district,
        name="Hội đồng Thi đua - Khen thưởng huyện Hồng Dân",
        members=[{"account": account, "name": "Thành viên huyện", "role": "chair"}],
    )
    return account


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
