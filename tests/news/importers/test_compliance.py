"""Imports and compliance (issue 17): a 禁用 word keeps the article a draft, 替换 words are replaced,
a 审核 word or a reprint from a source not on the approved list waits for review."""

import pytest

from news.models import Article, WordEntry
from tests.factories import make_article, make_category, make_source, make_word
from tests.news.importers.test_import_command import record, write_jsonl

Level = WordEntry.Level


@pytest.fixture
def parks(db):
    make_word("敏感")
    make_word("坏词", Level.REPLACE, target="好词")
    return make_category(name="园区动态", slug="parks")


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"body": "<p>正文里有敏 感两个字。</p>"}, "正文第 1 段有禁用词“敏感”：正文里有【敏 感】两个字。"),
        ({"title": "标题含ＡＢ敏\u200b感"}, "标题有禁用词“敏感”：标题含ＡＢ【敏\u200b感】"),
        ({"author": "敏感"}, "作者有禁用词“敏感”"),
        ({"summary": "提要：敏感"}, "核心提示有禁用词“敏感”"),
    ],
)
def test_a_blocked_word_keeps_the_record_a_draft(tmp_path, run_import, parks, fields, where):
    path = write_jsonl(tmp_path / "a.jsonl", record(1, **fields), record(2))

    result = run_import(path, "--publish")

    assert result.code == 0, result.err
    assert "新建 2" in result.out
    assert f"a.jsonl 第 1 行：含禁用词，导入为草稿：{where}" in result.err
    assert Article.objects.get(import_key="t:1").status == Article.Status.DRAFT
    assert Article.objects.get(import_key="t:2").status == Article.Status.PUBLISHED


def test_replaced_words_in_the_body_only(tmp_path, run_import, parks):
    path = write_jsonl(tmp_path / "a.jsonl", record(1, title="坏词标题", body="<p>正文有坏词。</p>"))

    run_import(path, "--publish")

    article = Article.objects.get()
    assert article.body == "<p>正文有好词。</p>"
    assert article.title == "坏词标题"
    assert article.status == Article.Status.PUBLISHED


def test_a_published_article_is_not_updated_with_a_blocked_word(tmp_path, run_import, parks):
    path = write_jsonl(tmp_path / "a.jsonl", record(1))
    run_import(path, "--publish")

    write_jsonl(tmp_path / "a.jsonl", record(1, body="<p>改成了敏感的内容。</p>"))
    result = run_import(path, "--publish", "--update", "--verbosity", "2")

    assert result.code == 0, result.err
    assert "跳过 1" in result.out
    assert "（新内容含禁用词，已发布的文章未更新）" in result.out
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert "敏感" not in article.body


def test_a_review_word_makes_the_record_wait_for_review(tmp_path, run_import, parks):
    make_word("待核实", Level.REVIEW)
    path = write_jsonl(tmp_path / "a.jsonl", record(1, body="<p>消息待核实。</p>"), record(2))

    result = run_import(path, "--publish")

    assert result.code == 0, result.err
    assert "a.jsonl 第 1 行：含审核词，导入为待审：正文第 1 段有审核词“待核实”" in result.err
    assert Article.objects.get(import_key="t:1").status == Article.Status.PENDING
    assert Article.objects.get(import_key="t:2").status == Article.Status.PUBLISHED


def test_a_live_article_is_not_updated_with_a_new_review_word(tmp_path, run_import, parks):
    make_word("待核实", Level.REVIEW)
    path = write_jsonl(tmp_path / "a.jsonl", record(1))
    run_import(path, "--publish")

    write_jsonl(tmp_path / "a.jsonl", record(1, body="<p>改成了待核实的内容。</p>"))
    result = run_import(path, "--publish", "--update", "--verbosity", "2")

    assert "（新内容含有待审核的新审核词，已发布的文章未更新）" in result.out
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED and "待核实" not in article.body


def test_a_review_word_the_live_article_already_had_does_not_stop_an_update(tmp_path, run_import, parks):
    path = write_jsonl(tmp_path / "a.jsonl", record(1, body="<p>消息待核实。</p>"))
    run_import(path, "--publish")
    # The word joins the list after the article went live (and was read by its reviewer).
    make_word("待核实", Level.REVIEW)

    write_jsonl(tmp_path / "a.jsonl", record(1, body="<p>消息待核实，已更正日期。</p>"))
    result = run_import(path, "--publish", "--update")

    assert "更新 1" in result.out, result.out
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED and "已更正日期" in article.body


def test_a_reprint_from_a_source_not_on_the_approved_list_waits_for_review(tmp_path, run_import, parks):
    make_source(name="新华社", is_approved_for_reprint=True)
    make_source(name="本报", is_original=True)
    path = write_jsonl(
        tmp_path / "a.jsonl",
        record(1, source="某自媒体", original_url="https://blog.example.com/1.html"),
        record(2, source="新华社", original_url="https://xinhua.example.com/2.html"),
        record(3, source="本报"),
        record(4),
    )

    result = run_import(path, "--publish")

    assert result.code == 0, result.err
    assert "a.jsonl 第 1 行：转载自非可转载稿源“某自媒体”，导入为待审" in result.err
    assert "第 2 行" not in result.err and "第 3 行" not in result.err
    statuses = dict(Article.objects.values_list("import_key", "status"))
    assert statuses == {
        "t:1": Article.Status.PENDING,
        "t:2": Article.Status.PUBLISHED,
        "t:3": Article.Status.PUBLISHED,
        "t:4": Article.Status.PUBLISHED,
    }


def test_an_unapproved_reprint_without_publish_stays_a_draft_without_a_warning(tmp_path, run_import, parks):
    path = write_jsonl(tmp_path / "a.jsonl", record(1, source="某自媒体"))

    result = run_import(path)

    assert result.code == 0, result.err
    assert "非可转载稿源" not in result.err
    assert Article.objects.get().status == Article.Status.DRAFT


def test_a_live_article_is_not_moved_to_an_unapproved_source(tmp_path, run_import, parks):
    make_source(name="新华社", is_approved_for_reprint=True)
    path = write_jsonl(tmp_path / "a.jsonl", record(1, source="新华社"))
    run_import(path, "--publish")

    write_jsonl(tmp_path / "a.jsonl", record(1, source="某自媒体", body="<p>换了来源的内容。</p>"))
    result = run_import(path, "--publish", "--update", "--verbosity", "2")

    assert result.code == 0, result.err
    assert "跳过 1" in result.out
    assert "（新来源“某自媒体”不是可转载稿源，已发布的文章未更新）" in result.out
    article = Article.objects.select_related("source").get()
    assert article.status == Article.Status.PUBLISHED
    assert article.source.name == "新华社" and "换了来源" not in article.body


def test_a_live_reprint_already_let_through_is_updated(tmp_path, run_import, parks):
    # A reviewer published it from this source; correcting its text needs no second review.
    make_article(title="旧稿", category=parks, source=make_source(name="某自媒体"), import_key="t:1")
    path = write_jsonl(tmp_path / "a.jsonl", record(1, source="某自媒体", body="<p>已更正日期。</p>"))

    result = run_import(path, "--publish", "--update")

    assert result.code == 0, result.err
    assert "更新 1" in result.out, result.out
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED and "已更正日期" in article.body
