"""Numbering per authority and year through the issue page; cash previewed on the create
page with the rule the issue applies (rounded up to 10,000 VND, highest title only)."""

from __future__ import annotations

from django.urls import reverse

from tests.awards_decisions.conftest import DAY, draft, ldtt, passed
from tests.awards_domain.conftest import nominate, person
from tests.conftest import Cast
from thidua.awards import services
from thidua.awards.models import Commendation, Decision


def _issue(cast: Cast, decision: Decision, day: str = DAY.isoformat(), **more: str) -> Decision:
    client = cast.client_for(cast.office)
    response = client.post(reverse("decisions:issue", args=[decision.pk]), {"date": day, **more})
    assert response.status_code == 302, response.content.decode()[:3000]
    return Decision.objects.get(pk=decision.pk)


def test_numbers_run_per_authority_and_year(cast: Cast) -> None:
    first = _issue(cast, draft(cast, [ldtt(cast, "N1", "Phạm Văn Một")]))
    second = _issue(cast, draft(cast, [ldtt(cast, "N2", "Phạm Văn Hai")]))
    assert (first.number, second.number) == (1, 2)
    district = draft(
        cast, [ldtt(cast, "N3", "Phạm Văn Ba", awarding=cast.district)], authority=cast.district
    )
    assert _issue(cast, district).number == 1  # another authority starts at 1
    next_year = draft(cast, [], year=2021)
    services.decision_add(
        actor=cast.office, decision=next_year, nomination=ldtt(cast, "N4", "Phạm Văn Bốn")
    )
    assert _issue(cast, next_year, "2021-01-15").number == 1  # a new year starts at 1
    page = cast.client_for(cast.office).get(reverse("decisions:detail", args=[second.pk]))
    assert "<dd>2/QĐ-UBND</dd>" in page.content.decode()  # the label says "Số"


def test_a_number_already_used_is_refused_with_a_vietnamese_message(cast: Cast) -> None:
    _issue(cast, draft(cast, [ldtt(cast, "N5", "Võ Văn Năm")]), number="125")
    second = draft(cast, [ldtt(cast, "N6", "Võ Văn Sáu")])
    client = cast.client_for(cast.office)
    response = client.post(
        reverse("decisions:issue", args=[second.pk]), {"date": DAY.isoformat(), "number": "125"}
    )
    assert response.status_code == 400
    assert "Số 125/QĐ-UBND đã được dùng trong năm 2020." in response.content.decode()
    assert Decision.objects.get(pk=second.pk).number is None
    early = client.post(reverse("decisions:issue", args=[second.pk]), {"date": "2019-12-31"})
    assert early.status_code == 400
    assert "không thể ghi ngày trước năm đó" in early.content.decode()


def test_cash_preview_rounds_up_pays_the_highest_title_and_matches_the_issue(cast: Cast) -> None:
    services.jurisdiction_setting_set(
        actor=cast.office, unit=cast.province, key="base_salary_vnd", value=1_490_000
    )
    someone = person(cast.district, "C1", "Đặng Thị Tiền")
    services.rating_record(actor=cast.office, person=someone, year=2020, rating="HTXS")
    low = nominate(cast, someone, "LDTT")
    services.initiative_record(
        actor=cast.office,
        title="SK C1",
        unit=cast.district,
        level="co_so",
        year=2020,
        authors=[someone],
    )
    high = nominate(cast, someone, "CSTDCS")
    passed(cast, [high])
    client = cast.client_for(cast.office)
    page = client.get(reverse("decisions:create") + "?authority=BL&year=2020").content.decode()
    # 0.3 × 1,490,000 = 447,000 → 450,000; 1 × 1,490,000 = 1,490,000.
    assert "450.000" in page and "1.490.000" in page
    preview = client.post(
        reverse("decisions:preview"), {"authority_code": "BL", "nominations": [low.pk, high.pk]}
    )
    assert preview.status_code == 200
    lines = {line.nomination.pk: line for line in preview.context["lines"]}
    assert (lines[low.pk].amount, lines[low.pk].paid) == (450_000, 0)  # lower title: nothing
    assert (lines[high.pk].amount, lines[high.pk].paid) == (1_490_000, 1_490_000)
    assert preview.context["total"] == 1_490_000
    assert "1.490.000" in preview.content.decode()
    only_low = client.post(
        reverse("decisions:preview"), {"authority_code": "BL", "nominations": [low.pk]}
    )
    assert only_low.context["total"] == 450_000
    # The issue pays exactly what was previewed.
    low.refresh_from_db()
    high.refresh_from_db()
    decision = _issue(cast, draft(cast, [low, high]))
    paid = {c.award.code: c.cash_paid_vnd for c in Commendation.objects.filter(decision=decision)}
    assert paid == {"LDTT": 0, "CSTDCS": 1_490_000}


def test_the_draft_shows_the_cash_and_a_session_ticks_what_it_passed(cast: Cast) -> None:
    someone = person(cast.district, "C2", "Ngô Văn Hội")
    services.rating_record(actor=cast.office, person=someone, year=2020, rating="HTXS")
    services.initiative_record(
        actor=cast.office,
        title="SK C2",
        unit=cast.district,
        level="co_so",
        year=2020,
        authors=[someone],
    )
    high = nominate(cast, someone, "CSTDCS")
    other = ldtt(cast, "C3", "Ngô Văn Khác")
    session = passed(cast, [high])
    client = cast.client_for(cast.office)
    page = client.get(reverse("decisions:create") + f"?authority=BL&session={session.pk}")
    assert page.status_code == 200
    assert page.context["chosen"] == {high.pk}  # the session's passed list, not the other one
    assert other.pk in {n.pk for n in page.context["candidates"]}
    assert page.context["total"] == 2_340_000  # default base salary, CSTDCS × 1
    high.refresh_from_db()
    decision = draft(cast, [high])
    detail = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert "Ngô Văn Hội" in detail and "2.340.000" in detail
