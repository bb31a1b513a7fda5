"""In a real headless Chromium at a 360-pixel phone width: the office ticks awardees (the
cash box follows through htmx), prepares the draft, the signer issues it; every page fits
the screen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.awards_decisions.conftest import ldtt
from tests.conftest import Cast
from tests.factories import PASSWORD
from thidua.awards.models import Decision, DecisionState

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("migrated_data"),
]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.path.exists(path):
        pytest.skip(f"no Chromium at {path}")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _log_in(browser: Any, base: str, username: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click(".login-card button[type=submit]")
    page.wait_for_url(f"{base}/")
    return context, page


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"])


def test_prepare_and_issue_a_decision_on_a_phone(
    browser: Any, live_server: Any, cast: Cast
) -> None:
    first = ldtt(cast, "B1", "Huỳnh Thị Điện Thoại")
    second = ldtt(cast, "B2", "Huỳnh Văn Màn Hình")
    base = live_server.url
    context, page = _log_in(browser, base, "office")
    page.goto(base + reverse("decisions:create") + "?authority=BL&year=2020")
    assert _fits(page)
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
    assert _fits(page)
    context.close()

    context, page = _log_in(browser, base, "leader")
    page.goto(base + reverse("decisions:detail", args=[decision.pk]))
    page.fill("#id_date", "2020-12-28")
    page.click("button:has-text('Ban hành')")
    page.wait_for_url(base + reverse("decisions:detail", args=[decision.pk]))
    assert "Đã ban hành Quyết định số 1/QĐ-UBND." in page.content()
    assert _fits(page)
    page.screenshot(path="/tmp/thidua_decision_detail_360.png", full_page=True)
    page.goto(base + reverse("decisions:list"))
    assert _fits(page)
    context.close()
    assert Decision.objects.get().state == DecisionState.ISSUED
