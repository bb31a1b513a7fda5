"""In a real headless Chromium at a 360-pixel phone width: two members vote from their own
screens, then the office closes the round and sees the result."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.awards_council.conftest import make_board, open_board
from tests.browser import PHONE, fits, signed_in
from tests.conftest import Cast

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("migrated_data"),
]


def test_two_members_vote_on_phones_and_the_office_sees_the_result(
    browser, live_server, cast: Cast
) -> None:
    board = make_board(cast, size=3, n=2, prefix="W")
    open_board(cast, board)
    first, second = board.nominations
    base = live_server.url
    vote_url = base + reverse("council:vote", args=[board.session.pk])
    session_url = base + reverse("council:session", args=[board.session.pk])

    for seat, choice in ((board.seats[0], "yes"), (board.seats[1], "no")):
        assert seat.account is not None
        context, page = signed_in(browser, base, seat.account.username, PHONE)
        page.goto(vote_url)
        assert page.locator(".ballot-card").count() == 2
        assert fits(page)
        # Big tap targets: the labels, not the hidden radio buttons.
        page.click(f"#card-{first.pk} .choice-yes span")
        page.click(f"#card-{second.pk} .choice-{choice} span")
        page.screenshot(path=f"/tmp/thidua_ballot_360_{choice}.png", full_page=True)
        page.click("button.submit-ballot")
        page.wait_for_url(vote_url)
        assert "Bạn đã bỏ phiếu ở vòng 1." in page.content()
        assert page.locator("input[type=radio]").count() == 0
        assert fits(page)
        context.close()

    context, page = signed_in(browser, base, "office", PHONE)
    page.goto(session_url)
    assert "2 phiếu đã nhận trên 3 thành viên có mặt." in page.content()
    assert page.locator("table.results").count() == 0
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("text=Kết thúc vòng 1 và kiểm phiếu")
    page.wait_for_url(session_url)
    table = page.locator("table.results")
    table.wait_for(state="visible")
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    first_row = rows.filter(has_text=first.subject_label)
    assert first_row.locator(".count-yes").inner_text() == "2"
    assert "66,67 %" in first_row.inner_text()
    assert "Không đạt" in first_row.inner_text()  # 2 of 3 < 90 %
    page.screenshot(path="/tmp/thidua_council_result_360.png", full_page=True)
    assert fits(page)
    context.close()
