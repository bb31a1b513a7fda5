"""Sanitizing user-written HTML (article bodies, profile stories) and plain text (comments).

``clean_html`` keeps an allow-list of tags and attributes (nh3, the Rust ``ammonia``
sanitizer): paragraphs, headings h2–h4, lists, quotes, simple tables, figures, links and
images.  Everything else is dropped: ``<script>``/``<style>`` with their content, every
``on*`` handler, ``style`` attributes, ``javascript:``/``data:`` URLs.  Links keep only
http(s), mailto and site-relative URLs and get ``rel="noopener noreferrer"``; images are kept
only when their source is a path on this site (our uploads and photo URLs), so an article can
neither load a tracker from elsewhere nor break the content security policy.

``clean_text`` is for text shown as text (names, comments): NFC, no control characters, no
markup at all (the template escapes it again on output).
"""

from __future__ import annotations

import re
import unicodedata

import nh3

from thidua.core.text import nfc

TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "blockquote",
        "a",
        "img",
        "figure",
        "figcaption",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "caption",
    }
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with everything inside them.
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript"})

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER = re.compile(r"^\d{1,4}$")
_OWN_PATH = re.compile(r"^/(?![/\\])(?!.*\.\.)[^\\\s]*$")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    # Images: our own files only (uploads under MEDIA_URL, the portal's photo URLs), i.e. a
    # path on this site, never another host, a protocol-relative //host or a data: URL.
    if tag == "img" and attr == "src" and not _OWN_PATH.match(value):
        return None
    if attr in {"width", "height", "colspan", "rowspan"} and not _NUMBER.match(value):
        return None
    if tag == "a" and attr == "href" and value.strip().lower().startswith("//"):
        return None
    return value


def clean_html(html: str) -> str:
    """Sanitized HTML fragment for article bodies and profile stories (safe to mark safe)."""
    if not html:
        return ""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", html))
    return nh3.clean(
        text,
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def clean_text(s: str) -> str:
    """Plain text: NFC, control characters removed, every tag stripped (text kept), lines kept
    (runs of spaces within a line collapsed)."""
    if not s:
        return ""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", s)).replace("\r\n", "\n")
    # nh3 with no tags allowed keeps the text of tags and drops scripts with their content;
    # it escapes &, < and >, which we undo because the result is text, escaped on output.
    stripped = nh3.clean(text, tags=set(), clean_content_tags=set(DROP_WITH_CONTENT))
    stripped = stripped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    stripped = stripped.replace("&quot;", '"').replace("&#39;", "'").replace("&nbsp;", "\u00a0")
    lines = [nfc(line) for line in stripped.split("\n")]
    return "\n".join(lines).strip()
