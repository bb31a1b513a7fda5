"""The read endpoints: content, filters, search, pagination, errors and query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import get_random_string

from tests.api.conftest import TokenClient
from tests.conftest import Cast
from tests.factories import PersonFactory, UnitFactory
from thidua.org import services as org
from thidua.org.models import Person, UnitKind, User

ClientFor = Callable[[User], TokenClient]


def codes(response: object) -> list[str]:
    return [item["code"] for item in response.json()["items"]]  # type: ignore[attr-defined]


def test_search_ignores_diacritics_and_case(cast: Cast, api_client: ClientFor) -> None:
    client = api_client(cast.admin)
    assert codes(client.get("/api/v1/units", {"search": "bac lieu"})) == ["BL"]
    assert codes(client.get("/api/v1/units", {"search": "BẠC LIÊU"})) == ["BL"]
    assert codes(client.get("/api/v1/units", {"search": "dai hai"})) == ["ST-X1"]
    assert codes(client.get("/api/v1/units", {"search": "hong dan"})) == ["BL-HD"]
    assert codes(client.get("/api/v1/units", {"search": "không có"})) == []


def test_people_search_ignores_diacritics(
    cast: Cast, people: dict[str, Person], api_client: ClientFor
) -> None:
    PersonFactory.create(code="P-DUC", full_name="Đặng Văn Đức", unit=cast.district)
    client = api_client(cast.officer)
    assert codes(client.get("/api/v1/people", {"search": "dang van duc"})) == ["P-DUC"]
    assert codes(client.get("/api/v1/people", {"search": "tran thi bl-hd"})) == [
        "P-BL-HD",
        "P-BL-HD-NTLA",
    ]
    # The outsider's person is not found by name from Bạc Liêu.
    assert codes(client.get("/api/v1/people", {"search": "tran thi st"})) == []


def test_unit_filters(cast: Cast, api_client: ClientFor) -> None:
    client = api_client(cast.admin)
    assert codes(client.get("/api/v1/units", {"kind": "commune"})) == ["BL-HD-NTLA", "ST-X1"]
    assert codes(client.get("/api/v1/units", {"parent": "BL"})) == ["BL-SNV", "BL-HD"]
    org.unit_update(actor=None, unit=cast.department, active_to=dt.date(2019, 12, 31))
    active_2020 = codes(client.get("/api/v1/units", {"active_on": "2020-01-01", "parent": "BL"}))
    assert active_2020 == ["BL-HD"]
    active_2019 = codes(client.get("/api/v1/units", {"active_on": "2019-06-01", "parent": "BL"}))
    assert active_2019 == ["BL-SNV", "BL-HD"]


def test_pagination_with_total_count(cast: Cast, api_client: ClientFor) -> None:
    client = api_client(cast.admin)
    body = client.get("/api/v1/units", {"limit": 2, "offset": 1}).json()
    assert body["count"] == 6 and body["limit"] == 2 and body["offset"] == 1
    everything = codes(client.get("/api/v1/units"))
    assert [u["code"] for u in body["items"]] == everything[1:3]
    assert client.get("/api/v1/units", {"offset": 100}).json()["items"] == []


@pytest.mark.parametrize(
    "params, field",
    [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"offset": -1}, "offset"),
        ({"kind": "planet"}, "kind"),
        ({"active_on": "31/12/2020"}, "active_on"),
    ],
)
def test_bad_parameters_are_422_in_vietnamese(
    cast: Cast, api_client: ClientFor, params: dict[str, Any], field: str
) -> None:
    response = api_client(cast.admin).get("/api/v1/units", params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"].startswith("Yêu cầu không hợp lệ")
    assert field in body["detail"]
    assert [e["field"] for e in body["errors"]] == [field]


def test_errors_are_json_in_vietnamese(cast: Cast, api_client: ClientFor) -> None:
    anonymous = Client().get("/api/v1/units")
    assert anonymous.json()["detail"].startswith("Cần xác thực")
    missing = api_client(cast.officer).get("/api/v1/units/BL")
    assert missing.json() == {
        "detail": "Không có đơn vị mã BL trong phạm vi bạn được xem.",
        "code": "not_found",
    }
    nowhere = Client().get("/api/v1/nothing-here")
    assert nowhere.status_code == 404
    assert nowhere.json() == {"detail": "Không có địa chỉ API này.", "code": "not_found"}


def test_english_when_asked(cast: Cast) -> None:
    response = Client().get("/api/v1/units", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"].startswith("Authentication required")


def test_unit_detail_with_ancestors_and_successions(cast: Cast, api_client: ClientFor) -> None:
    # Two communes of Hồng Dân merge into a new one; the new one is later renamed.
    old_a = UnitFactory.create(
        code="BL-HD-A", name="Xã A", kind=UnitKind.COMMUNE, parent=cast.district
    )
    old_b = UnitFactory.create(
        code="BL-HD-B", name="Xã B", kind=UnitKind.COMMUNE, parent=cast.district
    )
    new = UnitFactory.create(
        code="BL-HD-AB",
        name="Xã AB",
        kind=UnitKind.COMMUNE,
        parent=cast.district,
        active_from=dt.date(2020, 1, 1),
    )
    org.unit_merge(
        actor=None,
        predecessors=[old_a, old_b],
        successor=new,
        effective_date=dt.date(2020, 1, 1),
        decision_number="12/NQ-UBTVQH",
    )
    org.unit_rename(actor=None, unit=new, new_name="Xã Tân AB", effective_date=dt.date(2021, 1, 1))
    client = api_client(cast.officer)
    body = client.get("/api/v1/units/BL-HD-AB").json()
    assert body["name"] == "Xã Tân AB"
    assert body["parent"] == "BL-HD"
    assert body["ancestors"] == ["BL", "BL-HD"]
    assert body["active_from"] == "2020-01-01" and body["active_to"] is None
    assert sorted(p["code"] for p in body["predecessors"]) == ["BL-HD-A", "BL-HD-B"]
    assert {(p["kind"], p["date"], p["decision_number"]) for p in body["predecessors"]} == {
        ("merge", "2020-01-01", "12/NQ-UBTVQH")
    }
    assert body["successors"] == []
    assert body["former_names"] == [{"name": "Xã AB", "until": "2020-12-31", "decision_number": ""}]
    old = client.get("/api/v1/units/BL-HD-A").json()
    assert [(s["code"], s["kind"]) for s in old["successors"]] == [("BL-HD-AB", "merge")]
    assert old["active_to"] == "2019-12-31"
    assert old["predecessors"] == [] and old["former_names"] == []


def test_person_detail_with_positions_history(cast: Cast, api_client: ClientFor) -> None:
    person = PersonFactory.create(
        code="P-1",
        full_name="Lê Thị Hoa",
        unit=cast.commune,
        title="Công chức",
        start_date=dt.date(2015, 3, 1),
    )
    org.person_assign(
        actor=None,
        person=person,
        unit=cast.district,
        title="Chuyên viên",
        start_date=dt.date(2020, 7, 1),
    )
    body = api_client(cast.officer).get("/api/v1/people/P-1").json()
    assert body["unit"] == "BL-HD" and body["title"] == "Chuyên viên"
    assert [(p["unit"], p["title"], p["start_date"], p["end_date"]) for p in body["positions"]] == [
        ("BL-HD", "Chuyên viên", "2020-07-01", None),
        ("BL-HD-NTLA", "Công chức", "2015-03-01", "2020-06-30"),
    ]
    # The commune officer no longer sees a person who moved up to the district.
    assert api_client(cast.commune_officer).get("/api/v1/people/P-1").status_code == 404


def test_people_of_a_unit_and_its_subunits(
    cast: Cast, people: dict[str, Person], api_client: ClientFor
) -> None:
    client = api_client(cast.office)
    assert codes(client.get("/api/v1/people", {"unit": "BL-HD"})) == ["P-BL-HD"]
    assert codes(client.get("/api/v1/people", {"unit": "BL-HD", "subunits": "true"})) == [
        "P-BL-HD",
        "P-BL-HD-NTLA",
    ]
    assert client.get("/api/v1/people", {"unit": "NOPE"}).status_code == 404


# -- constant number of queries --------------------------------------------------------------


def _grow(cast: Cast, n: int, start: int) -> None:
    for i in range(start, start + n):
        unit = UnitFactory.create(
            code=f"BL-HD-X{i}", name=f"Ấp {i}", kind=UnitKind.HAMLET, parent=cast.district
        )
        PersonFactory.create(code=f"P-X{i}", full_name=f"Võ Văn {i}", unit=unit)


def _count_queries(client: Client, url: str, params: dict[str, Any]) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["items"])


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/v1/units", {"limit": 500}),
        ("/api/v1/units", {"search": "ap", "kind": "hamlet", "active_on": "2020-01-01"}),
        ("/api/v1/units/BL-HD/children", {"limit": 500}),
        ("/api/v1/people", {"limit": 500}),
        ("/api/v1/people", {"unit": "BL-HD-X0", "subunits": "true"}),
    ],
)
@pytest.mark.parametrize("role", ["office", "admin"])
def test_list_queries_do_not_grow_with_the_data(
    cast: Cast, api_client: ClientFor, url: str, params: dict[str, Any], role: str
) -> None:
    client = api_client(getattr(cast, role))
    _grow(cast, 2, 0)
    client.get("/api/v1/me")  # the token's "last used" is written once; not part of the count
    small, small_items = _count_queries(client, url, params)
    _grow(cast, 30, 2)
    large, large_items = _count_queries(client, url, params)
    assert large_items > small_items or "subunits" in params
    assert small == large
    assert large <= 5  # token, scope, count, page (+ the filter unit)


def test_detail_queries_do_not_grow_with_history(cast: Cast, api_client: ClientFor) -> None:
    client = api_client(cast.office)
    client.get("/api/v1/me")
    person = PersonFactory.create(
        code="P-H", full_name="Hà", unit=cast.commune, start_date=dt.date(2000, 1, 1)
    )
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/people/P-H")
    for year in range(2001, 2015):
        org.person_assign(
            actor=None,
            person=person,
            unit=cast.district,
            title=f"T{year}",
            start_date=dt.date(year, 1, 1),
        )
    with CaptureQueriesContext(connection) as large:
        body = client.get("/api/v1/people/P-H").json()
    assert len(body["positions"]) == 15
    assert len(small.captured_queries) == len(large.captured_queries)


# -- session auth and CSRF ---------------------------------------------------------------------


@pytest.mark.urls("tests.api.urls_csrf")
def test_session_needs_csrf_for_unsafe_methods_but_a_token_does_not(
    cast: Cast, api_client: ClientFor
) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.officer)
    refused = browser.post("/t/echo")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    secret = get_random_string(32)  # what the CSRF cookie holds; a page sends it back
    browser.cookies["csrftoken"] = secret
    accepted = browser.post("/t/echo", HTTP_X_CSRFTOKEN=secret)
    assert accepted.status_code == 200
    assert accepted.json() == {"username": "officer"}
    # No session, no token: 401 (not a CSRF error).
    assert Client(enforce_csrf_checks=True).post("/t/echo").status_code == 401
    # A token needs no CSRF token.
    token_client = api_client(cast.officer)
    token_client.handler.enforce_csrf_checks = True
    assert token_client.post("/t/echo").json() == {"username": "officer"}
