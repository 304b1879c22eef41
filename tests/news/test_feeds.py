"""RSS and Atom feeds list the latest published articles only."""

from datetime import timedelta

import feedparser
import pytest

from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    energy = make_category("绿色能源", slug="energy")
    other = make_category("产业经济", slug="industry")
    return {
        "energy": make_article("光伏进社区", category=energy, summary="屋顶发电。", author="张三"),
        "other": make_article("产业观察", category=other),
        "draft": make_article("草稿不出现", category=energy, published=False),
        "scheduled": make_article("定时不出现", category=energy, when=timedelta(hours=1)),
    }


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize("url, version", [("/feed/rss/", "rss20"), ("/feed/atom/", "atom10")])
def test_site_feed_lists_published_articles_only(client, articles, url, version):
    feed = fetch(client, url)
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == ["光伏进社区", "产业观察"]
    entry = feed.entries[0]
    assert entry.link == "http://testserver" + articles["energy"].get_absolute_url()
    assert entry.summary == "屋顶发电。"
    assert entry.author == "张三"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_category_feed(client, articles, kind):
    feed = fetch(client, f"/category/energy/feed/{kind}/")
    assert [entry.title for entry in feed.entries] == ["光伏进社区"]
    assert "绿色能源" in feed.feed.title


def test_unknown_category_feed_is_404(client):
    assert client.get("/category/nope/feed/rss/").status_code == 404
