"""The site frame's data and blocks (settings, categories, promotion strip, footer links), cached per content version.

Every page shows the frame. Its data lives in four small tables, and the page
cache, the blocks and the fragments all need to know when the next scheduled
article goes live; reading each with its own query made an empty cache cost
five queries before a page read anything of its own. `frame()` reads them all
in one UNION ALL query, each row as a JSON object (Django's JSONObject: the
same SQL on SQLite and PostgreSQL), and turns the rows back into model objects.
"""

from collections import defaultdict
from datetime import UTC, datetime

from django.db.models import CharField, Min, Value
from django.db.models.functions import JSONObject
from django.utils import timezone

from news.models import Article, Category
from news.thumbnails import thumbnails

from .caching import bump_content_version, cached, note_next_publication
from .models import FooterPage, Promotion, SiteSettings

FOOTER_PAGE_FIELDS = ["id", "title", "slug", "position", "updated_at"]


def _rows(kind, queryset, fields):
    """`queryset` as (kind, {field: value}) rows, for a UNION with other tables."""
    return (
        queryset.order_by()
        .annotate(kind=Value(kind, output_field=CharField()), data=JSONObject(**{name: name for name in fields}))
        .values_list("kind", "data")
    )


def _all_fields(model):
    return [field.attname for field in model._meta.concrete_fields]


def _value(field, value):
    """A JSON value as the model field holds it (dates, booleans)."""
    if value is None or field.is_relation:
        return value
    value = field.to_python(value)
    if isinstance(value, datetime) and timezone.is_naive(value):
        # SQLite's JSON holds the stored UTC text without an offset.
        value = value.replace(tzinfo=UTC)
    return value


def _from_json(model, rows, fields, db):
    """Model objects (as if read by a queryset) from the JSON rows."""
    by_name = {field.attname: field for field in model._meta.concrete_fields}
    return [model.from_db(db, fields, [_value(by_name[name], data[name]) for name in fields]) for data in rows]


def frame():
    """{"settings", "categories", "promotions", "footer_pages", "next_change"}: the frame's data from one query.

    `categories`: all, in navigation order, each knowing its `.parent` and
    `.subcategories`; `promotions`: the enabled ones not yet ended (active or
    still to come); `settings`: the SiteSettings row or None; `next_change`:
    the next scheduled article or promotion start/end, or None.
    """

    def load():
        now = timezone.now()
        parts = [
            _rows("settings", SiteSettings.objects.filter(pk=1), _all_fields(SiteSettings)),
            _rows("category", Category.objects.all(), _all_fields(Category)),
            _rows("promotion", Promotion.objects.not_ended(now), _all_fields(Promotion)),
            _rows("footer", FooterPage.objects.published(), FOOTER_PAGE_FIELDS),
            Article.objects.scheduled()
            .order_by()
            .annotate(kind=Value("scheduled", output_field=CharField()))
            .values("kind")
            .annotate(data=JSONObject(published_at=Min("published_at")))
            .values_list("kind", "data"),
        ]
        query = parts[0].union(*parts[1:], all=True)
        found = defaultdict(list)
        for kind, data in query:
            found[kind].append(data)

        def ordered(objects):
            return sorted(objects, key=lambda item: (item.position, item.pk))

        categories = ordered(_from_json(Category, found["category"], _all_fields(Category), query.db))
        by_id = {category.pk: category for category in categories}
        children = defaultdict(list)
        for category in categories:
            if category.parent_id:
                category.parent = by_id[category.parent_id]
                children[category.parent_id].append(category)
        for category in categories:
            category.subcategories = children[category.pk]
        promotions = ordered(_from_json(Promotion, found["promotion"], _all_fields(Promotion), query.db))
        settings = _from_json(SiteSettings, found["settings"], _all_fields(SiteSettings), query.db)
        published_at = Article._meta.get_field("published_at")
        scheduled = [_value(published_at, data["published_at"]) for data in found["scheduled"]]
        _active, promotions_change = Promotion.strip_of(promotions, now)
        next_change = min(filter(None, [*scheduled, promotions_change]), default=None)
        # Noted before this entry is stored: storing it asks when the next change is.
        note_next_publication(next_change)
        return {
            "settings": settings[0] if settings else None,
            "categories": categories,
            "promotions": promotions,
            "footer_pages": ordered(_from_json(FooterPage, found["footer"], FOOTER_PAGE_FIELDS, query.db)),
            "next_change": next_change,
        }

    return cached("frame", load)


def promotions():
    """The active promotions, in order. A start or end time passing is a content change."""

    def load():
        items, until = Promotion.strip_of(frame()["promotions"])
        found = thumbnails([promotion.image for promotion in items if promotion.image], "promotion")
        for promotion in items:
            promotion.thumb = found.get(promotion.image.name) if promotion.image else None
        return {"items": items, "until": until}

    strip = cached("promotions", load)
    if strip["until"] and strip["until"] <= timezone.now():
        bump_content_version()
        strip = cached("promotions", load)
    return strip["items"]


def footer_pages():
    """The published footer pages in order (with updated_at for the sitemap's lastmod)."""
    return frame()["footer_pages"]
