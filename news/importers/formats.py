"""The formats, each a `check` (whole-file validation before anything is written) and a `read`.

`check(source)` raises ImportFileError for a malformed or hostile file and
returns what `read(source, context)` needs; `read` yields Record, Failure or
Skip objects one at a time.
"""

import codecs
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from . import csvfile, feeds, jsonfeed, jsonl, pages, wxr
from .records import ImportFileError


@dataclass(frozen=True)
class Format:
    check: Callable
    read: Callable


FORMATS = {
    "jsonl": Format(lambda source: None, lambda source, _context: jsonl.read_lines(source)),
    "json": Format(jsonl.check_document, lambda source, _context: jsonl.read_document(source)),
    "csv": Format(csvfile.check, lambda source, _context: csvfile.read(source)),
    "jsonfeed": Format(jsonfeed.check, jsonfeed.read),
    "rss": Format(feeds.check, feeds.read),
    "atom": Format(feeds.check, feeds.read),
    "wxr": Format(wxr.check, wxr.read),
    "html": Format(pages.check, pages.read),
}

EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".rss": "rss",
    ".atom": "atom",
    ".wxr": "wxr",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
}
CONTENT_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/csv": "csv",
    "application/x-ndjson": "jsonl",
    "application/feed+json": "jsonfeed",
    "application/jsonl": "jsonl",
}
# How far the format check reads for the root element: past any comments (the WordPress Theme
# Unit Test export has a long one) and doctype; a real document's root comes far sooner.
ROOT_SEARCH_LIMIT = 4 * 2**20
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype[^\[>]*(?:\[.*?\])?\s*>)", re.S | re.I)
_ROOT = re.compile(rb"\s*<([a-z_][\w:.-]*)([^>]*)>", re.S | re.I)
# <CHANNEL> is the root of a CDF file, the 1997 format feedparser still reads.
FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf", b"channel"}


def sniff(source):
    """The format of `source` from its content; its extension or Content-Type when the content does not say."""
    head = source.head(16384)
    text = head.removeprefix(codecs.BOM_UTF8).lstrip()
    lower = text.lower()
    if not text:
        raise ImportFileError(f"{source.name}：文件是空的")
    if text.startswith((b"[", b"{")):
        return "jsonfeed" if b"jsonfeed.org/version/" in lower else _sniff_json(source, text)
    if text.startswith(b"<"):
        root, attributes = _root(source)
        if root == b"rss" and b"wordpress.org/export/" in attributes:
            return "wxr"
        if root in FEED_ROOTS:
            return "rss"
        if root in (b"html", b"body", b"head") or b"<html" in lower or b"<body" in lower:
            if _promises_a_feed(source):
                raise ImportFileError(
                    f"{source.name}：文件名或类型表明这是订阅源（RSS/Atom），内容却是网页（HTML），"
                    "多半是下载时得到的错误页、跳转页或登录页；若确实要把这个网页导入为文章，请用 --format html"
                )
            return "html"
    if csvfile.sniff(head):
        return "csv"
    guess = CONTENT_TYPES.get(_content_type(source)) or EXTENSIONS.get(source.path.suffix.lower())
    if guess is None and source.url:
        guess = EXTENSIONS.get(_url_suffix(source.url))
    if guess:
        return guess
    raise ImportFileError(f"{source.name}：无法识别文件格式，请用 --format 指定（{', '.join(FORMATS)}）")


# What a file's name, URL or Content-Type may call it when it is meant as a feed.
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".rdf"}
FEED_CONTENT_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}


def _promises_a_feed(source):
    """Whether the file was given as a feed: an HTML page then is an error page, not an article."""
    suffixes = {source.path.suffix.lower(), _url_suffix(source.url)}
    return _content_type(source) in FEED_CONTENT_TYPES or bool(suffixes & FEED_SUFFIXES)


def _content_type(source):
    return source.content_type.split(";")[0].strip().lower()


def _url_suffix(url):
    return PurePosixPath(urlsplit(url).path).suffix.lower()


def _root(source):
    """(name, attributes) of the document's root element, lower-cased; (None, b"") if not found."""
    size = 16384
    while True:
        data = source.head(size)
        text = data.removeprefix(codecs.BOM_UTF8)
        position = 0
        while match := _PROLOG.match(text, position):
            position = match.end()
        match = _ROOT.match(text, position)
        if match:
            return match.group(1).lower(), match.group(2).lower()
        if len(data) < size or size >= ROOT_SEARCH_LIMIT:
            return None, b""
        size *= 4


def _sniff_json(source, text):
    if text.startswith(b"["):
        return "json"
    first = jsonl.first_line(source)
    if first is None:
        # One line longer than any article: a JSON document, unless the name says JSON Lines
        # (whose reader then fails that line alone).
        return "jsonl" if EXTENSIONS.get(source.path.suffix.lower()) == "jsonl" else "json"
    try:
        value = json.loads(first)
    except (ValueError, RecursionError):
        # An object spread over several lines (or nested too deep to read): a JSON document,
        # which the check reads as a stream and refuses if it is too deep.
        return "json"
    if not isinstance(value, dict) or "articles" in value:
        return "json"
    # One line holding an object that wraps a list ({"data": [...]}) is a document, not an article.
    wrapper = "title" not in value and any(isinstance(item, list) for item in value.values())
    return "json" if wrapper else "jsonl"
