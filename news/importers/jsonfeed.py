"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/), the JSON counterpart of RSS.

Read whole, like RSS and Atom: a feed holds the latest few dozen items.
"""

import json

from ..sanitizer import html_to_text
from .bodies import absolute_url
from .dates import parse_date
from .feeds import SUMMARY_MAX, feed_import_key
from .records import CategoryRef, Failure, ImportFileError, Record, RecordError

MAX_FEED_BYTES = 50 * 2**20
VERSION_PREFIX = "https://jsonfeed.org/version/"


def check(source):
    size = source.path.stat().st_size
    if size > MAX_FEED_BYTES:
        raise ImportFileError(f"{source.name}：JSON Feed 文件太大（{size // 2**20} MB）")
    try:
        with open(source.path, encoding="utf-8-sig") as handle:
            feed = json.load(handle)
    except UnicodeDecodeError:
        raise ImportFileError(f"{source.name}：不是 UTF-8 编码") from None
    except json.JSONDecodeError as error:
        raise ImportFileError(f"{source.name}：JSON 格式错误或文件不完整（第 {error.lineno} 行）") from None
    except RecursionError:
        raise ImportFileError(f"{source.name}：JSON 嵌套太深，拒绝导入") from None
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(VERSION_PREFIX):
        raise ImportFileError(f"{source.name}：不是 JSON Feed（缺少 version: {VERSION_PREFIX}…）")
    if not isinstance(feed.get("items"), list):
        raise ImportFileError(f"{source.name}：JSON Feed 没有 items 数组")
    return feed


def read(source, feed):
    site = absolute_url(_text(feed.get("home_page_url")), source.url)
    for number, item in enumerate(feed["items"], start=1):
        guid = _text(item.get("id")) if isinstance(item, dict) else ""
        position = f"第 {number} 条" + (f"（id {guid}）" if guid else "")
        try:
            if not isinstance(item, dict):
                raise RecordError("不是一个对象（应为 {…}）")
            yield _record(source, feed, item, position, feed_import_key(guid, site), site)
        except RecordError as error:
            yield Failure(source.name, position, str(error))


def _record(source, feed, item, position, guid, site):
    title = html_to_text(_text(item.get("title")))
    body = _text(item.get("content_html")) or _text(item.get("content_text"))
    summary = _text(item.get("summary"))
    if not body:
        body, summary = summary, ""
    if not title or not body:
        raise RecordError("缺少标题" if not title else "没有正文（content_html、content_text 或 summary 都为空）")
    link = absolute_url(_text(item.get("url")) or _text(item.get("external_url")), site)
    # Version 1.1 has "authors" (a list); 1.0 had "author" (one).
    authors = item.get("authors") or feed.get("authors") or [item.get("author") or feed.get("author") or {}]
    author = authors[0] if isinstance(authors, list) and authors and isinstance(authors[0], dict) else {}
    tags = [_text(tag) for tag in item.get("tags") or [] if _text(tag)]
    return Record(
        origin=source.name,
        position=position,
        import_key=guid,
        title=title,
        body=body,
        summary=html_to_text(summary) if len(html_to_text(summary)) <= SUMMARY_MAX else "",
        author=_text(author.get("name")),
        published_at=parse_date(item.get("date_published") or item.get("date_modified")),
        # JSON Feed has no categories apart from tags: each tag may name one of ours.
        category_candidates=[CategoryRef(name=tag) for tag in tags],
        tags=tags,
        source_name=_text(feed.get("title")),
        source_website=site,
        original_url=link,
        cover_url=_text(item.get("image")) or _text(item.get("banner_image")),
        base_url=link or site,
    )


def _text(value):
    return value.strip() if isinstance(value, str) else "" if value is None else str(value)
