"""The honor board in a real headless Chromium over the demo data: a visitor with no account
opens the board, filters and searches it, opens the commune's profile, reads its
commendations and where the model spread, follows the campaign link, and reads the published
decision; on a 360-pixel phone nothing overflows.  axe-core (vendored by the portal at
``tests/portal/vendor/axe.min.js``) checks the board, the profile and the decision page for
serious or critical violations.  Screenshots go to /tmp/thidua_honors_*.png."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser import DESKTOP, PHONE, fits, new_page

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("migrated_data")]

AXE = Path(__file__).resolve().parent.parent / "portal" / "vendor" / "axe.min.js"
SHOTS = "/tmp/thidua_honors_{}.png"


def serious_violations(page: Any) -> list[str]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_visitor_reads_the_honor_board(
    browser: Any, live_server: Any, tmp_path: Path, settings: Any
) -> None:
    from thidua.awards.demo import load_awards
    from thidua.campaigns.demo import load_campaign
    from thidua.honors.demo import load_honors
    from thidua.honors.models import Photo
    from thidua.org.demo.loader import load_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(people=0)
    load_campaign()
    load_awards()
    load_honors()
    base = live_server.url
    context, page = new_page(browser, DESKTOP, timeout=15_000, java_script_enabled=False)

    # 1. The board, without JavaScript: four published models, the draft absent.
    page.goto(f"{base}/public/honors/")
    assert page.locator("h1").inner_text() == "Gương điển hình"
    cards = page.locator(".honors-card h2")
    assert cards.count() == 4
    assert "người cắm mốc" not in page.content()
    # Filter to collectives and search without diacritics (a plain GET form).
    page.select_option("#hb-subject", "collective")
    page.fill("#hb-q", "ninh thanh loi a duong")
    page.click(".honors-filters button[type=submit]")
    page.wait_for_url(re.compile(r".*subject=collective.*"))
    assert page.locator(".honors-card h2").all_inner_texts() == [
        "Ninh Thạnh Lợi A: đồng lòng mở rộng đường quê"
    ]
    page.screenshot(path=SHOTS.format("board"), full_page=True)

    # 2. The commune's profile: story, photos, commendations, where it spread.
    page.click(".honors-card h2 a")
    page.wait_for_url(
        re.compile(r".*/public/honors/ninh-thanh-loi-a-dong-long-mo-rong-duong-que/$")
    )
    assert page.locator("h1").inner_text() == "Ninh Thạnh Lợi A: đồng lòng mở rộng đường quê"
    assert (
        page.locator('meta[property="og:title"]').get_attribute("content")
        == page.locator("h1").inner_text()
    )
    commendations = page.locator("#commendations li").all_inner_texts()
    assert len(commendations) == 4 and all("Tập thể lao động tiên tiến" in c for c in commendations)
    spread = page.locator("#spread")
    assert "Đã được 5 đơn vị nhân rộng." in spread.inner_text()
    assert spread.locator("h3").all_inner_texts()[0] == "Huyện Hồng Dân (3)"
    assert "Xã Minh Diệu" not in spread.inner_text()  # still awaiting review
    cover = page.locator(".honors-figure-main img")
    assert cover.get_attribute("alt") == "Tuyến đường liên ấp sau khi mở rộng (tranh minh họa)"
    assert page.evaluate("document.querySelector('.honors-figure-main img').naturalWidth") > 0
    road = Photo.objects.get(caption__startswith="Tuyến đường liên ấp")
    for size in ("small", "medium", "large"):  # every rendition of the srcset is the road's
        served = page.request.get(base + road.url(size))
        assert served.ok and served.headers["content-type"] == "image/jpeg"
        with road.file_for(size).open("rb") as fh:
            assert served.body() == fh.read(), size
    assert cover.get_attribute("src") == road.url("medium")
    assert page.locator(".honors-gallery img").first.get_attribute("loading") == "lazy"
    page.screenshot(path=SHOTS.format("profile"), full_page=True)

    # 3. The campaign it shone in.
    page.click(".honors-profile a[href^='/public/campaigns/']")
    page.wait_for_url(re.compile(r".*/public/campaigns/\d+/$"), timeout=60_000)
    page.go_back()

    # 4. The published decision of the demo, with its awardees.
    page.goto(f"{base}/public/decisions/")
    page.click(".honors-decisions h2 a")
    page.wait_for_url(re.compile(r".*/public/decisions/\d+/$"))
    assert "Số: 2150/QĐ-UBND" in page.locator("h1").inner_text()
    names = page.locator("table tbody tr td:nth-child(2)").all_inner_texts()
    assert "Nguyễn Thị Mỹ Hạnh" in names and "Huỳnh Minh Tâm" in names
    decision_url = page.url
    context.close()

    # 5. On a phone, nothing overflows.
    phone, small = new_page(browser, PHONE)
    for path in (
        "/public/honors/",
        "/public/honors/ninh-thanh-loi-a-dong-long-mo-rong-duong-que/",
        "/public/decisions/",
    ):
        small.goto(base + path)
        assert fits(small), path
    small.screenshot(path=SHOTS.format("phone"), full_page=True)
    phone.close()

    # 6. axe-core: no serious or critical violation.
    if not AXE.exists():  # vendored by the portal's tests; without it this check cannot run
        return
    # The content security policy forbids inline scripts: let the test inject axe anyway.
    checker, page = new_page(browser, DESKTOP, bypass_csp=True)
    for url in (
        f"{base}/public/honors/",
        f"{base}/public/honors/ninh-thanh-loi-a-dong-long-mo-rong-duong-que/",
        f"{base}/public/decisions/",
        decision_url,
    ):
        page.goto(url)
        assert serious_violations(page) == [], url
    checker.close()
