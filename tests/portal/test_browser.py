"""The portal in a real headless Chromium over the demo (issue 5's "Done when"):

- a visitor without an account, on a 360-pixel phone and WITHOUT JavaScript, follows the
  campaign from the home page, reads its news, opens the campaign's public page from the
  article, votes in the open poll and leaves a comment, which waits for moderation;
- the editor (``vanphong``) logs in, finds it in the moderation queue and approves it
  (with JavaScript and the content security policy enforced: no violation may be reported);
- the visitor reloads the article and sees the comment.

Then axe-core (vendored in tests/portal/vendor) checks the home, article, poll, campaign and
honor-board pages: no serious or critical violation.  Screenshots: /tmp/thidua_portal_*.png.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser import DESKTOP, PHONE, fits, log_in, new_page
from thidua.org.demo.data import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("migrated_data")]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = "/tmp/thidua_portal_{}.png"
ARTICLE = "ninh-thanh-loi-a-mo-rong-duong-giao-thong-nong-thon"
COMMENT = "Tôi ở ấp Nhàn Dân, con đường mới giúp xe chở lúa vào tận nơi. Cảm ơn xã!"


@pytest.fixture
def demo(tmp_path: Path, settings: Any) -> None:
    from thidua.campaigns.demo import load_campaign
    from thidua.org.demo.loader import load_demo
    from thidua.portal.demo import load_portal

    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(people=0, password=DEFAULT_PASSWORD)
    load_campaign()
    load_portal()


@pytest.fixture
def full_demo(tmp_path: Path, settings: Any) -> None:
    """The demo with the commendation year and the honor board, for its profile page."""
    from thidua.awards.demo import load_awards
    from thidua.campaigns.demo import load_campaign
    from thidua.honors.demo import load_honors
    from thidua.org.demo.loader import load_demo
    from thidua.portal.demo import load_portal

    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(people=100, password=DEFAULT_PASSWORD)
    load_campaign()
    load_awards()
    load_honors()
    load_portal()


def test_a_visitor_reads_votes_and_comments_an_editor_approves(
    browser: Any, live_server: Any, demo: None
) -> None:
    base = live_server.url
    visitor_ctx, visitor = new_page(browser, PHONE, timeout=15_000, java_script_enabled=False)

    # Home: the news, the running campaign, the open poll.
    visitor.goto(base + "/")
    assert fits(visitor)
    assert visitor.locator("#campaigns-title").is_visible()
    visitor.screenshot(path=SHOTS.format("1_home"), full_page=True)
    visitor.click(f"a[href='/news/{ARTICLE}/'] >> nth=-1")
    visitor.wait_for_url(f"{base}/news/{ARTICLE}/")
    assert "3,5 mét" in visitor.locator("h1").inner_text()
    assert visitor.locator(".article-figure img[srcset]").count() == 1
    assert visitor.locator(".gallery img[loading=lazy]").count() >= 1
    assert fits(visitor)
    # The campaign's public page is one click away, and links back to its news.
    visitor.locator("aside a[href^='/public/campaigns/']").first.click()
    visitor.wait_for_url(f"{base}/public/campaigns/**")
    assert "Đại hội" in visitor.locator("h1").inner_text()
    assert visitor.locator(f"#campaign-news-title ~ ul a[href='/news/{ARTICLE}/']").count() >= 1
    assert fits(visitor)
    visitor.screenshot(path=SHOTS.format("2_campaign"), full_page=True)

    # The poll: choose two answers, vote, see the results.
    visitor.goto(base + "/polls/")
    visitor.locator("a", has_text="ưu tiên điều gì").click()
    poll_url = visitor.url
    visitor.check("text=Chuyển đổi số ở cơ sở")
    visitor.check("text=Cải cách thủ tục hành chính")
    visitor.click("button:has-text('Bình chọn')")
    visitor.wait_for_url(poll_url)
    assert "Cảm ơn bạn, lượt bình chọn đã được ghi nhận." in visitor.content()
    assert visitor.locator(".poll-results li").count() == 4
    assert visitor.locator("input[name=option]").count() == 0  # no second vote
    visitor.screenshot(path=SHOTS.format("3_poll"), full_page=True)

    # A comment, which waits for moderation.
    visitor.goto(f"{base}/news/{ARTICLE}/")
    visitor.fill("input[name=name]", "Chị Út")
    visitor.fill("textarea[name=body]", COMMENT)
    visitor.click("button:has-text('Gửi ý kiến')")
    visitor.wait_for_url(f"{base}/news/{ARTICLE}/#comments")
    assert "sau khi biên tập viên xem xét" in visitor.content()
    assert COMMENT not in visitor.locator("#comments").inner_text()

    # The editor approves it; no content security policy violation on the way.
    editor_ctx, editor = new_page(browser, DESKTOP, timeout=15_000)
    violations: list[str] = []
    editor.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    log_in(editor, base, "vanphong", DEFAULT_PASSWORD)
    editor.click("a:has-text('Cổng thông tin')")
    editor.click("a:has-text('Ý kiến chờ kiểm duyệt')")
    item = editor.locator("li.card", has_text=COMMENT)
    item.locator("button:has-text('Duyệt')").click()
    editor.wait_for_load_state()
    assert "Đã duyệt ý kiến." in editor.content()
    editor.screenshot(path=SHOTS.format("4_moderation"), full_page=True)
    editor.goto(f"{base}/news/{ARTICLE}/")
    assert violations == []

    # The visitor sees it.
    visitor.reload()
    assert COMMENT in visitor.locator("#comments").inner_text()
    assert "Chị Út" in visitor.locator("#comments").inner_text()
    visitor.screenshot(path=SHOTS.format("5_comment"), full_page=True)
    editor_ctx.close()
    visitor_ctx.close()


def test_axe_finds_no_serious_or_critical_violation(
    browser: Any, live_server: Any, full_demo: None
) -> None:
    from django.urls import reverse

    from thidua.campaigns.models import Campaign
    from thidua.honors.models import Profile, ProfileState
    from thidua.portal.models import Poll

    base = live_server.url
    campaign = Campaign.objects.get(code="BL-2020-DHDB")
    poll = Poll.objects.filter(closed_at__isnull=True).order_by("-closes_at").first()
    assert poll is not None
    pages = [
        "/",
        f"/news/{ARTICLE}/",
        "/news/",
        f"/polls/{poll.pk}/",
        f"/public/campaigns/{campaign.pk}/",
        "/public/search/?q=duong",
    ]
    profile = Profile.objects.filter(state=ProfileState.PUBLISHED).first()
    assert profile is not None
    pages += [reverse("honors:index"), profile.get_absolute_url()]
    # axe is injected as an inline script, which the site's policy forbids: bypass it here.
    context, page = new_page(browser, DESKTOP, bypass_csp=True)
    report: dict[str, Any] = {}
    for path in pages:
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            page.goto(base + path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
                " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
            )
            bad = [v for v in result if v["impact"] in ("serious", "critical")]
            report[f"{path} @{viewport['width']}"] = result
            assert bad == [], (
                f"{path} at {viewport['width']} px: {json.dumps(bad, ensure_ascii=False)}"
            )
    Path("/tmp/thidua_portal_axe.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    context.close()
