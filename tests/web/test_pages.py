"""Browsing pages: who may see them, what they show, and how many queries they cost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import Cast
from tests.factories import PersonFactory, UnitFactory
from thidua.org import services
from thidua.org.models import Person, UnitKind

pytestmark = pytest.mark.django_db


def templates_of(response) -> set[str]:
    return {t.name for t in response.templates if t.name}


def get_ok(client: Client, url: str, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def queries_for(client: Client, url: str, **extra) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


# -- anonymous users and outsiders ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/units/",
        "/units/BL-HD/",
        "/units/BL-HD/children/",
        "/people/P1/",
        "/search/?q=bac",
        "/account/",
        "/account/password/",
    ],
)
def test_it_sends_anonymous_users_to_the_login_page(cast: Cast, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("org:login") + "?next=")


def test_anonymous_visitors_at_the_root_get_the_public_portal_not_the_work_home(
    cast: Cast,
) -> None:
    response = Client().get("/")
    assert response.status_code == 200
    names = [t.name for t in response.templates]
    assert "portal/home.html" in names and "org/home.html" not in names
    assert "Huyện Hồng Dân" not in response.content.decode()


def test_it_hides_units_and_people_from_outsiders(cast: Cast) -> None:
    PersonFactory.create(code="P1", full_name="Trần Văn Một", unit=cast.district)
    client = cast.client_for(cast.outsider)
    for url in ["/units/BL-HD/", "/units/BL-HD/children/", "/units/BL/", "/people/P1/"]:
        assert client.get(url).status_code == 404, url
    assert client.get("/units/ST/").status_code == 200


def test_a_commune_officer_cannot_climb_to_the_district(cast: Cast) -> None:
    PersonFactory.create(code="P1", full_name="Trần Văn Một", unit=cast.district)
    client = cast.client_for(cast.commune_officer)
    assert client.get("/units/BL-HD/").status_code == 404
    assert client.get("/units/BL-HD/children/").status_code == 404
    assert client.get("/people/P1/").status_code == 404
    response = client.get("/units/BL-HD-NTLA/")
    assert "Xã Ninh Thạnh Lợi A" in response.content.decode()
    # No breadcrumb or link leads to the district the officer may not open.
    assert response.context["ancestors"] == []
    assert 'href="/units/BL-HD/"' not in response.content.decode()


def test_unknown_codes_are_404(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    assert client.get("/units/NOPE/").status_code == 404
    assert client.get("/people/NOPE/").status_code == 404


def test_units_new_is_left_to_the_creation_form(cast: Cast) -> None:
    from django.urls import resolve

    assert resolve("/units/new/").namespace != "org"
    assert resolve("/units/BL/").url_name == "unit_detail"


# -- every page renders for the roles allowed to see it -------------------------------------

ROLES = ["admin", "office", "officer", "council", "leader", "viewer"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_renders_for_every_role_with_access(cast: Cast, role: str) -> None:
    PersonFactory.create(code="P1", full_name="Trần Văn Một", unit=cast.district)
    client = cast.client_for(getattr(cast, role))
    for url in [
        "/",
        "/units/",
        "/units/BL-HD/",
        "/units/BL-HD/?tab=history",
        "/units/BL-HD/children/",
        "/people/P1/",
        "/search/",
        "/search/?q=mot",
        "/account/",
        "/account/password/",
    ]:
        get_ok(client, url)


def test_home_for_the_office_shows_counts_of_its_scope(cast: Cast, grow: Callable) -> None:
    grow(3, "a")
    response = cast.client_for(cast.office).get("/")
    page = response.content.decode()
    assert {"org/home.html", "base.html", "_language_switch.html", "org/_history.html"} <= (
        templates_of(response)
    )
    people = Person.objects.filter(unit__path__startswith=cast.province.path).count()
    assert response.context["people_count"] == people == 6
    # BL, department, district, commune + 3 new communes, one of them dissolved by the merger.
    assert response.context["unit_total"] == 6
    assert response.context["accounts_count"] == 6  # office, officer, xa, council, leader, viewer
    assert "Tỉnh Sóc Trăng" not in page
    assert "Hợp nhất, sáp nhập" in page  # the recent merger is among the recent changes


def test_home_for_a_viewer_is_read_oriented(cast: Cast) -> None:
    response = cast.client_for(cast.viewer).get("/")
    assert "events" not in response.context
    assert "accounts_count" not in response.context
    assert "Huyện Hồng Dân" in response.content.decode()


def test_home_for_the_officer_lists_its_unit_and_recent_changes(cast: Cast) -> None:
    services.unit_update(actor=cast.officer, unit=cast.commune, address="Ấp Cạnh Đền")
    response = cast.client_for(cast.officer).get("/")
    page = response.content.decode()
    assert "Xã Ninh Thạnh Lợi A" in page
    assert response.context["events"][0].event.action == "unit.update"
    assert "accounts_count" not in response.context


# -- the tree ---------------------------------------------------------------------------------


def test_the_tree_starts_at_the_top_of_the_scope(cast: Cast) -> None:
    admin_page = get_ok(cast.client_for(cast.admin), "/units/")
    assert "Tỉnh Bạc Liêu" in admin_page and "Tỉnh Sóc Trăng" in admin_page
    response = cast.client_for(cast.officer).get("/units/")
    assert [n.code for n in response.context["nodes"]] == ["BL-HD"]
    assert response.context["nodes"][0].child_count == 1
    assert {"org/unit_tree.html", "org/_tree_nodes.html"} <= templates_of(response)
    assert 'hx-get="/units/BL-HD/children/"' in response.content.decode()


def test_children_are_loaded_as_a_partial(cast: Cast) -> None:
    client = cast.client_for(cast.office)
    response = client.get("/units/BL/children/", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert "Sở Nội vụ" in page and "Huyện Hồng Dân" in page
    assert "Xã Ninh Thạnh Lợi A" not in page  # grandchildren come with the next click
    leaf = get_ok(client, "/units/BL-HD-NTLA/children/")
    assert "Không có đơn vị trực thuộc" in leaf


def test_dissolved_units_are_hidden_unless_asked_for(cast: Cast) -> None:
    UnitFactory.create(
        code="BL-HD-OLD",
        name="Xã Cũ",
        kind=UnitKind.COMMUNE,
        parent=cast.district,
        active_to=dt.date(2019, 12, 31),
    )
    client = cast.client_for(cast.officer)
    assert "Xã Cũ" not in get_ok(client, "/units/BL-HD/children/")
    former = get_ok(client, "/units/BL-HD/children/?former=1")
    assert "Xã Cũ" in former and "former" in former
    nodes = client.get("/units/?former=1").context["nodes"]
    assert nodes[0].child_count == 2
    assert client.get("/units/").context["nodes"][0].child_count == 1


# -- unit page --------------------------------------------------------------------------------


def test_the_unit_page_shows_details_children_people_and_breadcrumbs(cast: Cast) -> None:
    PersonFactory.create(code="P1", full_name="Trần Văn Một", unit=cast.district, title="Chủ tịch")
    response = cast.client_for(cast.office).get("/units/BL-HD/")
    page = response.content.decode()
    assert [a.code for a in response.context["ancestors"]] == ["BL"]
    assert "Tỉnh Bạc Liêu" in page and "Xã Ninh Thạnh Lợi A" in page
    assert "Trần Văn Một" in page and "Chủ tịch" in page
    assert "org/_pagination.html" in templates_of(response)


def test_people_are_paginated_fifty_a_page(cast: Cast) -> None:
    for i in range(51):
        PersonFactory.create(code=f"Q{i:03d}", full_name=f"Người {i:03d}", unit=cast.commune)
    client = cast.client_for(cast.officer)
    first = client.get("/units/BL-HD-NTLA/")
    assert len(first.context["people_page"].object_list) == 50
    second = client.get("/units/BL-HD-NTLA/?page=2")
    assert [p.code for p in second.context["people_page"].object_list] == ["Q050"]
    assert "Trang 2/2" in second.content.decode()


def test_the_unit_page_tells_the_reorganisations(cast: Cast) -> None:
    old = UnitFactory.create(
        code="BL-HD-X", name="Xã Vĩnh Lộc", kind=UnitKind.COMMUNE, parent=cast.district
    )
    services.unit_merge(
        actor=cast.office,
        predecessors=[old],
        successor=cast.commune,
        effective_date=dt.date(2020, 1, 1),
        decision_number="12/NQ-HĐND",
        decision_date=dt.date(2019, 12, 10),
    )
    services.unit_rename(
        actor=cast.office,
        unit=cast.commune,
        new_name="Xã Ninh Thạnh Lợi",
        effective_date=dt.date(2021, 1, 1),
    )
    client = cast.client_for(cast.officer)
    successor_page = get_ok(client, "/units/BL-HD-NTLA/")
    assert "Tiếp nhận sáp nhập từ" in successor_page
    assert "Đổi tên từ “Xã Ninh Thạnh Lợi A”" in successor_page
    assert "12/NQ-HĐND" in successor_page and "10/12/2019" in successor_page
    assert "Đơn vị tiền thân" in successor_page and "/units/BL-HD-X/" in successor_page
    predecessor_page = get_ok(client, "/units/BL-HD-X/")
    assert "Sáp nhập vào" in predecessor_page and "/units/BL-HD-NTLA/" in predecessor_page
    assert "31/12/2019" in predecessor_page  # last day of the dissolved commune


def test_the_history_tab_shows_who_changed_what(cast: Cast) -> None:
    services.unit_update(
        actor=cast.office, unit=cast.commune, address="Ấp Cạnh Đền", kind=UnitKind.TOWN
    )
    response = cast.client_for(cast.officer).get("/units/BL-HD-NTLA/?tab=history")
    page = response.content.decode()
    assert "office" in page
    assert "Ấp Cạnh Đền" in page
    assert "Thị trấn" in page  # the kind shown by its label, before → after
    rows = response.context["history"]
    assert rows[0].action_label == "Thay đổi đơn vị"
    labels = {c.label for c in rows[0].changes}
    assert {"địa chỉ", "loại"} <= labels
    assert rows[-1].event.action == "unit.create"


def test_edit_links_appear_only_for_those_who_may_edit(cast: Cast) -> None:
    office_page = get_ok(cast.client_for(cast.office), "/units/BL-HD/")
    viewer_page = get_ok(cast.client_for(cast.viewer), "/units/BL-HD/")
    officer_page = get_ok(cast.client_for(cast.officer), "/units/BL-HD/")
    assert "/units/BL-HD/edit/" in office_page
    assert "/units/BL-HD/edit/" not in viewer_page
    assert "/units/BL-HD/edit/" not in officer_page
    assert "/people/new/?unit=BL-HD" in officer_page
    assert "/people/new/" not in viewer_page


def test_optional_url_is_empty_for_pages_that_do_not_exist() -> None:
    from thidua.org.templatetags.thidua_web import optional_url

    assert optional_url("org_edit:no_such_page", "X") == ""
    assert optional_url("org:unit_detail", "BL") == "/units/BL/"


# -- person page ------------------------------------------------------------------------------


def test_the_person_page_shows_positions_and_history(cast: Cast) -> None:
    person = PersonFactory.create(
        code="P1",
        full_name="Trần Văn Một",
        unit=cast.commune,
        title="Chủ tịch UBND xã",
        birth_year=1970,
        gender="male",
    )
    services.person_assign(
        actor=cast.office,
        person=person,
        unit=cast.district,
        title="Phó Chủ tịch UBND huyện",
        start_date=dt.date(2021, 5, 1),
    )
    response = cast.client_for(cast.officer).get("/people/P1/")
    page = response.content.decode()
    assert "org/person_detail.html" in templates_of(response)
    assert "Phó Chủ tịch UBND huyện" in page and "Chủ tịch UBND xã" in page
    assert "1970" in page and "Nam" in page and "Kinh" in page
    assert "01/05/2021" in page and "30/04/2021" in page
    assert "Xã Ninh Thạnh Lợi A" in page  # the former unit, shown by name in the history
    assert cast.client_for(cast.commune_officer).get("/people/P1/").status_code == 404


# -- search -----------------------------------------------------------------------------------


def test_search_ignores_diacritics_and_stays_in_scope(cast: Cast) -> None:
    PersonFactory.create(code="P1", full_name="Đặng Thị Hoa", unit=cast.district)
    client = cast.client_for(cast.office)
    response = client.get("/search/", {"q": "bac lieu"})
    assert [u.code for u in response.context["units_page"].object_list] == ["BL"]
    assert {"org/search.html", "org/_search_results.html"} <= templates_of(response)
    people = client.get("/search/", {"q": "dang thi"}).context["people_page"].object_list
    assert [p.code for p in people] == ["P1"]
    d_units = client.get("/search/", {"q": "dai hai"}).context["units_page"].object_list
    assert list(d_units) == []  # Xã Đại Hải belongs to another province
    admin_units = cast.client_for(cast.admin).get("/search/", {"q": "dai hai"})
    assert [u.code for u in admin_units.context["units_page"].object_list] == ["ST-X1"]


def test_live_search_returns_only_the_results(cast: Cast) -> None:
    response = cast.client_for(cast.office).get(
        "/search/", {"q": "hong dan"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page and "Huyện Hồng Dân" in page
    assert templates_of(response) == {"org/_search_results.html", "org/_pagination.html"}


def test_search_results_are_paginated(cast: Cast) -> None:
    for i in range(25):
        PersonFactory.create(code=f"Q{i:03d}", full_name=f"Đinh Văn {i:03d}", unit=cast.commune)
    client = cast.client_for(cast.office)
    first = client.get("/search/", {"q": "dinh"})
    assert len(first.context["people_page"].object_list) == 20
    second = client.get("/search/", {"q": "dinh", "ppage": "2"})
    assert len(second.context["people_page"].object_list) == 5


# -- profile ----------------------------------------------------------------------------------


def test_the_profile_shows_the_account(cast: Cast) -> None:
    person = PersonFactory.create(code="P1", full_name="Trần Văn Một", unit=cast.district)
    cast.officer.person = person
    cast.officer.full_name = "Trần Văn Một"
    cast.officer.save()
    response = cast.client_for(cast.officer).get("/account/")
    page = response.content.decode()
    assert "org/profile.html" in templates_of(response)
    assert "Cán bộ thi đua đơn vị" in page or "officer" in page
    assert "Huyện Hồng Dân" in page and "/people/P1/" in page
    assert "/account/password/" in page and "/account/tokens/" in page


# -- query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("office", "/"),
        ("officer", "/"),
        ("admin", "/"),
        ("office", "/units/"),
        ("office", "/units/?former=1"),
        ("officer", "/units/BL-HD/children/"),
        ("officer", "/units/BL-HD/"),
        ("officer", "/units/BL-HD-NTLA/"),
        ("officer", "/units/BL-HD-NTLA/?tab=history"),
        ("office", "/search/?q=xa"),
        ("office", "/search/?q=thi"),
        ("officer", "/people/PD-a-0/"),
    ],
)
def test_pages_run_a_constant_number_of_queries(
    cast: Cast, grow: Callable, role: str, url: str
) -> None:
    grow(2, "a")
    client = cast.client_for(getattr(cast, role))
    client.get(url)  # warm caches (content types, session)
    small = queries_for(client, url)
    grow(8, "b")
    large = queries_for(client, url)
    assert small == large, (url, small, large)
    assert small <= 15


def test_empty_fields_are_not_listed_as_changes_of_a_new_unit(cast: Cast) -> None:
    response = cast.client_for(cast.officer).get("/units/BL-HD-NTLA/?tab=history")
    created = response.context["history"][-1]
    assert created.event.action == "unit.create"
    labels = {c.label for c in created.changes}
    assert "mã" in labels or "code" in labels
    assert not any(c.before == c.after for c in created.changes)
    assert "địa chỉ" not in labels  # empty before and after
