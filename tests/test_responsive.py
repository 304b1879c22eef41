"""On a 375-px-wide phone nothing overflows horizontally and the sidebar drops below the content."""

import shutil
from datetime import timedelta

import pytest

from tests.factories import make_article, make_category, make_cover, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    pytest.skip("Chromium is missing")


def test_phone_layout_has_no_horizontal_overflow(live_server, monkeypatch):
    executable = chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    category = make_category("园区动态", slug="parks")
    source = make_source("一个名字很长很长的媒体来源机构", website="https://media.example.com/")
    for n in range(12):
        article = make_article(
            "一个非常长的标题" * 4 + f"第{n}篇",
            category=category,
            source=source,
            author="记者",
            is_recommended=n % 2 == 0,
            is_headline=n == 0,
            when=timedelta(hours=-n - 1),
            body="<p>" + "长段落文字" * 80 + "</p><table><tr>" + "<td>宽表格单元</td>" * 20 + "</tr></table>",
        )
        article.tags.add("园区", "很长很长的标签名字")
        make_cover(article, size=(1600, 900))
    # Playwright's sync API runs an event loop in this thread; the data is already written.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 375, "height": 800})
        for url in [article.get_absolute_url(), "/", "/category/parks/", "/page/about.html", "/sitemap/"]:
            page.goto(live_server.url + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{url} is {width}px wide"
            main = page.locator("main").bounding_box()
            aside = page.locator("aside.sidebar").bounding_box()
            assert aside["y"] >= main["y"] + main["height"], url
        browser.close()
