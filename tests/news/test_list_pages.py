"""Home, category, tag and source pages: what they list and how they page."""

from datetime import timedelta

import pytest
from django.utils.timezone import localdate

from news.models import DailyViews
from news.views import PAGE_SIZE
from tests.factories import make_article, make_category, make_cover, make_source
from tests.pages import block, links, parse, text

pytestmark = pytest.mark.django_db


def listed_titles(soup):
    return [text(a) for a in soup.select(".article-list h2 a")]


def test_home_has_headline_focus_latest_category_blocks_and_ranking(client):
    parks = make_category("园区动态", slug="parks", position=1)
    energy = make_category("绿色能源", slug="energy", position=2)
    make_category("隐藏栏目", slug="hidden", is_visible=False)
    headline = make_cover(make_article("今日头条", category=parks, is_headline=True, when=timedelta(hours=-5)))
    make_cover(make_article("焦点图文", category=energy, is_recommended=True))
    popular = make_article("最多人看", category=energy)
    DailyViews.objects.create(article=popular, date=localdate(), views=1)
    soup = parse(client.get("/"))

    head = block(soup, "头条")
    assert text(head.find("h3")) == "今日头条"
    assert head.find("img", alt="今日头条")["width"] == "640"
    # The headline is shown once at the top: not again in the focus pictures or the latest list.
    assert head.select_one(".focus-grid") is None  # one picture besides the headline cannot fill a row
    assert {title for title, _ in links(block(soup, "最新资讯"))} == {"焦点图文", "最多人看"}
    assert links(block(soup, "园区动态"))[2:] == [("今日头条", headline.get_absolute_url())]
    assert "最多人看" in {title for title, _ in links(block(soup, "绿色能源"))}
    assert soup.find(lambda tag: tag.name == "h2" and text(tag) == "隐藏栏目") is None
    assert links(block(soup, "点击排行").find("ol"))[0] == ("最多人看", popular.get_absolute_url())


def test_home_focus_pictures_leave_out_the_headline_and_fill_whole_rows(client):
    category = make_category("园区动态", slug="parks")
    headline = make_cover(make_article("今日头条", category=category, is_headline=True, is_recommended=True))
    pictures = [make_cover(make_article(f"图文{n}", category=category, is_recommended=True)) for n in range(3)]
    soup = parse(client.get("/"))
    focus = links(soup.select_one(".focus-grid"))
    assert headline.get_absolute_url() not in {url for _, url in focus}
    # Three pictures besides the headline: two are shown, so that no slot of a row is left empty.
    assert [title for title, _ in focus] == ["图文0", "图文1"]
    assert len(pictures) == 3
    make_cover(make_article("图文3", category=category, is_recommended=True))
    make_cover(make_article("图文4", category=category, is_recommended=True))
    focus = links(parse(client.get("/")).select_one(".focus-grid"))
    assert [title for title, _ in focus] == ["图文0", "图文1", "图文2", "图文3"]


def test_without_a_headline_the_newest_article_leads_the_home_page(client):
    make_article("较早的文章", when=timedelta(hours=-3))
    make_article("最新的文章", when=timedelta(hours=-1))
    soup = parse(client.get("/"))
    assert text(block(soup, "头条").find("h3")) == "最新的文章"
    assert [title for title, _ in links(block(soup, "最新资讯"))] == ["较早的文章"]


def test_category_page_lists_its_sub_categories_articles_with_thumbnails(client):
    parent = make_category("园区动态", slug="parks")
    child = make_category("高新区", slug="hitech", parent=parent)
    make_cover(make_article("子栏目文章", category=child, summary="高新区的新闻摘要。"))
    make_article("父栏目文章", category=parent)
    make_article("别的栏目文章")
    soup = parse(client.get(parent.get_absolute_url()))
    assert text(soup.find("h1")) == "园区动态"
    assert listed_titles(soup) == ["子栏目文章", "父栏目文章"]
    assert links(soup.find("nav", attrs={"aria-label": "子栏目"})) == [("高新区", "/category/hitech/")]
    item = soup.select_one(".article-item")
    assert text(item.select_one(".summary-line")) == "高新区的新闻摘要。"
    image = item.find("img")
    assert (image["width"], image["height"], image["alt"], image["loading"]) == ("180", "120", "子栏目文章", "lazy")
    assert image["src"].startswith("/media/thumbs/list/")
    current = soup.find("nav", class_="category-nav").find("a", attrs={"aria-current": "page"})
    assert current["href"] == "/category/parks/"


