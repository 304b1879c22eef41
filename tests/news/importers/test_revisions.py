"""Imports go through the revision history: a revision and a 导入 event per article, and the workflow's holds."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article, ArticleEvent
from news.workflow import transition
from news.workflow.revisions import history
from tests.factories import make_category
from tests.news.importers.test_import_command import record, write_jsonl
from tests.news.test_workflow import form_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def parks(db):
    return make_category(name="园区动态", slug="parks")


def change_page(client, article):
    response = client.get(reverse("admin:news_article_change", args=[article.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def rows(soup, table):
    return [row.get_text(" ", strip=True) for row in soup.select(f"table.{table} tbody tr")]


def frozen(article):
    """Everything of the row that an import could touch."""
    return Article.objects.filter(pk=article.pk).values().get() | {"tags": sorted(article.tags.names())}


def test_the_history_shows_the_import_revision_and_event_with_the_importing_user(
    tmp_path, run_import, parks, chief_editor, client
):
    path = write_jsonl(tmp_path / "a.jsonl", record(1, tags=["园区", "开放日"]), record(2))
    result = run_import(path, "--user", chief_editor.username)
    assert result.code == 0, result.err

    article = Article.objects.get(import_key="t:1")
    client.force_login(chief_editor)
    soup = change_page(client, article)
    [revision] = rows(soup, "workflow-revisions")
    assert "导入" in revision and chief_editor.username in revision and "a.jsonl" in revision
    [event] = rows(soup, "workflow-history")
    assert "导入" in event and chief_editor.username in event and "草稿" in event
    # The revision holds the article as imported, tags included.
    [version] = history(article)
    assert version.field_dict["title"] == "第1篇导入测试"
    assert version.revision.info.tags == "园区, 开放日"


def test_a_reimport_that_changes_an_article_adds_a_revision_and_an_open_form_notices(
    tmp_path, run_import, parks, chief_editor, client
):
    path = write_jsonl(tmp_path / "a.jsonl", record(1))
    run_import(path, "--user", chief_editor.username)
    article = Article.objects.get()
    opened = form_of(article, body="<p>编辑在后台改的正文。</p>")

    write_jsonl(tmp_path / "a.jsonl", record(1, title="第1篇导入测试（更新）"))
    result = run_import(path, "--update", "--user", chief_editor.username)
    assert "更新 1" in result.out, result.err

    article.refresh_from_db()
    assert article.edit_version == opened["based_on"] + 1
    assert [v.field_dict["title"] for v in history(article)] == ["第1篇导入测试（更新）", "第1篇导入测试"]
    assert article.events.filter(action=ArticleEvent.Action.IMPORT).count() == 2
    # The form opened before the import is refused, not saved over the imported text.
    client.force_login(chief_editor)
    response = client.post(reverse("admin:news_article_change", args=[article.pk]), opened)
    assert "保存被拒绝" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "第1篇导入测试（更新）"


def test_update_leaves_a_withdrawn_article_as_it_is_and_says_why(tmp_path, run_import, parks, chief_editor):
    path = write_jsonl(tmp_path / "a.jsonl", record(1, tags=["旧标签"]))
    run_import(path, "--publish")
    article = Article.objects.get()
    transition(article, "withdraw", chief_editor, comment="内容有误")
    before = frozen(article)
    revisions = len(history(article))
    events = article.events.count()

    write_jsonl(tmp_path / "a.jsonl", record(1, title="撤稿后又改了标题", body="<p>新的正文。</p>", tags=["新标签"]))
    result = run_import(path, "--update", "--publish")

    assert result.code == 0, result.err
    assert "新建 0 · 更新 0 · 未变 0 · 跳过 1（文章已撤稿，未更新） · 失败 0" in result.out
    assert frozen(article) == before
    assert before["status"] == Article.Status.WITHDRAWN
    assert len(history(article)) == revisions and article.events.count() == events


def test_an_article_under_review_is_not_rewritten(tmp_path, run_import, parks, editor):
    path = write_jsonl(tmp_path / "a.jsonl", record(1), record(2))
    run_import(path)
    for article in Article.objects.all():
        transition(article, "submit", editor)
    before = frozen(Article.objects.get(import_key="t:1"))

    write_jsonl(tmp_path / "a.jsonl", record(1, title="审核中又改"), record(2, title="审核中又改2"))
    result = run_import(path, "--update", "--verbosity", "2")

    assert "跳过 2（文章正在审核，未更新）" in result.out
    assert "第 1 行 审核中又改（文章正在审核，未更新）" in result.out
    assert frozen(Article.objects.get(import_key="t:1")) == before


def test_the_history_of_a_batch_is_written_in_bulk(tmp_path, run_import, parks, chief_editor):
    """As many queries for 30 new articles as for 3: no revision or event per article."""

    def queries(count, name):
        path = write_jsonl(tmp_path / name, *(record(f"{name}-{n}", tags=["园区"]) for n in range(count)))
        with CaptureQueriesContext(connection) as captured:
            assert run_import(path, "--user", chief_editor.username).code == 0
        return len(captured)

    queries(1, "warm.jsonl")  # categories, sources and tags looked up once per run
    assert queries(30, "b.jsonl") == queries(3, "a.jsonl")
    assert ArticleEvent.objects.filter(action=ArticleEvent.Action.IMPORT, user=chief_editor).count() == 34
