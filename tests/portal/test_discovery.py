"""Discovery: search without diacritics (one query per source), RSS and Atom feeds that parse
with their required elements, the sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import Cast
from tests.portal.conftest import make_article
from thidua.portal.models import Category

ATOM = "{http://www.w3.org/2005/Atom}"


def test_search_ignores_diacritics_and_hides_drafts(cast: Cast, category: Category) -> None:
    make_article(cast, category, title="Đường Ninh Quới – Ninh Thạnh Lợi thông xe")
    make_article(cast, category, title="Đường nội bộ chưa đăng", publish=False)
    client = Client()
    page = client.get("/public/search/?q=duong ninh quoi").content.decode()
    assert "Đường Ninh Quới – Ninh Thạnh Lợi thông xe" in page
    assert "chưa đăng" not in client.get("/public/search/?q=duong noi bo").content.decode()
    assert "Hãy gõ ít nhất hai chữ cái" in client.get("/public/search/?q=a").content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get("/public/search/?q=ninh")
    first = len(queries)
    for i in range(5):
        make_article(cast, category, title=f"Ninh Thạnh Lợi tin {i}")
    with CaptureQueriesContext(connection) as queries:
        client.get("/public/search/?q=ninh")
    assert len(queries) == first


def test_rss_feed_is_valid(cast: Cast, category: Category) -> None:
    article = make_article(cast, category)
    make_article(cast, category, title="Nháp", publish=False)
    for url in ("/news/rss/", f"/news/category/{category.slug}/rss/"):
        response = Client().get(url)
        assert response.status_code == 200 and "rss" in response["Content-Type"]
        channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own output
        assert channel is not None
        for tag in ("title", "link", "description"):
            assert channel.findtext(tag)
        items = channel.findall("item")
        assert len(items) == 1
        item = items[0]
        assert item.findtext("title") == article.title
        assert item.findtext("link", "").endswith(article.get_absolute_url())
        assert item.findtext("pubDate")


def test_atom_feed_is_valid(cast: Cast, category: Category) -> None:
    article = make_article(cast, category)
    response = Client().get(f"/news/category/{category.slug}/atom/")
    assert response.status_code == 200 and "atom" in response["Content-Type"]
    feed = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{tag}")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    for tag in ("id", "title", "updated"):
        assert entry.findtext(f"{ATOM}{tag}")
    assert entry.findtext(f"{ATOM}title") == article.title
    assert Client().get("/news/category/khong-co/atom/").status_code == 404


def test_sitemap_lists_public_pages_only(cast: Cast, category: Category) -> None:
    article = make_article(cast, category)
    draft = make_article(cast, category, title="Nháp", publish=False)
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [el.text or "" for el in root.iter(f"{ns}loc")]
    assert any(loc.endswith(article.get_absolute_url()) for loc in locs)
    assert not any(loc.endswith(draft.get_absolute_url()) for loc in locs)
    assert any(loc.endswith(category.get_absolute_url()) for loc in locs)
    assert any(loc.endswith("/news/") for loc in locs)
