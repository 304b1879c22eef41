"""The lists that pages and sidebars show, cached until the content changes.

Every function here goes through `portal.caching.cached`, so a block costs its
queries once per content change (any save or delete bumps the "content"
area) and nothing afterwards. Lists are read with `ArticleQuerySet.in_blocks`, one query
for all the lists of a block, so the query count does not grow with the number
of lists, categories or articles.
"""

from django.http import Http404

from portal.caching import cached

from . import cache_areas, rankings
from .models import Article, Category
from .thumbnails import attach_thumbnails

SIDEBAR_PICTURES = 4
SIDEBAR_NEWS = 8
RANKING_LENGTH = 10
SAME_CATEGORY = 8
HOME_FOCUS = 4
HOME_LATEST = 14
HOME_PER_CATEGORY = 6


def category_tree():
    """All categories in navigation order; each knows `.subcategories` and its parent, without queries."""

    def load():
        categories = list(Category.objects.all())
        by_id = {category.pk: category for category in categories}
        for category in categories:
            category.subcategories = []
        for category in categories:
            if category.parent_id:
                category.parent = by_id[category.parent_id]
                by_id[category.parent_id].subcategories.append(category)
        return categories

    return cached("categories", load, areas=("site",))


def navigation():
    """Top-level categories shown in the header, with their visible sub-categories."""
    return [category for category in category_tree() if category.parent_id is None and category.is_visible]


def category_by_slug(slug):
    for category in category_tree():
        if category.slug == slug:
            return category
    raise Http404("没有这个栏目。")


def published_article(pk):
    """The published article `pk` with its category (and parent), source and tags, or None; cached.

    Its `view_count` is the one read when it was cached: the page's beacon
    replaces the number with the live count (news/counters.py).
    """
    return cached(
        f"article:{pk}",
        lambda: (
            Article.objects.published().select_related("category__parent", "source").with_tags().filter(pk=pk).first()
        ),
        areas=("site", f"article:{pk}"),
    )


def most_read_articles(limit=RANKING_LENGTH):
    """点击排行 of the sidebar: the period set by RANKING_SIDEBAR_PERIOD (rankings.top_articles caches it)."""
    return rankings.top_articles(rankings.sidebar_period(), limit)


def _recommended_parts():
    published = Article.objects.published().recommended()
    return {"pictures": published.with_cover()[:SIDEBAR_PICTURES], "news": published[:SIDEBAR_NEWS]}


def _recommended(blocks):
    # An article whose cover cannot be read drops out of the picture block.
    pictures = [article for article in attach_thumbnails(blocks["pictures"], "card") if article.thumb]
    return {"pictures": pictures, "news": blocks["news"]}


def recommended():
    """推荐图文 (with cover thumbnails) and 推荐资讯 (text), read in one query."""
    return cached(
        "recommended",
        lambda: _recommended(Article.objects.for_list().in_blocks(**_recommended_parts())),
        areas=("site", "sidebar"),
    )


def article_extras(article):
    """What the article page shows around the body: tags, previous/next and more from the category."""

    def load():
        in_category = Article.objects.published().filter(category_id=article.category_id)
        blocks = Article.objects.for_list().in_blocks(
            previous=in_category.before(article)[:1],
            next=in_category.after(article)[:1],
            same_category=in_category.exclude(pk=article.pk)[:SAME_CATEGORY],
        )
        return {
            "tags": article.tag_list,
            "previous": next(iter(blocks["previous"]), None),
            "next": next(iter(blocks["next"]), None),
            "same_category": blocks["same_category"],
        }

    return cached(f"article-extras:{article.pk}", load, areas=cache_areas.article_page_areas(article))


def home():
    """The home page's lists: 头条, the focus pictures, the latest, and one list per top-level category.

    The headline (the newest 头条 article, else the newest article) is shown once at the top:
    it is left out of the focus pictures and the latest list. The focus grid gets an even
    number of pictures, so that its rows (two or four across) have no empty slot.
    """

    def load():
        published = Article.objects.published()
        categories = navigation()
        parts = {
            "headline": published.filter(is_headline=True)[:1],
            "focus": published.recommended().with_cover()[: HOME_FOCUS + 1],
            "latest": published[: HOME_LATEST + 1],
        }
        for category in categories:
            parts[f"category-{category.pk}"] = published.in_category(category)[:HOME_PER_CATEGORY]
        blocks = Article.objects.for_list().in_blocks(**parts)
        headline = next(iter(blocks["headline"] or blocks["latest"]), None)
        attach_thumbnails([headline] if headline else [], "focus")
        others = [article for article in blocks["focus"] if article != headline]
        focus = [article for article in attach_thumbnails(others, "focus") if article.thumb][:HOME_FOCUS]
        return {
            "headline": headline,
            "focus": focus[: len(focus) // 2 * 2],
            "latest": [article for article in blocks["latest"] if article != headline][:HOME_LATEST],
            # The newest articles, the headline included (the HTML site map lists them).
            "recent": blocks["latest"][:HOME_LATEST],
            "categories": [(category, blocks[f"category-{category.pk}"]) for category in categories],
        }

    return cached("home", load)
