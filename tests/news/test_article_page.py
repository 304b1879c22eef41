"""The article page: the reference page's anatomy, in order, and what search engines read."""

import json
from datetime import timedelta

import pytest
from django.utils.timezone import localdate, localtime

from news.models import DailyViews
from portal.models import SiteSettings
from tests.factories import make_article, make_category, make_cover, make_source
from tests.pages import block, document_order, links, parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    parent = make_category("园区动态", slug="parks")
    category = make_category("开发区", slug="devzone", parent=parent)
    source = make_source("滨江融媒", website="https://media.example.com/")
    older = make_article("较早的一篇", category=category, when=timedelta(days=-3))
    article = make_article(
        "开发区新建三所社区医院",
        category=category,
        source=source,
        author="王小明",
        summary="社区医院年内投用，居民看病不出街道。",
        body="<p>开发区今年新建三所社区医院。</p><h2>服务更近</h2><p>每所医院配备全科医生。</p>",
        original_url="https://media.example.com/2024/hospital.html",
        view_count=321,
        when=timedelta(days=-2),
    )
    article.tags.add("医疗", "社区")
    # Read this week: first in the sidebar's 点击排行.
    DailyViews.objects.create(article=article, date=localdate(), views=3)
    newer = make_article("较新的一篇", category=category, when=timedelta(days=-1))
    recommended = make_cover(make_article("推荐的图文报道", is_recommended=True))
    return {"article": article, "older": older, "newer": newer, "recommended": recommended}


def test_article_page_has_the_reference_anatomy_in_order(client, story):
    article = story["article"]
    soup = parse(client.get(article.get_absolute_url()))

    breadcrumb = soup.find("nav", attrs={"aria-label": "当前位置"})
    assert [name for name, _ in links(breadcrumb)] == ["首页", "园区动态", "开发区"]
    assert text(breadcrumb).endswith("正文")
    h1s = soup.find_all("h1")
    assert [text(h) for h in h1s] == ["开发区新建三所社区医院"]
    meta = soup.select_one(".article .meta")
    assert meta.find("time")["datetime"] == localtime(article.published_at).strftime("%Y-%m-%dT%H:%M:%S%z")
    assert links(meta) == [("滨江融媒", "https://media.example.com/")]
    assert "作者：王小明" in text(meta)
    assert "浏览次数： 321" in text(meta)
    assert text(meta.select_one(".view-count")) == "321"
    summary = soup.select_one(".article .summary")
    assert text(summary) == "核心提示： 社区医院年内投用，居民看病不出街道。"
    body = soup.select_one(".article .body")
    assert text(body.find("h2")) == "服务更近"
    tags = soup.select_one(".article .tags")
    assert sorted(links(tags)) == [("医疗", "/tag/%E5%8C%BB%E7%96%97/"), ("社区", "/tag/%E7%A4%BE%E5%8C%BA/")]
    disclaimer = soup.select_one(".article .disclaimer")
    assert SiteSettings.load().reprint_disclaimer in text(disclaimer)
    assert ("查看原文", "https://media.example.com/2024/hospital.html") in links(soup.select_one(".article .reprint"))
    prev_next = soup.find("nav", attrs={"aria-label": "上一篇和下一篇"})
    assert links(prev_next) == [
        ("较早的一篇", story["older"].get_absolute_url()),
        ("较新的一篇", story["newer"].get_absolute_url()),
    ]
    same = block(soup, "更多>同类资讯")
    assert same.find("h2").a["href"] == "/category/devzone/"
    assert {title for title, _ in links(same)} >= {"较早的一篇", "较新的一篇"}
    pictures = block(soup, "推荐图文")
    image = pictures.find("img")
    assert image["alt"] == "推荐的图文报道"
    assert image["loading"] == "lazy"
    assert (image["width"], image["height"]) == ("240", "160")
    recommended = block(soup, "推荐资讯")
    assert ("推荐的图文报道", story["recommended"].get_absolute_url()) in links(recommended)
    ranking = block(soup, "点击排行")
    assert links(ranking.find("ol"))[0] == ("开发区新建三所社区医院", article.get_absolute_url())
    footer = soup.find("footer", class_="site-footer")

    positions = document_order(
        soup,
        [breadcrumb, h1s[0], meta, summary, body, tags, disclaimer, prev_next, same]
        + [pictures, recommended, ranking, footer],
    )
    assert positions == sorted(positions)
    # The sidebar follows the article in the source, so it drops below it on a phone.
    assert soup.find("main").find_next_sibling("aside") is not None


