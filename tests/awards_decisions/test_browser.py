"""In a real headless Chromium at a 360-pixel phone width: the office ticks awardees (the
cash box follows through htmx), prepares the draft, the signer issues it; every page fits
the screen."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.awards_decisions.conftest import ldtt
from tests.browser import PHONE, fits, signed_in
from tests.conftest import Cast
from thidua.awards.models import Decision, DecisionState

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("migrated_data"),
]


def test_prepare_and_issue_a_decision_on_a_phone(
    browser: Any, live_server: Any, cast: Cast
) -> None:
    first = ldtt(cast, "B1", "Huỳnh Thị Điện Thoại")
    second = ldtt(cast, "B2", "Huỳnh Văn Màn Hình")
    base = live_server.url
    context, page = signed_in(browser, base, "office", PHONE)
    page.goto(base + reverse("decisions:create") + "?authority=BL&year=2020")
    assert fits(page)
    assert "Chọn người, tập thể được khen để xem tiền thưởng." in page.content()
    page.check(f"#nom-{first.pk}")
    page.locator("#cash-total").wait_for()
    assert page.locator("#cash-total").inner_text() == "710.000"
    page.check(f"#nom-{second.pk}")
    # A locator assertion, not wait_for_function: the content security policy forbids the
    # page from evaluating strings.
    expect(page.locator("#cash-total")).to_have_text("1.420.000", timeout=10_000)
    page.select_option("#id_signer", str(cast.leader.pk))
    page.screenshot(path="/tmp/thidua_decision_create_360.png", full_page=True)
    page.click("text=Lập dự thảo quyết định")
    page.wait_for_url(f"{base}/awards/decisions/*/")
    decision = Decision.objects.get()
    assert fits(page)
    context.close()

    context, page = signed_in(browser, base, "leader", PHONE)
    page.goto(base + reverse("decisions:detail", args=[decision.pk]))
    page.fill("#id_date", "2020-12-28")
    page.click("button:has-text('Ban hành')")
    page.wait_for_url(base + reverse("decisions:detail", args=[decision.pk]))
    assert "Đã ban hành Quyết định số 1/QĐ-UBND." in page.content()
    assert fits(page)
    page.screenshot(path="/tmp/thidua_decision_detail_360.png", full_page=True)
    page.goto(base + reverse("decisions:list"))
    assert fits(page)
    context.close()
    assert Decision.objects.get().state == DecisionState.ISSUED
