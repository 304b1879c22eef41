"""/sitemap.xml, its sections, robots.txt and the HTML 网站地图."""

from datetime import timedelta

import pytest
from defusedxml import ElementTree

from tests.factories import make_article, make_category
from tests.pages import links, parse

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)


def test_sitemap_index_lists_sections_with_only_published_articles(client):
    category = make_category("园区动态", slug="parks")
    published = make_article(category=category)
    draft = make_article(category=category, published=False)
    scheduled = make_article(category=category, when=timedelta(hours=1))
    index = xml(client, "/sitemap.xml")
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert "http://testserver/sitemap-articles.xml" in sections
    urls = {}
    for section in sections:
        for url in xml(client, section.removeprefix("http://testserver")).findall("s:url", NS):
            urls[url.find("s:loc", NS).text] = url.find("s:lastmod", NS)
    base = "http://testserver"
    assert base + published.get_absolute_url() in urls
    assert urls[base + published.get_absolute_url()].text.startswith(str(published.updated_at.year))
    assert base + draft.get_absolute_url() not in urls
    assert base + scheduled.get_absolute_url() not in urls
    assert base + "/category/parks/" in urls
    assert base + "/page/about.html" in urls


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_html_site_map_lists_categories_pages_and_latest(client):
    make_category("园区动态", slug="parks")
    article = make_article("最新的一篇")
    soup = parse(client.get("/sitemap/"))
    found = links(soup.find("main"))
    assert ("园区动态", "/category/parks/") in found
    assert ("关于我们", "/page/about.html") in found
    assert ("最新的一篇", article.get_absolute_url()) in found


def test_sitemap_sections_are_cached_but_show_a_new_article_at_once(client, settings):
    settings.PAGE_CACHE = False
    first = make_article()
    section = "/sitemap-articles.xml"

    def locations():
        return [url.find("s:loc", NS).text for url in xml(client, section).findall("s:url", NS)]

    assert locations() == ["http://testserver" + first.get_absolute_url()]
    response = client.get(section)
    assert response["Content-Type"] == "application/xml"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    second = make_article(when=timedelta(seconds=-1))
    assert locations() == [
        "http://testserver" + second.get_absolute_url(),
        "http://testserver" + first.get_absolute_url(),
    ]
    # Another host gets its own copy, with its own addresses.
    other = client.get(section, HTTP_HOST="localhost")
    assert b"http://localhost/news/" in other.content
    assert client.get("/sitemap-nothing.xml").status_code == 404
