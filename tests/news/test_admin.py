import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from news.models import Article
from tests.factories import make_article, make_category, make_cover, make_source, make_user, png_bytes
from tests.pages import parse, text

pytestmark = pytest.mark.django_db


def article_form(category, source=None, **overrides):
    data = {
        "title": "编辑部的新稿件",
        "category": category.pk,
        "source": source.pk if source else "",
        "author": "记者",
        "body": "<h2>小标题</h2><p><strong>加粗</strong>正文<script>x()</script></p>",
        "summary": "",
        "tags": "园区, 科技",
        "status": "draft",
        "published_at_0": "2026-01-05",
        "published_at_1": "10:00:00",
        "original_url": "",
    }
    data.update(overrides)
    return data


def test_editor_can_save_a_draft(client, editor):
    client.force_login(editor)
    category = make_category()
    response = client.post(reverse("admin:news_article_add"), article_form(category))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title="编辑部的新稿件")
    assert article.status == "draft"
    assert article.created_by == editor
    assert "<script" not in article.body and "加粗" in article.body
    assert sorted(article.tags.names()) == ["园区", "科技"]


def test_editor_cannot_publish(client, editor):
    """A crafted status field is ignored (the status is not a form field) and the publish button refused."""
    client.force_login(editor)
    category = make_category()
    response = client.post(reverse("admin:news_article_add"), article_form(category, status="published"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == "draft"
    response = client.post(
        reverse("admin:news_article_transition", args=[article.pk]), {"action": "publish"}, follow=True
    )
    assert "你没有发布文章的权限" in response.content.decode()
    article.refresh_from_db()
    assert article.status == "draft"


def test_editor_cannot_publish_with_the_bulk_action(client, editor):
    client.force_login(editor)
    draft = make_article(published=False)
    response = client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_chief_editor_can_publish(client, chief_editor):
    client.force_login(chief_editor)
    category = make_category()
    source = make_source(is_approved_for_reprint=True)
    response = client.post(reverse("admin:news_article_add"), article_form(category, source))
    assert response.status_code == 302
    article = Article.objects.get()
    response = client.post(reverse("admin:news_article_transition", args=[article.pk]), {"action": "publish"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "published" and article.is_published()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "编辑部的新稿件" in response.content.decode()


def test_chief_editor_bulk_publish(client, chief_editor):
    client.force_login(chief_editor)
    drafts = [make_article(published=False), make_article(published=False)]
    response = client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [a.pk for a in drafts]},
    )
    assert response.status_code == 302
    assert Article.objects.published().count() == 2


@pytest.mark.parametrize(
    "url_name",
    ["admin:index", "admin:news_article_changelist", "admin:news_article_add", "admin:news_category_changelist"],
)
def test_admin_pages_render_for_an_editor(client, editor, url_name):
    make_article()
    client.force_login(editor)
    response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_article_change_page_loads_the_editor(client, editor):
    article = make_article()
    client.force_login(editor)
    page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "django_ckeditor_5/dist/bundle.js" in page
    assert reverse("news:editor-upload") in page
    assert "浏览次数" in page


def test_deleting_a_category_with_articles_is_refused_politely(client, chief_editor):
    category = make_category()
    make_article(category=category)
    client.force_login(chief_editor)
    url = reverse("admin:news_category_delete", args=[category.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert category.__class__.objects.filter(pk=category.pk).exists()


def test_cover_upload_in_admin_form(client, chief_editor):
    client.force_login(chief_editor)
    category = make_category()
    data = article_form(category)
    data["cover"] = SimpleUploadedFile("cover.png", png_bytes(), content_type="image/png")
    response = client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302
    assert Article.objects.get().cover.name.startswith("covers/")


def _rows(response):
    """{title: the row's cells} of the article change list."""
    soup = parse(response)
    return {text(row.select_one(".field-title")): row for row in soup.select("#result_list tbody tr")}


def test_article_list_shows_cover_thumbnails_and_coloured_status_labels(client, chief_editor):
    from datetime import timedelta

    category = make_category()
    make_cover(make_article("有封面的稿件", category=category))
    make_article("定时发布的稿件", category=category, when=timedelta(days=1))
    make_article("还在写的稿件", category=category, published=False)
    returned = make_article("被退回的稿件", category=category, published=False)
    Article.objects.filter(pk=returned.pk).update(status=Article.Status.RETURNED)
    client.force_login(chief_editor)
    rows = _rows(client.get(reverse("admin:news_article_changelist")))

    thumb = rows["有封面的稿件"].select_one(".field-cover_thumbnail img")
    assert thumb["src"].startswith("/media/thumbs/small/") and thumb["alt"] == ""
    assert (thumb["width"], thumb["height"]) == ("60", "40")
    assert rows["还在写的稿件"].select_one(".field-cover_thumbnail img") is None
    labels = {title: row.select_one(".field-status_column .status-label") for title, row in rows.items()}
    assert labels["有封面的稿件"]["class"] == ["status-label", "status-published"]
    shown = {title: (label["class"][1], text(label)) for title, label in labels.items()}
    assert shown == {
        "有封面的稿件": ("status-published", "已发布"),
        "定时发布的稿件": ("status-scheduled", "定时发布"),
        "还在写的稿件": ("status-draft", "草稿"),
        "被退回的稿件": ("status-returned", "已退回"),
    }


def test_my_articles_and_waiting_for_me_filters(client, editor, chief_editor):
    from news.workflow import machine

    category = make_category()
    make_article("我写的草稿", category=category, published=False, created_by=editor)
    submitted = make_article("我交的稿", category=category, published=False, created_by=editor)
    machine.transition(submitted, machine.Action.SUBMIT, editor)
    make_article("别人的草稿", category=category, published=False, created_by=make_user(group="编辑"))
    url = reverse("admin:news_article_changelist")

    client.force_login(editor)
    page = parse(client.get(url))
    filters = text(page.select_one("#changelist-filter"))
    assert "我的稿件" in filters and "等我审核" in filters
    assert sorted(_rows(client.get(url + "?queue=mine"))) == ["我交的稿", "我写的草稿"]
    # A 编辑 holds no review step: nothing waits for them.
    assert _rows(client.get(url + "?queue=review")) == {}

    client.force_login(chief_editor)
    assert sorted(_rows(client.get(url + "?queue=review"))) == ["我交的稿"]
    assert _rows(client.get(url + "?queue=mine")) == {}


def _side(client, article=None):
    """The change form's side column: (state text, workflow buttons, whether 保存草稿 is offered)."""
    url = reverse("admin:news_article_change", args=[article.pk]) if article else reverse("admin:news_article_add")
    side = parse(client.get(url)).select_one("#workflow-side")
    buttons = [text(button) for button in side.select("button[form=workflow-form]")]
    return text(side.select_one(".workflow-state")), buttons, side.select_one("button.workflow-save") is not None


def test_side_column_offers_only_the_transitions_the_user_may_take(client, editor, chief_editor):
    from news.workflow import machine

    draft = make_article("待交的稿件", published=False, created_by=editor)
    client.force_login(editor)
    assert _side(client) == ("草稿", [], True)
    assert _side(client, draft) == ("草稿", ["提交审核"], True)
    machine.transition(draft, machine.Action.SUBMIT, editor)
    # Waiting at the 主编 step: nothing left for the writer to press.
    assert _side(client, draft) == ("待审", [], False)

    client.force_login(chief_editor)
    assert _side(client, draft) == ("待审", ["审核通过", "退回", "发布"], False)
    page = parse(client.get(reverse("admin:news_article_change", args=[draft.pk])))
    assert page.select_one("#workflow-form")["action"] == reverse("admin:news_article_transition", args=[draft.pk])
    assert "当前环节：主编审核" in text(page.select_one("#workflow-side"))
    live = make_article("已上线的稿件")
    assert _side(client, live) == ("已发布", ["撤稿"], False)


def test_side_column_shows_compliance_warnings_before_saving(client, chief_editor):
    from news.models import WordEntry
    from tests.factories import make_word

    make_word("内部消息", level=WordEntry.Level.REVIEW)
    article = make_article("园区稿", body="<p>据内部消息，园区下月开工。</p>", published=False)
    client.force_login(chief_editor)
    side = parse(client.get(reverse("admin:news_article_change", args=[article.pk]))).select_one("#workflow-side")
    hits = text(side.select_one(".workflow-hits"))
    assert "合规检查 （1 处）" in hits and "“内部消息”" in hits
    assert "已确认审核词" in text(side)
