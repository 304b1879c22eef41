"""Writing a batch of candidates: new ones in one bulk insert, changed ones one by one.

A batch is one transaction. If its bulk insert fails, the batch is rolled
back and every record is retried alone in its own savepoint, so one bad
record fails alone and the others are still written.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from taggit.models import TaggedItem

from portal.bulk import insert_objects, insert_rows

from ..compliance import check, current_matcher
from ..models import Article, WordEntry
from ..signals import articles_changed
from ..workflow.revisions import Imported, record_imports
from .bodies import without_image_addresses
from .mapping import CHECKED_FIELDS
from .records import RecordError

# Fields whose difference means the source changed the article. Editorial
# choices made here (status, 推荐, 头条) are not compared and never overwritten.
COMPARED_FIELDS = ["title", "summary", "author", "category_id", "source_id", "original_url"]
UPDATED_FIELDS = [
    "title",
    "body",
    "summary",
    "author",
    "category",
    "source",
    "original_url",
    "import_key",
    "import_fingerprint",
]


def _announce(ids):
    """Bulk writes send no post_save: tell the receivers (the search index, the cache)."""
    articles_changed.send(sender=Article, ids=ids)


def _reason(error):
    text = str(error)
    if isinstance(error, IntegrityError) and "original_url" in text:
        return "原文链接已被另一篇文章使用"
    if isinstance(error, IntegrityError) and "import_key" in text:
        return "导入标识已被另一篇文章使用"
    return f"数据库拒绝写入：{text.splitlines()[0][:200] if text else type(error).__name__}"


class BatchWriter:
    def __init__(self, options, mapper, report):
        self.options = options
        self.mapper = mapper
        self.report = report
        self._content_type = None

    @property
    def content_type(self):
        if self._content_type is None:
            self._content_type = ContentType.objects.get_for_model(Article)
        return self._content_type

    @property
    def context(self):
        """The options that shape an article beyond its record: part of each record's fingerprint."""
        options = self.options
        return "|".join(
            str(value)
            for value in (
                getattr(options.category, "pk", ""),
                getattr(options.default_category, "pk", ""),
                getattr(options.source, "pk", ""),
                options.create_categories,
                options.publish,
                options.fetch_images,
                options.media_root or "",
            )
        )

    def write(self, records):
        # A record whose source did not change since it was stored is unchanged without
        # being built: building (sanitising, summarising) was most of a re-import's time.
        context = self.context
        stored = self._fingerprints(records)
        # Word lists as they are now: a list changed during a long run applies from the next batch.
        self.mapper.matcher = current_matcher()
        candidates = []
        for record in records:
            fingerprint = record.fingerprint(context)
            if stored.get(record.key()) == fingerprint:
                self.report.add("unchanged", record)
                continue
            try:
                candidate = self.mapper.build(record)
            except RecordError as error:
                self.report.failed(record, str(error))
                continue
            candidate.article.import_fingerprint = fingerprint
            candidates.append(candidate)
        existing = self._existing(candidates)
        new, changed, unchanged = [], [], []
        for candidate in candidates:
            row = existing.get(candidate.article.import_key) or existing.get(candidate.article.original_url)
            if row is None:
                new.append(candidate)
            elif not self._differs(candidate, row):
                self.report.add("unchanged", candidate.record)
                if row["import_key"] == candidate.article.import_key:
                    unchanged.append(Article(pk=row["id"], import_fingerprint=candidate.article.import_fingerprint))
            elif held := self._held(row):
                self.report.add("skipped", candidate.record, held, summarised=True)
            elif not self.options.update:
                self.report.add("skipped", candidate.record, "已存在，内容有变化（加 --update 更新）")
            elif candidate.blocked and row["status"] == Article.Status.PUBLISHED:
                # A live article changes only through review: new text with a 禁用 word is not put live.
                self.report.add("skipped", candidate.record, "新内容含禁用词，已发布的文章未更新")
            elif candidate.held and row["status"] == Article.Status.PUBLISHED and self._newly_held(candidate, row):
                self.report.add("skipped", candidate.record, "新内容含有待审核的新审核词，已发布的文章未更新")
            elif self._newly_unapproved(candidate, row):
                source = candidate.article.source
                self.report.add("skipped", candidate.record, f"新来源“{source}”不是可转载稿源，已发布的文章未更新")
            else:
                changed.append((candidate, row))
        for candidate in new:
            candidate.tag_ids = self.mapper.tag_ids(candidate.tags)
            self._fetch_images(candidate)
        for candidate, _row in changed:
            self._fetch_images(candidate)
        created = self._create(new)
        updated = [self._update(candidate, row) for candidate, row in changed]
        # Stored before this field existed, or by a run that differed only in what it compares.
        Article.objects.bulk_update(unchanged, ["import_fingerprint"])
        ids = created + [pk for pk in updated if pk]
        if ids:
            # After the commit (of the batch, or of the whole run with --atomic);
            # never for a dry run, which rolls back.
            transaction.on_commit(functools.partial(_announce, ids))

    def _newly_held(self, candidate, row):
        """The 审核 hits of the new text that the live article does not have (those were let through)."""
        live = Article.objects.filter(pk=row["id"]).values(*CHECKED_FIELDS).first() or {}
        before = {hit.word for hit in check(live, levels={WordEntry.Level.REVIEW}, matcher=self.mapper.matcher)}
        return [hit for hit in candidate.held if hit.word not in before]

    @staticmethod
    def _newly_unapproved(candidate, row):
        """A live article moved to a source not on the approved list (its current source was let through)."""
        return (
            candidate.unapproved_reprint
            and row["status"] == Article.Status.PUBLISHED
            and row["source_id"] != candidate.article.source_id
        )

    @staticmethod
    def _held(row):
        """Why the editors' workflow keeps the row from being rewritten by an import ("" when it does not).

        A withdrawn article stays withdrawn; text under review (待审, or a
        pending change of a live article) is what the reviewer is reading, so
        an import does not swap it underneath them.
        """
        if row["status"] == Article.Status.WITHDRAWN:
            return "文章已撤稿，未更新"
        if row["status"] == Article.Status.PENDING:
            return "文章正在审核，未更新"
        if row["revision_state"]:
            return "文章有未审完的修改，未更新"
        return ""

    def _fetch_images(self, candidate):
        if self.options.fetch_images and not self.options.dry_run:
            self.mapper.localize_images(candidate)
        for warning in candidate.warnings:
            self.report.warn(candidate.record, warning)
        if candidate.warnings:
            # Something could not be done (an image not fetched): the next run compares in full and tries again.
            candidate.article.import_fingerprint = ""

    # --- what is there already ----------------------------------------------

    def _fingerprints(self, records):
        keys = [record.key() for record in records]
        rows = Article.objects.filter(import_key__in=keys).exclude(import_fingerprint="").order_by()
        return dict(rows.values_list("import_key", "import_fingerprint"))

    def _existing(self, candidates):
        keys = [c.article.import_key for c in candidates]
        urls = [c.article.original_url for c in candidates if c.article.original_url]
        rows = (
            Article.objects.filter(Q(import_key__in=keys) | Q(original_url__in=urls))
            .order_by()
            .values(
                "id",
                "import_key",
                "original_url",
                "body",
                "published_at",
                "cover",
                "status",
                "revision_state",
                *COMPARED_FIELDS,
            )
        )
        existing = {}
        for row in rows:
            row["tags"] = set()
            for key in (row["import_key"], row["original_url"]):
                if key:
                    existing.setdefault(key, row)
        by_id = {row["id"]: row for row in existing.values()}
        tagged = TaggedItem.objects.filter(content_type=self.content_type, object_id__in=by_id).values_list(
            "object_id", "tag__name"
        )
        for object_id, name in tagged:
            by_id[object_id]["tags"].add(name.lower())
        return existing

    def _differs(self, candidate, row):
        article = candidate.article
        if any(getattr(article, name) != row[name] for name in COMPARED_FIELDS):
            return True
        if candidate.record.published_at and article.published_at != row["published_at"]:
            return True
        if candidate.cover_url and not row["cover"]:
            return True
        if {name.lower() for name in candidate.tags} != row["tags"]:
            return True
        return without_image_addresses(article.body) != without_image_addresses(row["body"])

    # --- writing ----------------------------------------------------------------

    def _create(self, candidates):
        if not candidates:
            return []
        try:
            with transaction.atomic():
                # Every imported article has an import key: the ids are read back by it.
                insert_objects([c.article for c in candidates], key="import_key")
                self._tag(candidates)
                self._record(candidates)
        except DatabaseError:
            # Find the culprit(s): each record alone, in its own savepoint.
            return [pk for pk in (self._create_one(candidate) for candidate in candidates) if pk]
        for candidate in candidates:
            self.report.add("created", candidate.record)
        return [c.article.pk for c in candidates]

    def _create_one(self, candidate):
        article = candidate.article
        article.pk = None
        article._state.adding = True
        try:
            with transaction.atomic():
                article.save()
                self._tag([candidate])
                self._record([candidate])
        except DatabaseError as error:
            self.report.failed(candidate.record, _reason(error))
            return None
        self.report.add("created", candidate.record)
        return article.pk

    def _tag(self, candidates):
        # Plain rows: building TaggedItem objects cost more than inserting the articles
        # themselves. TaggedItem has no save() logic or signals that this skips.
        rows = [(self.content_type.pk, c.article.pk, tag_id) for c in candidates for tag_id in c.tag_ids]
        insert_rows(TaggedItem, ["content_type", "object_id", "tag"], rows)

    def _record(self, candidates, from_status=None):
        imported = [Imported(c.article, c.tags, from_status) for c in candidates]
        record_imports(imported, self.options.user, candidates[0].record.origin)

    def _update(self, candidate, row):
        incoming = candidate.article
        pk = row["id"]
        fields = {name: getattr(incoming, name) for name in UPDATED_FIELDS}
        if candidate.record.published_at:
            fields["published_at"] = incoming.published_at
        if incoming.cover:
            fields["cover"] = incoming.cover.name
        if incoming.status == Article.Status.PUBLISHED:
            fields["status"] = Article.Status.PUBLISHED
        try:
            with transaction.atomic():
                # Not save(): build() prepared the text and _announce() tells the receivers, which
                # save() would both do again. The raised edit_version makes a form opened before
                # the import refused on save (optimistic locking) rather than silently undo it.
                # Held rows excluded here too: a review may have begun since the batch read the row.
                held = Q(status__in=[Article.Status.WITHDRAWN, Article.Status.PENDING]) | ~Q(revision_state="")
                written = (
                    Article.objects.filter(pk=pk)
                    .exclude(held)
                    .update(**fields, updated_at=timezone.now(), edit_version=F("edit_version") + 1)
                )
                if not written:
                    self.report.add("skipped", candidate.record, "文章状态刚刚改变（审核或撤稿），未更新")
                    return None
                article = Article.objects.get(pk=pk)
                article.tags.set(candidate.tags)
                candidate.article = article
                self._record([candidate], from_status=row["status"])
        except DatabaseError as error:
            self.report.failed(candidate.record, _reason(error))
            return None
        self.report.add("updated", candidate.record)
        return pk
