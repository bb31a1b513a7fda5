"""The records pages run a fixed number of queries however much data there is."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.awards_records.conftest import medal, person, worker
from tests.conftest import Cast
from thidua.awards import services

pytestmark = pytest.mark.django_db

_codes = itertools.count()


def _grow(cast: Cast, n: int, main: str = "P-MAIN") -> None:
    """More people with records, more commendations, and more records of the main person."""
    for _ in range(n):
        i = next(_codes)
        someone = worker(cast, f"G-{i}", f"Người Số {i}", initiative=bool(i % 2))
        medal(cast, someone, "BK_BT", 2018)
        main_person = someone.__class__.objects.get(code=main)
        year = 2000 + i
        services.rating_record(actor=cast.office, person=main_person, year=year, rating="HTT")
        services.commendation_record_historical(
            actor=cast.office,
            subject="individual",
            person=main_person,
            award_code="LDTT",
            year=year,
        )
        services.initiative_record(
            actor=cast.office,
            title=f"Sáng kiến thêm {i}",
            unit=cast.district,
            level="co_so",
            year=year,
            authors=[main_person, someone],
        )
        services.discipline_record(
            actor=cast.office,
            person=main_person,
            level="khien_trach",
            start=dt.date(year, 1, 1),
            end=dt.date(year, 6, 30),
        )
    services.rating_record(
        actor=cast.office, unit=cast.district, year=2000 + next(_codes), rating="HTT"
    )


def _count(cast: Cast, url: str) -> int:
    client = cast.client_for(cast.office)
    client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


URLS = [
    "/awards/",
    "/awards/registry/",
    "/awards/registry/?q=nguoi&award=BK_BT",
    "/awards/eligibility/?unit=BL&award=CSTDCS&year=2020&all=1",
    "/awards/eligibility/?unit=BL&award=TTLDTT&year=2020&subject=collective&all=1",
    "/awards/people/P-MAIN/?year=2020",
    "/awards/units/BL-HD/?year=2020",
    "/awards/eligibility/P-MAIN/?year=2020",
    "/awards/eligibility/BL-HD/?unit=1&year=2020",
]


def test_constant_queries_as_data_grows(cast: Cast) -> None:
    person(cast.district, "P-MAIN", "Nguyễn Chính")
    _grow(cast, 2)
    small = {url: _count(cast, url) for url in URLS}
    _grow(cast, 8)
    large = {url: _count(cast, url) for url in URLS}
    assert large == small
    assert max(large.values()) < 40, large
