"""The demo's two 专题, built from the demo articles: hand-picked sections and sections filled by a rule."""

import io

from django.core.files.base import ContentFile
from PIL import Image
from taggit.models import Tag

from ..models import Article, Category, Topic, TopicArticle
from .pictures import alt_text, picture

BANNER_SIZE = (1200, 300)

# slug, title, banner picture, lead, sections; a section is
# (heading, [hand-picked article keys], rule tag name or None, rule category slug or None)
TOPICS = [
    (
        "hydrogen",
        "氢能产业链观察",
        "hydrogen-station",
        "从电堆产线到加氢站，从储能实验室到园区电网，本专题汇集城东氢能产业园和全市绿色能源项目的进展，持续更新。",
        [
            ("重点项目", ["hydrogen-stack-line", "energy-supply-station"], None, None),
            ("储能与电网", [], "储能", None),
            ("绿色能源动态", [], None, "energy"),
        ],
    ),
    (
        "hitech-frontline",
        "高新区创新一线",
        "hitech-day",
        "算力中心、芯片测试平台、孵化器和人才公寓：记者走进高新区，记录一座科技园区的日常。",
        [
            ("平台与设施", ["ai-computing", "chip-test-lab"], None, None),
            ("科技人才", [], "科技人才", None),
            ("园区新闻", [], None, "hitech"),
        ],
    ),
]


def banner(name):
    """A demo picture cropped to the banner's wide shape, as JPEG bytes."""
    image = Image.open(io.BytesIO(picture(name))).convert("RGB")
    width, height = BANNER_SIZE
    scaled = image.resize((width, round(image.height * width / image.width)))
    top = (scaled.height - height) // 2
    buffer = io.BytesIO()
    scaled.crop((0, top, width, top + height)).save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def load_topics():
    """Create the demo topics that are missing, published; return how many were created."""
    created = 0
    for slug, title, picture_name, lead, sections in TOPICS:
        if Topic.objects.filter(slug=slug).exists():
            continue
        topic = Topic(slug=slug, title=title, lead=lead, banner_alt=alt_text(picture_name))
        topic.banner.save(f"{slug}.jpg", ContentFile(banner(picture_name)), save=False)
        topic.save()
        for position, (heading, keys, tag, category) in enumerate(sections):
            section = topic.sections.create(
                heading=heading,
                position=(position + 1) * 10,
                rule_tag=Tag.objects.filter(name=tag).first() if tag else None,
                rule_category=Category.objects.filter(slug=category).first() if category else None,
            )
            articles = Article.objects.filter(import_key__in=[f"demo:{key}" for key in keys]).in_bulk(
                field_name="import_key"
            )
            TopicArticle.objects.bulk_create(
                TopicArticle(section=section, article=articles[f"demo:{key}"], position=(n + 1) * 10)
                for n, key in enumerate(keys)
                if f"demo:{key}" in articles
            )
        topic.publish()
        created += 1
    return created
