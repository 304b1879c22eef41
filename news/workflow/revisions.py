"""Revisions of articles, kept by django-reversion.

Every save stores a revision (`save()`); a change to a live article by someone
who may not publish is stored as a revision only (`propose()`), without
touching the live row, until review applies it (`apply_pending()`). Each
revision carries a RevisionInfo (its kind and the tags, which reversion does
not follow through taggit's through model).
"""

import json
from typing import NamedTuple

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router, transaction
from django.db.models import F
from django.utils import timezone
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from news.models import Article
from portal.bulk import db_value, insert_rows

from .models import ArticleEvent, RevisionInfo

# What a revision brings back when it is applied or restored. The status,
# the workflow's bookkeeping and the counters are never taken from a revision.
CONTENT_FIELDS = (
    "title",
    "category",
    "source",
    "author",
    "summary",
    "body",
    "cover",
    "published_at",
    "is_recommended",
    "is_headline",
    "original_url",
    "original_title",
    "original_author",
    "responsible_editor",
    "correction",
)
# Set by publishers only: a change kept for review never carries them (the
# form shows them read-only, a restore keeps the live values).
PUBLISHER_FIELDS = ("published_at", "is_recommended", "is_headline", "responsible_editor")
NOT_VERSIONED = ("view_count", "updated_at", "edit_version", "pending_revision", "revision_state", "review_step")

# What the approval of a change copies onto the live article.
REVIEWED_ATTNAMES = frozenset(
    Article._meta.get_field(name).attname for name in CONTENT_FIELDS if name not in PUBLISHER_FIELDS
)

if not reversion.is_registered(Article):
    reversion.register(Article, exclude=NOT_VERSIONED)


def tag_string(article):
    if article.pk is None:
        return ""
    return ", ".join(article.tags.names())


class EditConflict(Exception):
    """Another save of the article was written after this one read it: this one is refused."""


def next_version(article):
    """Move the article's row on from the `edit_version` that `article` was read at, or raise EditConflict.

    One conditional UPDATE, the same rule on both databases: of two saves that
    read the same version, the second finds the row moved on (PostgreSQL
    re-reads the row once the first commits; SQLite's IMMEDIATE transactions
    run one after the other) and writes nothing. Call it inside the save's transaction.
    """
    moved = Article.objects.filter(pk=article.pk, edit_version=article.edit_version).update(
        edit_version=F("edit_version") + 1
    )
    if not moved:
        raise EditConflict
    article.edit_version += 1


def save(article, user=None, comment="", *, tags=None, kind=RevisionInfo.Kind.SAVE):
    """Save `article` and store the revision it makes; `tags` (text) is read from the article when None.

    Raises EditConflict (and writes nothing) when the article was saved since `article` was read.
    """
    with reversion.create_revision():
        if article.pk is None:
            article.edit_version += 1
        else:
            next_version(article)
        article.save()
        reversion.set_user(user if user and user.is_authenticated else None)
        reversion.set_comment(comment)
        reversion.add_meta(RevisionInfo, article=article, kind=kind, tags=tag_string(article) if tags is None else tags)


def store(article, user=None, comment="", *, tags="", kind=RevisionInfo.Kind.PROPOSAL):
    """Store the in-memory state of `article` as a revision, without saving the article."""
    article.prepare_for_save()
    if article.cover and not article.cover._committed:
        # A cover uploaded with the change is stored now (readers see it only once approved).
        article.cover.save(article.cover.name, article.cover.file, save=False)
    with reversion.create_revision(manage_manually=True):
        reversion.add_to_revision(article)
        reversion.set_user(user if user and user.is_authenticated else None)
        reversion.set_comment(comment)
        reversion.add_meta(RevisionInfo, article_id=article.pk, kind=kind, tags=tags)
    return latest_version(article).revision


def propose(live, proposed, user, comment="", *, tags=""):
    """Store `proposed` (the edited copy of the live article) as its pending revision.

    Raises EditConflict when the article was saved since `proposed` was read.
    """
    with transaction.atomic():
        next_version(proposed)
        revision = store(proposed, user, comment, tags=tags)
        Article.objects.filter(pk=live.pk).update(pending_revision=revision, revision_state="pending", review_step=0)
    live.refresh_from_db(fields=["pending_revision", "revision_state", "review_step", "edit_version"])
    return revision


class Imported(NamedTuple):
    """An article an import just wrote (saved), its tag names, and its status before (None: new)."""

    article: Article
    tags: list
    from_status: str | None = None


