"""axe-core over the admin pages an editor uses every day."""

import pytest

from tests.browser.conftest import login
from tests.browser.test_reader import axe_problems
from tests.factories import make_article, make_category, make_source, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_editor_pages_have_no_serious_axe_violations(browser, live_server):
    category = make_category("园区动态", slug="parks")
    source = make_source("滨江融媒")
    article = make_article("园区新开一条公交线", category=category, source=source)
    editor = make_user("xiaowang", group="编辑")
    pages = ("/admin/", "/admin/news/article/", "/admin/news/article/add/", f"/admin/news/article/{article.pk}/change/")
    problems = {}
    for width in (1280, 1024):
        viewport = {"width": width, "height": 900}
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport)
        context.set_default_timeout(15_000)
        page = context.new_page()
        login(page, editor.username)
        for url in pages:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            found = axe_problems(page)
            if found:
                problems[f"{url} at {width}"] = found
        context.close()
    if problems:
        pytest.fail("\n".join(f"{page}: {found}" for page, found in problems.items()))
