"""A member's own ballot screen and the secretary's paper ballots: one ballot per member
and round, nothing shown back after casting, nothing stored that links a member to a
choice."""

from __future__ import annotations

from django.urls import reverse

from tests.awards_council.conftest import Board, cast_ballot, client_for, make_board, open_board
from tests.conftest import Cast
from tests.factories import PersonFactory
from thidua.awards import council_ops, services
from thidua.awards.models import BallotParticipation, BallotVote


def _text(response) -> str:
    return response.content.decode()


def test_a_member_votes_once_from_their_own_screen(cast: Cast) -> None:
    board = make_board(cast, n=2, prefix="V")
    first, second = board.nominations
    open_board(cast, board)
    member = board.client(board.seats[2])
    page = member.get(board.url("vote"))
    text = _text(page)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store, private"
    for n in (first, second):
        assert n.subject_label in text and f'name="n{n.pk}"' in text
    assert "Đồng ý" in text and "Không đồng ý" in text and "Không biểu quyết" in text
    assert 'name="viewport"' in text

    response = member.post(board.url("vote"), {f"n{first.pk}": "yes", f"n{second.pk}": "no"})
    assert response.status_code == 302
    assert (
        BallotParticipation.objects.filter(session=board.session, member=board.seats[2]).count()
        == 1
    )
    assert sorted(BallotVote.objects.values_list("choice", flat=True)) == ["no", "yes"]

    after = member.get(board.url("vote"), follow=True)
    text = _text(after)
    assert "Đã ghi nhận phiếu của bạn" in text and "Bạn đã bỏ phiếu ở vòng 1." in text
    # Nothing of the ballot is shown back: no form, no choice, not even the member's own.
    assert f'name="n{first.pk}"' not in text and 'type="radio"' not in text
    assert "Đồng ý" not in text and "Không đồng ý" not in text


def test_a_second_ballot_is_refused(cast: Cast, board: Board) -> None:
    open_board(cast, board)
    member = board.client(board.seats[0])
    nomination = board.nominations[0]
    assert member.post(board.url("vote"), {f"n{nomination.pk}": "yes"}).status_code == 302
    again = member.post(board.url("vote"), {f"n{nomination.pk}": "no"})
    assert again.status_code == 409
    assert "Bạn đã bỏ phiếu ở vòng này." in _text(again)
    assert list(BallotVote.objects.values_list("choice", flat=True)) == ["yes"]
    assert BallotParticipation.objects.count() == 1


def test_an_incomplete_ballot_names_what_is_missing_and_stores_nothing(cast: Cast) -> None:
    board = make_board(cast, n=2, prefix="I")
    first, second = board.nominations
    open_board(cast, board)
    response = board.client(board.seats[0]).post(board.url("vote"), {f"n{first.pk}": "yes"})
    assert response.status_code == 400
    assert f"Hãy chọn Đồng ý hoặc Không đồng ý cho “{second.subject_label}”." in _text(response)
    assert not BallotParticipation.objects.exists() and not BallotVote.objects.exists()


def test_absent_members_and_closed_ballots_take_no_vote(cast: Cast, board: Board) -> None:
    nomination = board.nominations[0]
    waiting = board.client(board.seats[9])
    planned = _text(waiting.get(board.url("vote")))
    assert "Phiên họp chưa khai mạc" in planned and f'name="n{nomination.pk}"' not in planned
    assert waiting.post(board.url("vote"), {f"n{nomination.pk}": "yes"}).status_code == 302
    open_board(cast, board, present=board.seats[:8])
    absent = board.client(board.seats[9])
    assert "vắng mặt" in _text(absent.get(board.url("vote")))
    assert absent.post(board.url("vote"), {f"n{nomination.pk}": "yes"}).status_code == 403
    assert not BallotVote.objects.exists()


def test_the_secretary_enters_paper_ballots_and_written_opinions(cast: Cast, board: Board) -> None:
    # A member without an account votes on paper; another member is absent.
    paper_person = PersonFactory.create(code="P-GIAY", full_name="Đỗ Văn Giấy", unit=cast.province)
    council_ops.council_member_remove(actor=cast.office, member=board.seats[1])
    seat = council_ops.council_seat_add(
        actor=cast.office, council=board.council, person=paper_person, role="member"
    )
    board.seats[1] = seat
    open_board(cast, board)
    secretary = board.client(board.secretary)
    nomination = board.nominations[0]
    page = _text(secretary.get(board.url("paper")))
    assert "Đỗ Văn Giấy" in page and "Phiếu của" in page

    response = secretary.post(board.url("paper"), {"member": seat.pk, f"n{nomination.pk}": "yes"})
    assert response.status_code == 302
    assert BallotParticipation.objects.get(member=seat).written is False
    assert list(BallotVote.objects.values_list("choice", flat=True)) == ["yes"]
    page = _text(secretary.get(board.url("paper"), follow=True))
    assert "Đã ghi nhận phiếu giấy của Đỗ Văn Giấy." in page
    assert f'<option value="{seat.pk}"' not in page  # entered once only

    twice = secretary.post(board.url("paper"), {"member": seat.pk, f"n{nomination.pk}": "no"})
    assert twice.status_code == 400 and BallotVote.objects.count() == 1


def test_the_secretary_records_the_written_opinion_of_an_absent_member(
    cast: Cast, board: Board
) -> None:
    open_board(cast, board, present=[*board.seats[:7], board.secretary])
    absent = board.seats[8]
    nomination = board.nominations[0]
    secretary = board.client(board.secretary)
    assert "ý kiến bằng văn bản" in _text(secretary.get(board.url("paper")))
    response = secretary.post(board.url("paper"), {"member": absent.pk, f"n{nomination.pk}": "no"})
    assert response.status_code == 302
    assert BallotParticipation.objects.get(member=absent).written is True
    status = _text(secretary.get(board.url("status")))
    assert "Trong đó có 1 ý kiến bằng văn bản." in status


def test_the_status_lists_who_has_not_voted_but_never_how(cast: Cast, board: Board) -> None:
    open_board(cast, board)
    cast_ballot(board, board.seats[0], "no")
    status = _text(client_for(cast.office).get(board.url("status")))
    assert "1 phiếu đã nhận trên 10 thành viên có mặt." in status
    assert "Thành viên 1" in status and "Thành viên 0<" not in status
    assert "Không đồng ý" not in status


def test_the_session_page_links_a_member_to_their_ballot(cast: Cast, board: Board) -> None:
    open_board(cast, board)
    text = _text(
        board.client(board.seats[3]).get(reverse("council:session", args=[board.session.pk]))
    )
    assert board.url("vote") in text and board.url("paper") not in text
    services.round_close(actor=cast.office, session=board.session)
    counted = _text(board.client(board.seats[3]).get(board.url("vote")))
    assert "Vòng 1 đã kết thúc và kiểm phiếu." in counted
