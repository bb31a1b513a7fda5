"""Who may see and do what on the council pages: the office manages, the secretary enters
paper ballots, members vote only in their own council's sessions, everyone else is turned
away (404 for those who cannot know the session exists, 403 for insiders without the
right, the login page for anonymous visitors)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.awards_council.conftest import Board, client_for, open_board
from tests.conftest import Cast
from thidua.awards.models import SessionState
from thidua.org.models import User

SESSION_PAGES = ["session", "status", "quorum", "vote", "paper", "minutes"]
SESSION_POSTS = ["open", "round_close", "round_next", "close"]


def _get(user: User | None, url: str) -> int:
    return client_for(user).get(url).status_code


def _post(user: User | None, url: str) -> int:
    return client_for(user).post(url, {"present": []}).status_code


@pytest.mark.parametrize("name", SESSION_PAGES + SESSION_POSTS)
def test_anonymous_visitors_go_to_the_login_page(board: Board, name: str) -> None:
    response = (
        client_for(None).post(board.url(name))
        if name in SESSION_POSTS
        else (client_for(None).get(board.url(name)))
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("org:login"))


def test_anonymous_visitors_cannot_see_the_council_list(db: None) -> None:
    response = client_for(None).get(reverse("council:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("name", SESSION_PAGES)
def test_outsiders_and_members_of_another_council_get_404(
    cast: Cast, board: Board, district_member: User, name: str
) -> None:
    open_board(cast, board)
    assert _get(cast.outsider, board.url(name)) == 404
    assert _get(district_member, board.url(name)) == 404


@pytest.mark.parametrize("name", SESSION_POSTS)
def test_outsiders_cannot_act_on_a_session(cast: Cast, board: Board, name: str) -> None:
    assert _post(cast.outsider, board.url(name)) == 404
    board.session.refresh_from_db()
    assert board.session.state == SessionState.PLANNED


@pytest.mark.parametrize("name", SESSION_PAGES)
def test_a_viewer_of_the_province_gets_403(
    cast: Cast, board: Board, province_viewer: User, name: str
) -> None:
    open_board(cast, board)
    assert _get(province_viewer, board.url(name)) == 403


@pytest.mark.parametrize("name", SESSION_POSTS)
def test_a_viewer_and_an_ordinary_member_cannot_run_the_session(
    board: Board, province_viewer: User, name: str
) -> None:
    assert _post(province_viewer, board.url(name)) == 403
    member = board.seats[1].account
    assert _post(member, board.url(name)) == 403
    assert _post(board.secretary.account, board.url(name)) == 403
    board.session.refresh_from_db()
    assert board.session.state == SessionState.PLANNED


def test_the_office_manages_but_does_not_vote(cast: Cast, board: Board) -> None:
    open_board(cast, board)
    assert _get(cast.office, board.url("session")) == 200
    assert _get(cast.office, board.url("quorum")) == 200
    assert _get(cast.office, board.url("paper")) == 200  # written opinions of absent members
    assert _get(cast.office, board.url("vote")) == 403  # not a member


def test_members_see_their_session_and_vote_but_only_the_secretary_enters_paper(
    cast: Cast, board: Board
) -> None:
    open_board(cast, board)
    member = board.seats[1].account
    assert _get(member, board.url("session")) == 200
    assert _get(member, board.url("vote")) == 200
    assert _get(member, board.url("paper")) == 403
    assert _get(member, board.url("quorum")) == 403
    assert _get(board.secretary.account, board.url("paper")) == 200


def test_a_member_seated_from_outside_the_scope_still_reaches_the_ballot(
    cast: Cast, board: Board
) -> None:
    """A district officer sitting on the provincial council votes there."""
    from thidua.awards import council_ops

    council_ops.council_seat_add(actor=cast.office, council=board.council, account=cast.officer)
    open_board(cast, board)
    assert _get(cast.officer, board.url("vote")) == 200
    assert _get(cast.commune_officer, board.url("vote")) == 404


def test_council_management_is_refused_to_viewers_and_hidden_from_outsiders(
    cast: Cast, board: Board, province_viewer: User
) -> None:
    add = reverse("council:member_add", args=[board.council.pk])
    remove = reverse("council:member_remove", args=[board.council.pk, board.seats[1].pk])
    plan = reverse("council:session_create", args=[board.council.pk])
    data = {"role": "member", "name": "Người lạ"}
    for url in (add, remove, plan):
        assert client_for(province_viewer).post(url, data).status_code == 403
        assert client_for(cast.outsider).post(url, data).status_code == 404
        assert client_for(None).post(url, data).status_code == 302
    assert _get(province_viewer, plan) == 403
    assert (
        client_for(province_viewer).post(reverse("council:create"), {"name": "X"}).status_code
        == 403
    )
    assert board.council.members.filter(active=True).count() == 10
    # The viewer still sees the council listed, without the management forms.
    page = client_for(province_viewer).get(reverse("council:list")).content.decode()
    assert board.council.name in page and "/members/add/" not in page
    # The outsider's list does not mention it.
    assert (
        board.council.name
        not in client_for(cast.outsider).get(reverse("council:list")).content.decode()
    )
