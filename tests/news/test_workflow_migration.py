"""Migration 0011: existing articles keep their visibility and get one initial revision each."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("news", "0009_chief_editor_word_lists")]
AFTER = [("news", "0011_workflow_initial_revisions")]


@pytest.mark.django_db(transaction=True)
def test_published_articles_stay_published_with_one_initial_revision():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Category = old.get_model("news", "Category")
    Article = old.get_model("news", "Article")
    category = Category.objects.create(name="园区", slug="parks-migration")
    now = timezone.now()
    rows = {
        "live": Article.objects.create(
            title="已发布的旧文章", category=category, body="<p>旧正文</p>", status="published", published_at=now
        ),
        "draft": Article.objects.create(
            title="旧草稿", category=category, body="<p>草稿</p>", status="draft", published_at=now
        ),
        "scheduled": Article.objects.create(
            title="定时的旧文章",
            category=category,
            body="<p>明天</p>",
            status="published",
            published_at=now + timedelta(days=1),
        ),
    }

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from news.models import Article as Current
    from news.workflow.revisions import history

    live = Current.objects.get(pk=rows["live"].pk)
    assert list(Current.objects.published().filter(pk__in=[r.pk for r in rows.values()])) == [live]
    assert Current.objects.get(pk=rows["draft"].pk).status == "draft"
    assert Current.objects.get(pk=rows["scheduled"].pk).is_scheduled()
    for row in rows.values():
        versions = list(history(Current.objects.get(pk=row.pk)))
        assert len(versions) == 1
        assert versions[0].field_dict["title"] == row.title
        assert versions[0].revision.comment == "初始版本"
