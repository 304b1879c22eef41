"""The editorial workflow through the real admin: review, live edits, permissions, locking, restore."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Article, ArticleEvent, ReviewStep, WordEntry
from tests.factories import make_article, make_category, make_source, make_user, make_word
from tests.news.test_admin import article_form

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def transition_url(article):
    return reverse("admin:news_article_transition", args=[article.pk])


def form_of(article, **overrides):
    """The change form as the admin would post it for `article`, with `overrides`."""
    article.refresh_from_db()
    data = article_form(
        article.category,
        article.source,
        title=article.title,
        body=article.body,
        summary=article.summary,
        author=article.author,
        tags=", ".join(article.tags.names()),
        published_at_0=timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        based_on=article.edit_version,
    )
    data.pop("status")
    if article.is_recommended:
        data["is_recommended"] = "on"
    if article.is_headline:
        data["is_headline"] = "on"
    data.update(overrides)
    return data


def act(client, article, action, **data):
    return client.post(transition_url(article), {"action": action, **data}, follow=True)


def messages_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(item.get_text(" ", strip=True) for item in soup.select(".messagelist li, .errornote, .errorlist"))


def live_article(**fields):
    fields.setdefault("body", "<p>园区今天正式开园，欢迎市民参观。</p>")
    return make_article("园区开园", source=make_source(is_approved_for_reprint=True), **fields)


# Live articles change only through review.


def test_an_editors_edit_to_a_live_article_waits_for_review_and_the_page_stays_byte_for_byte(
    client, editor, chief_editor
):
    article = live_article()
    reader = Client()
    before = reader.get(article.get_absolute_url()).content

    client.force_login(editor)
    response = client.post(
        change_url(article),
        form_of(
            article, title="园区开园（修改）", body="<p>园区明天正式开园，欢迎市民参观。</p>", edit_comment="改日期"
        ),
        follow=True,
    )
    assert "修改已提交审核" in messages_of(response)
    assert reader.get(article.get_absolute_url()).content == before
    article.refresh_from_db()
    assert article.title == "园区开园" and article.revision_state == "pending"

    # The reviewer sees the change at character level: 今 → 明.
    client.force_login(chief_editor)
    page = client.get(change_url(article)).content.decode()
    assert "<del>今</del>" in page and "<ins>明</ins>" in page
    assert "待审修改" in page
    assert reader.get(article.get_absolute_url()).content == before

    response = act(client, article, "approve")
    assert "审核通过" in messages_of(response)
    after = reader.get(article.get_absolute_url()).content.decode()
    assert "园区明天正式开园" in after and "园区开园（修改）" in after
    article.refresh_from_db()
    assert article.revision_state == "" and article.pending_revision_id is None
    assert article.responsible_editor == chief_editor.username
    assert f"（责任编辑：{chief_editor.username}）" in after


def test_a_pending_change_costs_readers_no_query_and_no_cache_miss(client, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import caching

    article = live_article()
    reader = Client()

    def queries():
        """The statements of the reader's page: with cold caches, then warm."""
        caching.clear()
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                assert reader.get(article.get_absolute_url()).status_code == 200
            counts.append(len(captured))
        return counts

    before = queries()
    reader.get(article.get_absolute_url())  # warm again
    client.force_login(editor)
    client.post(change_url(article), form_of(article, title="园区开园（待审）"))
    with CaptureQueriesContext(connection) as warm:
        reader.get(article.get_absolute_url())
    assert len(warm) == before[1]  # the proposal invalidated no cached page or fragment
    assert queries() == before


def test_a_returned_live_edit_leaves_the_page_and_shows_the_comment_to_its_writer(client, editor, chief_editor):
    article = live_article()
    article.created_by = editor
    article.save()
    before = Client().get(article.get_absolute_url()).content
    client.force_login(editor)
    client.post(change_url(article), form_of(article, body="<p>改坏了的正文。</p>"))
    client.force_login(chief_editor)
    response = act(client, article, "return")
    assert "退回时请写明原因" in messages_of(response)
    act(client, article, "return", comment="数据没有出处，请补充。")
    assert Client().get(article.get_absolute_url()).content == before

    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "数据没有出处，请补充。" in page
    listing = client.get(reverse("admin:news_article_changelist") + "?queue=returned").content.decode()
    assert "园区开园" in listing


