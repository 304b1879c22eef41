"""Saved news pages (HTML) from other sites: trafilatura finds the article in the page.

Chinese pages are often GBK or GB2312 and say so only in a <meta> tag; both
are decoded as GB18030, their superset, because pages labelled GB2312
routinely contain GBK characters.
"""

import codecs
import html
import re

from ..sanitizer import html_to_text
from .dates import parse_date
from .records import CategoryRef, Failure, ImportFileError, Record, RecordError

MAX_PAGE_BYTES = 20 * 2**20
SUMMARY_MAX = 300
# Browsers' and sites' labels for the GB family: decode them all as the superset.
GB_LABELS = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936", "euc-cn", "hz-gb-2312"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w:.-]+)", re.I)
_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>", re.I | re.S)
_BYLINE = re.compile(r"(?:作者|记者)\s*[:：]\s*([^\s|/，,】]{2,20})")
# "记者王敬照" without a colon: looked for only in the byline, before the body's text begins.
_BARE_BYLINE = re.compile(
    r"(?:记者|作者)\s*([\u4e00-\u9fff·]{2,4}(?:\s+[\u4e00-\u9fff·]{2,4})*)(?=[\s\u3000|/，,】）)]|$)"
)
_SOURCE_LABEL = re.compile(r"(?:来源|稿源|出处)\s*[:：]\s*([^\s|/，,】]{2,30})")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜—–]\s*|\s+-\s+")
_DATE_LABELS = "发布时间|发布日期|发表时间|发表于|发布于|时间|日期"
_PAGE_DATE = re.compile(
    rf"(?:({_DATE_LABELS})\s*[:：]?\s*)?"
    r"(\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}\s*[:：时]\s*\d{2}(?:\s*[:：分]\s*\d{2})?)?)"
)
# trafilatura wraps its output in <html><body>, maybe a <div>: the first paragraph comes after those.
_FIRST_PARAGRAPH = re.compile(r"^(?:\s*<(?:html|body|div|main|article|section)\b[^>]*>)*\s*(<p\b[^>]*>.*?</p>)", re.S)
_BYLINE_PARAGRAPH = re.compile(rf"^(?:{_DATE_LABELS}|来源|作者|记者|编辑)\s*[:：]|^\d{{4}}\s*[-年/.]\s*\d{{1,2}}")
_META_AUTHOR = re.compile(r"""<meta[^>]+name=["']author["'][^>]+content=["']([^"']+)""", re.I)
_TAG_SEPARATORS = re.compile(r"[,，、;；|]")
# "标题-新华网", "标题_国内新闻_新浪网", "标题 | 某某在线": the site's name after the last separator.
_TITLE_TAIL = re.compile(r"^(.+?)\s*(?:[_|｜—–]|\s-\s|-(?=\S))\s*([^_|｜—–-]{2,30})$", re.S)
_SITE_SUFFIXES = ("网", "网站", "在线", "官网", "门户", "日报", "晚报", "报", ".com", ".cn", ".net", ".org")
# After the site's name, the section before it ("_国内新闻_新浪网") goes too.
_SECTION_SUFFIXES = ("新闻", "频道", "资讯", "中心", "首页", "要闻", "栏目", "动态")
_AUTHOR_LABEL = re.compile(r"^(?:本报|本台|本网|特约)?(?:记者|作者|文|撰稿|通讯员|编译|编辑)\s*[:：/|]?\s*")
_RESPONSIBLE = re.compile(r"[（(\[【]?\s*责任编辑\s*[:：]\s*([^\s）)\]】<]{2,20})\s*[）)\]】]?")
_LAST_PARAGRAPH = re.compile(
    r"(<p\b[^>]*>(?:(?!</?p\b).)*</p>)\s*((?:</(?:div|article|section|main|body|html)>\s*)*)$", re.S
)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+)\s*-->", re.I)
_META_DATE = re.compile(
    r"""<meta[^>]+(?:name|property|itemprop)=["'](?:article:published_time|publishdate|pubdate|publish_date|"""
    r"""datePublished|og:release_date|weibo:article:create_at)["'][^>]+content=["']([^"']+)""",
    re.I,
)


