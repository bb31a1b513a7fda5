"""Walk the whole demo as each demo account: no page may fail.

Loads the demo province, its 2020 campaign and its commendation records, then follows every
same-site link from the home page (breadth first, up to a bound per account).  It catches
what unit tests of one part miss: pages of one part showing data another part wrote.
"""

from __future__ import annotations

import collections
import re

import pytest
from django.test import Client

from thidua.awards.demo import load_awards
from thidua.campaigns.demo import load_campaign
from thidua.org.demo.loader import load_demo
from thidua.org.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Downloads and pages outside the application are not crawled (they are tested elsewhere).
SKIP = re.compile(
    r"logout|/admin/|\.xlsx|\.docx|\.pdf|/pdf|/docx|certificate|export|template|/i18n/"
    r"|/api/v1/docs|format=xlsx|/media/|/static/|/photos/|/evidence/"
)
PAGES_PER_ACCOUNT = 60
ACCOUNTS = ["admin", "vanphong", "canbo.hongdan", "canbo.ntla", "hoidong", "lanhdao", "xem"]


def crawl(client: Client, limit: int) -> tuple[int, list[tuple[str, int]]]:
    seen: set[str] = set()
    queue = collections.deque(["/"])
    failures: list[tuple[str, int]] = []
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            failures.append((url, response.status_code))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"#]+)"', response.content.decode()):
            href = href.replace("&amp;", "&")
            if href.startswith("/") and not SKIP.search(href) and href not in seen:
                queue.append(href)
    return len(seen), failures


def test_every_page_reachable_by_each_demo_account_renders() -> None:
    load_demo(people=100)
    load_campaign()
    load_awards()
    failures = []
    for username in ACCOUNTS:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        visited, failed = crawl(client, PAGES_PER_ACCOUNT)
        assert visited >= 20, f"{username} reached only {visited} pages"
        failures += [(username, url, status) for url, status in failed]
    assert not failures
