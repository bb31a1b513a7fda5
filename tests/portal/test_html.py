"""Sanitizing: scripts, handlers and javascript: URLs never survive clean_html/clean_text."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.core.html import TAGS, clean_html, clean_text


class Inspector(HTMLParser):
    """Collects what a browser would see as elements and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((k, v or "") for k, v in attrs)


def dangerous(html: str) -> list[str]:
    parser = Inspector()
    parser.feed(html)
    found = [t for t in parser.tags if t not in TAGS]
    for key, value in parser.attrs:
        if key.startswith("on") or key == "style":
            found.append(key)
        if key in {"href", "src"} and value.strip().lower().startswith(
            ("javascript:", "data:", "vbscript:")
        ):
            found.append(value)
    return found


ATTACKS = [
    "<script>alert(1)</script>",
    '<img src="/media/x.jpg" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<object data=x></object><embed src=x>",
    '<form action="/x"><input name=a></form>',
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_no_attack_survives(attack: str) -> None:
    out = clean_html(f"<p>ok</p>{attack}").lower()
    assert dangerous(out) == []
    for bad in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "style=",
        "data:",
        "<svg",
        "<form",
        "<input",
        "<object",
        "<embed",
    ):
        assert bad not in out


def test_allowed_markup_is_kept() -> None:
    html = (
        "<h2>Tiêu đề</h2><p><strong>Đậm</strong> <em>nghiêng</em> <u>gạch</u></p>"
        "<ul><li>một</li></ul><blockquote>trích</blockquote>"
        '<figure><img src="/news/photo/abc/640/" alt="Ảnh">'
        "<figcaption>Chú thích</figcaption></figure>"
        '<p><a href="https://baclieu.gov.vn/">link</a></p>'
    )
    out = clean_html(html)
    assert "<h2>Tiêu đề</h2>" in out and "<strong>Đậm</strong>" in out and "<u>gạch</u>" in out
    assert '<img src="/news/photo/abc/640/" alt="Ảnh">' in out
    assert 'href="https://baclieu.gov.vn/" rel="noopener noreferrer"' in out


def test_images_from_other_sites_lose_their_source() -> None:
    assert "evil" not in clean_html('<img src="https://evil.example/t.png">')
    assert "evil" not in clean_html('<img src="//evil.example/t.png">')


def test_clean_text_strips_tags_keeps_text_and_lines() -> None:
    assert (
        clean_text("Tôi <b>đồng ý</b><script>x()</script>\r\n  dòng  hai ")
        == "Tôi đồng ý\ndòng hai"
    )
    assert clean_text("1 < 2 & 3 > 2") == "1 < 2 & 3 > 2"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<",
                ">",
                "script",
                "img",
                " src=x",
                " onerror=",
                "a",
                "=",
                '"',
                "'",
                "javascript:",
                "/",
                "p",
                "\t",
                "&#x09;",
            ]
        ),
        max_size=30,
    )
)
def test_random_markup_never_yields_a_handler_or_script(parts: list[str]) -> None:
    assert dangerous(clean_html("".join(parts))) == []
