"""Cover files that nothing names any more: the uploads of changes that never went live.

A cover uploaded with a change kept for review (or with a refused save) is
stored at once, so that its revision names a real file. When that change is
replaced by a newer one, or the article is saved over it, the file stays in
storage with nothing to show it. `orphaned()` finds such files; the daily prune
(`news.publishing.retention.prune`, the worker's clock and `manage.py
prune_publishing`) deletes them and the thumbnails made of them.

Kept: the cover of every article, of its pending or returned change (its
writer may submit it again), and of every saved or imported revision (a
restore brings them back); and any file younger than the grace period, which
may belong to a change being saved right now.
"""

import json
from datetime import timedelta

from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone
from reversion.models import Version

from news.models import Article
from news.thumbnails import delete_thumbnails

from .models import RevisionInfo

FOLDER = Article._meta.get_field("cover").folder
# Revisions whose cover a restore may bring back. Proposals that are no longer
# pending and refused saves are not among them: what they held was never live.
KEPT_KINDS = [RevisionInfo.Kind.SAVE, RevisionInfo.Kind.IMPORT]


def named_covers():
    """The cover names that articles and their kept revisions hold."""
    names = set(Article.objects.exclude(cover="").values_list("cover", flat=True))
    pending = Article.objects.exclude(pending_revision=None).values("pending_revision")
    versions = (
        Version.objects.get_for_model(Article)
        .filter(Q(revision__info=None) | Q(revision__info__kind__in=KEPT_KINDS) | Q(revision__in=pending))
        # Most revisions have no cover: skip them without parsing (a JSON string escapes its quotes).
        .exclude(serialized_data__contains='"cover": ""')
    )
    for data in versions.values_list("serialized_data", flat=True).iterator():
        names.add(json.loads(data)[0]["fields"].get("cover") or "")
    names.discard("")
    return names


def stored_covers(storage=default_storage, folder=FOLDER):
    """The names of the files in the covers folder and its subfolders."""
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_covers(storage, f"{folder}/{sub}")


def orphaned(grace, storage=default_storage):
    """Cover files older than `grace` (a timedelta) that no article and no kept revision names."""
    before = timezone.now() - grace
    candidates = [name for name in stored_covers(storage) if storage.get_modified_time(name) < before]
    named = named_covers()
    return [name for name in candidates if name not in named]


def prune(days, *, dry_run=False, storage=default_storage):
    """Delete the covers `orphaned()` finds with a grace of `days` (nothing with `dry_run`); returns their names."""
    names = orphaned(timedelta(days=days), storage)
    if not dry_run:
        for name in names:
            storage.delete(name)
            delete_thumbnails(name)
    return names
