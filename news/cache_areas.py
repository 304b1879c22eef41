"""What an article change makes stale, in portal.caching's areas.

- "lists": any list of articles (home, source and search pages, feeds);
- "sidebar": the 推荐 blocks of every page's frame;
- "category:<id>": the category's page, and the 同类资讯 of its articles' pages;
- "tag:<id>": the tag's page;
- "article:<id>": the article's own page.

A saved article bumps its own area, its categories' (before and after the
save, and their parents), its tags', "lists", and "sidebar" if it is or was
recommended; adding or removing a tag bumps that tag's area.
One that leaves the site (withdrawn, unpublished, deleted), a scheduled
publication and a bulk change bump every area; categories, sources, tag
names and 专题 bump "site", which every page shows. One edit leaves
unrelated pages cached.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from taggit.models import Tag, TaggedItem

from portal.caching import bump, frame_areas, register_frame, register_model, register_schedule

from .models import Article, Category, Source
from .signals import articles_changed
from .topics.models import Topic, TopicArticle, TopicSection


def article_page_areas(article):
    return (*frame_areas(), f"article:{article.pk}", f"category:{article.category_id}")


def category_page_areas(category):
    return (*frame_areas(), f"category:{category.pk}")


def tag_page_areas(tag):
    return (*frame_areas(), f"tag:{tag.pk}")


def _tag_areas(article):
    return {f"tag:{pk}" for pk in article.tags.values_list("pk", flat=True)}


def _snapshot(article):
    return {"category": article.category_id, "recommended": article.is_recommended, "live": article.is_published()}


# Saving only these changes nothing a cached page shows (the count is the beacon's).
UNSHOWN_FIELDS = {"view_count"}


def _unshown(update_fields):
    return update_fields is not None and set(update_fields) <= UNSHOWN_FIELDS


def remember_before(sender, instance, update_fields=None, **kwargs):
    if _unshown(update_fields):
        return
    old = Article.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._cache_before = _snapshot(old) if old else None


def bump_saved(sender, instance, update_fields=None, **kwargs):
    if _unshown(update_fields):
        return
    before, after = getattr(instance, "_cache_before", None), _snapshot(instance)
    if before and before["live"] and not after["live"]:
        bump()  # gone from the site: from every list, block and link
        return
    categories = {after["category"], *([before["category"]] if before else [])}
    parents = Category.objects.filter(pk__in=categories, parent__isnull=False).values_list("parent_id", flat=True)
    areas = {"lists", f"article:{instance.pk}", *(f"category:{pk}" for pk in {*categories, *parents})}
    areas |= _tag_areas(instance)  # tags changed in the same save bump their own (bump_tagged)
    if after["recommended"] or (before and before["recommended"]):
        areas.add("sidebar")
    bump(*areas)


def bump_tagged(sender, instance, **kwargs):
    bump("lists", f"article:{instance.object_id}", f"tag:{instance.tag_id}")


def bump_renamed_tag(sender, instance, created=False, **kwargs):
    # A new tag is on no page yet (tagging bumps its area); a renamed or deleted one is on article pages anywhere.
    if not created:
        bump("site")


def register():
    register_frame("sidebar")
    post_save.connect(bump_renamed_tag, sender=Tag, dispatch_uid="cache-areas-tag-saved")
    post_delete.connect(bump_renamed_tag, sender=Tag, dispatch_uid="cache-areas-tag-deleted")
    for model in (Category, Source, Topic, TopicSection, TopicArticle):
        register_model(model, "site")
    pre_save.connect(remember_before, sender=Article, dispatch_uid="cache-areas-before")
    post_save.connect(bump_saved, sender=Article, dispatch_uid="cache-areas-saved")
    post_delete.connect(lambda **kwargs: bump(), sender=Article, weak=False, dispatch_uid="cache-areas-deleted")
    post_save.connect(bump_tagged, sender=TaggedItem, dispatch_uid="cache-areas-tagged")
    post_delete.connect(bump_tagged, sender=TaggedItem, dispatch_uid="cache-areas-untagged")
    register_schedule(Article.objects.next_publication, "site", "lists", "sidebar")
    # Bulk writes (importers, bulk actions) send no post_save.
    articles_changed.connect(lambda **kwargs: bump(), weak=False, dispatch_uid="cache-areas-bulk")