def test_search_engine_tags(client, story):
    article = story["article"]
    soup = parse(client.get(article.get_absolute_url()))
    url = f"http://testserver{article.get_absolute_url()}"
    assert text(soup.title).startswith("开发区新建三所社区医院")
    assert soup.find("meta", attrs={"name": "description"})["content"] == article.summary
    assert soup.find("link", rel="canonical")["href"] == url
    og = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:title"] == article.title
    assert og["og:url"] == url
    assert og["og:image"].startswith("http://testserver/")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["dateModified"] == article.updated_at.isoformat()
    assert data["author"] == {"@type": "Person", "name": "王小明"}
    assert data["publisher"]["name"] == SiteSettings.load().site_name
    assert data["image"][0].startswith("http://testserver/")


def test_json_ld_cannot_be_closed_by_a_title(client):
    article = make_article("</script><script>alert(1)</script>")
    soup = parse(client.get(article.get_absolute_url()))
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["headline"] == article.title
    # Only our own scripts: the JSON-LD block and the view counter's file.
    assert [script.get("src") for script in soup.find_all("script")] == [None, "/static/js/view-counter.js"]


def test_original_articles_have_no_reprint_disclaimer(client):
    own = make_source("本站", is_original=True)
    soup = parse(client.get(make_article(source=own).get_absolute_url()))
    assert soup.select_one(".disclaimer") is None
    soup = parse(client.get(make_article().get_absolute_url()))
    assert soup.select_one(".disclaimer") is None


def test_source_without_website_is_plain_text_and_has_its_own_page(client):
    source = make_source("城市晚报")
    article = make_article(source=source)
    soup = parse(client.get(article.get_absolute_url()))
    assert links(soup.select_one(".article .meta")) == []
    more = soup.select_one(".source-more a")
    assert more["href"] == source.get_absolute_url()
    page = parse(client.get(more["href"]))
    assert article.title in [text(a) for a in page.select(".article-list h2 a")]


def test_first_and_last_article_say_there_is_no_more(client):
    article = make_article()
    soup = parse(client.get(article.get_absolute_url()))
    prev_next = soup.find("nav", attrs={"aria-label": "上一篇和下一篇"})
    assert links(prev_next) == []
    assert text(prev_next) == "上一篇：没有了 下一篇：没有了"


def test_drafts_and_scheduled_articles_are_not_previous_next_or_listed(client):
    category = make_category()
    article = make_article(category=category, when=timedelta(days=-1))
    make_article("草稿文章", category=category, published=False, when=timedelta(days=-2), is_recommended=True)
    make_article("定时文章", category=category, when=timedelta(hours=3), is_recommended=True, view_count=10**6)
    soup = parse(client.get(article.get_absolute_url()))
    titles = {text(a) for a in soup.find_all("a")}
    assert not titles & {"草稿文章", "定时文章"}


def test_unknown_ids_are_404_in_the_site_frame(client):
    for url in ["/news/424242.html", "/source/424242/", "/tag/no-such-tag/", "/category/nope/", "/page/nope.html"]:
        response = client.get(url)
        assert response.status_code == 404, url
        soup = parse(response)
        assert text(soup.find("h1")) == "页面不存在"
        assert soup.find("footer", class_="site-footer") is not None


def test_summary_text_is_escaped_in_the_box_meta_description_and_open_graph(client):
    article = make_article("读者来信", summary="来信写着 <img src=x onerror=alert(1)> 这串字符。")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "<img src=x" not in html
    soup = parse(response)
    assert soup.find("img", src="x") is None
    expected = "来信写着 <img src=x onerror=alert(1)> 这串字符。"
    assert soup.find("meta", attrs={"name": "description"})["content"] == expected
    assert soup.find("meta", property="og:description")["content"] == expected
    assert text(soup.select_one(".article .summary")) == "核心提示： " + expected
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["description"] == expected


def test_a_news_flash_has_no_summary_box_and_is_described_by_its_text(client):
    article = make_article("快讯", body="<p>全市首座加氢站今天投入运营。</p><p>站点日加氢能力五百公斤。</p>")
    assert article.summary == ""
    soup = parse(client.get(article.get_absolute_url()))
    assert soup.select_one(".article .summary") is None
    description = "全市首座加氢站今天投入运营。站点日加氢能力五百公斤。"
    assert soup.find("meta", attrs={"name": "description"})["content"] == description
    assert soup.find("meta", property="og:description")["content"] == description
