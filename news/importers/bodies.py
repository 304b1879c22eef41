"""Links and images in article bodies that have been through `clean_html`.

nh3 writes every attribute double-quoted with `&` and `"` escaped, so after
cleaning, these attribute patterns are exact rather than guesses about HTML.
"""

import html
import re
from urllib.parse import urljoin, urlsplit

_LINK = re.compile(r'(<(?:a|img)\b[^>]*?\s(?:href|src)=")([^"]*)(")')
_IMG_SRC = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"')
_IMG_SRC_VALUE = re.compile(r'(<img\b[^>]*?\ssrc=")[^"]*(")')
_IMG_SRC_PARTS = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')
# <picture><source srcset> would make browsers load the other site's copies.
_SOURCE = re.compile(r"<source\b[^>]*>")
_NO_SRC_IMG = re.compile(r'<img(?![^>]*\ssrc="[^"])[^>]*>')
# Markup that already lays out paragraphs; inline tags (<b>, <a>) alone do not.
_BLOCKS = re.compile(r"<(?:p|div|br|hr|h[1-6]|ul|ol|li|table|blockquote|figure|pre|section|article)\b", re.I)
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")


def text_to_html(body):
    """A body without paragraphs (a feed's plain description, a spreadsheet cell) as paragraphs.

    With blank lines, they separate paragraphs and a single line break stays
    one (<br>); without any, every line is a paragraph, as Chinese editors
    type them (often indented with full-width spaces, which go).
    """
    if not body or _BLOCKS.search(body):
        return body
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _BLANK_LINE.search(text):
        chunks = [chunk.strip() for chunk in _BLANK_LINE.split(text)]
        lines = ["<br>".join(line.strip() for line in chunk.split("\n") if line.strip()) for chunk in chunks]
    else:
        lines = [line.strip() for line in text.split("\n")]
    return "".join(f"<p>{line}</p>" for line in lines if line)


def absolute_url(url, base):
    """`url` resolved against `base`; a protocol-relative URL without a base becomes https."""
    url = (url or "").strip()
    if not url:
        return ""
    if base:
        return urljoin(base, url)
    if url.startswith("//"):
        return "https:" + url
    return url


def is_web_url(url):
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def resolve_links(body, base):
    """Every href and src made absolute against `base` (the article's original address)."""
    if not base:
        return body

    def replace(match):
        value = absolute_url(html.unescape(match.group(2)), base)
        return match.group(1) + html.escape(value, quote=True) + match.group(3)

    return _LINK.sub(replace, body)


def drop_picture_sources(body):
    """Without <source> tags, and without the <img>s the sanitiser left with no address (src="javascript:…")."""
    return _NO_SRC_IMG.sub("", _SOURCE.sub("", body))


def image_urls(body):
    """The distinct image addresses in a body, in order."""
    return list(dict.fromkeys(html.unescape(url) for url in _IMG_SRC.findall(body)))


def replace_images(body, addresses):
    """The body with each image address found in `addresses` ({old: new}) replaced."""

    def replace(match):
        new = addresses.get(html.unescape(match.group(2)))
        return match.group(0) if new is None else match.group(1) + html.escape(new, quote=True) + match.group(3)

    return _IMG_SRC_PARTS.sub(replace, body)


def without_image_addresses(body):
    """The body with image addresses blanked: a re-import compares content, not where copies are stored."""
    return _IMG_SRC_VALUE.sub(r"\1\2", body)
