"""RSS 2.0 and Atom feeds, parsed by feedparser.

feedparser reads the whole document, which is fine for feeds (they hold the
latest few dozen entries); large migrations come as WXR or JSON Lines. The
file is first checked with the safe streaming parser, so a hostile feed is
refused before feedparser sees it; a feed that is merely broken XML is then
read by feedparser's lenient parser, as feed readers read it.
"""

import re
from urllib.parse import urlsplit

import feedparser
from django.utils.html import format_html

from ..sanitizer import html_to_text
from .bodies import absolute_url
from .dates import from_struct_time, parse_date
from .records import CategoryRef, Failure, ImportFileError, Record, RecordError
from .repairs import checked, utf8_document
from .xmlsafe import ENTITIES_REFUSED, NotWellFormed, safe_iterparse

# A feed's description that is longer than this is a copy of the body, not a summary.
SUMMARY_MAX = 300
MAX_FEED_BYTES = 20 * 2**20
HTML_TYPES = ("text/html", "application/xhtml+xml")
# WordPress ends a feed's excerpt with "[…]" (or "[...]"), a link to the rest in all but name.
_MORE = re.compile(r"\s*\[(?:…|\.\.\.|&hellip;)\]\s*$")
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)
# An entry without a title is titled by its first sentence, at most this long, as feed readers show it.
TITLE_FROM_TEXT = 40
_SENTENCE_END = re.compile(r"[。！？!?]|\.\s")


def check(source):
    size = source.path.stat().st_size
    if size > MAX_FEED_BYTES:
        # feedparser holds the whole feed; a real one is a few hundred KB.
        limit = MAX_FEED_BYTES // 2**20
        raise ImportFileError(f"{source.name}：订阅文件太大（{size / 2**20:.0f} MB，上限 {limit} MB）")
    try:
        checked(source, lambda: _walk(source))
    except NotWellFormed as error:
        return _read_loosely(source, error)
    parsed = _parse(source, _document(source))
    if not parsed.entries and not parsed.feed.get("title"):
        reason = parsed.get("bozo_exception") or "没有条目"
        raise ImportFileError(f"{source.name}：不是可用的 RSS/Atom 订阅（{reason}）")
    return parsed


def _walk(source):
    for _event, element in safe_iterparse(source):
        element.clear()


def _read_loosely(source, error):
    """A feed that is broken XML (an unclosed tag, a bare <br>, a cut-off download), read as feedparser reads it.

    Feed readers show such feeds through feedparser's lenient parser, so we
    import the entries it finds, with a warning. The safe parser stopped at
    the fault, so a declaration after it was never checked: any entity
    declaration refuses the file, as a well-formed one would be refused.
    """
    data = _document(source)
    if _ENTITY_DECLARATION.search(data):
        raise ImportFileError(f"{source.name}：{ENTITIES_REFUSED}")
    parsed = _parse(source, data)
    if not parsed.entries:
        raise error
    source.warnings.append(f"{error.reason}，已按宽松方式读出 {len(parsed.entries)} 条")
    return parsed


def _document(source):
    """The document as the check found it: from its start, as UTF-8."""
    with open(source.path, "rb") as handle:
        handle.seek(source.offset)
        data = handle.read()
    if source.codec != "utf-8" or source.declared != "utf-8":
        data = utf8_document(data.decode(source.codec))
    return data


def _parse(source, data):
    headers = {"content-location": source.url} if source.url else {}
    # The bytes are UTF-8 now, whatever the server or the declaration said.
    headers["content-type"] = "application/xml; charset=utf-8"
    try:
        # Bytes, never a string: feedparser would fetch a string that looks like a URL.
        return feedparser.parse(data, response_headers=headers)
    except Exception as error:
        # feedparser 6.0 raises on a few odd feeds (a <textInput> inside an <item>): refuse, never crash.
        raise ImportFileError(f"{source.name}：feedparser 无法读取这个订阅（{type(error).__name__}）") from None


def read(source, parsed):
    feed = parsed.feed
    # Feeds from Chinese CMSs often give site-relative <link>s, and feedparser resolves
    # them only against an HTTP address: resolve against the feed's own site link.
    site = absolute_url(feed.get("link", ""), source.url)
    for number, entry in enumerate(parsed.entries, start=1):
        guid = entry.get("id") or entry.get("link") or ""
        position = f"第 {number} 条" + (f"（GUID {guid}）" if guid else "")
        try:
            yield _record(source, feed, entry, position, feed_import_key(guid, site), site)
        except RecordError as error:
            yield Failure(source.name, position, str(error))


