"""Long articles: pages split at the page break, links between them, one count per reading, and a contents list."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from news import viewbuffer
from news.models import Article
from news.sanitizer import PAGE_BREAK, clean_html, split_pages
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
# What CKEditor 5's PageBreak plugin writes into the body.
CKEDITOR_BREAK = (
    '<div class="page-break" style="page-break-after:always;"><span style="display:none;">&nbsp;</span></div>'
)


def three_pages():
    body = CKEDITOR_BREAK.join(
        [
            "<p>第一页的导语。</p><h2>缘起</h2><p>第一页正文。</p>",
            "<h2>进展</h2><p>第二页正文。</p><h3>细节</h3><p>更多细节。</p>",
            "<h2>展望</h2><p>第三页正文。</p>",
        ]
    )
    return make_article("三页长文", body=body)


def soup(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def body_text(page):
    return page.select_one(".article .body").get_text()


def stored_views(article):
    viewbuffer.flush()
    return Article.objects.get(pk=article.pk).view_count


def test_the_sanitiser_keeps_ckeditors_page_break_and_nothing_in_it():
    body = clean_html(f"<p>一</p>{CKEDITOR_BREAK}<p>二</p><!--nextpage--><p>三</p>")
    assert split_pages(body) == ["<p>一</p>", "<p>二</p>", "<p>三</p>"]
    assert clean_html(body) == body
    # A div of that class with content is no page break: its markup goes, its text stays.
    assert clean_html('<p>a</p><div class="page-break"><img src=x onerror=alert(1)>文字</div>') == (
        '<p>a</p><img src="x">文字'
    )
    assert clean_html('<div class="page-break-wrapper"><p>a</p></div>') == "<p>a</p>"
    # Breaks at the start, the end or twice in a row make no empty pages; each page is balanced on its own.
    assert clean_html(f"{CKEDITOR_BREAK}<p>一<b>粗{CKEDITOR_BREAK}{CKEDITOR_BREAK}<p>二</p>{CKEDITOR_BREAK}") == (
        f"<p>一<b>粗</b></p>{PAGE_BREAK}<p>二</p>"
    )


def test_pages_of_a_long_article_and_the_links_between_them(client):
    article = three_pages()
    url = article.get_absolute_url()
    first = soup(client, url)
    assert "第一页正文" in body_text(first) and "第二页正文" not in body_text(first)
    nav = first.select_one("nav.article-pages")
    assert [a.get_text() for a in nav.select("a")] == ["2", "3", "下一页", "全文"]
    assert nav.select_one("[aria-current=page]").get_text() == "1"
    assert nav.select_one("a[rel=next]")["href"] == f"{url}?page=2"

    second = soup(client, f"{url}?page=2")
    assert "第二页正文" in body_text(second) and "第一页正文" not in body_text(second)
    nav = second.select_one("nav.article-pages")
    assert [a.get_text() for a in nav.select("a")] == ["上一页", "1", "3", "下一页", "全文"]
    assert nav.select_one("a[rel=prev]")["href"] == url
    assert "（第2页）" in second.title.get_text()

    everything = soup(client, f"{url}?page=all")
    assert all(f"第{n}页正文" in body_text(everything) for n in "一二三")
    assert everything.select_one("nav.article-pages [aria-current=page]").get_text() == "全文"


def test_canonical_and_rel_links(client):
    article = three_pages()
    url = article.get_absolute_url()

    def head(query=""):
        page = soup(client, url + query)
        links = {rel: page.select_one(f"head link[rel={rel}]") for rel in ("canonical", "prev", "next")}
        robots = page.select_one("head meta[name=robots]")
        return {rel: link["href"] if link else None for rel, link in links.items()}, robots and robots["content"]

    site = "http://testserver"
    assert head() == ({"canonical": f"{site}{url}", "prev": None, "next": f"{site}{url}?page=2"}, None)
    assert head("?page=1") == head()
    assert head("?page=2") == (
        {"canonical": f"{site}{url}?page=2", "prev": f"{site}{url}", "next": f"{site}{url}?page=3"},
        None,
    )
    assert head("?page=3") == ({"canonical": f"{site}{url}?page=3", "prev": f"{site}{url}?page=2", "next": None}, None)
    # 全文 repeats the pages: not indexed, and it names the first page as the canonical one.
    assert head("?page=all") == ({"canonical": f"{site}{url}", "prev": None, "next": None}, "noindex, follow")


@pytest.mark.parametrize("query", ["?page=4", "?page=0", "?page=-1", "?page=abc", "?page=2.0"])
def test_a_page_that_does_not_exist_is_not_found(client, query):
    article = three_pages()
    assert client.get(article.get_absolute_url() + query).status_code == 404


def test_a_short_article_has_one_page_and_no_page_links(client):
    article = make_article(body="<p>一页就够。</p>")
    page = soup(client, article.get_absolute_url())
    assert page.select_one("nav.article-pages") is None
    assert client.get(article.get_absolute_url() + "?page=2").status_code == 404
    # 全文 of a one-page article is that page.
    assert soup(client, article.get_absolute_url() + "?page=all").select_one("head meta[name=robots]") is None


def test_a_reading_is_counted_once_not_once_per_page(client):
    article = three_pages()
    url = article.get_absolute_url()
    beacon = reverse("news:article-views", kwargs={"pk": article.pk})
    # Only the first page carries the beacon; pages count nothing themselves.
    for query in ("", "?page=2", "?page=3", "?page=all"):
        client.get(url + query, HTTP_USER_AGENT=BROWSER)
    assert stored_views(article) == 0
    assert beacon in client.get(url, HTTP_USER_AGENT=BROWSER).content.decode()
    later = client.get(url + "?page=2", HTTP_USER_AGENT=BROWSER).content.decode()
    assert "data-view-beacon" not in later and "view-counter.js" not in later
    # The reader's browser sends the first page's beacon once per reading (it keeps the cookie).
    for _ in range(2):
        client.post(beacon, HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="same-origin")
    assert stored_views(article) == 1


def test_the_table_of_contents_links_to_headings_on_every_page(client):
    article = three_pages()
    url = article.get_absolute_url()
    first = soup(client, url)
    contents = first.select_one("nav.contents")
    assert [(a.get_text(), a["href"]) for a in contents.select("a")] == [
        ("缘起", "#heading-1"),
        ("进展", f"{url}?page=2#heading-2"),
        ("细节", f"{url}?page=2#heading-3"),
        ("展望", f"{url}?page=3#heading-4"),
    ]
    assert first.select_one(".body h2#heading-1").get_text() == "缘起"
    second = soup(client, f"{url}?page=2")
    assert second.select_one(".body h3#heading-3").get_text() == "细节"
    assert second.select_one("nav.contents a")["href"] == f"{url}#heading-1"
    everything = soup(client, f"{url}?page=all")
    assert [a["href"] for a in everything.select("nav.contents a")] == [f"#heading-{n}" for n in range(1, 5)]
    assert len(everything.select(".body [id^=heading-]")) == 4


def test_an_article_with_few_sub_headings_has_no_table_of_contents(client):
    article = make_article(body="<h2>一</h2><p>正文。</p><h2>二</h2><p>正文。</p>")
    page = soup(client, article.get_absolute_url())
    assert page.select_one("nav.contents") is None
    # The headings are anchored all the same, for links from elsewhere.
    assert [h["id"] for h in page.select(".body h2")] == ["heading-1", "heading-2"]


def test_the_demo_feature_is_split_into_pages(client):
    from news.demo import load_demo

    load_demo()
    article = Article.objects.get(import_key="demo:ai-computing")
    page = soup(client, article.get_absolute_url())
    assert [a.get_text() for a in page.select("nav.article-pages a")] == ["2", "3", "下一页", "全文"]
    assert len(page.select("nav.contents a")) == 3


def test_feeds_carry_the_whole_text_of_a_long_article_without_the_page_breaks(client):
    three_pages()
    for url in ("/feed/rss/", "/feed/atom/"):
        feed = client.get(url).content.decode()
        assert all(f"第{n}页正文" in feed for n in "一二三"), url
        assert "page-break" not in feed
