"""The session page: quorum against the whole council, sealed results while a round is
open, results counted against the whole membership once closed, at most two rounds, and a
constant number of queries however many members and nominations."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.awards_council.conftest import Board, cast_ballot, client_for, make_board, open_board
from tests.conftest import Cast
from thidua.awards import services
from thidua.awards.models import AgendaItem, SessionState


def _text(response) -> str:
    return response.content.decode()


def test_the_office_cannot_open_the_session_below_two_thirds(cast: Cast, board: Board) -> None:
    office = client_for(cast.office)
    present = [m.pk for m in board.seats[:6]]
    response = office.post(board.url("open"), {"present": present}, follow=True)
    assert "Không đủ số thành viên: có mặt 6/10 thành viên, cần ít nhất 7" in _text(response)
    board.session.refresh_from_db()
    assert board.session.state == SessionState.PLANNED and board.session.round == 0

    response = office.post(board.url("open"), {"present": [*present, board.seats[6].pk]})
    assert response.status_code == 302
    board.session.refresh_from_db()
    assert board.session.state == SessionState.VOTING and board.session.members_present == 7


def test_the_quorum_is_shown_live_as_members_are_ticked(cast: Cast, board: Board) -> None:
    office = client_for(cast.office)
    page = _text(office.get(board.url("session")))
    assert 'hx-get="' + board.url("quorum") in page and "10/10" not in page
    assert "10 trên 10 thành viên có mặt" in page
    six = _text(office.get(board.url("quorum"), {"present": [m.pk for m in board.seats[:6]]}))
    assert "6 trên 10 thành viên có mặt" in six and "cần ít nhất 7" in six
    assert "chưa đủ số thành viên" in six and 'class="quorum ok"' not in six
    seven = _text(office.get(board.url("quorum"), {"present": [m.pk for m in board.seats[:7]]}))
    assert "7 trên 10" in seven and 'class="quorum ok"' in seven
    # Ids of another council's members are ignored.
    other = make_board(cast, size=3, prefix="G")
    stray = _text(office.get(board.url("quorum"), {"present": [m.pk for m in other.seats]}))
    assert "0 trên 10" in stray


def _vote_all(board: Board, yes: int, no: int = 0) -> None:
    for seat in board.seats[:yes]:
        cast_ballot(board, seat, "yes")
    for seat in board.seats[yes : yes + no]:
        cast_ballot(board, seat, "no")


def test_counts_are_sealed_until_the_round_is_closed(cast: Cast, board: Board) -> None:
    open_board(cast, board)
    _vote_all(board, yes=9, no=1)
    viewers = [cast.office, board.secretary.account, board.seats[0].account]
    for user in viewers:
        for name in ("session", "status"):
            response = client_for(user).get(board.url(name))
            text = _text(response)
            assert response.status_code == 200
            assert "10 phiếu đã nhận trên 10 thành viên có mặt" in text
            # No results table, no agree/disagree count, no percentage of any kind.
            assert 'class="table results"' not in text and "count-yes" not in text
            assert "Đồng ý" not in text and "Không đồng ý" not in text
            assert not re.search(r"\d+(,\d+)? %", text)
            assert all("yes" not in row for row in response.context["page"].items)

    assert client_for(cast.office).post(board.url("round_close")).status_code == 302
    for user in viewers:
        for name in ("session", "status"):
            text = _text(client_for(user).get(board.url(name)))
            assert 'class="table results"' in text and 'data-label="Đồng ý">9<' in text
            assert "90 %" in text and "Đạt" in text


def test_nine_of_ten_pass_a_ninety_percent_award_and_eight_of_ten_fail(cast: Cast) -> None:
    passing = make_board(cast, prefix="P")
    open_board(cast, passing)
    _vote_all(passing, yes=9, no=1)
    client_for(cast.office).post(passing.url("round_close"))
    [item] = AgendaItem.objects.filter(session=passing.session)
    assert (item.yes, item.no, item.passed) == (9, 1, True)
    text = _text(client_for(cast.office).get(passing.url("session")))
    assert "90 %" in text and "Đạt" in text

    failing = make_board(cast, prefix="Q")
    open_board(cast, failing, present=failing.seats[:8])  # 8 present, all agree: 8/10
    _vote_all(failing, yes=8)
    client_for(cast.office).post(failing.url("round_close"))
    [item] = AgendaItem.objects.filter(session=failing.session)
    assert (item.yes, item.passed) == (8, False)
    text = _text(client_for(cast.office).get(failing.url("session")))
    assert "80 %" in text and "Không đạt" in text and "toàn thể Hội đồng: 10" in text


def test_a_second_round_only_for_failed_nominations_and_never_a_third(cast: Cast) -> None:
    board = make_board(cast, n=2, prefix="R")
    good, weak = board.nominations
    office = client_for(cast.office)
    open_board(cast, board)
    for seat in board.seats:
        cast_ballot(board, seat, {good.pk: "yes", weak.pk: "no"})
    office.post(board.url("round_close"))
    text = _text(office.get(board.url("session")))
    assert board.url("round_next") in text

    assert office.post(board.url("round_next")).status_code == 302
    board.session.refresh_from_db()
    assert board.session.round == 2 and board.session.state == SessionState.VOTING
    ballot = _text(client_for(board.seats[0].account).get(board.url("vote")))
    assert weak.subject_label in ballot and good.subject_label not in ballot
    assert f'name="n{weak.pk}"' in ballot and f'name="n{good.pk}"' not in ballot

    for seat in board.seats:
        cast_ballot(board, seat, {weak.pk: "yes"})
    office.post(board.url("round_close"))
    items = {i.nomination_id: i for i in AgendaItem.objects.filter(session=board.session)}
    assert items[weak.pk].round == 2 and items[weak.pk].yes == 10 and items[weak.pk].passed
    assert items[good.pk].round == 1 and items[good.pk].yes == 10

    # Make the second round fail to check that a third round is refused.
    AgendaItem.objects.filter(pk=items[weak.pk].pk).update(passed=False)
    text = _text(office.get(board.url("session")))
    assert board.url("round_next") not in text and "tối đa 2 vòng" in text
    refused = office.post(board.url("round_next"), follow=True)
    assert "Chỉ được bỏ phiếu tối đa 2 vòng." in _text(refused)
    board.session.refresh_from_db()
    assert board.session.round == 2 and board.session.state == SessionState.COUNTED


def test_no_second_round_when_everything_passed(cast: Cast, board: Board) -> None:
    open_board(cast, board)
    _vote_all(board, yes=10)
    office = client_for(cast.office)
    office.post(board.url("round_close"))
    assert board.url("round_next") not in _text(office.get(board.url("session")))
    response = office.post(board.url("round_next"), follow=True)
    assert "Mọi hồ sơ đều đã đạt" in _text(response)
    office.post(board.url("close"))
    board.session.refresh_from_db()
    assert board.session.state == SessionState.CLOSED
    board.nominations[0].refresh_from_db()
    assert board.nominations[0].council_passed is True


def test_the_agenda_shows_each_nominations_verdict(cast: Cast, board: Board) -> None:
    text = _text(client_for(cast.office).get(board.url("session")))
    nomination = board.nominations[0]
    assert nomination.subject_label in text and nomination.award.name_vi in text
    assert "Đủ điều kiện theo quy định" in text


def _queries(user, url: str) -> int:
    client = client_for(user)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("state", ["planned", "voting", "closed"])
def test_the_session_page_runs_a_constant_number_of_queries(cast: Cast, state: str) -> None:
    small = make_board(cast, size=3, n=1, prefix="S")
    large = make_board(cast, size=9, n=4, prefix="L")
    for b in (small, large):
        if state != "planned":
            open_board(cast, b)
            for seat in b.seats[:2]:
                cast_ballot(b, seat, "yes")
        if state == "closed":
            services.round_close(actor=cast.office, session=b.session)
            services.session_close(actor=cast.office, session=b.session)
    for name in ("session", "status"):
        assert _queries(cast.office, small.url(name)) == _queries(cast.office, large.url(name))
        assert _queries(small.secretary.account, small.url(name)) == _queries(
            large.secretary.account, large.url(name)
        )
