"""The reader's visit, on a desktop and on a phone, with accessibility checks."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from portal.defaults import ensure_footer_pages
from portal.models import FooterPage
from tests.factories import make_article, make_category, make_cover, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def site_content():
    """A small site: two categories, a reprint with a cover, and enough articles for every block."""
    # Transactional tests flush the tables that data migrations filled.
    ensure_footer_pages(FooterPage)
    parks = make_category("园区动态", slug="parks", description="园区建设的最新进展。")
    make_category("科技创新", slug="innovation")
    media = make_source("一个名字很长很长的媒体来源机构", website="https://media.example.com/")
    articles = []
    for n in range(8):
        article = make_article(
            f"园区第{n}条新闻：新厂房完成验收" + ("，项目进入设备安装阶段" * (n % 2)),
            category=parks,
            source=media,
            author="记者小李",
            is_recommended=n % 2 == 0,
            is_headline=n == 0,
            when=timedelta(hours=-n - 1),
            original_url=f"https://media.example.com/news/{n}.html",
            body="<p>" + "园区里的企业正在安装新的生产线，" * 30 + "</p>"
            "<table><tr>" + "<td>宽表格单元</td>" * 12 + "</tr></table>",
        )
        article.tags.add("园区", "很长很长的一个标签名字")
        make_cover(article, size=(1200, 700))
        articles.append(article)
    return {"category": parks, "articles": articles}


def test_home_to_category_to_article(page, site_content):
    article = site_content["articles"][1]
    page.goto("/")
    page.get_by_role("navigation", name="栏目导航").get_by_role("link", name="园区动态").click()
    page.wait_for_url("**/category/parks/")
    assert page.locator("h1").inner_text() == "园区动态"
    page.locator("main").get_by_role("link", name=article.title).first.click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page.locator("h1").inner_text() == article.title
    breadcrumb = page.get_by_role("navigation", name="当前位置").inner_text()
    assert "首页" in breadcrumb and "园区动态" in breadcrumb and "正文" in breadcrumb
    assert "核心提示" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="查看原文").get_attribute("href") == article.original_url


def test_footer_links_reach_every_footer_page(page, site_content):
    page.goto("/")
    footer = page.locator("footer.site-footer")
    titles = list(FooterPage.objects.published().values_list("title", flat=True))
    assert len(titles) == 5
    for title in [*titles, "网站地图"]:
        page.goto("/")
        footer.get_by_role("link", name=title, exact=True).click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == title


PHONE_PAGES = ["/", "/category/parks/", "/page/about.html", "/sitemap/", "/no-such-page/"]


def test_phone_layout_has_no_horizontal_scroll_and_sidebar_below(phone, site_content):
    article = site_content["articles"][0]
    for url in [article.get_absolute_url(), *PHONE_PAGES]:
        phone.goto(url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{url} scrolls horizontally: {width}px wide"
        main = phone.locator("main").bounding_box()
        aside = phone.locator("aside.sidebar")
        if aside.count():
            assert aside.bounding_box()["y"] >= main["y"] + main["height"] - 1, f"{url}: sidebar not below"


def test_screenshots_desktop_and_phone(page, phone, site_content, screenshot_dir):
    article = site_content["articles"][0]
    for device, tab in (("desktop", page), ("phone", phone)):
        for name, url in (("home", "/"), ("article", article.get_absolute_url())):
            tab.goto(url)
            path = screenshot_dir / f"{name}-{device}.png"
            tab.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000


def axe_problems(page):
    """Serious and critical axe-core violations on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_accessibility_no_serious_violations(page, site_content):
    article = site_content["articles"][0]
    urls = [
        "/",
        article.get_absolute_url(),
        "/category/parks/",
        "/search/?q=园区",
        "/page/about.html",
        "/no-such-page/",
    ]
    problems = {}
    for url in urls:
        page.goto(url)
        found = axe_problems(page)
        if found:
            problems[url] = found
    assert not problems, problems


# Headless Chromium names itself "HeadlessChrome", which the counter rightly
# treats as a bot; these readers present a desktop browser's user agent.
READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"


def shown_count(page):
    """The count the page shows once the beacon has answered."""
    page.wait_for_load_state("networkidle")
    return int(page.locator("main .view-count").inner_text())


def test_view_count_rises_once_per_visit_not_on_reload(browser, live_server, site_content):
    article = site_content["articles"][2]
    url = live_server.url + article.get_absolute_url()
    first_reader = browser.new_context(user_agent=READER_AGENT)
    page = first_reader.new_page()
    page.goto(url)
    before = shown_count(page)
    assert before == 1, "the first visit was not counted"
    page.reload()
    assert shown_count(page) == before, "a reload within the repeat window counted again"
    first_reader.close()

    # Another reader: the same address with the same browser would be the same client (news/viewguard.py).
    second_reader = browser.new_context(user_agent=READER_AGENT.replace("Chrome/130", "Chrome/131"))
    page = second_reader.new_page()
    page.goto(url)
    assert shown_count(page) == before + 1
    second_reader.close()
    # With Redis the views are buffered; flush them as `manage.py flush_views` does.
    call_command("flush_views", verbosity=0)
    article.refresh_from_db()
    assert article.view_count == before + 1


def test_from_the_page_cache_the_beacon_counts_and_shows_the_count(browser, live_server, site_content, settings):
    """One shareable page for every reader (news/counters.py): its script counts the view."""
    settings.PAGE_CACHE = True
    article = site_content["articles"][3]
    url = live_server.url + article.get_absolute_url()
    reader = browser.new_context(user_agent=READER_AGENT)
    page = reader.new_page()
    with page.expect_response(lambda response: "/views/" in response.url and response.request.method == "POST"):
        page.goto(url)
    assert shown_count(page) == 1
    page.reload()
    assert shown_count(page) == 1, "a reload within the repeat window counted again"
    reader.close()
    call_command("flush_views", verbosity=0)
    article.refresh_from_db()
    assert article.view_count == 1
