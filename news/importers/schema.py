"""The documented article schema shared by JSON, JSON Lines, CSV and `export_articles`.

One object per article (docs/importing.md, "The JSON schema"):

    import_key    stable identifier; defaults to original_url
    title         required
    body          HTML, required
    summary       plain text (核心提示); derived from the body when empty
    author
    published_at  ISO 8601 / RFC 822 / 2021-04-19 10:20 / 2021年4月19日
    status        "published" or "draft" (imports are drafts unless --publish)
    category      {"slug": ..., "name": ..., "parent": {...}} or a name or slug
    source        {"name": ..., "website": ...} or a name
    tags          list of names (CSV: separated by , ， 、 ; or |)
    original_url  the article's address where it was first published
    cover         image URL
    is_recommended, is_headline   booleans
"""

import re

from .dates import parse_date
from .records import CategoryRef, Record, RecordError

# CSV headers written by Chinese spreadsheets, and common English synonyms.
ALIASES = {
    "标识": "import_key",
    "导入标识": "import_key",
    "guid": "import_key",
    "id": "import_key",
    "标题": "title",
    "正文": "body",
    "内容": "body",
    "content": "body",
    "html": "body",
    "摘要": "summary",
    "核心提示": "summary",
    "excerpt": "summary",
    "description": "summary",
    "作者": "author",
    "发布时间": "published_at",
    "日期": "published_at",
    "date": "published_at",
    "pubdate": "published_at",
    "状态": "status",
    "栏目": "category",
    "分类": "category",
    "category_slug": "category",
    "来源": "source",
    "媒体来源": "source",
    "source_name": "source",
    "来源网站": "source_website",
    "标签": "tags",
    "关键词": "tags",
    "原文链接": "original_url",
    "url": "original_url",
    "link": "original_url",
    "封面图": "cover",
    "封面": "cover",
    "cover_url": "cover",
    "image": "cover",
    "推荐": "is_recommended",
    "头条": "is_headline",
}

_TAG_SEPARATORS = re.compile(r"[,，、;；|]")
_TRUE = {"1", "true", "yes", "y", "是", "on"}


def canonical_field(header):
    name = (header or "").strip().lstrip("\ufeff").lower()
    return ALIASES.get(name, name)


def record_from_mapping(data, origin, position):
    """A Record from one schema object (a JSON object or a CSV row); raise RecordError if unusable."""
    if not isinstance(data, dict):
        raise RecordError("不是一个对象（应为 {…}）")
    title = _text(data.get("title"))
    body = _text(data.get("body"))
    if not title:
        raise RecordError("缺少标题（title）")
    if not body:
        raise RecordError("缺少正文（body）")
    status = _text(data.get("status")).lower()
    if status not in ("", "draft", "published", "草稿", "已发布"):
        raise RecordError(f"未知状态：{status}")
    source = data.get("source")
    source_name, source_website = "", _text(data.get("source_website"))
    if isinstance(source, dict):
        source_name = _text(source.get("name"))
        source_website = _text(source.get("website")) or source_website
    else:
        source_name = _text(source)
    original_url = _text(data.get("original_url"))
    return Record(
        origin=origin,
        position=position,
        import_key=_text(data.get("import_key")),
        title=title,
        body=body,
        summary=_text(data.get("summary")),
        author=_text(data.get("author")),
        published_at=parse_date(data.get("published_at")),
        published=status not in ("draft", "草稿"),
        category_candidates=_categories(data.get("category")),
        tags=_tags(data.get("tags")),
        source_name=source_name,
        source_website=source_website,
        original_url=original_url,
        cover_url=_text(data.get("cover")),
        is_recommended=_flag(data.get("is_recommended")),
        is_headline=_flag(data.get("is_headline")),
        base_url=original_url,
    )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise RecordError(f"应为文字，实为 {type(value).__name__}")
    return str(value).strip()


def _flag(value):
    if isinstance(value, bool):
        return value
    return _text(value).lower() in _TRUE


def _tags(value):
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [_text(item) for item in value if _text(item)]
    return [part.strip() for part in _TAG_SEPARATORS.split(_text(value)) if part.strip()]


def _category_ref(value):
    if isinstance(value, dict):
        parent = value.get("parent")
        return CategoryRef(
            name=_text(value.get("name")),
            slug=_text(value.get("slug")),
            parent=_category_ref(parent) if parent else None,
        )
    return CategoryRef(name=_text(value))


def _categories(value):
    if not value:
        return []
    values = value if isinstance(value, list) else [value]
    return [ref for ref in (_category_ref(item) for item in values) if ref.name or ref.slug]
