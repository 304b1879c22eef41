"""Demo content for `load_demo`: site settings, categories, sources, promotions, 40 articles and two 专题.

Everything here was written for this project (articles.py) and every picture
is drawn by it (pictures.py). Each article has a stable import key
("demo:<key>"), so loading twice changes nothing.
"""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from portal.defaults import ensure_footer_pages
from portal.images import store_image
from portal.models import FooterPage, Promotion, SiteSettings

from ..models import Article, Category, DailyViews, Source
from ..sanitizer import PAGE_BREAK
from .articles import STORIES
from .canvas import HEIGHT, WIDTH
from .pictures import alt_text, picture
from .topics import load_topics

CATEGORIES = [
    # slug, name, parent slug, description
    ("innovation", "科技创新", None, "科研成果、创新平台与技术转化。"),
    ("parks", "园区动态", None, "开发区、高新区与产业园的建设进展。"),
    ("devzone", "开发区", "parks", "经济技术开发区的新闻。"),
    ("hitech", "高新区", "parks", "高新技术产业开发区的新闻。"),
    ("industry", "产业经济", None, "重点产业、企业与市场观察。"),
    ("energy", "绿色能源", None, "氢能、光伏、储能与节能降碳。"),
    ("livelihood", "民生服务", None, "教育、医疗、就业与社区服务。"),
    ("education", "教育科研", None, "高校院所、人才培养与科普。"),
]

SOURCES = [
    # name, website, is_original
    ("本站", "", True),
    ("滨江融媒", "https://media.example.com/", False),
    ("产业观察周刊", "https://industry.example.org/", False),
    ("高新区发布", "https://hitech.example.net/", False),
    ("城市晚报", "", False),
]

PROMOTIONS = [
    ("氢能产业专题", "https://example.com/topics/hydrogen"),
    ("园区招商", "https://example.com/parks"),
    ("科技成果对接", "https://example.com/transfer"),
    ("创新创业大赛", "https://example.com/contest"),
    ("人才服务", "https://example.com/talent"),
]

# Filing numbers in the shape real ones take, marked as examples: a real
# site enters its own in 网站设置.
SITE_DEFAULTS = {
    "icp_number": "京ICP备20260001号-1（示例）",
    "police_number": "京公网安备11010802040001号（示例）",
    "contact_email": "editor@example.com",
}


def _list(tag, items):
    return format_html("<{}>{}</{}>", tag, format_html_join("", "<li>{}</li>", ((item,) for item in items)), tag)


def _table(caption, header, rows):
    head = format_html_join("", '<th scope="col">{}</th>', ((cell,) for cell in header))
    body = format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows)
    )
    return format_html(
        # CKEditor 5's table with a caption (TableCaption's default markup).
        '<figure class="table"><table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>'
        "<figcaption>{}</figcaption></figure>",
        head,
        body,
        caption,
    )


def _figure(name, caption, images):
    return format_html(
        '<figure class="image"><img src="{}" alt="{}" width="{}" height="{}"><figcaption>{}</figcaption></figure>',
        images[name],
        alt_text(name),
        WIDTH,
        HEIGHT,
        caption,
    )


def body_html(blocks, images):
    """The HTML of a body written as blocks (see articles.py); `images` maps picture names to URLs."""
    parts = []
    for kind, *values in blocks:
        if kind in ("p", "h2"):
            parts.append(format_html("<{}>{}</{}>", kind, values[0], kind))
        elif kind in ("ul", "ol"):
            parts.append(_list(kind, values[0]))
        elif kind == "quote":
            parts.append(format_html("<blockquote><p>{}</p><p>——{}</p></blockquote>", *values))
        elif kind == "table":
            parts.append(_table(*values))
        elif kind == "figure":
            parts.append(_figure(*values, images))
        elif kind == "pagebreak":
            parts.append(PAGE_BREAK)
        else:
            raise ValueError(f"Unknown body block {kind!r}")
    return "".join(parts)


def published_at(when, now):
    """The moment `when` = (days ago, "HH:MM") stands for; never in the future."""
    days, clock = when
    hour, minute = map(int, clock.split(":"))
    moment = timezone.make_aware(datetime.combine(timezone.localdate(now) - timedelta(days=days), time(hour, minute)))
    return min(moment, now - timedelta(minutes=5 + days))


def add_demo_views(article, weight):
    """Daily views since publication, fewer as the story ages, so that 点击排行 has something to rank."""
    first = timezone.localdate(article.published_at)
    days = (timezone.localdate() - first).days + 1
    rows = [
        DailyViews(
            article=article,
            date=first + timedelta(days=day),
            views=int(weight * 40 / (1 + day * 0.7)) + (article.pk * 7 + day) % 9,
        )
        for day in range(days)
    ]
    DailyViews.objects.bulk_create(rows)
    Article.objects.filter(pk=article.pk).update(view_count=sum(row.views for row in rows))


def _settings():
    settings = SiteSettings.load()
    changed = False
    for field, value in SITE_DEFAULTS.items():
        if not getattr(settings, field):
            setattr(settings, field, value)
            changed = True
    if changed:
        settings.save()


def _categories():
    categories = {}
    for position, (slug, name, parent, description) in enumerate(CATEGORIES):
        categories[slug], _created = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": categories.get(parent),
                "description": description,
                "position": (position + 1) * 10,
            },
        )
    return categories


@transaction.atomic
def load_demo():
    """Create the demo content that is missing; return how many articles were created."""
    _settings()
    ensure_footer_pages(FooterPage)
    categories = _categories()
    sources = {
        name: Source.objects.get_or_create(name=name, defaults={"website": website, "is_original": original})[0]
        for name, website, original in SOURCES
    }
    for position, (title, url) in enumerate(PROMOTIONS):
        Promotion.objects.get_or_create(title=title, defaults={"url": url, "position": (position + 1) * 10})

    now = timezone.now().replace(second=0, microsecond=0)
    existing = set(Article.objects.filter(import_key__startswith="demo:").values_list("import_key", flat=True))
    missing = [story for story in STORIES if f"demo:{story.key}" not in existing]
    figures = {value[0] for story in missing for kind, *value in story.body if kind == "figure"}
    images = {name: default_storage.url(store_image(picture(name), folder="demo")) for name in figures}
    for story in missing:
        source = sources[story.source]
        article = Article(
            import_key=f"demo:{story.key}",
            title=story.title,
            category=categories[story.category],
            source=source,
            author=story.author,
            summary=story.summary,
            body=body_html(story.body, images),
            status=Article.Status.PUBLISHED,
            published_at=published_at(story.when, now),
            is_recommended=story.recommended,
            is_headline=story.headline,
            original_url=None
            if source.is_original
            else f"{source.website or 'https://news.example.com/'}demo/{story.key}.html",
        )
        if story.cover:
            article.cover.save(
                f"{story.cover}.{_extension(picture(story.cover))}", ContentFile(picture(story.cover)), save=False
            )
        article.save()
        # Features and headlines are read more; flashes less.
        add_demo_views(article, weight=1 + len(story.body) / 6 + story.headline * 2 + story.recommended)
        article.tags.add(*story.tags)
    load_topics()
    return len(missing)


def _extension(data):
    return "png" if data.startswith(b"\x89PNG") else "jpg"
