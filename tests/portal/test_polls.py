"""Polls: one vote per person (signed cookie, address limit, login polls), results shown as
the poll says, atomic counts, staff pages and the Excel export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import Cast
from tests.portal.conftest import make_poll
from thidua.portal import polls, services
from thidua.portal.models import Poll, PollOption, ResultsVisibility


def _options(poll: Poll) -> list[PollOption]:
    return list(poll.options.order_by("position"))


def test_a_visitor_votes_once_and_then_sees_the_results(cast: Cast, poll: Poll) -> None:
    client = Client()
    first = _options(poll)[0]
    page = client.get(f"/polls/{poll.pk}/").content.decode()
    assert 'type="radio"' in page and "bar-fill" not in page
    response = client.post(f"/polls/{poll.pk}/vote/", {"option": first.pk})
    assert response.status_code == 302
    first.refresh_from_db()
    poll.refresh_from_db()
    assert first.votes == 1 and poll.voters == 1
    page = client.get(f"/polls/{poll.pk}/").content.decode()
    assert "bar-fill" in page and 'type="radio"' not in page
    # The same browser cannot vote again.
    again = client.post(f"/polls/{poll.pk}/vote/", {"option": first.pk})
    assert again.status_code == 409
    first.refresh_from_db()
    assert first.votes == 1


def test_a_forged_cookie_is_not_a_vote_and_a_copied_one_blocks(cast: Cast, poll: Poll) -> None:
    client = Client()
    client.cookies[polls.cookie_name(poll)] = str(poll.pk)  # unsigned
    option = _options(poll)[1]
    assert client.post(f"/polls/{poll.pk}/vote/", {"option": option.pk}).status_code == 302
    option.refresh_from_db()
    assert option.votes == 1


def test_an_address_is_limited(cast: Cast, poll: Poll) -> None:
    option = _options(poll)[0]
    for _ in range(polls.VOTES_PER_ADDRESS):
        polls.vote(poll, option_ids=[option.pk], address="10.9.9.9")
    with pytest.raises(ValidationError) as error:
        polls.vote(poll, option_ids=[option.pk], address="10.9.9.9")
    assert error.value.code == "rate_limited"
    response = Client(REMOTE_ADDR="10.9.9.9").post(f"/polls/{poll.pk}/vote/", {"option": option.pk})
    assert response.status_code == 429


def test_choices_are_checked(cast: Cast, poll: Poll) -> None:
    a, b, _c = _options(poll)
    other = make_poll(cast, question="Câu khác")
    with pytest.raises(ValidationError):
        polls.vote(poll, option_ids=[a.pk, b.pk])  # single choice
    with pytest.raises(ValidationError):
        polls.vote(poll, option_ids=[_options(other)[0].pk])  # another poll's answer
    with pytest.raises(ValidationError):
        polls.vote(poll, option_ids=[])
    multi = make_poll(cast, question="Nhiều lựa chọn", multiple=True, max_choices=2)
    x, y, z = _options(multi)
    polls.vote(multi, option_ids=[x.pk, y.pk])
    with pytest.raises(ValidationError):
        polls.vote(multi, option_ids=[x.pk, y.pk, z.pk])
    multi.refresh_from_db()
    assert multi.voters == 1


def test_closed_and_future_polls(cast: Cast) -> None:
    now = timezone.now()
    future = make_poll(
        cast, opens_at=now + dt.timedelta(days=1), closes_at=now + dt.timedelta(days=2)
    )
    assert Client().get(f"/polls/{future.pk}/").status_code == 404
    past = make_poll(
        cast,
        question="Đã đóng",
        opens_at=now - dt.timedelta(days=3),
        closes_at=now - dt.timedelta(days=1),
        results=ResultsVisibility.AFTER_CLOSE,
    )
    response = Client().post(f"/polls/{past.pk}/vote/", {"option": _options(past)[0].pk})
    assert response.status_code == 400
    assert "bar-fill" in Client().get(f"/polls/{past.pk}/").content.decode()


def test_after_close_polls_hide_results_after_voting(cast: Cast) -> None:
    poll = make_poll(cast, results=ResultsVisibility.AFTER_CLOSE)
    client = Client()
    client.post(f"/polls/{poll.pk}/vote/", {"option": _options(poll)[0].pk})
    page = client.get(f"/polls/{poll.pk}/").content.decode()
    assert "bar-fill" not in page
    services.poll_close(actor=cast.office, poll=poll)
    assert "bar-fill" in client.get(f"/polls/{poll.pk}/").content.decode()


def test_login_polls_count_one_ballot_per_account(cast: Cast) -> None:
    poll = make_poll(cast, login_required=True)
    option = _options(poll)[0]
    assert Client().post(f"/polls/{poll.pk}/vote/", {"option": option.pk}).status_code == 400
    viewer = cast.client_for(cast.viewer)
    assert viewer.post(f"/polls/{poll.pk}/vote/", {"option": option.pk}).status_code == 302
    viewer.cookies.clear()
    viewer.force_login(cast.viewer)
    assert viewer.post(f"/polls/{poll.pk}/vote/", {"option": option.pk}).status_code == 409
    option.refresh_from_db()
    assert option.votes == 1


def test_staff_create_close_and_export(cast: Cast) -> None:
    office = cast.client_for(cast.office)
    response = office.post(
        "/portal/polls/new/",
        {
            "question": "Bạn biết phong trào “Bạc Liêu chung sức xây dựng nông thôn mới” chưa?",
            "options": "Đã biết\nChưa biết\n",
            "unit": cast.province.pk,
            "opens_at": "2020-06-01T08:00",
            "closes_at": "2030-06-01T08:00",
            "results": "after_vote",
            "max_choices": "0",
        },
    )
    assert response.status_code == 302
    poll = Poll.objects.get()
    polls.vote(poll, option_ids=[_options(poll)[0].pk])
    export = office.get(f"/portal/polls/{poll.pk}/results.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert ("Đã biết", 1, 100.0) in rows and ("Chưa biết", 0, 0.0) in rows
    office.post(f"/portal/polls/{poll.pk}/close/")
    poll.refresh_from_db()
    assert poll.is_over()
    # Bad input is named.
    bad = office.post(
        "/portal/polls/new/",
        {
            "question": "",
            "options": "Một",
            "unit": cast.province.pk,
            "opens_at": "2020-06-01T08:00",
            "closes_at": "2020-05-01T08:00",
            "results": "after_vote",
        },
    )
    assert bad.status_code == 200 and Poll.objects.count() == 1


def test_staff_poll_pages_are_scoped(cast: Cast, poll: Poll) -> None:
    assert cast.client_for(cast.outsider).get(f"/portal/polls/{poll.pk}/").status_code == 403
    from tests.factories import UserFactory
    from thidua.org.models import Role

    other_office = UserFactory.create(username="vp-st", role=Role.OFFICE, unit=cast.other_province)
    client = cast.client_for(other_office)
    assert client.get(f"/portal/polls/{poll.pk}/").status_code == 404
    assert client.get(f"/portal/polls/{poll.pk}/results.xlsx").status_code == 404
    assert client.post(f"/portal/polls/{poll.pk}/close/").status_code == 404
    assert (
        cast.client_for(cast.viewer).get(f"/portal/polls/{poll.pk}/results.xlsx").status_code == 403
    )
