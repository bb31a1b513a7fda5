"""Record entry forms write through the services, and say what is wrong in Vietnamese."""

from __future__ import annotations

import pytest

from tests.awards_records.conftest import person
from tests.conftest import Cast
from thidua.awards.models import Commendation, Discipline, Initiative, TaskRating

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(cast: Cast) -> None:
    person(cast.district, "P-A", "Nguyễn Văn An")
    person(cast.commune, "P-B", "Võ Thị Bé")
    person(cast.other_province, "P-X", "Người Ngoài")


def test_rating_for_a_person_and_a_collective(cast: Cast, people: None) -> None:
    client = cast.client_for(cast.officer)
    response = client.post("/awards/people/P-A/ratings/new/", {"year": 2020, "rating": "HTXS"})
    assert response.status_code == 302 and response["Location"] == "/awards/people/P-A/"
    assert TaskRating.objects.get(person__code="P-A", year=2020).rating == "HTXS"
    response = client.post("/awards/units/BL-HD-NTLA/ratings/new/", {"year": 2020, "rating": "HTT"})
    assert response.status_code == 302
    assert TaskRating.objects.get(unit__code="BL-HD-NTLA", year=2020).rating == "HTT"
    assert "Hoàn thành xuất sắc nhiệm vụ" in client.get("/awards/people/P-A/").text


def test_discipline_period_checked(cast: Cast, people: None) -> None:
    client = cast.client_for(cast.officer)
    bad = client.post(
        "/awards/people/P-A/discipline/new/",
        {"level": "canh_cao", "start": "2020-05-01", "end": "2020-01-01"},
    )
    assert bad.status_code == 400
    assert "trước khi" in bad.text or "01/01/2020" in bad.text
    assert not Discipline.objects.exists()
    ok = client.post(
        "/awards/people/P-A/discipline/new/",
        {"level": "canh_cao", "start": "2020-05-01", "end": "2021-04-30"},
    )
    assert ok.status_code == 302
    assert Discipline.objects.get().level == "canh_cao"


def test_initiative_authors_come_from_people_in_scope(cast: Cast, people: None) -> None:
    client = cast.client_for(cast.officer)
    data = {"title": "Số hoá hồ sơ", "level": "co_so", "kind": "initiative", "year": 2020}
    outsider = client.post("/awards/people/P-A/initiatives/new/", {**data, "authors": "P-A, P-X"})
    assert outsider.status_code == 400 and "P-X" in outsider.text
    assert not Initiative.objects.exists()
    ok = client.post("/awards/people/P-A/initiatives/new/", {**data, "authors": "P-A; P-B"})
    assert ok.status_code == 302
    initiative = Initiative.objects.get()
    assert sorted(p.code for p in initiative.authors.all()) == ["P-A", "P-B"]
    assert initiative.unit == cast.district
    assert "Số hoá hồ sơ" in client.get("/awards/people/P-B/").text


def test_historical_commendation_for_person_unit_and_household(cast: Cast, people: None) -> None:
    client = cast.client_for(cast.officer)
    ok = client.post(
        "/awards/people/P-A/commendations/new/",
        {"award": "BK_BT", "year": 2018, "decision_number": "2100/QĐ-UBND"},
    )
    assert ok.status_code == 302
    assert Commendation.objects.get(person__code="P-A").decision_number == "2100/QĐ-UBND"
    unit = client.post(
        "/awards/units/BL-HD-NTLA/commendations/new/", {"award": "BK_BT", "year": 2019}
    )
    assert unit.status_code == 302
    home = client.post(
        "/awards/units/BL-HD-NTLA/commendations/new/",
        {"award": "BK_BT", "year": 2019, "household_name": "Hộ ông Tư"},
    )
    assert home.status_code == 302
    assert sorted(Commendation.objects.values_list("subject", flat=True)) == [
        "collective",
        "household",
        "individual",
    ]
    wrong = client.post("/awards/people/P-A/commendations/new/", {"award": "NOPE", "year": 2018})
    assert wrong.status_code == 400
    text = client.get("/awards/units/BL-HD-NTLA/").text
    assert "Hộ ông Tư" in text


def test_viewer_cannot_post_and_nothing_is_written(cast: Cast, people: None) -> None:
    client = cast.client_for(cast.viewer)
    response = client.post("/awards/people/P-A/ratings/new/", {"year": 2020, "rating": "HTXS"})
    assert response.status_code == 403
    assert not TaskRating.objects.exists()