def feed_import_key(guid, site):
    """A GUID that is a relative link or a bare number ("1001") is unique only within its feed."""
    if not guid or not site or urlsplit(guid).scheme:
        return guid
    if guid.startswith(("/", "?", ".")):
        return absolute_url(guid, site)
    return f"{site}#guid={guid}" if guid.isdigit() else guid


def _record(source, feed, entry, position, guid, site):
    # feedparser reads an entry with nothing but a title, a link or a text, and so do we: a
    # microblog post has no title, a link list no text. Only an entry with none of them is no article.
    body, summary = _body(entry)
    link = absolute_url(entry.get("link", ""), site)
    title = html_to_text(entry.get("title", ""))
    if not (title or body.strip() or link):
        raise RecordError("条目是空的（没有标题、正文和链接）")
    warnings = []
    if not title:
        title = _first_sentence(html_to_text(body)) or link
        warnings.append("条目没有标题，以正文开头（或链接）作标题")
    if not body.strip():
        body = format_html('<p><a href="{}">{}</a></p>', link, "阅读原文") if link else format_html("<p>{}</p>", title)
        warnings.append("条目没有正文，以原文链接（或标题）作正文")
    terms = [tag.get("label") or tag.get("term") or "" for tag in entry.get("tags", [])]
    published_at, unreadable = _date(entry)
    return Record(
        origin=source.name,
        position=position,
        import_key=guid,
        title=title,
        body=body,
        summary=summary,
        author=entry.get("author", ""),
        published_at=published_at,
        warnings=warnings + ([f"无法识别的日期：{unreadable[:40]}，发布时间取导入时间"] if unreadable else []),
        category_candidates=[CategoryRef(name=term.strip()) for term in terms if term.strip()],
        source_name=feed.get("title", ""),
        source_website=site,
        original_url=link,
        cover_url=_cover(entry),
        base_url=link or site,
    )


def _first_sentence(text):
    """The first sentence of `text`, shortened to a title's length."""
    match = _SENTENCE_END.search(text)
    sentence = text[: match.end()].strip() if match else text
    return sentence if len(sentence) <= TITLE_FROM_TEXT else sentence[: TITLE_FROM_TEXT - 1] + "…"


def _body(entry):
    """The fullest HTML the entry has (content:encoded, Atom content), and a summary if it is a real one."""
    contents = entry.get("content") or []
    html = [item for item in contents if item.get("type") in HTML_TYPES] or contents
    description = entry.get("summary", "")
    if html and html[0].get("value", "").strip():
        text = _MORE.sub("", html_to_text(description))
        return html[0]["value"], text if len(text) <= SUMMARY_MAX else ""
    return description, ""


def _date(entry):
    """(the entry's date or None, the first date text that could not be read or "")."""
    unreadable = ""
    for name in ("published", "updated", "created"):
        # `in` first: feedparser's get("updated") answers with the published date (deprecated).
        raw = entry.get(name) if name in entry else None
        if not raw:
            continue
        try:
            return parse_date(raw), ""
        except RecordError:
            parsed = from_struct_time(entry.get(f"{name}_parsed") if f"{name}_parsed" in entry else None)
            if parsed:
                return parsed, ""
            unreadable = unreadable or str(raw)
    return None, unreadable


def _cover(entry):
    """media:content / media:thumbnail / an image enclosure, in that order."""
    for media in entry.get("media_content", []):
        if media.get("url") and (media.get("medium") == "image" or media.get("type", "").startswith("image/")):
            return media["url"]
    for media in entry.get("media_content", []):
        if media.get("url") and not media.get("type") and not media.get("medium"):
            return media["url"]
    for thumbnail in entry.get("media_thumbnail", []):
        if thumbnail.get("url"):
            return thumbnail["url"]
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/") and link.get("href"):
            return link["href"]
    for enclosure in entry.get("enclosures", []):
        if enclosure.get("type", "").startswith("image/") and enclosure.get("href"):
            return enclosure["href"]
    return ""
