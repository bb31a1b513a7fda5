"""The council list: councils in scope with their members and sessions; the office adds
and removes members (accounts or people, with a role), creates councils and plans
sessions with the checked nominations addressed to the council's level."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.awards_council.conftest import Board, client_for, make_board, open_board
from tests.awards_domain.conftest import SESSION_DAY, nominate
from tests.conftest import Cast
from tests.factories import PersonFactory, UserFactory
from thidua.awards.models import Council, CouncilMember, CouncilSession, NominationState
from thidua.core.audit import history
from thidua.org.models import Role


def _text(response) -> str:
    return response.content.decode()


def test_the_office_adds_an_account_and_a_person_then_removes_one(cast: Cast, board: Board) -> None:
    office = client_for(cast.office)
    add = reverse("council:member_add", args=[board.council.pk])
    account = UserFactory.create(
        username="pgd-so", role=Role.COUNCIL, unit=cast.department, full_name="Võ Thị Hạnh"
    )
    response = office.post(add, {"role": "vice", "account": "pgd-so"}, follow=True)
    assert "Võ Thị Hạnh đã tham gia Hội đồng với vai trò" in _text(response)
    seat = CouncilMember.objects.get(council=board.council, account=account)
    assert seat.role == "vice" and seat.name == "Võ Thị Hạnh" and seat.active

    someone = PersonFactory.create(code="P-UV", full_name="Lâm Văn Ủy", unit=cast.province)
    office.post(add, {"role": "member", "person": "P-UV"})
    assert CouncilMember.objects.get(council=board.council, person=someone).name == "Lâm Văn Ủy"

    refused = office.post(add, {"role": "member", "account": "outsider"}, follow=True)
    assert "Không có tài khoản “outsider” trong các đơn vị của bạn." in _text(refused)
    twice = office.post(add, {"role": "member", "account": "pgd-so"}, follow=True)
    assert "Võ Thị Hạnh đã là thành viên của Hội đồng này." in _text(twice)
    empty = office.post(add, {"role": "member"}, follow=True)
    assert "Hãy nhập tài khoản, cá nhân hoặc ít nhất là họ tên." in _text(empty)

    remove = reverse("council:member_remove", args=[board.council.pk, seat.pk])
    assert "Võ Thị Hạnh đã ra khỏi Hội đồng." in _text(office.post(remove, follow=True))
    seat.refresh_from_db()
    assert not seat.active
    page = _text(office.get(reverse("council:list")))
    assert "Võ Thị Hạnh" not in page and "Lâm Văn Ủy" in page
    assert [e.action for e in history(board.council)][:2] == [
        "council.member_remove",
        "council.member_add",
    ]
    # Seated again: the same seat comes back with its new role.
    office.post(add, {"role": "member", "account": "pgd-so"})
    seat.refresh_from_db()
    assert seat.active and seat.role == "member"
    assert CouncilMember.objects.filter(account=account).count() == 1


def test_members_cannot_change_while_a_session_is_voted(cast: Cast, board: Board) -> None:
    open_board(cast, board)
    office = client_for(cast.office)
    remove = reverse("council:member_remove", args=[board.council.pk, board.seats[2].pk])
    response = office.post(remove, follow=True)
    assert "Không thể thay đổi thành viên khi một phiên họp" in _text(response)
    board.seats[2].refresh_from_db()
    assert board.seats[2].active


def test_the_office_creates_a_council_and_plans_a_session(cast: Cast) -> None:
    office = client_for(cast.office)
    office.post(reverse("council:create"), {"name": "Hội đồng TĐKT tỉnh Bạc Liêu"})
    council = Council.objects.get(name="Hội đồng TĐKT tỉnh Bạc Liêu")
    assert council.unit == cast.province
    from tests.awards_council.conftest import hero

    nomination = nominate(cast, hero(cast, "PL1", "Mai Văn Lên"))
    plan = reverse("council:session_create", args=[council.pk])
    form = _text(office.get(plan))
    assert "Mai Văn Lên" in form
    empty = office.post(plan, {"date": "2020-12-20", "place": "Hội trường"})
    assert empty.status_code == 200 and "Hãy chọn ít nhất một hồ sơ đề nghị." in _text(empty)
    response = office.post(
        plan, {"date": "2020-12-20", "place": "Hội trường", "nominations": [nomination.pk]}
    )
    session = CouncilSession.objects.get(council=council)
    assert response["Location"] == reverse("council:session", args=[session.pk])
    nomination.refresh_from_db()
    assert nomination.state == NominationState.COUNCIL and session.date == SESSION_DAY
    # Once on an agenda it is no longer offered.
    assert "Mai Văn Lên" not in _text(office.get(plan))


def _list_queries(user) -> int:
    client = client_for(user)
    client.get(reverse("council:list"))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("council:list")).status_code == 200
    return len(captured)


def test_the_council_list_runs_a_constant_number_of_queries(cast: Cast) -> None:
    make_board(cast, size=3, prefix="A")
    small = _list_queries(cast.office)
    small_member = _list_queries(Council.objects.get().members.first().account)  # type: ignore[union-attr]
    for i in range(3):
        board = make_board(cast, size=6, n=2, prefix=f"B{i}")
        open_board(cast, board)
    assert _list_queries(cast.office) == small
    assert _list_queries(board.seats[0].account) == small_member
