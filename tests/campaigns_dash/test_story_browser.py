"""The whole story in a real headless Chromium, through the pages of the three parts:
the office creates and launches a campaign (``campaigns:*``), a commune officer registers a
target and a key work (``campaign_unit:*``), the office approves, the commune reports progress
with a photo, and the office watches its dashboard move (``campaign_dash:*``); the public page
then shows the public target with its photo.  Screenshots go to /tmp/thidua_dash_*.png."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.browser import PHONE, new_page, signed_in
from tests.campaigns.conftest import png_bytes
from tests.conftest import Cast
from thidua.campaigns.models import Campaign, Registration

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("migrated_data"),
]

# Photos are lazy-loaded: scrolled into view, then decoded (a broken image has no width).
LOADED = (
    "() => { const i = document.querySelector('.photo-grid img');"
    " return i.complete && i.naturalWidth > 0; }"
)


def session(browser: Any, base: str, username: str, width: int = 1280) -> Any:
    return signed_in(browser, base, username, {"width": width, "height": 900}, timeout=15000)[1]


def stat(page: Any, name: str) -> str:
    return page.locator(f'[data-stat="{name}"]').inner_text().strip()


def test_launch_register_approve_report_and_watch_the_dashboard(
    browser: Any, live_server: Any, cast: Cast, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    today = timezone.localdate()
    start = today - dt.timedelta(days=28)

    # 1. The office creates the campaign, adds the district with its communes, launches it.
    office = session(browser, base, "office")
    office.goto(f"{base}/campaigns/new/")
    office.fill("#id_code", "BL-TD-2026")
    office.fill("#id_name", "Thi đua xây dựng nông thôn mới nâng cao")
    office.fill("#id_issuing_unit", "BL")
    office.fill("#id_document_number", "25/KH-UBND")
    office.fill("#id_document_date", start.isoformat())
    office.fill("#id_document_signer", "Chủ tịch UBND tỉnh")
    office.fill("#id_purpose", "Đẩy nhanh tiến độ các tiêu chí nông thôn mới.")
    office.fill("#id_start_date", start.isoformat())
    office.fill("#id_deadline", (today + dt.timedelta(days=60)).isoformat())
    office.fill("#id_registration_deadline", (today + dt.timedelta(days=7)).isoformat())
    office.locator("form button[type=submit].button-primary, form button[type=submit]").last.click()
    office.wait_for_url(re.compile(r".*/campaigns/\d+/participants/$"))
    campaign = Campaign.objects.get(code="BL-TD-2026")
    office.fill("#id_unit", "BL-HD")
    office.check("#id_include_subtree")
    office.locator("form:has(input[value=add]) button[type=submit]").click()
    office.wait_for_load_state()
    office.goto(f"{base}/campaigns/{campaign.pk}/transition/?to=launched")
    office.click("text=Xác nhận")
    office.wait_for_url(f"{base}/campaigns/{campaign.pk}/")
    campaign.refresh_from_db()
    assert campaign.state == "launched"

    # The dashboard before anyone registers.
    office.goto(f"{base}/campaigns/{campaign.pk}/dashboard/")
    assert stat(office, "participating") == "2"  # the district and its commune
    assert stat(office, "approved") == "0"
    assert stat(office, "overall") == "0,0 %"

    # 2. The commune officer registers a public target and a key work, and submits.
    commune = session(browser, base, "xa")
    commune.goto(f"{base}/campaigns/mine/")
    commune.locator("form[action*='/registrations/new/'] button").first.click()
    commune.wait_for_url(re.compile(r".*/campaigns/registrations/\d+/$"))
    registration = Registration.objects.get(campaign=campaign, unit=cast.commune)
    commune.click("details:has(form[action$='/targets/add/']) > summary")
    commune.fill("#id_target-name", "Tỷ lệ hộ dùng nước sạch")
    commune.fill("#id_target-baseline", "0")
    commune.fill("#id_target-target_value", "100")
    commune.check("#id_target-public")
    commune.click("form[action$='/targets/add/'] button[type=submit]")
    commune.locator("text=Tỷ lệ hộ dùng nước sạch").first.wait_for()
    commune.click("details:has(form[action$='/key-works/add/']) > summary")
    commune.fill("#id_work-name", "Nhà văn hoá ấp Nội Ô")
    commune.click("form[action$='/key-works/add/'] button[type=submit]")
    commune.locator("text=Nhà văn hoá ấp Nội Ô").first.wait_for()
    commune.click("form[action$='/submit/'] button[type=submit]")
    commune.wait_for_function("() => !document.querySelector(\"form[action$='/submit/']\")")
    registration.refresh_from_db()
    assert registration.state == "submitted"

    # 3. The office approves it.
    office.goto(f"{base}/campaigns/{campaign.pk}/registrations/")
    office.click("form:has(input[name=action][value=approve]) button[type=submit]")
    office.wait_for_load_state()
    registration.refresh_from_db()
    assert registration.state == "approved"
    office.goto(f"{base}/campaigns/{campaign.pk}/dashboard/")
    assert stat(office, "approved") == "1"
    assert stat(office, "overall") == "0,0 %"

    # 4. The commune reports 60 of 100 with a photo.
    photo = tmp_path / "nuoc-sach.png"
    photo.write_bytes(png_bytes())
    target = registration.targets.get()
    commune.goto(f"{base}/campaigns/registrations/{registration.pk}/progress/")
    commune.locator(f"#t{target.pk} summary, [id='t{target.pk}'] summary").first.click()
    commune.fill(f"#id_t{target.pk}-value", "60")
    commune.set_input_files(f"#id_t{target.pk}-attachments", str(photo))
    commune.locator(f"form:has(#id_t{target.pk}-value) button[type=submit]").click()
    commune.wait_for_load_state()
    assert target.updates.count() == 1

    # 5. The office sees the dashboard move: the commune at (0.6 + 0) / 2, the district
    #    (participating, not registered) at 0 → overall 15 %.
    office.goto(f"{base}/campaigns/{campaign.pk}/dashboard/")
    assert stat(office, "overall") == "15,0 %"
    assert stat(office, "reported") == "1"
    assert "Xã Ninh Thạnh Lợi A" in office.locator("#ranking").inner_text()
    office.screenshot(path="/tmp/thidua_dash_overview.png", full_page=True)
    office.click("#ranking a:has-text('Xã Ninh Thạnh Lợi A')")
    office.wait_for_url(re.compile(r".*/dashboard/units/BL-HD-NTLA/.*"))
    assert stat(office, "attainment") == "30,0 %"
    assert office.locator(".photo-grid img").count() == 1
    office.locator(".photo-grid img").scroll_into_view_if_needed()
    office.wait_for_function(LOADED)

    # The public page shows the public target and its photo, to anyone.
    anonymous, public = new_page(browser, PHONE)
    public.goto(f"{base}/public/campaigns/{campaign.pk}/")
    assert "Tỷ lệ hộ dùng nước sạch" in public.content()
    assert "Nhà văn hoá ấp Nội Ô" not in public.content()
    public.locator(".photo-grid img").scroll_into_view_if_needed()
    public.wait_for_function(LOADED)
    assert public.evaluate("document.documentElement.scrollWidth") <= 360
    public.screenshot(path="/tmp/thidua_dash_public_360.png", full_page=True)
    anonymous.close()

    # The dashboard fits a phone too.
    phone = session(browser, base, "office", width=360)
    phone.goto(f"{base}/campaigns/{campaign.pk}/dashboard/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path="/tmp/thidua_dash_overview_360.png", full_page=True)
