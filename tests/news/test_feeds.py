"""RSS and Atom feeds list the latest published articles only."""

import re
from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import caching
from tests.factories import make_article, make_category, make_source

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


# A body whose *text* reads like a tag: the page shows it as text, and so must every feed reader.
FAKE_TAG = "&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def hostile():
    category = make_category("园区动态", slug="parks")
    body = (
        f"<p>读者来信里写着 {FAKE_TAG} 这样一串字符。</p>"
        + "<p>编辑部核对后认为这只是一段文字。</p>" * 12
        + '<p><img src="/media/uploads/a.png" alt="现场" onerror="alert(2)"> <a href="/news/1.html">前文</a></p>'
    )
    return make_article("读者来信", category=category, body=body)


def no_live_markup(html):
    """The elements and handlers a feed reader would bring to life from `html`."""
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    return [e.tag for e in tree.iter() if e.tag == "img" or any(name.startswith("on") for name in e.attrib)]


FEEDS = ["/feed/rss/", "/feed/atom/", "/category/parks/feed/rss/", "/category/parks/feed/atom/"]


@pytest.mark.parametrize("url", FEEDS)
def test_summaries_are_escaped_text_in_every_feed(client, hostile, url):
    assert "<img src=x onerror=alert(1)>" in hostile.summary  # the text, as the page shows it
    xml = ElementTree.fromstring(client.get(url).content)
    description = xml.find(".//item/description")
    if description is None:
        description = xml.find(".//{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary")
        assert description.get("type") == "html"
    # The element's text is HTML for the reader: the fake tag is escaped in it, not live.
    assert FAKE_TAG in description.text
    assert no_live_markup(description.text) == []
    shown = lxml.html.fragment_fromstring(description.text, create_parent="div").text_content()
    assert "<img src=x onerror=alert(1)>" in shown
    # feedparser (what many readers use) agrees.
    entry = feedparser.parse(client.get(url).content).entries[0]
    assert "<img" not in entry.summary and FAKE_TAG in entry.summary


@pytest.mark.parametrize(
    "url, path",
    [
        ("/feed/rss/", ".//item/{http://purl.org/rss/1.0/modules/content/}encoded"),
        ("/feed/atom/", ".//{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content"),
    ],
)
def test_feeds_carry_the_full_sanitised_body_with_absolute_urls(client, hostile, url, path):
    content = ElementTree.fromstring(client.get(url).content).find(path)
    assert content is not None
    tree = lxml.html.fragment_fromstring(content.text, create_parent="div")
    assert FAKE_TAG in content.text  # still text, as on the page
    assert [image.get("src") for image in tree.iter("img")] == ["http://testserver/media/uploads/a.png"]
    assert not [e for e in tree.iter() if any(name.startswith("on") for name in e.attrib)]
    assert "http://testserver/news/1.html" in [a.get("href") for a in tree.iter("a")]
    assert content.text.count("编辑部核对后认为这只是一段文字。") == 12
    entry = feedparser.parse(client.get(url).content).entries[0]
    assert "编辑部核对后认为" in entry.content[0].value


def test_an_article_without_a_summary_has_no_description_but_its_content(client):
    make_article("快讯", body="<p>全市首座加氢站今天投入运营。</p>")
    rss = ElementTree.fromstring(client.get("/feed/rss/").content)
    item = rss.find(".//item")
    assert item.find("description") is None
    assert "加氢站" in item.find("{http://purl.org/rss/1.0/modules/content/}encoded").text


def test_the_channel_description_is_escaped_for_rss_and_plain_in_atom(client):
    from portal.models import SiteSettings

    settings = SiteSettings.load()
    settings.description = "园区 & 产业 <资讯>"
    settings.save()
    rss = ElementTree.fromstring(client.get("/feed/rss/").content)
    assert rss.find("channel/description").text == "园区 &amp; 产业 &lt;资讯&gt;"
    atom = ElementTree.fromstring(client.get("/feed/atom/").content)
    assert atom.find("{http://www.w3.org/2005/Atom}subtitle").text == "园区 & 产业 <资讯>"


@pytest.mark.parametrize("url", ["/feed/rss/", "/feed/atom/", "/category/parks/feed/rss/"])
def test_a_cached_feed_shows_a_new_or_edited_article_at_once(client, url):
    parks = make_category("园区动态", slug="parks")
    article = make_article("第一篇园区新闻", category=parks)
    assert "第一篇园区新闻" in client.get(url).content.decode()
    make_article("第二篇园区新闻", category=parks)
    article.title = "第一篇园区新闻（更正）"
    article.save()
    body = client.get(url).content.decode()
    assert "第二篇园区新闻" in body and "第一篇园区新闻（更正）" in body
    # Unknown parameters get the same feed, not an entry of their own.
    assert client.get(f"{url}?utm_source=reader").content.decode() == body


def articles_read(client, url):
    """The response to `url` built anew, and the ids of the articles whose entries it wrote (not cached)."""
    caching.bump("lists")  # the whole feed is cached too (news/urls.py)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    bodies = [query["sql"] for query in queries if '"body"' in query["sql"]]
    ids = [re.search(r'"news_article"\."id" IN \(([^)]*)\)', sql)[1] for sql in bodies]
    return response, sorted(int(pk) for found in ids for pk in found.split(","))


@pytest.mark.parametrize("url", ["/feed/rss/", "/feed/atom/", "/category/parks/feed/rss/"])
def test_a_rebuilt_feed_writes_only_the_entries_that_changed(client, url):
    parks = make_category("园区动态", slug="parks")
    first = make_article("园区新闻甲", category=parks, when=-timedelta(hours=2))
    second = make_article("园区新闻乙", category=parks, when=-timedelta(hours=1))
    assert articles_read(client, url)[1] == [first.pk, second.pk]
    third = make_article("园区新闻丙", category=parks, when=-timedelta(minutes=1))
    second.title = "园区新闻乙（更正）"
    second.save()
    response, read = articles_read(client, url)
    assert read == [second.pk, third.pk]  # 园区新闻甲's entry is reused
    titles = [entry.title for entry in feedparser.parse(response.content).entries]
    assert titles == ["园区新闻丙", "园区新闻乙（更正）", "园区新闻甲"]


def test_feed_entries_follow_a_renamed_category_or_source(client):
    parks, source = make_category("园区动态", slug="parks"), make_source("滨江融媒")
    make_article("园区新闻", category=parks, source=source, author="")
    entry = fetch(client, "/feed/atom/").entries[0]
    assert (entry.tags[0].term, entry.author) == ("园区动态", "滨江融媒")
    parks.name, source.name = "园区与产业", "滨江新闻中心"
    parks.save()
    source.save()
    entry = fetch(client, "/feed/atom/").entries[0]
    assert (entry.tags[0].term, entry.author) == ("园区与产业", "滨江新闻中心")


def test_feed_entries_link_to_the_host_and_scheme_they_were_asked_on(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example.cn"]
    article = make_article("园区新闻")
    assert fetch(client, "/feed/rss/").entries[0].link == f"http://testserver{article.get_absolute_url()}"
    response = client.get("/feed/rss/", headers={"host": "news.example.cn"}, secure=True)
    entry = feedparser.parse(response.content).entries[0]
    assert entry.link == f"https://news.example.cn{article.get_absolute_url()}"
