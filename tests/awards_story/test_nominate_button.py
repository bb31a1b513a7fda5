"""The "Nominate" button on a person's eligibility page: on each award she is eligible for,
for accounts that may write, never for read-only accounts or where she is not eligible."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import Cast
from tests.factories import PersonFactory
from thidua.awards import services


def _card(html: str, code: str) -> str:
    return html.split(f'id="award-{code}"', 1)[1].split("</section>", 1)[0]


def test_nominate_button_only_on_eligible_awards_and_for_writers(cast: Cast) -> None:
    person = PersonFactory.create(code="NB-1", full_name="Trần Thị Nút", unit=cast.district)
    services.rating_record(actor=cast.office, person=person, year=2020, rating="HTT")
    url = reverse("awards_records:eligibility", args=[person.code]) + "?year=2020"
    link = reverse("nominations:create") + "?person=NB-1&amp;award=LDTT&amp;year=2020"

    html = cast.client_for(cast.officer).get(url).content.decode()
    assert "verdict-yes" in _card(html, "LDTT") and link in _card(html, "LDTT")
    cstd = _card(html, "CSTD_BT")
    assert "verdict-no" in cstd and "nominate" not in cstd

    viewer = cast.client_for(cast.viewer).get(url)
    assert viewer.status_code == 200
    assert "verdict-yes" in _card(viewer.content.decode(), "LDTT")
    assert "?person=NB-1" not in viewer.content.decode()
