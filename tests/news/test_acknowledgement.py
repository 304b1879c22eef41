"""Letting 审核 hits through needs a written reason, whichever way the reviewer goes (issue 17)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from news.models import Article, ArticleEvent, WordEntry
from tests.factories import make_article, make_category, make_source, make_word
from tests.news.test_workflow import act, change_url, form_of, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_article(client, editor):
    make_word("待核实", level=WordEntry.Level.REVIEW)
    article = make_article("一条待核实的消息", published=False, created_by=editor)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PENDING)
    article.refresh_from_db()
    return article


def history_of(client, article):
    soup = BeautifulSoup(client.get(change_url(article)).content, "html.parser")
    return soup.select_one("table.workflow-history").get_text(" ", strip=True)


def test_approving_with_the_tick_and_no_reason_is_refused_with_a_clear_message(client, chief_editor, pending_article):
    client.force_login(chief_editor)
    page = client.get(change_url(pending_article)).content.decode()
    assert 'name="acknowledge_reason"' in page and "确认理由" in page

    for reason in ("", "   "):
        response = act(client, pending_article, "approve", acknowledge="1", acknowledge_reason=reason)
        assert "请填写确认理由" in messages_of(response)
        pending_article.refresh_from_db()
        assert pending_article.status == "pending"
    assert not pending_article.events.filter(action="acknowledge").exists()


def test_the_reason_is_kept_in_the_audit_event_and_shown_in_the_history(client, chief_editor, pending_article):
    client.force_login(chief_editor)
    act(client, pending_article, "approve", acknowledge="1", acknowledge_reason="已向区政府办公室核实原文")
    pending_article.refresh_from_db()
    assert pending_article.status == "published"
    event = pending_article.events.get(action="acknowledge")
    assert event.user == chief_editor and event.reason == "已向区政府办公室核实原文" and "待核实" in event.comment
    assert "确认理由：已向区政府办公室核实原文" in history_of(client, pending_article)
    audit = client.get(reverse("admin:news_articleevent_changelist")).content.decode()
    assert "已向区政府办公室核实原文" in audit


def test_a_reason_without_the_tick_is_not_an_acknowledgement(client, chief_editor, pending_article):
    client.force_login(chief_editor)
    response = act(client, pending_article, "approve", acknowledge_reason="理由")
    assert "请先勾选" in messages_of(response)
    pending_article.refresh_from_db()
    assert pending_article.status == "pending"


def test_publishing_a_draft_needs_the_reason_too(client, chief_editor):
    make_word("待核实", level=WordEntry.Level.REVIEW)
    article = make_article("待核实的草稿", published=False)
    client.force_login(chief_editor)
    response = act(client, article, "publish", acknowledge="1")
    assert "请填写确认理由" in messages_of(response)
    article.refresh_from_db()
    assert article.status == "draft"
    act(client, article, "publish", acknowledge="1", acknowledge_reason="来源可靠")
    article.refresh_from_db()
    assert article.status == "published" and article.events.get(action="acknowledge").reason == "来源可靠"


def test_an_unapproved_reprint_source_needs_a_reason(client, chief_editor):
    article = make_article("转载稿", published=False, source=make_source("某自媒体", is_approved_for_reprint=False))
    client.force_login(chief_editor)
    response = act(client, article, "publish", acknowledge="1", acknowledge_reason="")
    assert "请填写确认理由" in messages_of(response) and "某自媒体" in messages_of(response)
    act(client, article, "publish", acknowledge="1", acknowledge_reason="已取得授权")
    article.refresh_from_db()
    assert article.status == "published"
    assert "已取得授权" in history_of(client, article)


def test_bulk_approve_cannot_let_review_hits_through(client, chief_editor, pending_article):
    client.force_login(chief_editor)
    response = client.post(
        reverse("admin:news_article_changelist"),
        {"action": "approve_selected", "_selected_action": [pending_article.pk], "acknowledge": "1"},
        follow=True,
    )
    assert "一条待核实的消息" in messages_of(response) and "请先勾选" in messages_of(response)
    pending_article.refresh_from_db()
    assert pending_article.status == "pending"


def test_a_publishers_live_edit_adding_a_review_word_needs_the_reason(client, chief_editor):
    make_word("待核实", level=WordEntry.Level.REVIEW)
    article = make_article("园区开园", body="<p>园区今天开园。</p>", source=make_source(is_approved_for_reprint=True))
    client.force_login(chief_editor)
    edited = "<p>园区今天开园，消息待核实。</p>"

    response = client.post(change_url(article), form_of(article, body=edited))
    assert "请先勾选" in messages_of(response)
    response = client.post(change_url(article), form_of(article, body=edited, acknowledge="on"))
    assert "请填写确认理由" in messages_of(response)
    article.refresh_from_db()
    assert "待核实" not in article.body
    assert "消息待核实" in response.content.decode()  # the edited text is kept in the form

    response = client.post(
        change_url(article), form_of(article, body=edited, acknowledge="on", acknowledge_reason="记者已复核")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert "待核实" in article.body
    assert ArticleEvent.objects.get(article=article, action="acknowledge").reason == "记者已复核"
    # Saving again leaves the word that was let through alone: no new tick needed.
    response = client.post(change_url(article), form_of(article, title="园区开园（更新）"))
    assert response.status_code == 302


def test_an_editor_never_sees_the_acknowledgement_fields_of_the_form(client, editor):
    article = make_article("园区开园", published=False, category=make_category())
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert 'id="id_acknowledge_reason"' not in page