def record_imports(imported, user, source):
    """A revision and a 导入 event for each article of an import batch, written in four inserts.

    The same rows that `save()` and `machine.record()` write one article at a
    time (a Revision, its Version, its RevisionInfo, an ArticleEvent), for a
    batch of hundreds of articles; `source` (the file or URL) is the comment.
    """
    if not imported:
        return
    user = user if user and user.is_authenticated else None
    now = timezone.now()
    comment = f"导入：{source}"[:2000]
    revisions = Revision.objects.bulk_create(
        [Revision(date_created=now, user=user, comment=comment) for _item in imported]
    )
    # Plain rows for the three tables that need no ids back: a third of an import's time went
    # into building their model instances for bulk_create() (bench/import_speed.py).
    content_type = ContentType.objects.get_for_model(Article).pk
    database = router.db_for_write(Article)
    pairs = list(zip(imported, revisions, strict=True))
    insert_rows(
        Version,
        ["revision", "content_type", "object_id", "db", "format", "serialized_data", "object_repr"],
        [
            (revision.pk, content_type, str(item.article.pk), database, "json", data, str(item.article))
            for (item, revision), data in zip(pairs, _serialized(imported), strict=True)
        ],
    )
    insert_rows(
        RevisionInfo,
        ["revision", "article", "kind", "tags"],
        [
            (revision.pk, item.article.pk, RevisionInfo.Kind.IMPORT.value, ", ".join(item.tags))
            for item, revision in pairs
        ],
    )
    created = db_value(ArticleEvent, "created_at", now)
    insert_rows(
        ArticleEvent,
        [
            "article",
            "action",
            "from_status",
            "to_status",
            "step",
            "on_revision",
            "user",
            "comment",
            "reason",
            "created_at",
        ],
        [
            (
                item.article.pk,
                ArticleEvent.Action.IMPORT.value,
                item.from_status or item.article.status,
                item.article.status,
                "",
                False,
                user.pk if user else None,
                comment,
                "",
                created,
            )
            for item in imported
        ],
    )


def _serialized(imported):
    """What reversion's `add_to_revision()` stores for each article, the batch serialized at once.

    Django's json serializer streams through the pure-Python JSON encoder;
    one python-serializer pass and the C encoder made the import revisions
    about 2x cheaper (bench/import_speed.py).
    """
    options = _get_options(Article)
    assert options.format == "json", "Article is registered with reversion in JSON"
    rows = serializers.serialize("python", [item.article for item in imported], fields=options.fields)
    return [json.dumps([row], cls=DjangoJSONEncoder, ensure_ascii=False) for row in rows]


def latest_version(article):
    return Version.objects.get_for_object(article).select_related("revision").first()


def version_of(article, revision_id):
    """The version of `article` in revision `revision_id`, or None."""
    return Version.objects.get_for_object(article).filter(revision_id=revision_id).select_related("revision").first()


def history(article):
    """The versions of `article`, newest first, each with its revision, user and info."""
    return Version.objects.get_for_object(article).select_related("revision__user", "revision__info")


def fields_of(version):
    """{attname: value} of the content fields stored in `version`."""
    stored = version.field_dict
    names = [Article._meta.get_field(name).attname for name in CONTENT_FIELDS]
    return {name: stored[name] for name in names if name in stored}


def fields_of_article(article):
    """{attname: value} of the content fields of `article` as it is."""
    names = [Article._meta.get_field(name).attname for name in CONTENT_FIELDS]
    values = {name: getattr(article, name) for name in names}
    values["cover"] = article.cover.name if article.cover else ""
    return values


def apply(article, version, fields=None):
    """Set `article`'s content fields (in memory) to those stored in `version`."""
    for name, value in fields_of(version).items():
        if fields is None or name in fields:
            setattr(article, name, value)
    # category/source are set by id: drop cached related objects.
    for name in ("category", "source"):
        field = Article._meta.get_field(name)
        if field.is_cached(article):
            field.delete_cached_value(article)
    return article


def tags_of(version):
    info = getattr(version.revision, "info", None)
    return info.tags if info else None


def proposed_copy(article):
    """A copy of `article` with its pending revision's text, or None."""
    if not article.pending_revision_id:
        return None
    version = version_of(article, article.pending_revision_id)
    if version is None:
        return None
    copy = Article.objects.select_related("category__parent", "source").get(pk=article.pk)
    return apply(copy, version)
