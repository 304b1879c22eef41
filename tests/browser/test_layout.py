"""The reader pages on the demo content, at 1280 px and at 375 px: screenshots and layout facts.

Screenshots go to tests/screenshots/ (git-ignored) for a person to look at;
the assertions check what the eye would: the navigation on one row, list
markers inside the text column, news in the first screen of a phone.
"""

import pytest

from news.demo import load_demo
from news.models import Article
from tests.browser.test_reader import axe_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE_HEIGHT = 812
NO_RESULTS = "/search/?q=量子纠缠"


@pytest.fixture
def demo():
    load_demo()
    return {
        "feature": Article.objects.get(import_key="demo:hydrogen-stack-line"),
        "with_list": Article.objects.get(import_key="demo:neighbourhood-centre"),
    }


def pages(demo):
    return {
        "home": "/",
        "article": demo["feature"].get_absolute_url(),
        "category": "/category/parks/",
        "search-no-results": NO_RESULTS,
        "footer-page": "/page/about.html",
        "long-article-page-2": Article.objects.get(import_key="demo:ai-computing").get_absolute_url() + "?page=2",
        "topic": "/special/hydrogen/",
        "topic-index": "/special/",
    }


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def marker_offsets(page, selector):
    """For each list item matched: how far its box starts right of its text column's left edge.

    Markers are drawn outside the item's box, about 1em to its left: an item
    that starts at the column's edge has its marker outside the column.
    """
    return page.eval_on_selector_all(
        selector,
        """items => items.map(item => {
            const column = item.closest('.body, .no-results');
            return item.getBoundingClientRect().left - column.getBoundingClientRect().left;
        })""",
    )


def hrefs(tab, selector):
    return tab.locator(selector).evaluate_all("links => links.map(a => a.getAttribute('href'))")


def row_tops(tab, selector):
    return tab.locator(selector).evaluate_all("items => items.map(i => Math.round(i.getBoundingClientRect().top))")


def test_screenshots_and_accessibility_at_1280_and_375(page, phone, demo, screenshot_dir):
    problems = {}
    for device, tab in (("1280", page), ("375", phone)):
        for name, url in pages(demo).items():
            tab.goto(url)
            assert tab.evaluate("document.documentElement.scrollWidth") <= tab.viewport_size["width"], (name, device)
            path = screenshot_dir / f"{name}-{device}.png"
            tab.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 20_000
            found = axe_problems(tab)
            if found:
                problems[f"{name}-{device}"] = found
    assert not problems, problems


def test_phone_header_leaves_the_first_screen_to_news(phone, demo):
    phone.goto("/")
    # The navigation is one row that scrolls sideways, not three rows.
    assert len(set(row_tops(phone, ".category-nav li"))) == 1
    assert phone.locator(".category-nav ul").evaluate("list => list.scrollWidth > list.clientWidth")
    # Brand and search box share a row.
    assert abs(box(phone, ".brand")["y"] - box(phone, ".search-form")["y"]) < 20
    # The promotion strip is folded to one line; its links show when the reader opens it.
    strip = phone.locator("details.promotions")
    assert not strip.evaluate("element => element.open")
    assert strip.bounding_box()["height"] < 40
    assert not phone.locator(".promotions a").first.is_visible()
    # The headline, picture and title, is in the first screen, shown once; focus pictures two across, rows full.
    title = box(phone, ".headline-article h3")
    assert title["y"] + title["height"] <= PHONE_HEIGHT
    headline = demo["feature"].get_absolute_url()
    assert headline not in hrefs(phone, ".focus-grid a") + hrefs(phone, ".latest a")
    tops = row_tops(phone, ".focus-grid li")
    assert tops.count(tops[0]) == 2 and len(tops) % 2 == 0, tops
    strip.locator("summary").click()
    assert phone.locator(".promotions a").first.is_visible()
    phone.goto(demo["feature"].get_absolute_url())
    heading = box(phone, ".article h1")
    assert heading["y"] + heading["height"] <= PHONE_HEIGHT / 2


def test_desktop_frame_and_home(page, demo):
    page.goto("/")
    assert page.locator(".promotions a").first.is_visible()
    assert not page.locator(".promotions summary").is_visible()
    assert box(page, ".promotions")["height"] < 60
    assert len(set(row_tops(page, ".category-nav li"))) == 1
    headline = demo["feature"].get_absolute_url()
    assert page.locator(".headline-article h3 a").get_attribute("href") == headline
    focus = hrefs(page, ".focus-grid a")
    assert len(focus) == 4 and headline not in focus + hrefs(page, ".latest a")
    assert len(set(row_tops(page, ".focus-grid li"))) == 1  # one full row of four


def test_text_lists_quotes_tables_and_figures(page, phone, demo):
    for tab in (page, phone):
        for url, selector in (
            (demo["with_list"].get_absolute_url(), ".article .body li"),
            (demo["feature"].get_absolute_url(), ".article .body li"),
            ("/page/about.html", ".page .body li"),
            (NO_RESULTS, ".no-results li"),
        ):
            tab.goto(url)
            offsets = marker_offsets(tab, selector)
            assert offsets and all(offset >= 20 for offset in offsets), (url, offsets)

    page.goto(demo["feature"].get_absolute_url())
    quote = page.locator(".body blockquote p").first
    assert quote.evaluate("p => getComputedStyle(p).textIndent") == "0px"
    assert page.locator(".body blockquote").evaluate("q => getComputedStyle(q).borderLeftStyle") == "solid"
    table = page.locator(".body figure.table")
    caption, grid = table.locator("figcaption").bounding_box(), table.locator("table").bounding_box()
    assert caption["y"] + caption["height"] <= grid["y"] + 1  # the table's caption is above it
    header = table.locator("th").first.evaluate("th => getComputedStyle(th).backgroundColor")
    assert header not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    figure = page.locator(".body figure.image").first
    picture, text = figure.locator("img").bounding_box(), figure.locator("figcaption").bounding_box()
    assert text["y"] >= picture["y"] + picture["height"]
    assert figure.locator("figcaption").evaluate("c => parseFloat(getComputedStyle(c).fontSize)") < 16

    page.goto(NO_RESULTS)
    assert page.locator("header input[name=q]").input_value() == "量子纠缠"
    for heading in ("最新文章", "热门文章"):
        block = page.locator("section.block", has=page.get_by_role("heading", name=heading))
        assert block.locator("li a").count() >= 5
        assert block.locator("li time").first.is_visible()