def test_a_returned_draft_shows_the_comment_to_its_writer_who_submits_it_again(client, editor, chief_editor):
    client.force_login(editor)
    client.post(reverse("admin:news_article_add"), article_form(make_category(), title="待退回的稿件"))
    article = Article.objects.get(title="待退回的稿件")
    act(client, article, "submit")
    client.force_login(chief_editor)
    act(client, article, "return", comment="导语太长，请压缩到两句。")
    article.refresh_from_db()
    assert article.status == "returned"

    client.force_login(editor)
    assert "导语太长，请压缩到两句。" in client.get(change_url(article)).content.decode()
    returned = client.get(reverse("admin:news_article_changelist") + "?queue=returned").content.decode()
    assert "待退回的稿件" in returned and "已退回" in returned
    act(client, article, "submit", comment="已压缩")
    article.refresh_from_db()
    assert article.status == "pending"


@pytest.mark.parametrize(
    "overrides",
    [
        {"is_headline": "on"},
        {"is_recommended": "on"},
        {"published_at_0": "2030-01-01", "published_at_1": "08:00:00"},
        {"status": "withdrawn"},
        {"status": "draft"},
    ],
    ids=["headline", "recommend", "reschedule", "withdraw", "back-to-draft"],
)
def test_an_editor_cannot_promote_or_reschedule_a_live_article_with_the_form(client, editor, chief_editor, overrides):
    article = live_article()
    published_at = article.published_at
    client.force_login(editor)
    client.post(change_url(article), form_of(article, **overrides))
    # Not even after approval: the fields were read-only for the editor.
    client.force_login(chief_editor)
    act(client, article, "approve")
    article.refresh_from_db()
    assert not article.is_headline and not article.is_recommended
    assert article.published_at == published_at
    assert article.status == "published"
    assert Client().get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("action", ["withdraw", "recommend", "publish"])
