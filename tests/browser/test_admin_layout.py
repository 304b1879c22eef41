"""The article list leaves the title its room at 1280 px and on a 1024 px tablet."""

import pytest

from tests.browser.conftest import SCREENSHOTS, login
from tests.factories import make_article, make_category, make_source, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [1280, 1024])
def test_article_list_fits_the_screen(browser, live_server, width):
    category = make_category("园区动态 / 高新区", slug="gaoxin")
    source = make_source("产业观察周刊")
    title = "高新区发布首批低空经济应用场景清单 企业拿到试飞许可"
    for number in range(40):
        make_article(f"第{number}条：{title}", category=category, source=source)
    chief = make_user("laozhang", group="主编")
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    login(page, chief.username)
    page.goto("/admin/news/article/")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"admin-article-list-{width}.png"))

    assert page.locator("#nav-sidebar").count() == 0
    # Every column in sight: nothing scrolls off to the right.
    last_header = page.locator("#result_list thead th").last
    box = last_header.bounding_box()
    assert box["x"] + box["width"] <= width
    # A title reads as a line or two, not three characters a line.
    title = page.locator("#result_list td.field-title, #result_list th.field-title").first
    assert title.bounding_box()["width"] >= 250
    # 40 rows at no more than two lines each (the list was 5,424 px tall).
    assert page.locator("#result_list").bounding_box()["height"] < 2100
    context.close()
