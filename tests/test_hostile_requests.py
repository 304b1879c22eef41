"""Odd and hostile URLs get a 4xx or a page, never a 500, on either database."""

import pytest

from tests.factories import make_article, make_category

HUGE = "9" * 25

URLS = [
    f"/news/{HUGE}.html",
    f"/source/{HUGE}/",
    f"/views/{HUGE}/",
    "/search/?q=%00",
    "/search/?q=" + "氢" * 5000,
    "/search/?q=a&category=abc&start=2021-13-45",
    f"/search/?q=a&page={HUGE}",
    f"/category/parks/?page={HUGE}",
    "/category/parks/?page=-1",
    "/category/parks/?page=abc",
    "/tag/%00/",
    "/tag/%E5%9B%AD%E5%8C%BA%00x/",
    "/page/%E4%B8%AD.html",
    "/feed/rss/?x=%FF",
    "/category/nope/feed/rss/",
    "/sitemap.xml?p=abc",
    "/news/1.html?%ZZ",
    "/search/?q=%F0%9F%98%80",
    "/search/?q=NEAR(a%20b)%20OR%20%22",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_odd_urls_never_give_a_server_error(client, url):
    article = make_article("园区新闻", category=make_category("园区", slug="parks"))
    article.tags.add("园区")
    assert client.get(url).status_code < 500
    if url.startswith("/views/"):
        assert client.post(url).status_code == 404