def _encoding(label):
    label = (label or "").strip().lower()
    if label in GB_LABELS:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_page(data, content_type=""):
    """The text of an HTML page: BOM, then HTTP charset, then <meta charset>, then UTF-8, then a guess."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    candidates = []
    header = _HEADER_CHARSET.search(content_type or "")
    if header:
        candidates.append(_encoding(header.group(1)))
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(_encoding(meta.group(1).decode("ascii", "ignore")))
    candidates.append("utf-8")
    for encoding in filter(None, candidates):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ImportFileError("无法识别网页的文字编码")
    return str(best)


def check(source):
    size = source.path.stat().st_size
    if size > MAX_PAGE_BYTES:
        raise ImportFileError(f"{source.name}：网页文件太大（{size // 2**20} MB）")
    with open(source.path, "rb") as handle:
        data = handle.read()
    try:
        return decode_page(data, source.content_type)
    except ImportFileError as error:
        raise ImportFileError(f"{source.name}：{error}") from None


def read(source, page):
    # Imported here: trafilatura takes a second to import, and most runs read no pages.
    import trafilatura

    position = "网页"
    metadata = trafilatura.extract_metadata(
        page,
        default_url=source.url or None,
        date_config={"outputformat": "%Y-%m-%d %H:%M:%S", "original_date": True, "extensive_search": True},
    )
    url = metadata.url or _saved_from(page) or source.url
    body = _main_text(page, url)
    title = clean_title((metadata.title or "").strip(), metadata.sitename)
    if not body or not title:
        yield Failure(source.name, position, "网页里找不到正文" if not body else "网页里找不到标题")
        return
    page_text = html_to_text(page[:100000])
    body, editor = _without_editor_line(_without_byline(_H1.sub("", body, count=1)))
    text = html_to_text(body)
    description = (metadata.description or "").strip()
    before_body = page_text[: max(0, page_text.find(text[:20]))] if text else ""
    found = [metadata.author, _meta_author(page), _labelled(_BYLINE, page_text), _labelled(_BARE_BYLINE, before_body)]
    editor = editor or _responsible_editor(" ".join(filter(None, found)) + " " + page_text[-3000:])
    author = next((name for name in map(clean_author, found) if name), "")
    yield Record(
        origin=source.name,
        position=position,
        import_key=url or "",
        title=title[:200],
        # The page's <h1> is the title, which the article page shows on its own.
        body=body,
        summary=description if description and len(description) <= SUMMARY_MAX and description in text else "",
        author=author[:100],
        responsible_editor=editor[:50],
        published_at=_published_at(_meta_date(page) or metadata.date, page_text),
        category_candidates=[CategoryRef(name=name) for name in metadata.categories or []],
        tags=[tag.strip() for value in metadata.tags or [] for tag in _TAG_SEPARATORS.split(value) if tag.strip()],
        # "来源：XX日报" names the medium a Chinese page reprints; else the site's own name.
        source_name=_labelled(_SOURCE_LABEL, page_text) or _site_name(page, metadata),
        source_website=f"https://{metadata.hostname}/" if metadata.hostname else "",
        original_url=url or "",
        cover_url=metadata.image or "",
        base_url=url or "",
    )


def _main_text(page, url):
    """The article's HTML. trafilatura's default mode sometimes falls back to one flat paragraph;
    its precision mode keeps the structure but may drop text: take the most structured of the
    two that keeps nearly all the text."""
    options = dict(
        url=url or None,
        output_format="html",
        include_images=True,
        include_links=True,
        include_formatting=True,
        include_tables=True,
        include_comments=False,
    )
    import trafilatura

    results = [trafilatura.extract(page, **options), trafilatura.extract(page, favor_precision=True, **options)]
    results = [result for result in results if result]
    if not results:
        return ""
    longest = max(len(html_to_text(result)) for result in results)
    complete = [result for result in results if len(html_to_text(result)) >= 0.8 * longest]
    return max(complete, key=lambda result: result.count("<p") + result.count("<img"))


def _meta_author(page):
    match = _META_AUTHOR.search(page[:20000])
    return html.unescape(match.group(1)).strip() if match else ""


def _labelled(pattern, text):
    match = pattern.search(text)
    return match.group(1) if match else ""


def _site_name(page, metadata):
    """og:site_name, else the last part of "标题_栏目_河东网", else the host name."""
    name = (metadata.sitename or "").strip()
    if name and name != metadata.hostname:
        return name
    match = _TITLE.search(page[:20000])
    if match:
        parts = [part.strip() for part in _TITLE_SEPARATORS.split(html.unescape(match.group(1)))]
        if len(parts) > 1 and 1 < len(parts[-1]) <= 20:
            return parts[-1]
    return name


def _published_at(found, text):
    """The publication time: trafilatura's (htmldate) unless the page's own byline says better.

    htmldate reads no Chinese dates: for "2021年4月19日 10:20" it guesses New
    Year's Day from the year alone, and it often finds the day without the time.
    """
    try:
        moment = parse_date(found)
    except RecordError:
        moment = None
    if moment is not None and (moment.hour, moment.minute) != (0, 0):
        return moment
    labelled, timed = None, None
    for match in _PAGE_DATE.finditer(text[:20000]):
        try:
            candidate = parse_date(match.group(2))
        except RecordError:
            continue
        if match.group(1) and labelled is None:
            labelled = candidate
        if (candidate.hour, candidate.minute) != (0, 0) and timed is None:
            timed = candidate
    if labelled is not None:
        return labelled
    if timed is not None and (moment is None or timed.date() == moment.date() or (moment.month, moment.day) == (1, 1)):
        return timed
    return moment


def _without_byline(body):
    """A first paragraph that is only the byline (发布时间 … 来源 … 作者 …) is metadata, kept in fields."""
    match = _FIRST_PARAGRAPH.match(body)
    if match:
        text = html_to_text(match.group(1))
        if len(text) <= 120 and _BYLINE_PARAGRAPH.match(text):
            return body[: match.start(1)] + body[match.end(1) :]
    return body


def clean_title(title, site_name=""):
    """The title without the site's name (and section) that pages append: `标题-新华网` → `标题`."""
    site_name = (site_name or "").strip()
    stripped = 0
    while match := _TITLE_TAIL.match(title):
        head, tail = match.group(1).strip(), match.group(2).strip()
        suffixes = _SECTION_SUFFIXES if stripped else _SITE_SUFFIXES
        if len(head) < 2 or not (tail == site_name or tail.endswith(suffixes) or tail.endswith(_SITE_SUFFIXES)):
            break
        title, stripped = head, stripped + 1
    return title


