from datetime import timedelta

import pytest
from django.db.models import ProtectedError

from news.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_scheduled():
    visible = make_article("已发布")
    make_article("草稿", published=False)
    make_article("定时", when=timedelta(hours=2))
    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_becomes_visible_when_its_time_comes():
    article = make_article("定时", when=timedelta(seconds=-1))
    assert article.is_published()
    assert Article.objects.published().filter(pk=article.pk).exists()
    article.published_at += timedelta(hours=1)
    article.save()
    assert not article.is_published()
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_summary_is_derived_from_body_when_left_empty():
    body = "<p>" + "开发区加快建设新型基础设施。" * 20 + "</p>"
    article = make_article(body=body, summary="")
    assert article.summary.startswith("开发区加快建设新型基础设施。")
    assert len(article.summary) <= 121
    assert "<" not in article.summary


def test_summary_written_by_editor_is_kept():
    article = make_article(summary="编辑写的核心提示")
    assert article.summary == "编辑写的核心提示"


def test_body_is_sanitised_on_save_and_text_survives():
    article = make_article(
        body='<p onclick="steal()">园区<script>alert(1)</script>新闻'
        '<a href="javascript:alert(2)">链接</a><img src="x.png" onerror="alert(3)"></p>'
        '<p style="position:fixed;width:2000px;text-align:center">居中</p>'
    )
    article.refresh_from_db()
    body = article.body
    for bad in ("<script", "onclick", "onerror", "javascript:", "position", "width:2000px"):
        assert bad not in body
    assert "园区" in body and "新闻" in body and "链接" in body and "居中" in body
    # Alignment survives as a class: the CSP blocks inline styles on the page.
    assert '<p class="text-center">居中</p>' in body and "style=" not in body


def test_empty_original_url_does_not_collide():
    make_article(original_url="")
    make_article(original_url="")
    assert Article.objects.filter(original_url__isnull=True).count() == 2


def test_category_with_articles_cannot_be_deleted():
    category = make_category()
    make_article(category=category)
    with pytest.raises(ProtectedError):
        category.delete()


def test_category_family_includes_sub_categories():
    parent = make_category("园区")
    child = make_category("开发区", parent=parent)
    in_child = make_article(category=child)
    in_parent = make_article(category=parent)
    assert set(Article.objects.in_category(parent)) == {in_child, in_parent}
    assert list(Article.objects.in_category(child)) == [in_child]


def test_before_and_after_break_ties_by_id_and_bound_the_date_on_its_own():
    first, middle, last = (make_article(when=timedelta(hours=-1)) for _ in range(3))
    Article.objects.update(published_at=middle.published_at)
    older, newer = make_article(when=timedelta(hours=-2)), make_article(when=timedelta(minutes=-1))
    assert list(Article.objects.before(middle)) == [first, older]
    assert list(Article.objects.after(middle)) == [last, newer]
    # On its own (not only inside the OR), the bound is where a PostgreSQL index scan starts: without
    # it, the next article of a recent one is found by walking the whole category from its oldest end.
    for queryset, bound in ((Article.objects.before(middle), "<="), (Article.objects.after(middle), ">=")):
        where = str(queryset.query).split(" WHERE ")[1]
        assert f'AND "news_article"."published_at" {bound} ' in where
