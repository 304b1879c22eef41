"""相关阅读 on the article page: shared tags first, the category's latest to fill up, cached with the page."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def related_titles(client, article):
    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    block = page.select_one("section.related")
    return [a.get_text() for a in block.select("a")] if block else []


def tagged(title, *tags, **fields):
    article = make_article(title, **fields)
    article.tags.add(*tags)
    return article


def test_articles_sharing_more_tags_come_first_then_newer_ones(client):
    category = make_category()
    other = make_category()
    article = tagged("本文", "氢能", "产业园", "电堆", category=category)
    tagged("共享一个旧", "氢能", category=other, when=timedelta(days=-3))
    tagged("共享一个新", "产业园", category=other, when=timedelta(days=-1))
    tagged("共享三个", "氢能", "产业园", "电堆", category=other, when=timedelta(days=-9))
    tagged("共享两个", "氢能", "电堆", category=other, when=timedelta(days=-5))
    tagged("无关", "教育", category=other)
    tagged("草稿共享", "氢能", "产业园", "电堆", category=other, published=False)
    assert related_titles(client, article) == ["共享三个", "共享两个", "共享一个新", "共享一个旧"]


def test_an_article_without_shared_tags_falls_back_to_its_category(client):
    category = make_category()
    article = tagged("本文", "独有标签", category=category)
    make_article("同栏目较早", category=category, when=timedelta(days=-2))
    make_article("同栏目较新", category=category, when=timedelta(days=-1))
    make_article("别的栏目")
    assert related_titles(client, article) == ["同栏目较新", "同栏目较早"]


def test_shared_tags_are_topped_up_from_the_category_without_repeats(client):
    category = make_category()
    article = tagged("本文", "氢能", category=category, when=timedelta(days=-10))
    tagged("同栏目也同标签", "氢能", category=category, when=timedelta(days=-1))
    tagged("别栏目同标签", "氢能", when=timedelta(days=-2))
    make_article("同栏目无标签", category=category, when=timedelta(days=-3))
    assert related_titles(client, article) == ["同栏目也同标签", "别栏目同标签", "同栏目无标签"]


def test_an_article_alone_shows_no_related_block(client):
    assert related_titles(client, make_article("孤零零")) == []


def test_the_block_is_cached_with_the_page_and_refreshed_by_a_change(client, settings):
    settings.PAGE_CACHE = False
    article = tagged("本文", "氢能")
    tagged("相关一", "氢能")
    assert related_titles(client, article) == ["相关一"]
    with CaptureQueriesContext(connection) as queries:
        assert related_titles(client, article) == ["相关一"]
    assert not [q for q in queries.captured_queries if "taggit_taggeditem" in q["sql"]]
    tagged("相关二", "氢能", when=timedelta(seconds=-1))
    assert related_titles(client, article) == ["相关二", "相关一"]
