"""Rendered fragments ({% cache %} with cache_version: the frame, the sidebar, the article) stale after a change."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from news.models import DailyViews
from portal.caching import bump, versions
from portal.models import FooterPage, Promotion
from tests.factories import make_article, make_category
from tests.pages import block, links, parse, text

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load cache %}" + source).render(Context({"cache_version": versions(), **context}))


def test_a_fragment_is_rendered_once_per_content_version():
    source = "{% cache 300 greeting cache_version %}<b>{{ word }}</b>{% endcache %}"
    assert render(source, word="你好") == "<b>你好</b>"
    # The cached HTML is served while the content does not change ...
    assert render(source, word="再见") == "<b>你好</b>"
    # ... and a content change renders it afresh.
    bump()
    assert render(source, word="再见") == "<b>再见</b>"


def current_links(soup):
    nav = soup.find("nav", attrs={"aria-label": "栏目导航"})
    return [text(a) for a in nav.find_all("a", attrs={"aria-current": "page"})]


def test_navigation_highlights_each_pages_own_category(client):
    parks = make_category("园区动态", slug="parks", position=1)
    make_category("科技创新", slug="innovation", position=2)
    child = make_category("开发区", slug="devzone", parent=parks)
    article = make_article(category=child)
    assert current_links(parse(client.get("/category/innovation/"))) == ["科技创新"]
    assert current_links(parse(client.get("/category/parks/"))) == ["园区动态"]
    # An article in a sub-category highlights its top-level category.
    assert current_links(parse(client.get(article.get_absolute_url()))) == ["园区动态"]
    assert current_links(parse(client.get("/"))) == []


def test_frame_and_sidebar_changes_show_at_once(client):
    category = make_category("园区动态", slug="parks")
    article = make_article("第一篇", category=category, is_recommended=True)
    url = article.get_absolute_url()
    client.get(url)
    category.name = "园区新闻"
    category.save()
    Promotion.objects.create(title="新推广", url="https://example.com/")
    FooterPage.objects.filter(slug="about").get().delete()
    make_article("第二篇", category=category, is_recommended=True, when=timedelta(seconds=-1))
    soup = parse(client.get(url))
    assert ("园区新闻", "/category/parks/") in links(soup.find("nav", attrs={"aria-label": "栏目导航"}))
    assert text(soup.select_one(".promotions ul")) == "新推广"
    assert "关于我们" not in text(soup.find("footer", class_="site-footer"))
    assert [title for title, _ in links(block(soup, "推荐资讯"))] == ["第二篇", "第一篇"]


def test_article_edit_shows_at_once_without_the_page_cache(client, settings):
    settings.PAGE_CACHE = False
    article = make_article("原来的标题")
    url = article.get_absolute_url()
    assert text(parse(client.get(url)).h1) == "原来的标题"
    article.title = "改过的标题"
    article.save()
    assert text(parse(client.get(url)).h1) == "改过的标题"
    article.status = article.Status.DRAFT
    article.save()
    assert client.get(url).status_code == 404


def test_staff_preview_is_not_served_to_readers(client, editor):
    article = make_article("定时的文章", when=timedelta(hours=1))
    client.force_login(editor)
    assert "预览" in text(parse(client.get(article.get_absolute_url())))
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def ranking_titles(client):
    return [title for title, _ in links(block(parse(client.get("/")), "点击排行").find("ol"))]


def test_the_sidebar_ranking_is_not_kept_longer_than_the_ranking(client, settings):
    settings.RANKING_CACHE_SECONDS = 0
    first, second = make_article("甲"), make_article("乙")
    today = timezone.localdate()
    DailyViews.objects.create(article=first, date=today, views=5)
    assert ranking_titles(client) == ["甲"]
    # Views change the ranking without a content change.
    DailyViews.objects.create(article=second, date=today, views=9)
    assert ranking_titles(client) == ["乙", "甲"]
