"""The editor's day: write in CKEditor 5 as 编辑, publish as 主编."""

import re

import pytest

from news.models import Article
from tests.browser.conftest import login
from tests.factories import make_category, make_source, make_user, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def pick_autocomplete(page, field, text):
    """Choose `text` in the admin's select2 autocomplete for `field`."""
    page.click(f".field-{field} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def test_editor_writes_a_draft_and_chief_editor_publishes_it(browser, live_server, tmp_path):
    make_category("园区动态", slug="parks")
    make_source("滨江融媒", is_approved_for_reprint=True)
    editor = make_user("xiaowang", group="编辑")
    chief = make_user("laozhang", group="主编")

    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, editor.username)
    page.goto("/admin/news/article/add/")
    page.fill("#id_title", "浏览器里写的园区新闻")
    pick_autocomplete(page, "category", "园区动态")
    pick_autocomplete(page, "source", "滨江融媒")

    editable = page.locator(".ck-editor__editable").first
    editable.click()
    page.keyboard.type("## 园区新貌")
    page.keyboard.press("Enter")
    page.keyboard.type("今天园区")
    page.keyboard.press("Control+B")
    page.keyboard.type("正式开园")
    page.keyboard.press("Control+B")
    page.keyboard.type("，欢迎参观。")
    page.keyboard.press("Enter")
    page.keyboard.type("- 第一项")
    page.keyboard.press("Enter")
    page.keyboard.type("第二项")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    # A link typed at the caret: the link form's "displayed text" and URL
    # fields, so no selection is left behind for the next key to replace.
    page.keyboard.press("Control+K")
    page.wait_for_selector(".ck-balloon-panel_visible .ck-link-form input")
    text_field, url_field = page.locator(".ck-balloon-panel_visible .ck-link-form input").all()
    text_field.fill("详情见官网")
    url_field.fill("https://example.com/park")
    url_field.press("Enter")
    page.wait_for_selector(".ck-editor__editable a[href='https://example.com/park']")
    page.keyboard.press("Escape")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "el => el.lastElementChild.tagName === 'P' && el.lastElementChild.textContent === ''"
        " && el.querySelector('a[href=\"https://example.com/park\"]') !== null",
        arg=editable.element_handle(),
    )

    image = tmp_path / "photo.png"
    image.write_bytes(png_bytes(size=(120, 80)))
    page.set_input_files(".ck-file-dialog-button input[type=file]", str(image))
    page.wait_for_selector(".ck-editor__editable img[src*='/media/uploads/']")
    assert editable.locator("a[href='https://example.com/park']").inner_text() == "详情见官网"

    page.fill("#id_tags", "园区, 开园")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    article = Article.objects.get(title="浏览器里写的园区新闻")
    assert article.status == Article.Status.DRAFT
    assert article.created_by == editor
    body = article.body
    assert "<h2>园区新貌</h2>" in body
    assert "<strong>正式开园</strong>" in body
    assert re.search(r"<ul><li>第一项</li><li>第二项</li></ul>", body)
    assert 'href="https://example.com/park"' in body
    assert re.search(r'<img src="/media/uploads/[^"]+\.png"', body)
    assert sorted(article.tags.names()) == ["园区", "开园"]
    assert article.category.name == "园区动态" and article.source.name == "滨江融媒"
    context.close()

    reader = browser.new_context(base_url=live_server.url)
    anonymous = reader.new_page()
    assert anonymous.goto(article.get_absolute_url()).status == 404

    chief_context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    chief_context.set_default_timeout(15_000)
    chief_page = chief_context.new_page()
    login(chief_page, chief.username)
    chief_page.goto(f"/admin/news/article/{article.pk}/change/")
    chief_page.click("button.workflow-publish")
    chief_page.wait_for_selector(".messagelist .success")
    chief_context.close()

    article.refresh_from_db()
    assert article.is_published()
    response = anonymous.goto(article.get_absolute_url())
    assert response.status == 200
    assert anonymous.locator("h1").inner_text() == "浏览器里写的园区新闻"
    anonymous.goto("/")
    assert anonymous.locator(f"a[href='{article.get_absolute_url()}']").count() >= 1
    anonymous.goto("/category/parks/")
    assert anonymous.locator(f"a[href='{article.get_absolute_url()}']").count() >= 1
    feed = anonymous.goto("/feed/rss/")
    assert feed.status == 200 and "浏览器里写的园区新闻" in feed.text()

    anonymous.goto("/")
    anonymous.get_by_role("search").get_by_label("站内搜索").fill("园区新闻")
    anonymous.get_by_role("search").get_by_role("button", name="搜索").click()
    anonymous.wait_for_url("**/search/?q=*")
    results = anonymous.locator("main")
    assert results.get_by_role("link", name="浏览器里写的园区新闻").count() >= 1
    reader.close()


def test_a_page_break_from_the_toolbar_splits_the_published_article(browser, live_server):
    category = make_category("园区动态", slug="parks")
    article = Article.objects.create(title="分两页的长文", category=category, body="<p>第一页。</p>")
    chief = make_user("laoli", group="主编")
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, chief.username)
    page.goto(f"/admin/news/article/{article.pk}/change/")
    editable = page.locator(".ck-editor__editable").first
    editable.click()
    page.keyboard.press("Control+End")
    page.locator(
        ".ck-toolbar button[data-cke-tooltip-text^='分页符'], .ck-toolbar button:has-text('分页符')"
    ).first.click()
    page.wait_for_selector(".ck-editor__editable .page-break")
    page.keyboard.type("第二页。")
    # The status changes only through the workflow, which acts on the saved version: save, then publish.
    page.click("button.workflow-save")
    page.wait_for_selector(".messagelist .success")
    page.click("button.workflow-publish")
    page.wait_for_selector(".messagelist .success:has-text('发布')")
    context.close()

    article.refresh_from_db()
    assert article.is_published() and article.reading.num_pages == 2
    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto(article.get_absolute_url())
    first = reader.inner_text(".article .body")
    assert "第一页。" in first and "第二页" not in first
    with reader.expect_navigation():
        reader.click("nav.article-pages a[rel=next]")
    assert reader.url.endswith("?page=2")
    second = reader.inner_text(".article .body")
    assert "第二页。" in second and "第一页" not in second
