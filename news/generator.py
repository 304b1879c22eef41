"""Generate many realistic-looking Chinese articles fast, for benchmarks.

Titles and bodies are assembled from word pools written for this project, so
that search, lists and pages see varied text of realistic length. Rows go in
with bulk_create in batches; covers are a handful of stored images referenced
by many articles, as a real site reuses pictures.
"""

import random
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from portal.images import store_image

from .demo.pictures import PICTURES, picture
from .models import Article, Category, Source
from .sanitizer import summarize
from .signals import articles_changed

PLACES = ["开发区", "高新区", "滨江新区", "经开区", "自贸片区", "科技城", "产业园", "港区", "大学城", "临空经济区"]
SUBJECTS = [
    "氢能",
    "光伏",
    "储能",
    "新能源汽车",
    "人工智能",
    "集成电路",
    "生物医药",
    "新材料",
    "工业互联网",
    "智能制造",
    "数字经济",
    "跨境电商",
    "现代农业",
    "冷链物流",
    "低空经济",
    "机器人",
    "5G基站",
    "算力中心",
    "养老服务",
    "家庭医生",
    "职业教育",
    "老旧小区改造",
    "垃圾分类",
    "乡村振兴",
    "营商环境",
    "科技金融",
]
ACTIONS = [
    "项目集中开工",
    "首批产品下线",
    "签约落地",
    "投入运营",
    "通过验收",
    "获批建设",
    "启动试点",
    "发布扶持政策",
    "举办对接会",
    "刷新纪录",
    "加快推进",
    "实现突破",
    "迎来新进展",
    "交出成绩单",
]
OPENINGS = [
    "记者从{place}获悉，",
    "近日，",
    "今年以来，",
    "日前，",
    "在刚刚结束的推进会上，",
    "走进{place}，",
]
SENTENCES = [
    "{place}围绕{subject}产业链精准招商，一批带动性强的项目相继落地。",
    "项目建成后预计年产值超过{n}亿元，可新增就业岗位{m}个。",
    "企业负责人表示，{place}审批服务高效，从签约到开工只用了{m}天。",
    "{subject}是当地重点培育的新兴产业，目前已集聚上下游企业{n}家。",
    "为解决企业融资难题，{place}设立了规模{n}亿元的产业引导基金。",
    "业内专家认为，{subject}领域的技术迭代很快，关键在于持续的研发投入。",
    "居民们说，{subject}让日常生活更加便利，办事少跑了不少路。",
    "下一步，{place}将继续优化营商环境，推动{subject}产业向高端迈进。",
    "据统计，前三季度{place}规模以上工业增加值同比增长{n}%。",
    "园区还配套建设了人才公寓和邻里中心，让员工安心扎根。",
    "相关部门将加强跟踪服务，协调解决项目推进中遇到的困难和问题。",
    "{subject}示范应用场景不断拓展，已覆盖交通、制造和公共服务等领域。",
]
HEADINGS = ["项目进展", "产业布局", "服务保障", "下一步计划", "数据看点", "民生温度"]
AUTHORS = ["李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"]
SOURCES = [("本站", True), ("滨江融媒", False), ("产业观察周刊", False), ("高新区发布", False), ("城市晚报", False)]
CATEGORIES = [
    ("innovation", "科技创新"),
    ("parks", "园区动态"),
    ("industry", "产业经济"),
    ("energy", "绿色能源"),
    ("livelihood", "民生服务"),
    ("education", "教育科研"),
]
COVER_COUNT = 12


class Generator:
    def __init__(self, seed=1):
        self.random = random.Random(seed)

    def fill(self, template, place, subject):
        return template.format(
            place=place, subject=subject, n=self.random.randint(2, 90), m=self.random.randint(20, 900)
        )

    def title(self, place, subject):
        return f"{place}{subject}{self.random.choice(ACTIONS)}"

    def body(self, place, subject):
        pick = self.random.sample
        paragraphs = []
        for index in range(self.random.randint(3, 6)):
            opening = self.fill(self.random.choice(OPENINGS), place, subject) if index == 0 else ""
            text = "".join(self.fill(s, place, subject) for s in pick(SENTENCES, self.random.randint(2, 4)))
            paragraphs.append(f"<p>{opening}{text}</p>")
            if index == 1:
                paragraphs.append(f"<h2>{self.random.choice(HEADINGS)}</h2>")
        return "".join(paragraphs)


def ensure_taxonomy():
    categories = [
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": (i + 1) * 10})[0]
        for i, (slug, name) in enumerate(CATEGORIES)
    ]
    sources = [
        Source.objects.get_or_create(name=name, defaults={"is_original": original})[0] for name, original in SOURCES
    ]
    tags = [Tag.objects.get_or_create(name=subject, defaults={"slug": subject})[0] for subject in SUBJECTS]
    covers = [store_image(picture(name), folder="covers") for name in list(PICTURES)[:COVER_COUNT]]
    return categories, sources, tags, covers


def generate_articles(count, batch_size=2000, seed=1, progress=None):
    """Insert `count` published articles (spread over the past ~3 years); return how many."""
    generator = Generator(seed)
    rnd = generator.random
    categories, sources, tags, covers = ensure_taxonomy()
    tag_by_subject = {tag.name: tag for tag in tags}
    content_type_id = ContentType.objects.get_for_model(Article).pk
    now = timezone.now()
    span = timedelta(days=3 * 365).total_seconds()
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        articles, subjects = [], []
        for _ in range(size):
            place, subject = rnd.choice(PLACES), rnd.choice(SUBJECTS)
            body = generator.body(place, subject)
            articles.append(
                Article(
                    title=generator.title(place, subject),
                    category=rnd.choice(categories),
                    source=rnd.choice(sources),
                    author=rnd.choice(AUTHORS),
                    body=body,
                    summary=summarize(body),
                    cover=rnd.choice(covers) if rnd.random() < 0.6 else "",
                    status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(seconds=rnd.random() * span),
                    is_recommended=rnd.random() < 0.05,
                    is_headline=rnd.random() < 0.005,
                    view_count=int(rnd.paretovariate(1.2) * 10),
                )
            )
            subjects.append((subject, rnd.choice(SUBJECTS)))
        with transaction.atomic():
            Article.objects.bulk_create(articles, batch_size=500)
            if articles[0].pk is None:
                # Backends without RETURNING: read the ids back in insertion order.
                ids = list(Article.objects.order_by("-pk").values_list("pk", flat=True)[:size])[::-1]
                for article, pk in zip(articles, ids, strict=True):
                    article.pk = pk
            TaggedItem.objects.bulk_create(
                [
                    TaggedItem(tag=tag_by_subject[name], object_id=article.pk, content_type_id=content_type_id)
                    for article, pair in zip(articles, subjects, strict=True)
                    for name in set(pair)
                ],
                batch_size=1000,
            )
        articles_changed.send(sender=Article, ids=[article.pk for article in articles])
        created += size
        if progress:
            progress(size)
    return created
