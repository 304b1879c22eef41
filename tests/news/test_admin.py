import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from news.models import Article
from tests.factories import make_article, make_category, make_source, png_bytes

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