def clean_author(value):
    """An author's name without the labels bylines put before it: `记者王敬照` → `王敬照`.

    A value that names only the responsible editor (`责任编辑：孔德明`) is no author.
    """
    value = html.unescape(value or "").strip()
    if _RESPONSIBLE.search(value):
        value = _RESPONSIBLE.sub("", value).strip()
    value = _AUTHOR_LABEL.sub("", value).strip(" \u3000:：/|,，")
    return value


def _responsible_editor(text):
    match = _RESPONSIBLE.search(text or "")
    return match.group(1) if match else ""


def _without_editor_line(body):
    """(body, responsible editor): a last paragraph `（责任编辑：某某）` is metadata, kept in a field."""
    match = _LAST_PARAGRAPH.search(body)
    if match:
        text = html_to_text(match.group(1)).strip()
        editor = _RESPONSIBLE.fullmatch(text)
        if editor:
            return body[: match.start(1)] + body[match.end(1) :], editor.group(1)
    return body, ""


def _saved_from(page):
    """The address a browser saved the page from (`<!-- saved from url=(0048)http://… -->`)."""
    match = _SAVED_FROM.search(page[:2000])
    return match.group(1) if match else ""


def _meta_date(page):
    match = _META_DATE.search(page[:50000])
    return html.unescape(match.group(1)).strip() if match else None
