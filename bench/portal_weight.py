"""Weight of the public portal's pages on a first visit (empty cache), images aside.

    .venv/bin/python bench/portal_weight.py            # demo province, campaign and portal
    .venv/bin/python bench/portal_weight.py --full     # also the commendation year and the
                                                       # honor board (slower to load)

Sets Django up on a fresh SQLite database in bench/out/portal/ (deleted first), loads the
demo through the same loaders as ``thidua demo`` (no people), then requests each page as an
anonymous visitor through the full middleware stack (WhiteNoise serves the static files),
follows every stylesheet, script and font it references (``url(...)`` inside the CSS too),
and adds up what a browser downloads: HTML + CSS + JS + fonts, each counted raw and gzipped
(level 6, what the reverse proxy sends for HTML and WhiteNoise's compressed storage for static
files in production).  Images (``<img>``, ``srcset``, CSS images) are left out, as the issue
asks; they load lazily below the fold.  The home page must stay under 150 KB.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "portal"
BUDGET = 150 * 1024
FONT = re.compile(r"\.(woff2?|ttf|otf|eot)(\?|$)")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and "stylesheet" in a.get("rel", "") and a.get("href"):
            self.found.append(("css", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))
        elif tag == "link" and a.get("rel") == "preload" and a.get("as") == "font":
            self.found.append(("font", a["href"]))


def setup(full: bool) -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    os.environ["THIDUA_VAR_DIR"] = str(OUT)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "thidua.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from thidua.campaigns.demo import load_campaign
    from thidua.org.demo.loader import load_demo
    from thidua.portal.demo import load_portal

    load_demo(people=100 if full else 0, password="Bench-Thidua-2026!")  # noqa: S106 - throwaway bench database
    load_campaign()
    if full:
        from thidua.awards.demo import load_awards
        from thidua.honors.demo import load_honors

        load_awards()
        load_honors()
    load_portal()


def body(response: object) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined]


def weigh(client: object, path: str) -> tuple[list[tuple[str, str, int, int]], int, int]:
    rows: list[tuple[str, str, int, int]] = []
    response = client.get(path)  # type: ignore[attr-defined]
    assert response.status_code == 200, (path, response.status_code)
    html = body(response)
    rows.append(("html", path, len(html), len(gzip.compress(html, 6))))
    parser = Assets()
    parser.feed(html.decode())
    seen: set[str] = set()
    queue = list(parser.found)
    while queue:
        kind, url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        got = client.get(url)  # type: ignore[attr-defined]
        assert got.status_code == 200, (url, got.status_code)
        data = body(got)
        rows.append((kind, url, len(data), len(gzip.compress(data, 6))))
        if kind == "css":
            for ref in CSS_URL.findall(data.decode()):
                if ref.startswith("data:"):
                    continue
                target = urljoin(url, ref)
                if FONT.search(target):
                    queue.append(("font", target))
                elif ref.endswith(".css"):
                    queue.append(("css", target))
    return rows, sum(r[2] for r in rows), sum(r[3] for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="also load the honor board")
    args = parser.parse_args()
    setup(args.full)
    from django.test import Client
    from django.urls import reverse

    from thidua.campaigns.models import Campaign
    from thidua.portal.models import Article, Poll

    article = Article.published.order_by("-published_at").first()
    poll = Poll.objects.order_by("-closes_at").first()
    campaign = Campaign.objects.order_by("pk").first()
    pages = {"home": "/"}
    if article:
        pages["article"] = article.get_absolute_url()
    if poll:
        pages["poll"] = poll.get_absolute_url()
    if campaign:
        pages["campaign"] = reverse("campaign_dash:public", args=[campaign.pk])
    pages["news"] = reverse("portal:news")
    failed = False
    for name, path in pages.items():
        rows, raw, gz = weigh(Client(), path)
        print(f"\n{name} ({path}): {raw / 1024:.1f} KB raw, {gz / 1024:.1f} KB gzipped")
        for kind, url, size, packed in rows:
            print(f"  {kind:5} {size / 1024:7.1f} KB  {packed / 1024:6.1f} KB gz  {url}")
        if name == "home":
            verdict = "under" if gz < BUDGET else "OVER"
            failed = gz >= BUDGET
            print(f"  → {verdict} the 150 KB budget (gzipped, images aside)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
