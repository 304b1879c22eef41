"""WordPress export files (WXR 1.0–1.2), streamed item by item.

A first streaming pass proves the file well-formed and safe (so a truncated or
hostile file writes nothing) and collects the attachments, which WordPress
writes anywhere in the file, so that a post's featured image can be found
whether it comes before or after the post. The second pass yields the posts;
each <item> is dropped from the tree once read, so memory stays flat.
"""

import re
from dataclasses import dataclass, field

from ..sanitizer import html_to_text
from .dates import parse_date
from .records import CategoryRef, Failure, ImportFileError, Record, RecordError, Skip
from .repairs import checked
from .xmlsafe import local_name, safe_iterparse

WP_PREFIX = "http://wordpress.org/export/"
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}
SKIPPED_TYPES = {"page": "页面", "nav_menu_item": "菜单项", "revision": "修订版本"}
PUBLIC_STATUSES = {"publish", "future"}
DROPPED_STATUSES = {"trash", "auto-draft", "inherit"}
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")
ZERO_DATE = "0000-00-00 00:00:00"


def _prefix(namespace):
    if namespace.startswith(WP_PREFIX):
        return "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    return NAMESPACES.get(namespace, "")


def _key(tag):
    namespace, name = local_name(tag)
    prefix = _prefix(namespace)
    return f"{prefix}:{name}" if prefix else name


def _fields(element):
    """An element's children as {"wp:post_id": text, ...}; repeated children (category, postmeta) as lists."""
    values = {"category": [], "wp:postmeta": []}
    for child in element:
        key = _key(child.tag)
        if key == "category":
            values["category"].append((child.get("domain", ""), child.get("nicename", ""), (child.text or "").strip()))
        elif key == "wp:postmeta":
            meta = {_key(part.tag): (part.text or "").strip() for part in child}
            values["wp:postmeta"].append((meta.get("wp:meta_key", ""), meta.get("wp:meta_value", "")))
        elif key not in values:
            values[key] = (child.text or "").strip()
    return values


@dataclass
class Site:
    """What the channel says about the exported site, and the attachments found in the first pass."""

    title: str = ""
    link: str = ""
    base_url: str = ""
    authors: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    attachments: dict = field(default_factory=dict)
    first_image_of: dict = field(default_factory=dict)
    is_wxr: bool = False

    @property
    def url(self):
        return (self.base_url or self.link).rstrip("/")


