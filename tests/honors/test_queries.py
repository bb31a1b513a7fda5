"""The honor board's lists keep a constant number of queries as data grows: the public board,
the published decisions, the staff list and the API lists, each measured on two data sizes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.awards_domain.conftest import person
from tests.conftest import Cast
from tests.factories import UnitFactory
from tests.honors.conftest import (
    collective,
    individual,
    issued_decision,
    photo_upload,
    publish,
    replicate,
)
from thidua.awards import services as awards_services
from thidua.honors import services
from thidua.org.models import UnitKind

pytestmark = pytest.mark.django_db


def _grow(cast: Cast, start: int, n: int) -> None:
    """``n`` more published profiles, each with a photo, a commendation and a replication."""
    for i in range(start, start + n):
        unit = UnitFactory.create(
            code=f"BL-HD-Q{i}", name=f"Xã Thử {i}", kind=UnitKind.COMMUNE, parent=cast.district
        )
        awards_services.commendation_record_historical(
            actor=cast.office, subject="collective", award_code="TTLDTT", year=2019, unit=unit
        )
        p = collective(cast, unit, title=f"Xã điển hình số {i}")
        services.photo_add(
            actor=cast.office,
            profile=p,
            upload=photo_upload(content=_tiny_jpeg()),
            caption=f"Ảnh {i}",
        )
        p = publish(cast, p)
        replicate(cast, p, cast.commune)
        who = person(unit, f"P-Q{i}", f"Nguyễn Văn Thử {i}")
        publish(cast, individual(cast, who, title=f"Cá nhân điển hình {i}"))


def _tiny_jpeg() -> bytes:
    from tests.honors.conftest import jpeg_bytes

    return jpeg_bytes((40, 30))


def _count(fetch: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
        assert response.status_code == 200
    assert ctx.captured_queries, "no query captured: the measure itself is broken"
    return len(ctx.captured_queries)


def test_the_public_board_and_the_staff_list(cast: Cast) -> None:
    anonymous = cast.client_for(None)
    office = cast.client_for(cast.office)
    officer = cast.client_for(cast.officer)
    pages: dict[str, Callable[[], Any]] = {
        "board": lambda: anonymous.get(reverse("honors:index")),
        "board search": lambda: anonymous.get(
            reverse("honors:index"), {"q": "xa", "subject": "collective"}
        ),
        "staff list (office)": lambda: office.get(reverse("honors_staff:list")),
        "staff list (officer)": lambda: officer.get(reverse("honors_staff:list")),
        "replications": lambda: officer.get(reverse("honors_staff:replications")),
        "api list": lambda: anonymous.get("/api/v1/honors/profiles"),
    }
    _grow(cast, 0, 2)
    small = {name: _count(fetch) for name, fetch in pages.items()}
    _grow(cast, 2, 6)
    large = {name: _count(fetch) for name, fetch in pages.items()}
    assert large == small
    assert small["board"] == 3  # count, campaigns of the filter, the page
    assert small["api list"] == 2  # count, the page


def test_the_profile_page(cast: Cast) -> None:
    anonymous = cast.client_for(None)
    p = publish(cast, collective(cast))
    url = p.get_absolute_url()
    detail = reverse("honors_staff:detail", args=[p.pk])
    api = f"/api/v1/honors/profiles/{p.slug}"
    office = cast.client_for(cast.office)
    hb = UnitFactory.create(
        code="BL-HB", name="Huyện Hòa Bình", kind=UnitKind.DISTRICT, parent=cast.province
    )
    units = [
        UnitFactory.create(code=f"BL-HB-{i}", name=f"Xã {i}", kind=UnitKind.COMMUNE, parent=hb)
        for i in range(6)
    ]
    replicate(cast, p, units[0])
    small = (
        _count(lambda: anonymous.get(url)),
        _count(lambda: office.get(detail)),
        _count(lambda: anonymous.get(api)),
    )
    for unit in units[1:]:
        replicate(cast, p, unit)
        awards_services.commendation_record_historical(
            actor=cast.office,
            subject="collective",
            award_code="TTLDTT",
            year=2015,
            unit=cast.commune,
        )
    large = (
        _count(lambda: anonymous.get(url)),
        _count(lambda: office.get(detail)),
        _count(lambda: anonymous.get(api)),
    )
    assert large == small


def test_the_published_decisions(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    anonymous = cast.client_for(None)
    with django_capture_on_commit_callbacks(execute=True):
        first = issued_decision(cast)
    shown = [first]  # a decision of 2 awardees, then one of 4
    pages: dict[str, Callable[[], Any]] = {
        "list": lambda: anonymous.get(reverse("honors:decisions")),
        "search": lambda: anonymous.get(
            reverse("honors:decisions"), {"q": "le van", "year": "2020"}
        ),
        "detail": lambda: anonymous.get(reverse("honors:decision", args=[shown[0].pk])),
        "api": lambda: anonymous.get("/api/v1/honors/decisions"),
        "api detail": lambda: anonymous.get(f"/api/v1/honors/decisions/{shown[0].pk}"),
    }
    small = {name: _count(fetch) for name, fetch in pages.items()}
    with django_capture_on_commit_callbacks(execute=True):
        shown[0] = issued_decision(cast, [(f"P-X{i}", f"Lê Văn Thử {i}") for i in range(4)])
    large = {name: _count(fetch) for name, fetch in pages.items()}
    assert large == small
