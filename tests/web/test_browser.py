"""The web shell in a real headless Chromium: login form, lazy tree, unit and person pages,
on a desktop screen and on a 360-pixel-wide phone."""

from __future__ import annotations

import pytest

from tests.browser import DESKTOP, PHONE, signed_in
from tests.conftest import Cast
from tests.factories import PersonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("migrated_data"),
]


def test_an_officer_browses_the_tree_down_to_a_person(browser, live_server, cast: Cast) -> None:
    PersonFactory.create(code="P1", full_name="Trần Văn Một", unit=cast.commune, title="Chủ tịch")
    context, page = signed_in(browser, live_server.url, "officer", DESKTOP)
    assert "Huyện Hồng Dân" in page.content()

    page.click("nav#site-nav >> text=Đơn vị")
    page.wait_for_url(f"{live_server.url}/units/")
    assert page.locator(".tree-children .tree-name").count() == 0
    # Expanding the district loads its communes through HTMX.
    page.click(".tree-branch > summary .twisty")
    commune_link = page.locator(".tree-children a.tree-name", has_text="Xã Ninh Thạnh Lợi A")
    commune_link.wait_for(state="visible")
    page.screenshot(path="/tmp/thidua_tree_desktop.png", full_page=True)

    commune_link.click()
    page.wait_for_url(f"{live_server.url}/units/BL-HD-NTLA/")
    assert page.locator("h1").inner_text() == "Xã Ninh Thạnh Lợi A"
    page.click("text=Trần Văn Một")
    page.wait_for_url(f"{live_server.url}/people/P1/")
    assert "Chủ tịch" in page.locator(".subtitle").inner_text()
    assert "Quá trình công tác" in page.content()
    context.close()


def test_the_shell_fits_a_360_pixel_phone(browser, live_server, cast: Cast) -> None:
    context, page = signed_in(browser, live_server.url, "officer", PHONE)
    page.goto(f"{live_server.url}/units/")
    # The menu is folded behind a button and opens on a tap.
    assert page.locator(".nav-toggle").is_visible()
    assert not page.locator(".nav-links").is_visible()
    page.click(".nav-toggle")
    assert page.locator(".nav-links").is_visible()
    page.click(".nav-toggle")
    # The tree still expands, and nothing is wider than the screen.
    page.click(".tree-branch > summary .twisty")
    page.locator("text=Xã Ninh Thạnh Lợi A").wait_for(state="visible")
    page.screenshot(path="/tmp/thidua_tree_360.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{live_server.url}/units/BL-HD/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{live_server.url}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="/tmp/thidua_home_360.png", full_page=True)
    context.close()
