"""The list of decisions: columns, filters, scope, pages, and a constant number of queries
as decisions and awardees grow (also for the detail page and the create page)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.awards_decisions.conftest import DAY, draft, ldtt
from tests.conftest import Cast
from thidua.awards import services
from thidua.awards.models import Decision


def _count(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _issued(cast: Cast, code: str, awardees: int, authority: object = None) -> Decision:
    unit = authority or cast.province
    awarding = None if unit == cast.province else unit
    nominations = [
        ldtt(cast, f"{code}-{i}", f"Người {code} {i}", awarding=awarding)  # type: ignore[arg-type]
        for i in range(awardees)
    ]
    return services.decision_issue(
        actor=cast.office,
        decision=draft(cast, nominations, authority=unit),  # type: ignore[arg-type]
        date=DAY,
        render=False,
    )


def test_the_list_shows_number_date_authority_signer_awardees_and_cash(cast: Cast) -> None:
    issued = _issued(cast, "L1", 2)
    pending = draft(cast, [ldtt(cast, "L2", "Người nháp")])
    district = _issued(cast, "L3", 1, cast.district)
    client = cast.client_for(cast.office)
    page = client.get(reverse("decisions:list"))
    body = page.content.decode()
    assert "1/QĐ-UBND" in body and "28/12/2020" in body and "Tỉnh Bạc Liêu" in body
    assert "1.420.000" in body  # two LDTT at 0.3 × 2,340,000 = 710,000 each
    rows = {d.pk: d for d in page.context["page"].object_list}
    assert rows[issued.pk].awardees == 2 and rows[issued.pk].cash_total == 1_420_000
    assert rows[pending.pk].awardees == 1 and rows[pending.pk].cash_total is None
    # Filters: state, authority, year.
    drafts = client.get(reverse("decisions:list") + "?state=draft").context["page"]
    assert [d.pk for d in drafts.object_list] == [pending.pk]
    by_unit = client.get(reverse("decisions:list") + "?authority=BL-HD").context["page"]
    assert [d.pk for d in by_unit.object_list] == [district.pk]
    assert client.get(reverse("decisions:list") + "?year=2019").context["page"].paginator.count == 0
    # The district viewer sees the district's decision only.
    viewer = cast.client_for(cast.viewer).get(reverse("decisions:list")).context["page"]
    assert [d.pk for d in viewer.object_list] == [district.pk]


def test_list_detail_and_create_pages_run_in_constant_queries(cast: Cast) -> None:
    client = cast.client_for(cast.office)
    first = _issued(cast, "Q1", 1)
    small_draft = draft(cast, [ldtt(cast, "Q2", "Người nháp Q2")])
    ldtt(cast, "Q3", "Ứng viên Q3")
    list_url = reverse("decisions:list")
    create_url = reverse("decisions:create") + "?authority=BL"
    before = (
        _count(client, list_url),
        _count(client, reverse("decisions:detail", args=[first.pk])),
        _count(client, create_url),
        _count(client, reverse("decisions:detail", args=[small_draft.pk])),
    )
    big_draft = draft(cast, [ldtt(cast, f"Q8{i}", f"Người nháp lớn {i}") for i in range(5)])
    bigger = _issued(cast, "Q4", 6)
    for i in range(4):
        _issued(cast, f"Q5{i}", 2)
    for i in range(3):
        draft(cast, [ldtt(cast, f"Q6{i}", f"Người nháp {i}")])
    for i in range(5):
        ldtt(cast, f"Q7{i}", f"Ứng viên {i}")
    after = (
        _count(client, list_url),
        _count(client, reverse("decisions:detail", args=[bigger.pk])),
        _count(client, create_url),
        _count(client, reverse("decisions:detail", args=[big_draft.pk])),
    )
    assert after == before
