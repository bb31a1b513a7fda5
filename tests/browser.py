"""What the browser tests (marked ``browser``) share: Debian's Chromium driven through
Playwright, with no browser download, and small helpers for its pages.

The ``browser`` fixture itself is in tests/conftest.py, one Chromium per test module;
``chromium()`` below is what it runs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.factories import PASSWORD

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium from CHROMIUM_PATH (default /usr/bin/chromium); the test is skipped
    without Playwright or without that executable.

    Playwright's sync API keeps an event loop in the test's thread, where the tests and their
    fixtures still make synchronous ORM calls: Django is told they are safe while it runs."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.path.exists(path):
        pytest.skip(f"no Chromium at {path} (install chromium or set CHROMIUM_PATH)")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


def new_page(
    browser: Any, viewport: dict[str, int], *, timeout: float | None = None, **options: Any
) -> tuple[Any, Any]:
    """A fresh context (Vietnamese locale, the given screen and other context options) and
    its page; ``timeout`` in milliseconds replaces Playwright's default for that page."""
    context = browser.new_context(viewport=viewport, locale="vi-VN", **options)
    page = context.new_page()
    if timeout is not None:
        page.set_default_timeout(timeout)
    return context, page


def log_in(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form and wait for the home page."""
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click(".login-card button[type=submit]")
    page.wait_for_url(f"{base}/")


def signed_in(
    browser: Any,
    base: str,
    username: str,
    viewport: dict[str, int] = DESKTOP,
    *,
    password: str = PASSWORD,
    timeout: float | None = None,
) -> tuple[Any, Any]:
    """``new_page`` then ``log_in``: the context and the page, on the home page."""
    context, page = new_page(browser, viewport, timeout=timeout)
    log_in(page, base, username, password)
    return context, page


def fits(page: Any) -> bool:
    """Nothing on the page is wider than its screen (no sideways scrolling)."""
    width = page.viewport_size["width"]
    return bool(page.evaluate("document.documentElement.scrollWidth") <= width)
