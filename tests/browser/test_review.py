"""Review in a real browser: a 编辑 edits a live article, readers keep the old page until a 主编 approves."""

import pytest

from news.models import Article
from tests.browser.conftest import login
from tests.factories import make_article, make_source, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_edit_to_a_live_article_reaches_readers_only_after_approval(browser, live_server):
    article = make_article(
        "滨江新桥通车", body="<p>滨江新桥今天通车，全长八百米。</p>", source=make_source(is_approved_for_reprint=True)
    )
    editor = make_user("xiaoli", group="编辑")
    chief = make_user("laozhao", group="主编")

    reader = browser.new_context(base_url=live_server.url)
    anonymous = reader.new_page()
    before = anonymous.goto(article.get_absolute_url()).body()

    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, editor.username)
    page.goto(f"/admin/news/article/{article.pk}/change/")
    # Publishing fields of a live article are not the editor's to change.
    assert page.locator("#id_is_headline").count() == 0
    assert page.locator("#id_published_at_0").count() == 0
    editable = page.locator(".ck-editor__editable").first
    editable.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("滨江新桥明天通车，全长八百米。")
    page.fill("#id_edit_comment", "通车日期改为明天")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .warning")
    assert "修改已提交审核" in page.locator(".messagelist").inner_text()
    context.close()

    assert anonymous.goto(article.get_absolute_url()).body() == before

    chief_context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    chief_context.set_default_timeout(15_000)
    chief_page = chief_context.new_page()
    login(chief_page, chief.username)
    assert "1 篇等待我审核" in chief_page.locator("#workflow-counts").inner_text()
    chief_page.click("#workflow-counts a:has-text('待审稿件')")
    chief_page.click("a:has-text('滨江新桥通车')")
    diff = chief_page.locator(".workflow-pending")
    assert diff.locator("del").first.inner_text() == "今"
    assert diff.locator("ins").first.inner_text() == "明"
    chief_page.click("button.workflow-approve")
    chief_page.wait_for_selector(".messagelist .success")
    chief_context.close()

    page_text = anonymous.goto(article.get_absolute_url()).text()
    assert "滨江新桥明天通车" in page_text
    assert f"（责任编辑：{chief.username}）" in page_text
    article.refresh_from_db()
    assert article.revision_state == "" and article.status == Article.Status.PUBLISHED
    reader.close()