def _elements(source, site):
    """(key, element) for each child of <channel> (items included), each released after use."""
    channel = None
    depth = 0
    for event, element in safe_iterparse(source, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == 2 and _key(element.tag) == "channel":
                channel = element
            continue
        depth -= 1
        # Only the channel's own children: <rss> is depth 0, <channel> 1.
        if depth != 2 or channel is None:
            continue
        key = _key(element.tag)
        # WordPress before 3.0 wrote no wp:wxr_version, but always its base URLs.
        if key in ("wp:wxr_version", "wp:base_site_url", "wp:base_blog_url"):
            site.is_wxr = True
        yield key, element
        # Drop what has been read: the channel keeps only the element in progress.
        channel.remove(element)


def check(source):
    """First pass: well-formed, safe, really WXR; collect attachments. Returns the Site."""
    site = checked(source, lambda: _collect(source))
    if not site.is_wxr:
        raise ImportFileError(f"{source.name}：不是 WordPress 导出文件（缺少 wp:wxr_version）")
    return site


def _collect(source):
    site = Site()
    for key, element in _elements(source, site):
        if key == "item":
            values = _fields(element)
            if values.get("wp:post_type") == "attachment":
                url = values.get("wp:attachment_url") or values.get("guid", "")
                site.attachments[values.get("wp:post_id", "")] = url
                parent = values.get("wp:post_parent", "0")
                if parent != "0" and url.lower().endswith(IMAGE_EXTENSIONS):
                    site.first_image_of.setdefault(parent, url)
    return site


def read(source, site):
    for key, element in _elements(source, site):
        if key == "title":
            site.title = (element.text or "").strip()
        elif key == "link":
            site.link = (element.text or "").strip()
        elif key in ("wp:base_blog_url", "wp:base_site_url") and not site.base_url:
            site.base_url = (element.text or "").strip()
        elif key == "wp:author":
            values = _fields(element)
            site.authors[values.get("wp:author_login", "")] = values.get("wp:author_display_name", "")
        elif key == "wp:category":
            values = _fields(element)
            site.categories[values.get("wp:category_nicename", "")] = (
                values.get("wp:cat_name", ""),
                values.get("wp:category_parent", ""),
            )
        elif key == "item":
            yield _item(source, site, _fields(element))


def _item(source, site, values):
    post_id = values.get("wp:post_id", "")
    position = f"文章编号 {post_id}" if post_id else f"GUID {values.get('guid', '?')}"
    post_type = values.get("wp:post_type", "post")
    status = values.get("wp:status", "publish")
    if post_type == "attachment":
        return None
    if post_type != "post":
        return Skip(source.name, position, SKIPPED_TYPES.get(post_type, f"类型 {post_type}"))
    if status in DROPPED_STATUSES:
        return Skip(source.name, position, f"状态 {status}")
    try:
        return _record(source, site, values, position, post_id, status)
    except RecordError as error:
        return Failure(source.name, position, str(error))


def _record(source, site, values, position, post_id, status):
    title = values.get("title", "")
    if not title:
        raise RecordError("缺少标题")
    categories, tags = [], []
    for domain, nicename, name in values["category"]:
        if domain == "category":
            categories.append(_category(site, nicename, name))
        # WXR 1.0 (WordPress before 3.1) called the tag taxonomy "tag".
        elif domain in ("post_tag", "tag") and name:
            tags.append(name)
    meta = dict(values["wp:postmeta"])
    cover = site.attachments.get(meta.get("_thumbnail_id", ""), "") or site.first_image_of.get(post_id, "")
    link = values.get("link", "")
    login = values.get("dc:creator", "")
    return Record(
        origin=source.name,
        position=position,
        import_key=f"{site.url}/?p={post_id}" if post_id else values.get("guid", ""),
        title=title,
        body=autop(values.get("content:encoded", "")),
        summary=html_to_text(values.get("excerpt:encoded", "")),
        author=site.authors.get(login) or login,
        published_at=_date(values),
        category_candidates=[ref for ref in categories if ref.name or ref.slug],
        tags=tags,
        source_name=site.title,
        source_website=site.link,
        original_url=link if status in PUBLIC_STATUSES else "",
        cover_url=cover,
        published=status in PUBLIC_STATUSES,
        is_headline=values.get("wp:is_sticky") == "1",
        base_url=link or site.url + "/",
    )


def _category(site, nicename, name):
    parent_slug = site.categories.get(nicename, ("", ""))[1]
    parent = None
    if parent_slug:
        parent = CategoryRef(name=site.categories.get(parent_slug, (parent_slug, ""))[0], slug=parent_slug)
    return CategoryRef(name=name, slug=nicename, parent=parent)


def _date(values):
    gmt = values.get("wp:post_date_gmt", "")
    if gmt and gmt != ZERO_DATE:
        moment = parse_date(gmt.replace(" ", "T") + "+00:00")
        if moment:
            return moment
    local = values.get("wp:post_date", "")
    if local and local != ZERO_DATE:
        return parse_date(local)
    pub_date = values.get("pubDate", "")
    # WordPress renders a zero date as "Mon, 30 Nov -0001 00:00:00 +0000", which would read as year 2000.
    return None if "-0001" in pub_date else parse_date(pub_date)


_BLOCK = re.compile(r"^\s*<(p|div|h[1-6]|ul|ol|li|table|blockquote|figure|pre|hr|!--)\b", re.I)
_CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S)
# The image (maybe inside a link) that a caption shortcode wraps; the text after it is the caption.
_CAPTIONED = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)\s*(.*?)\s*$", re.S)
_CAPTION_ATTRIBUTE = re.compile(r"""\bcaption=(["'])(.*?)\1""", re.S)


def _figure(match):
    """[caption ...]<img> text[/caption] as <figure><img><figcaption>text</figcaption></figure>."""
    inner = _CAPTIONED.match(match.group(2))
    if not inner:
        return f"<figure>{match.group(2)}</figure>"
    image, text = inner.groups()
    # WordPress before 3.4 kept the caption in the shortcode's caption="..." attribute.
    attribute = _CAPTION_ATTRIBUTE.search(match.group(1))
    text = text or (attribute.group(2) if attribute else "")
    return f"<figure>{image}<figcaption>{text}</figcaption></figure>" if text else f"<figure>{image}</figure>"


_SHORTCODE = re.compile(r"\[/?(gallery|embed|video|audio|playlist)\b[^\]]*\]")


def autop(content):
    """WordPress stores classic-editor posts without <p>: paragraphs are blank lines (its wpautop()).

    Block-editor posts already carry their <p>s and are left as they are.
    """
    content = _CAPTION.sub(_figure, content)
    content = _SHORTCODE.sub("", content)
    if re.search(r"<p[\s>]", content, re.I):
        return content
    chunks = re.split(r"\n\s*\n", content.replace("\r\n", "\n"))
    parts = []
    for chunk in (chunk.strip() for chunk in chunks):
        if not chunk:
            continue
        if _BLOCK.match(chunk):
            parts.append(chunk)
        else:
            parts.append("<p>" + chunk.replace("\n", "<br>") + "</p>")
    return "".join(parts)
