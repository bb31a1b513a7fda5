"""Votes from many threads at once are all counted (UPDATE … SET votes = votes + 1)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.conftest import Cast
from tests.portal.conftest import make_poll
from thidua.portal import polls


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_are_all_counted(cast: Cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database serialises threads by locking tables")
    poll = make_poll(cast)
    option = poll.options.order_by("position").first()
    assert option is not None
    voters = 12
    errors: list[BaseException] = []

    def one(i: int) -> None:
        try:
            polls.vote(poll, option_ids=[option.pk], address=f"10.0.0.{i}")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(voters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    option.refresh_from_db()
    poll.refresh_from_db()
    assert option.votes == voters and poll.voters == voters
