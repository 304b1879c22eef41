"""export_articles, and the round trip: export → import into an empty database gives the same articles."""

import json
from datetime import timedelta

from django.utils import timezone
from taggit.models import Tag

from news.images import store_image
from news.models import Article, Category, Source
from tests.factories import make_article, make_category, make_source, png_bytes
from tests.news.importers.conftest import run_command

FIELDS = ["title", "body", "summary", "author", "published_at", "status", "original_url", "cover"]


def snapshot():
    return {
        article.title: (
            *(getattr(article, name) for name in FIELDS),
            article.category.slug,
            article.category.name,
            article.category.parent.slug if article.category.parent else None,
            article.source.name if article.source else None,
            article.source.website if article.source else None,
            sorted(article.tags.names()),
            article.is_recommended,
            article.is_headline,
        )
        for article in Article.objects.select_related("category__parent", "source")
    }


def test_round_trip(site, settings, tmp_path, db):
    settings.SITE_URL = site.url
    parks = make_category(name="园区动态", slug="parks")
    devzone = make_category(name="开发区", slug="devzone", parent=parks)
    media = make_source(name="滨江融媒", website="https://media.example.com/")
    photo = store_image(png_bytes(color=(10, 120, 30)), folder="uploads")
    first = make_article(
        title="开发区新建人才公寓",
        category=devzone,
        source=media,
        author="许可",
        body=(
            f'<p>人才公寓可以拎包入住。</p><p><img src="/media/{photo}" alt="公寓"></p>'
            '<p><a href="/news/1.html">旧闻</a></p>'
        ),
        original_url="https://media.example.com/a/77.html",
        is_recommended=True,
    )
    first.cover.name = store_image(png_bytes(size=(64, 40), color=(90, 10, 10)), folder="covers")
    first.save()
    first.tags.add("人才", "住房")
    make_article(title="园区开放日", category=parks, summary="编辑写的核心提示。", is_headline=True)
    make_article(title="还没发布的稿子", category=parks, published=False)
    before = snapshot()

    exported = tmp_path / "export.jsonl"
    result = run_command("export_articles", "--output", str(exported))
    assert "已导出 3 篇文章" in result.err

    Article.objects.all().delete()
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()
    Source.objects.all().delete()
    Tag.objects.all().delete()
    imported = run_command("import_articles", str(exported), "--create-categories", "--publish")

    assert imported.code == 0, imported.err
    after = snapshot()
    # Bodies link to the site absolutely after a trip through a file; images are our copies again.
    for title, values in before.items():
        body = values[1].replace('href="/', f'href="{site.url}/')
        assert after[title] == (values[0], body, *values[2:]), title
    rerun = run_command("import_articles", str(exported), "--create-categories", "--publish")
    assert "新建 0 · 更新 0 · 未变 3" in rerun.out


def test_export_to_stdout_with_filters(db):
    parks = make_category(name="园区动态", slug="parks")
    devzone = make_category(name="开发区", slug="devzone", parent=parks)
    other = make_category(name="其他", slug="other")
    now = timezone.now()
    make_article(title="子栏目里的新闻", category=devzone, when=timedelta(days=-1))
    make_article(title="很久以前的新闻", category=parks, when=timedelta(days=-400))
    make_article(title="别的栏目的新闻", category=other, when=timedelta(days=-1))

    since = (now - timedelta(days=30)).strftime("%Y-%m-%d")
    result = run_command("export_articles", "--category", "parks", "--since", since, "--verbosity", "0")

    lines = [json.loads(line) for line in result.out.splitlines()]
    assert [line["title"] for line in lines] == ["子栏目里的新闻"]
    parent = {"slug": "parks", "name": "园区动态"}
    assert lines[0]["category"] == {"slug": "devzone", "name": "开发区", "parent": parent}
    assert result.err == ""

    until = (now - timedelta(days=399)).strftime("%Y-%m-%d")
    old = run_command("export_articles", "--until", until, "--verbosity", "0")
    assert [json.loads(line)["title"] for line in old.out.splitlines()] == ["很久以前的新闻"]
    assert "栏目“nope”不存在" in run_command("export_articles", "--category", "nope").err
