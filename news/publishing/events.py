"""Events from the article's own state: one rule, whatever wrote the article.

An article is compared with its last event: visible now (`published()`) and
not before → "published"; visible before and not now → "withdrawn"; visible
both times with another content fingerprint → "updated". A save, a bulk
write (`articles_changed`) and the worker's clock all call `record_changes`,
so a scheduled article fires when its time passes with no request at all.
Two writers that see the same change compute the same occasion; the unique
constraint keeps the first and the second records nothing.
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from ..models import Article
from .models import PublicationEvent

# What readers see of an article: a change to any of these while it is live is an "updated" event.
FINGERPRINT_FIELDS = [
    "title",
    "summary",
    "body",
    "cover",
    "category_id",
    "source_id",
    "author",
    "original_title",
    "original_url",
]
CHUNK = 500
Kind = PublicationEvent.Kind


def fingerprint(values):
    """A short digest of an article's reader-visible fields (a dict of FINGERPRINT_FIELDS)."""
    text = json.dumps([str(values[field] or "") for field in FINGERPRINT_FIELDS], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def with_last_event(queryset):
    """Annotate each article with its last event's kind and fingerprint and its number of live periods."""
    events = PublicationEvent.objects.filter(article=OuterRef("pk")).order_by("-id")
    periods = (
        PublicationEvent.objects.filter(article=OuterRef("pk"), kind=Kind.PUBLISHED)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        last_kind=Subquery(events.values("kind")[:1]),
        last_fingerprint=Subquery(events.values("fingerprint")[:1]),
        periods=Subquery(periods),
    )


def _next_event(row, visible):
    """(kind, occasion) of what changed since the article's last event, or None."""
    was_live = row["last_kind"] in (Kind.PUBLISHED, Kind.UPDATED)
    periods = row["periods"] or 0
    if visible and not was_live:
        return Kind.PUBLISHED, f"live-{periods + 1}"
    if visible and row["fingerprint"] != row["last_fingerprint"]:
        return Kind.UPDATED, f"live-{periods}:{row['fingerprint']}"
    if not visible and was_live:
        return Kind.WITHDRAWN, f"live-{periods}"
    return None


def record_changes(ids):
    """Record the events of the articles `ids` that changed since their last event.

    Each new event's side effects are queued (news.publishing.tasks) once the
    transaction commits; the events that have side effects are returned.
    """
    from .tasks import queue_deliveries

    created = []
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        visible = set(Article.objects.published().filter(pk__in=chunk).values_list("pk", flat=True))
        rows = with_last_event(Article.objects.filter(pk__in=chunk)).values(
            "pk", "published_at", "last_kind", "last_fingerprint", "periods", *FINGERPRINT_FIELDS
        )
        old = timezone.now() - timedelta(seconds=settings.PUBLISHING_CLOCK_LOOKBACK)
        events, news = [], set()
        for row in rows:
            row["fingerprint"] = fingerprint(row)
            change = _next_event(row, row["pk"] in visible)
            if change is None:
                continue
            kind, occasion = change
            events.append(
                PublicationEvent(
                    article_id=row["pk"],
                    kind=kind,
                    occasion=occasion,
                    fingerprint=row["fingerprint"],
                    url=settings.SITE_URL + Article(pk=row["pk"]).get_absolute_url(),
                )
            )
            if kind != Kind.PUBLISHED or row["periods"] or row["published_at"] >= old:
                news.add(row["pk"])
            # else: an article first seen live long after its publication time (an
            # archive imported with its dates, an article older than this feature)
            # is not news: its event is recorded, but nothing is pushed for it.
        created += [event for event in _save(events) if event.article_id in news]
    if created:
        queue_deliveries(created)
    return created


def _save(events):
    """Save new events and return those saved: one INSERT for all, or one by one if one of them clashes.

    A bulk import of 500 articles then costs one statement instead of 500 savepoints and inserts; a clash
    (another writer or worker recorded that occasion first) is rare and only costs the slow path.
    """
    try:
        with transaction.atomic():
            return PublicationEvent.objects.bulk_create(events)
    except IntegrityError:
        pass
    saved = []
    for event in events:
        event.pk = None
        try:
            with transaction.atomic():
                event.save()
        except IntegrityError:
            continue
        saved.append(event)
    return saved


def record_deletion(article):
    """A live article about to be deleted: one "deleted" event with its URL, its side effects queued.

    Called before the row goes (pre_delete), in the deleting transaction: a
    deletion that rolls back records nothing. The event keeps no link to the
    article; its occasion names the article, so a second deleter records nothing.
    """
    from .tasks import queue_deliveries

    row = with_last_event(Article.objects.filter(pk=article.pk)).values("last_kind").first()
    visible = Article.objects.published().filter(pk=article.pk).exists()
    if row is None or not (visible or row["last_kind"] in (Kind.PUBLISHED, Kind.UPDATED)):
        # A draft, a scheduled article, or one already withdrawn (that was its event).
        return None
    event = PublicationEvent(
        kind=Kind.DELETED,
        occasion=f"article-{article.pk}",
        fingerprint="",
        url=settings.SITE_URL + article.get_absolute_url(),
    )
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        return None
    queue_deliveries([event])
    return event


def due_articles(now=None):
    """Ids of articles visible now that have no live event: scheduled ones whose time has come.

    Only articles published within PUBLISHING_CLOCK_LOOKBACK are looked at,
    so the clock's query stays small however large the archive.
    """
    now = now or timezone.now()
    since = now - timedelta(seconds=settings.PUBLISHING_CLOCK_LOOKBACK)
    recent = with_last_event(Article.objects.published().filter(published_at__gt=since)).order_by()
    return list(recent.filter(Q(last_kind__isnull=True) | Q(last_kind=Kind.WITHDRAWN)).values_list("pk", flat=True))


def last_events(article):
    return article.publication_events.prefetch_related("deliveries")
