"""From a Record to an unsaved Article: category, source, tags, links and images.

Categories, sources and tags are looked up once per run and kept in memory
(there are few of them), and created outside the batch transactions so that a
batch that rolls back never leaves a cached object that is not in the table.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from portal.images import InvalidImage, store_image

from ..compliance import apply_replacements, check, current_matcher
from ..models import Article, Category, Source, WordEntry
from .bodies import (
    absolute_url,
    drop_picture_sources,
    image_urls,
    is_web_url,
    replace_images,
    resolve_links,
    text_to_html,
)
from .inputs import FetchError, fetch_image
from .records import RecordError

# The fields of a record the word lists are checked against (news.compliance.ARTICLE_FIELDS that imports fill).
CHECKED_FIELDS = ("title", "summary", "body", "author")
# About 3 MB of Chinese text: far beyond any article, and what keeps one record from filling memory.
MAX_BODY_CHARS = 1_000_000


@dataclass
class Candidate:
    """A record mapped onto an unsaved Article, with what still has to be fetched or linked."""

    record: object
    article: Article
    tags: list
    cover_url: str = ""
    warnings: list = field(default_factory=list)
    # 禁用 words found (compliance Hits): the article is kept a draft.
    blocked: list = field(default_factory=list)
    # 审核 words found: a reviewer must let them through, so the article waits as 待审.
    held: list = field(default_factory=list)
    # A reprint from a source not on the approved list: a reviewer must let it through too.
    unapproved_reprint: bool = False


class Mapper:
    def __init__(self, options, fetcher):
        self.options = options
        self.fetcher = fetcher
        # The word lists' matcher, refreshed by the writer for each batch.
        self.matcher = None
        self._categories = None
        self._sources = {}
        self._tags = {}

    # --- categories ---------------------------------------------------------

    def _category_index(self):
        if self._categories is None:
            self._categories = {}
            for category in Category.objects.all():
                self._categories.setdefault(("slug", category.slug.lower()), category)
                self._categories.setdefault(("name", category.name.strip().lower()), category)
        return self._categories

    def _find_category(self, ref):
        index = self._category_index()
        for kind, value in (("slug", ref.slug), ("name", ref.name), ("slug", ref.name)):
            if value and (kind, value.strip().lower()) in index:
                return index[(kind, value.strip().lower())]
        return None

    def _create_category(self, ref, parent=None):
        name = (ref.name or ref.slug)[:50]
        slug = slugify(ref.slug)[:50] or slugify(name)[:50]
        if not slug:
            # Chinese names slugify to nothing; a stable ASCII slug keeps the URL valid.
            slug = "c-" + hashlib.sha1(name.encode()).hexdigest()[:10]
        category, _created = Category.objects.get_or_create(slug=slug, defaults={"name": name, "parent": parent})
        index = self._category_index()
        index.setdefault(("slug", category.slug.lower()), category)
        index.setdefault(("name", name.lower()), category)
        return category

    def category_for(self, record):
        if self.options.category:
            return self.options.category
        for ref in record.category_candidates:
            found = self._find_category(ref)
            if found:
                return found
        if record.category_candidates and self.options.create_categories:
            ref = record.category_candidates[0]
            parent = None
            if ref.parent:
                parent = self._find_category(ref.parent) or self._create_category(ref.parent)
                # Sub-categories are one level deep only.
                parent = parent.parent or parent
            return self._create_category(ref, parent)
        if self.options.default_category:
            return self.options.default_category
        if record.category_candidates:
            names = "、".join(str(ref) for ref in record.category_candidates[:3])
            raise RecordError(f"栏目“{names}”不存在：用 --category 指定，或加 --create-categories 创建")
        raise RecordError("没有栏目：用 --category 或 --default-category 指定")

    # --- sources and tags ---------------------------------------------------

    def source_for(self, record):
        if self.options.source:
            return self.options.source
        name = record.source_name.strip()[:100]
        if not name:
            return None
        key = name.lower()
        if key not in self._sources:
            source = Source.objects.filter(name__iexact=name).first()
            if source is None:
                website = record.source_website if is_web_url(record.source_website) else ""
                source, _created = Source.objects.get_or_create(name=name, defaults={"website": website[:200]})
            self._sources[key] = source
        return self._sources[key]

    def tag_ids(self, names):
        """Ids of the tags named (case-insensitively, as TAGGIT_CASE_INSENSITIVE), created through taggit."""
        ids = []
        for name in names:
            key = name.lower()
            if key not in self._tags:
                tag = Tag.objects.filter(name__iexact=name).first()
                if tag is None:
                    tag, _created = Tag.objects.get_or_create(name=name)
                self._tags[key] = tag.pk
            ids.append(self._tags[key])
        return list(dict.fromkeys(ids))

    # --- articles -------------------------------------------------------------

    def build(self, record):
        """An unsaved Article for `record`, prepared exactly as Article.save() prepares it."""
        options = self.options
        if len(record.body) > MAX_BODY_CHARS:
            raise RecordError(f"正文太长（{len(record.body):,} 个字符，上限 {MAX_BODY_CHARS:,}）")
        base = record.base_url
        original_url = absolute_url(record.original_url, base)
        publish = options.publish and record.published
        article = Article(
            import_key=record.key(),
            title=record.title.strip()[:200],
            body=text_to_html(record.body),
            summary=record.summary,
            author=record.author.strip()[:100],
            category=self.category_for(record),
            source=self.source_for(record),
            original_url=original_url[:1000] if is_web_url(original_url) else None,
            status=Article.Status.PUBLISHED if publish else Article.Status.DRAFT,
            published_at=record.published_at or timezone.now(),
            is_recommended=record.is_recommended,
            is_headline=record.is_headline,
            created_by=options.user,
        )
        article.responsible_editor = record.responsible_editor.strip()[:50]
        article.prepare_for_save()
        # On the sanitised body (nh3's output is what the link patterns expect); this only
        # rewrites addresses against an http(s) base and removes <source> tags, so it stays clean.
        article.body = drop_picture_sources(resolve_links(article.body, base))
        if not article.body:
            raise RecordError("正文经过安全过滤后为空")
        tags = list({name.strip()[:100].lower(): name.strip()[:100] for name in record.tags if name.strip()}.values())
        candidate = Candidate(
            record, article, tags, absolute_url(record.cover_url, base), warnings=list(record.warnings)
        )
        self._apply_word_lists(candidate)
        self._hold_unapproved_reprint(candidate)
        return candidate

    def _apply_word_lists(self, candidate):
        """替换 words replaced in the body; a 禁用 word keeps it a draft, a 审核 word 待审; the hits reported."""
        matcher = self.matcher or current_matcher()
        if not matcher.size:
            return
        article = candidate.article
        article.body = apply_replacements(article.body, matcher=matcher)
        fields = {name: getattr(article, name) for name in CHECKED_FIELDS}
        candidate.blocked = check(fields, levels={WordEntry.Level.BLOCK}, matcher=matcher)
        if candidate.blocked:
            article.status = Article.Status.DRAFT
            candidate.warnings.append(f"含禁用词，导入为草稿：{listed_hits(candidate.blocked)}")
            return
        candidate.held = check(fields, levels={WordEntry.Level.REVIEW}, matcher=matcher)
        if candidate.held and article.status == Article.Status.PUBLISHED:
            article.status = Article.Status.PENDING
            candidate.warnings.append(f"含审核词，导入为待审：{listed_hits(candidate.held)}")

    def _hold_unapproved_reprint(self, candidate):
        """A reprint from a source not on the approved list waits as 待审, as the workflow asks a reviewer."""
        article = candidate.article
        # Article.is_unapproved_reprint(): the rule the workflow and the admin filter use.
        candidate.unapproved_reprint = article.is_unapproved_reprint()
        if candidate.unapproved_reprint and article.status == Article.Status.PUBLISHED:
            article.status = Article.Status.PENDING
            candidate.warnings.append(f"转载自非可转载稿源“{article.source}”，导入为待审")

    # --- images ---------------------------------------------------------------

    def _store(self, url, folder):
        """Storage name for the image at `url`, or raise ValueError with the reason.

        The fetcher keeps each URL's bytes (or failure) for the run, and the
        content-hash name makes storing the same bytes again a no-op.
        """
        try:
            local = self._media_file(url)
            if local is None and not is_web_url(url):
                raise FetchError(
                    "不是 http/https 网址" + ("" if self.options.media_root else "（媒体文件路径需加 --media-root）")
                )
            return store_image(local if local is not None else fetch_image(self.fetcher, url), folder=folder)
        except (FetchError, InvalidImage) as error:
            raise ValueError(str(error)) from None

    def _media_file(self, url):
        """The bytes of a media path (/media/covers/….png, as `export_articles --media-paths` writes)
        under --media-root; None when `url` is not one or there is no --media-root."""
        root = self.options.media_root
        prefix = settings.MEDIA_URL
        if root is None or urlsplit(url).scheme or not url.startswith(prefix):
            return None
        root = Path(root).resolve()
        target = (root / unquote(urlsplit(url).path[len(prefix) :])).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            raise FetchError(f"--media-root 里没有这个文件（{target.name}）")
        if target.stat().st_size > settings.PORTAL_MAX_IMAGE_BYTES:
            return target.read_bytes()[: settings.PORTAL_MAX_IMAGE_BYTES + 1]
        return target.read_bytes()

    def localize_images(self, candidate, with_cover=True):
        """Copy body images (and the cover) into our storage; what cannot be fetched becomes a warning."""
        article = candidate.article
        addresses = {}
        for url in image_urls(article.body):
            if url.startswith(default_storage.base_url or "/media/") and self.options.media_root is None:
                continue
            try:
                addresses[url] = default_storage.url(self._store(url, "uploads"))
            except ValueError as error:
                candidate.warnings.append(f"图片 {url[:200]} 未能保存：{error}")
        if addresses:
            article.body = replace_images(article.body, addresses)
        if with_cover and candidate.cover_url:
            try:
                article.cover.name = self._store(candidate.cover_url, "covers")
            except ValueError as error:
                candidate.warnings.append(f"封面图 {candidate.cover_url[:200]} 未能保存：{error}")


def listed_hits(hits):
    """The first five hits for the import report, and how many there are in all."""
    more = f"等 {len(hits)} 处" if len(hits) > 5 else ""
    return "；".join(str(hit) for hit in hits[:5]) + more