def test_an_editor_cannot_withdraw_or_promote_with_a_bulk_action(client, editor, action):
    article = live_article()
    client.force_login(editor)
    client.post(reverse("admin:news_article_changelist"), {"action": action, "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == "published" and not article.is_recommended
    assert Client().get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("action", ["withdraw", "publish", "restore", "approve"])
def test_an_editor_cannot_withdraw_or_publish_with_a_crafted_post(client, editor, action):
    article = live_article()
    client.force_login(editor)
    response = act(client, article, action)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == "published"
    assert Client().get(article.get_absolute_url()).status_code == 200


def test_a_chief_editor_withdraws_and_the_page_answers_410_and_leaves_lists(client, chief_editor):
    from news.models import DailyViews

    article = live_article(view_count=500)
    DailyViews.objects.create(article=article, date=timezone.localdate(), views=500)
    reader = Client()
    assert reader.get(article.get_absolute_url()).status_code == 200
    # Every list read (and cached) while the article is live: it must leave them all at once.
    lists = {
        "home": "/",
        "category": article.category.get_absolute_url(),
        "feed": reverse("news:feed-rss"),
        "search": reverse("news:search") + "?q=园区",
        "sitemap": reverse("portal:sitemap-section", args=["articles"]),
        "rankings": reverse("news:rank"),
    }
    link = article.get_absolute_url()
    assert [name for name, url in lists.items() if link not in reader.get(url).content.decode()] == []

    client.force_login(chief_editor)
    response = act(client, article, "withdraw", comment="来源有误")
    assert "撤稿" in messages_of(response)
    gone = reader.get(article.get_absolute_url())
    assert gone.status_code == 410
    assert "这篇文章已撤稿" in gone.content.decode()
    assert 'class="site-header"' in gone.content.decode()  # in the site frame
    assert [name for name, url in lists.items() if link in reader.get(url).content.decode()] == []
    # An unpublished draft stays 404.
    assert reader.get(make_article(published=False).get_absolute_url()).status_code == 404


# Permissions on previews.


def test_a_staff_user_without_article_permission_gets_404_for_a_draft(client):
    draft = make_article("未发布的稿件", published=False)
    client.force_login(make_user(staff=True))
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_user(group="编辑"))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200 and "预览" in response.content.decode()


def test_a_signed_preview_link_works_expires_and_is_revoked_by_a_new_revision(client, chief_editor, settings):
    from news.workflow.previews import preview_url

    draft = make_article("待审的稿件", published=False)
    link = preview_url(draft)
    reader = Client()
    response = reader.get(link)
    assert response.status_code == 200 and "待审的稿件" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert reader.get(link[:-3] + "abc").status_code == 404
    settings.PREVIEW_LINK_MAX_AGE = -1
    assert reader.get(link).status_code == 404
    settings.PREVIEW_LINK_MAX_AGE = 3600
    client.force_login(chief_editor)
    client.post(change_url(draft), form_of(draft, title="待审的稿件（改）"))
    assert reader.get(link).status_code == 404


def test_a_pending_change_can_be_previewed_by_reviewers_only(client, editor, chief_editor):
    article = live_article()
    client.force_login(editor)
    client.post(change_url(article), form_of(article, title="改过的标题"))
    article.refresh_from_db()
    url = f"{article.get_absolute_url()}?revision={article.pending_revision_id}"
    client.force_login(chief_editor)
    assert "改过的标题" in client.get(url).content.decode()
    assert "改过的标题" not in Client().get(url).content.decode()


# Review steps.


def test_a_two_step_workflow_walks_draft_pending_second_review_published(client, editor):
    first, second = Group.objects.create(name="初审组"), Group.objects.create(name="终审组")
    ReviewStep.objects.all().delete()
    ReviewStep.objects.create(name="初审", position=1, group=first)
    ReviewStep.objects.create(name="复审", position=2, group=second)
    first_reviewer = make_user(group="编辑")
    first_reviewer.groups.add(first)
    second_reviewer = make_user(group="编辑")
    second_reviewer.groups.add(second)

    client.force_login(editor)
    client.post(reverse("admin:news_article_add"), article_form(make_category(), title="两审稿件"))
    article = Article.objects.get(title="两审稿件")
    act(client, article, "submit", comment="请审")
    article.refresh_from_db()
    assert article.status == "pending" and article.review_step == 0
    assert "两审稿件" not in client.get(reverse("admin:news_article_changelist") + "?queue=review").content.decode()

    # The second step's reviewer may not take the first step.
    client.force_login(second_reviewer)
    response = act(client, article, "approve")
    assert "“初审”环节由“初审组”组审核" in messages_of(response)
    article.refresh_from_db()
    assert article.review_step == 0

    client.force_login(first_reviewer)
    assert "两审稿件" in client.get(reverse("admin:news_article_changelist") + "?queue=review").content.decode()
    index = client.get(reverse("admin:index")).content.decode()
    assert "<strong>1</strong> 篇等待我审核" in index
    act(client, article, "approve")
    article.refresh_from_db()
    assert article.status == "pending" and article.review_step == 1
    assert Client().get(article.get_absolute_url()).status_code == 404
    response = act(client, article, "approve")
    assert "“复审”环节由“终审组”组审核" in messages_of(response)

    client.force_login(second_reviewer)
    act(client, article, "approve")
    article.refresh_from_db()
    assert article.status == "published"
    assert article.responsible_editor == second_reviewer.username
    assert Client().get(article.get_absolute_url()).status_code == 200
    actions = list(article.events.order_by("id").values_list("action", "step", "user__username"))
    assert actions == [
        ("create", "", editor.username),
        ("submit", "初审", editor.username),
        ("approve", "初审", first_reviewer.username),
        ("approve", "复审", second_reviewer.username),
    ]


def test_a_category_may_have_its_own_steps(client):
    from news.workflow.steps import steps_for

    sports = make_category("体育")
    football = make_category("足球", parent=sports)
    ReviewStep.objects.create(name="体育终审", position=1, group=Group.objects.create(name="体育组"), category=sports)
    assert [step.name for step in steps_for(Article(category=football))] == ["体育终审"]
    assert [step.name for step in steps_for(Article(category=make_category()))] == ["主编审核"]


def test_approval_at_a_scheduled_time_publishes_then(client, editor, chief_editor):
    client.force_login(editor)
    later = timezone.localtime() + timedelta(days=2)
    client.post(
        reverse("admin:news_article_add"),
        article_form(
            make_category(), title="定时稿件", published_at_0=f"{later:%Y-%m-%d}", published_at_1=f"{later:%H:%M:%S}"
        ),
    )
    article = Article.objects.get(title="定时稿件")
    act(client, article, "submit")
    client.force_login(chief_editor)
    act(client, article, "approve")
    article.refresh_from_db()
    assert article.status == "published" and article.is_scheduled()
    assert "定时发布" in client.get(reverse("admin:news_article_changelist")).content.decode()
    assert Client().get(article.get_absolute_url()).status_code == 404


# Compliance at the moment of review.


def test_a_blocked_word_stops_submitting_and_publishing_with_its_place(client, editor, chief_editor):
    make_word("违禁词")
    client.force_login(editor)
    client.post(
        reverse("admin:news_article_add"),
        article_form(make_category(), title="含词稿件", body="<p>第一段。</p><p>这里有违\u200b禁 词。</p>"),
    )
    article = Article.objects.get(title="含词稿件")
    response = act(client, article, "submit")
    text = messages_of(response)
    assert "禁用词" in text and "违禁词" in text and "正文第 2 段" in text
    article.refresh_from_db()
    assert article.status == "draft"
    client.force_login(chief_editor)
    response = act(client, article, "publish")
    assert "违禁词" in messages_of(response)
    article.refresh_from_db()
    assert article.status == "draft"


def test_a_review_word_must_be_acknowledged_before_approving(client, editor, chief_editor):
    make_word("待核实", level=WordEntry.Level.REVIEW)
    client.force_login(editor)
    client.post(reverse("admin:news_article_add"), article_form(make_category(), title="待核实的消息"))
    article = Article.objects.get(title="待核实的消息")
    act(client, article, "submit")
    client.force_login(chief_editor)
    page = client.get(change_url(article)).content.decode()
    assert "已确认审核词" in page and "待核实" in page
    response = act(client, article, "approve")
    assert "请先勾选" in messages_of(response)
    article.refresh_from_db()
    assert article.status == "pending"
    act(client, article, "approve", acknowledge="1", acknowledge_reason="已向发布单位核实")
    article.refresh_from_db()
    assert article.status == "published"
    acknowledgement = article.events.get(action="acknowledge", user=chief_editor)
    assert "待核实" in acknowledgement.comment and acknowledgement.reason == "已向发布单位核实"


def test_the_change_form_lists_the_hits_with_their_level(client, editor):
    make_word("待核实", level=WordEntry.Level.REVIEW)
    article = make_article("一条待核实的消息", published=False)
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert "[审核]" in page and "标题" in page and "一条【待核实】的消息" in page


# Revisions, locking, restore, audit.


def test_two_concurrent_saves_end_with_one_refused_and_nothing_lost(client, editor, chief_editor):
    article = make_article("并发稿件", published=False)
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(chief_editor)
    form_first = form_of(article, body="<p>第一位编辑的文字。</p>")
    form_second = form_of(article, body="<p>第二位编辑的文字。</p>")
    assert first.post(change_url(article), form_first).status_code == 302
    response = second.post(change_url(article), form_second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "保存被拒绝" in page and "查看新版本" in page
    assert "第二位编辑的文字。" in page  # still in the form
    article.refresh_from_db()
    assert "第一位编辑的文字" in article.body
    # And kept among the revisions.
    from news.workflow.revisions import history

    bodies = [version.field_dict["body"] for version in history(article)]
    assert any("第二位编辑的文字" in body for body in bodies)


def test_a_post_without_the_version_it_was_based_on_is_refused_not_written_over(client, chief_editor):
    # A crafted POST (or a script): without the number, a save cannot tell whether it overwrites someone.
    article = make_article("无版本号的稿件", published=False, body="<p>原来的正文。</p>")
    client.force_login(chief_editor)
    form = form_of(article, body="<p>覆盖别人的正文。</p>")
    del form["based_on"]
    response = client.post(change_url(article), form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "表单缺少它所基于的版本号" in page and "覆盖别人的正文。" in page
    article.refresh_from_db()
    assert "原来的正文" in article.body
    assert client.post(change_url(article), {**form, "based_on": "abc"}).status_code == 200
    article.refresh_from_db()
    assert "原来的正文" in article.body


def test_a_transition_on_an_article_saved_since_it_was_read_is_refused_not_written_over(chief_editor):
    from news.workflow import machine, revisions

    draft = make_article("稿件", published=False, body="<p>旧的正文。</p>")
    read_before = Article.objects.get(pk=draft.pk)
    saved = Article.objects.get(pk=draft.pk)
    saved.body = "<p>别人刚保存的正文。</p>"
    revisions.save(saved, chief_editor)
    with pytest.raises(machine.TransitionError, match="刚被别人保存过"):
        machine.transition(read_before, "publish", chief_editor)
    draft.refresh_from_db()
    assert draft.status == "draft" and "别人刚保存的正文" in draft.body
    assert not draft.events.filter(action="publish").exists()


def test_every_save_stores_a_revision_listed_and_compared_at_character_level(client, chief_editor):
    article = make_article("版本稿件", published=False, body="<p>春天的园区开满了花。</p>")
    client.force_login(chief_editor)
    client.post(change_url(article), form_of(article, body="<p>夏天的园区开满了花。</p>"))
    client.post(change_url(article), form_of(article, body="<p>秋天的园区结满了果。</p>"))
    from news.workflow.revisions import history

    versions = list(history(article))
    assert len(versions) == 2
    page = client.get(change_url(article)).content.decode()
    assert "修订记录" in page and f"#{versions[1].revision_id}" in page
    soup = BeautifulSoup(page, "html.parser")
    newest = soup.select(".workflow-revisions tbody tr")[0].get_text(" ", strip=True)
    assert "正文" in newest and chief_editor.username in newest
    compare = client.get(
        reverse("admin:news_article_compare", args=[article.pk])
        + f"?a={versions[1].revision_id}&b={versions[0].revision_id}"
    ).content.decode()
    assert "<del>夏</del>" in compare and "<ins>秋</ins>" in compare and "<del>开</del>" in compare


def test_restore_brings_back_an_old_text_as_a_pending_revision(client, chief_editor, editor):
    article = live_article(body="<p>最初的正文。</p>")
    client.force_login(chief_editor)
    client.post(change_url(article), form_of(article))  # the first revision of the live text
    client.post(change_url(article), form_of(article, body="<p>后来的正文。</p>"))
    from news.workflow.revisions import history

    old = list(history(article))[-1]
    before = Client().get(article.get_absolute_url()).content
    client.force_login(editor)
    response = client.post(reverse("admin:news_article_restore", args=[article.pk, old.revision_id]), follow=True)
    assert "待审修改" in messages_of(response)
    assert Client().get(article.get_absolute_url()).content == before
    article.refresh_from_db()
    assert article.revision_state == "pending"
    client.force_login(chief_editor)
    act(client, article, "approve")
    assert "最初的正文。" in Client().get(article.get_absolute_url()).content.decode()


def test_bulk_actions_are_recorded_and_the_audit_list_filters(client, chief_editor):
    drafts = [make_article(published=False), make_article(published=False)]
    client.force_login(chief_editor)
    client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [a.pk for a in drafts]},
    )
    assert ArticleEvent.objects.filter(action="publish", user=chief_editor).count() == 2
    listing = client.get(reverse("admin:news_articleevent_changelist") + "?action__exact=publish").content.decode()
    assert drafts[0].title in listing and drafts[1].title in listing
    assert "发布" in listing


def test_importers_record_with_one_call(client):
    from news.workflow import record

    article = make_article(published=False)
    record(article, "import", comment="从 feed.xml 导入")
    event = article.events.get()
    assert event.get_action_display() == "导入" and event.comment == "从 feed.xml 导入"


def test_a_correction_goes_through_review_and_shows_under_the_body(client, editor, chief_editor):
    article = live_article()
    client.force_login(editor)
    client.post(change_url(article), form_of(article, correction="原文“今天”应为“昨天”。"))
    assert (
        "更正"
        not in Client().get(article.get_absolute_url()).content.decode().split("<footer")[0].split('class="body"')[-1]
    )
    client.force_login(chief_editor)
    act(client, article, "approve")
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "原文“今天”应为“昨天”。" in page and 'class="correction"' in page
    article.refresh_from_db()
    correction = BeautifulSoup(page, "html.parser").select_one(".correction")
    assert timezone.localtime(article.corrected_at).strftime("%Y-%m-%d %H:%M") in correction.select_one("time").text
    assert '"CorrectionComment"' in page and '"editor"' in page


def test_checking_words_shows_each_hit_before_saving(client, editor):
    make_word("违禁词")
    make_word("待核实", level=WordEntry.Level.REVIEW)
    client.force_login(editor)
    data = article_form(make_category(), title="一条待核实的消息", body="<p>正文里有违禁词。</p>", _check_words="1")
    response = client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200
    text = messages_of(response)
    assert "[禁用]" in text and "正文第 1 段" in text and "正文里有【违禁词】" in text
    assert "[审核]" in text and "一条【待核实】的消息" in text
    assert not Article.objects.exists()


def test_a_new_cover_proposed_for_a_live_article_is_stored_and_shown_once_approved(client, editor, chief_editor):
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import png_bytes

    article = live_article()
    client.force_login(editor)
    data = form_of(article)
    data["cover"] = SimpleUploadedFile("new-cover.png", png_bytes(size=(800, 500)), content_type="image/png")
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert not article.cover
    client.force_login(chief_editor)
    act(client, article, "approve")
    article.refresh_from_db()
    assert article.cover.name.startswith("covers/") and default_storage.exists(article.cover.name)


def test_review_steps_are_edited_in_the_admin_and_limited_to_three(client):
    client.force_login(make_user(superuser=True))
    group = Group.objects.get(name="主编")
    ReviewStep.objects.all().delete()
    for n, name in enumerate(["初审", "复审", "终审", "四审"], start=1):
        response = client.post(
            reverse("admin:news_reviewstep_add"), {"name": name, "position": n, "group": group.pk, "category": ""}
        )
    assert response.status_code == 200 and "最多设置 3 个审核环节" in response.content.decode()
    assert list(ReviewStep.objects.values_list("name", flat=True)) == ["初审", "复审", "终审"]
