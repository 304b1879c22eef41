"""Alignment chosen in CKEditor shows on the site under the CSP; the counter counts characters."""

import pytest
from playwright.sync_api import expect

from news.models import Article
from tests.browser.conftest import login
from tests.factories import make_category, make_source, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def pick_autocomplete(page, field, text):
    page.click(f".field-{field} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def test_centred_paragraph_is_centred_for_readers(browser, live_server):
    make_category("园区动态", slug="parks")
    make_source("滨江融媒")
    editor = make_user("xiaoli", group="编辑")
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, editor.username)
    page.goto("/admin/news/article/add/")
    page.fill("#id_title", "居中的一段话")
    pick_autocomplete(page, "category", "园区动态")
    pick_autocomplete(page, "source", "滨江融媒")
    editable = page.locator(".ck-editor__editable").first
    editable.click()
    page.keyboard.type("这一段话要居中显示。")
    page.click("button[data-cke-tooltip-text='对齐']")
    page.click("button[data-cke-tooltip-text='居中对齐']")
    page.wait_for_selector(".ck-editor__editable p.text-center")
    # The editor shows it centred too (static/admin/css/newsroom.css).
    centred = page.locator(".ck-editor__editable p.text-center")
    assert centred.evaluate("el => getComputedStyle(el).textAlign") == "center"
    # Chinese has no spaces: the counter counts characters, not "words".
    # The counter updates after a short delay: wait for it instead of reading it at once.
    counter = page.locator(".word-count").first
    expect(counter).to_contain_text("字符数：10")
    assert "单词" not in counter.inner_text()
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    context.close()

    article = Article.objects.get(title="居中的一段话")
    assert '<p class="text-center">这一段话要居中显示。</p>' in article.body
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)

    reader = browser.new_context(base_url=live_server.url)
    anonymous = reader.new_page()
    violations = []
    anonymous.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message))
    anonymous.goto(article.get_absolute_url())
    paragraph = anonymous.locator(".body p", has_text="这一段话要居中显示。")
    assert paragraph.evaluate("el => getComputedStyle(el).textAlign") == "center"
    assert violations == []
    reader.close()