def test_tag_and_source_pages(client):
    source = make_source("产业观察周刊", website="https://industry.example.org/")
    tagged = make_article("带标签的文章", source=source)
    tagged.tags.add("氢能")
    make_article("没有标签的文章")
    soup = parse(client.get("/tag/氢能/"))
    assert text(soup.find("h1")) == "氢能"
    assert listed_titles(soup) == ["带标签的文章"]
    soup = parse(client.get(source.get_absolute_url()))
    assert text(soup.find("h1")) == "来自“产业观察周刊”的文章"
    assert listed_titles(soup) == ["带标签的文章"]


def test_pages_are_numbered_and_bad_page_numbers_are_404(client):
    category = make_category()
    for n in range(PAGE_SIZE + 3):
        make_article(f"第{n}篇", category=category, when=timedelta(minutes=-n - 1))
    second = parse(client.get(category.get_absolute_url() + "?page=2"))
    assert listed_titles(second) == [f"第{n}篇" for n in range(PAGE_SIZE, PAGE_SIZE + 3)]
    pagination = second.find("nav", class_="pagination")
    assert text(pagination.find(attrs={"aria-current": "page"})) == "2"
    assert ("上一页", "?page=1") in links(pagination)
    for page in ["3", "0", "abc"]:
        assert client.get(category.get_absolute_url() + f"?page={page}").status_code == 404


def test_lists_show_no_drafts_or_scheduled_articles(client):
    category = make_category("园区动态", slug="parks")
    make_article("已发布文章", category=category)
    for title, fields in [("草稿文章", {"published": False}), ("定时文章", {"when": timedelta(hours=2)})]:
        article = make_article(
            title, category=category, is_recommended=True, is_headline=True, view_count=10**6, **fields
        )
        make_cover(article)
        article.tags.add("标签")
    for url in ["/", category.get_absolute_url(), "/tag/标签/", "/sitemap/"]:
        page = client.get(url).content.decode()
        assert "草稿文章" not in page and "定时文章" not in page, url


def test_tag_pages_list_only_that_tags_published_articles_in_order_on_every_page(client):
    for n in range(2 * PAGE_SIZE + 6):
        article = make_article(f"第{n}篇", when=timedelta(minutes=-n - 1))
        article.tags.add("氢能" if n % 2 == 0 else "光伏")
    make_article("草稿", published=False).tags.add("氢能")
    make_article("定时", when=timedelta(hours=1)).tags.add("氢能")
    expected = [f"第{n}篇" for n in range(0, 2 * PAGE_SIZE + 6, 2)]
    first = parse(client.get("/tag/氢能/"))
    second = parse(client.get("/tag/氢能/?page=2"))
    assert listed_titles(first) + listed_titles(second) == expected
    assert text(first.select_one(".page-count")).startswith(f"共 {len(expected)} 篇")


def test_a_list_pages_cached_rows_follow_the_articles_on_it(client, settings):
    """A list page's ids and rows are cached until an article changes: a save, or a bulk write that says so."""
    from news.models import Article
    from news.signals import articles_changed

    settings.PAGE_CACHE = False
    category = make_category("园区", "parks")
    article = make_article("旧标题", category=category)
    assert "旧标题" in client.get("/category/parks/").content.decode()
    article.title = "新标题"
    article.save()
    page = client.get("/category/parks/").content.decode()
    assert "新标题" in page and "旧标题" not in page
    # update() sends no post_save: like the importers and bulk actions, the writer names the articles it changed.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    articles_changed.send(sender=Article, ids=[article.pk])
    assert "新标题" not in client.get("/category/parks/").content.decode()
