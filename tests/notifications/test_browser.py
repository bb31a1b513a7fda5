"""In a real headless Chromium at a 360-pixel phone width: the inbox marks a notification
read through htmx (the item and the header's count change without a reload) and the e-mail
settings are saved; every page fits the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser import PHONE, fits, signed_in
from tests.conftest import Cast
from thidua.notifications import services
from thidua.notifications.models import EmailOptOut, Kind, Notification

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("migrated_data")]


def test_mark_read_and_email_settings_on_a_phone(
    browser: Any, live_server: Any, cast: Cast
) -> None:
    for i in range(3):
        services.notify(
            kind=Kind.REGISTRATION_DUE,
            users=[cast.officer],
            subject=f"Còn {3 - i} ngày hết hạn đăng ký: Thi đua chào mừng đại hội",
            text="Đơn vị chưa gửi bản đăng ký.",
            link="/campaigns/mine/",
        )
    first = Notification.objects.order_by("pk").first()
    assert first is not None
    base = live_server.url
    context, page = signed_in(browser, base, "officer", PHONE)
    assert page.locator("#notifications-unread .count").inner_text() == "3"
    # The menu is folded on a phone: its button shows the count.
    toggle_count = page.locator(".nav-toggle .nav-toggle-count .count")
    assert toggle_count.is_visible() and toggle_count.inner_text() == "3"

    page.goto(f"{base}/notifications/")
    assert fits(page)
    item = page.locator(f"#notification-{first.pk}")
    item.locator("button", has_text="Đánh dấu đã đọc").click()
    # (no wait_for_function: the content security policy forbids evaluating strings)
    badge = page.locator("#notifications-unread .count", has_text=re.compile(r"^2$"))
    badge.wait_for(state="attached", timeout=10_000)  # in the menu, folded on a phone
    assert page.locator(".nav-toggle .nav-toggle-count .count").inner_text() == "2"
    page.click(".nav-toggle")
    assert badge.is_visible()
    assert page.locator(f"#notification-{first.pk} button").count() == 0
    assert page.locator("#inbox-unread").inner_text() == "2 chưa đọc"
    assert page.url == f"{base}/notifications/"  # no reload, no navigation
    first.refresh_from_db()
    assert first.read_at is not None
    page.screenshot(path="/tmp/thidua_notifications_360.png", full_page=True)

    page.goto(f"{base}/account/notifications/")
    assert fits(page)
    page.uncheck(f"input[value='{Kind.PROGRESS_OVERDUE}']")
    page.click("text=Lưu")
    page.wait_for_url(f"{base}/account/notifications/")
    assert "Đã lưu lựa chọn nhận thư điện tử của bạn." in page.content()
    assert list(EmailOptOut.objects.filter(user=cast.officer).values_list("kind", flat=True)) == [
        Kind.PROGRESS_OVERDUE
    ]
    context.close()
