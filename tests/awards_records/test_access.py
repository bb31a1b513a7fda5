"""Every records page: who may see it, who may change through it, and who gets 404/403/login."""

from __future__ import annotations

import pytest

from tests.awards_records.conftest import medal, worker
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

READ_PAGES = [
    "/awards/",
    "/awards/people/P-A/",
    "/awards/units/BL-HD/",
    "/awards/eligibility/P-A/?year=2020",
    "/awards/eligibility/BL-HD/?unit=1&year=2020",
    "/awards/eligibility/?unit=BL-HD&award=CSTDCS&year=2020",
    "/awards/registry/",
]
PRIVATE_PAGES = [p for p in READ_PAGES if "P-A" in p or "BL-HD" in p]
WRITE_PAGES = [
    "/awards/people/P-A/ratings/new/",
    "/awards/people/P-A/discipline/new/",
    "/awards/people/P-A/initiatives/new/",
    "/awards/people/P-A/commendations/new/",
    "/awards/units/BL-HD/ratings/new/",
    "/awards/units/BL-HD/initiatives/new/",
    "/awards/units/BL-HD/commendations/new/",
    "/awards/imports/",
    "/awards/imports/ratings/template/",
]


@pytest.fixture
def data(cast: Cast) -> int:
    someone = worker(cast, "P-A")
    return medal(cast, someone).pk


@pytest.mark.parametrize("url", READ_PAGES + WRITE_PAGES)
def test_anonymous_is_sent_to_login(cast: Cast, data: int, url: str) -> None:
    response = cast.client_for(None).get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["office", "officer", "viewer", "admin"])
@pytest.mark.parametrize("url", READ_PAGES)
def test_insiders_read_every_page(cast: Cast, data: int, url: str, role: str) -> None:
    response = cast.client_for(getattr(cast, role)).get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", PRIVATE_PAGES + [p for p in WRITE_PAGES if "/imports/" not in p])
def test_outsider_gets_404(cast: Cast, data: int, url: str) -> None:
    assert cast.client_for(cast.outsider).get(url).status_code == 404


def test_outsider_sees_nothing_of_ours_in_the_registry(cast: Cast, data: int) -> None:
    response = cast.client_for(cast.outsider).get("/awards/registry/")
    assert response.status_code == 200
    assert "Trần Thị Bình" not in response.text
    assert "Trần Thị Bình" in cast.client_for(cast.officer).get("/awards/registry/").text


@pytest.mark.parametrize("url", WRITE_PAGES)
def test_viewer_may_not_write(cast: Cast, data: int, url: str) -> None:
    client = cast.client_for(cast.viewer)
    assert client.get(url).status_code == 403
    if not url.endswith("template/"):
        target = "/awards/imports/ratings/" if url == "/awards/imports/" else url
        assert client.post(target, {"year": 2020, "rating": "HTT"}).status_code == 403


@pytest.mark.parametrize("url", WRITE_PAGES)
def test_office_and_unit_officer_open_the_write_pages(cast: Cast, data: int, url: str) -> None:
    for user in (cast.office, cast.officer):
        assert cast.client_for(user).get(url).status_code == 200


def test_commune_officer_cannot_record_for_the_district(cast: Cast, data: int) -> None:
    # The district person is outside the commune officer's subtree: not even visible.
    client = cast.client_for(cast.commune_officer)
    assert client.get("/awards/people/P-A/ratings/new/").status_code == 404


def test_revocation_is_for_the_office_only(cast: Cast, data: int) -> None:
    url = f"/awards/registry/{data}/revoke/"
    assert cast.client_for(None).get(url).status_code == 302
    assert cast.client_for(cast.outsider).get(url).status_code == 404
    for user in (cast.officer, cast.viewer, cast.leader):
        assert cast.client_for(user).get(url).status_code == 403
        assert cast.client_for(user).post(url, {"reason": "x"}).status_code == 403
    assert cast.client_for(cast.office).get(url).status_code == 200


def test_menu_links_reach_the_records_pages(cast: Cast, data: int) -> None:
    client = cast.client_for(cast.officer)
    assert 'href="/awards/people/P-A/"' in client.get("/people/P-A/").text
    assert 'href="/awards/units/BL-HD/"' in client.get("/units/BL-HD/").text
