"""Imports and the word lists (issue 17): a 禁用 word keeps the article a draft, 替换 words are replaced."""

import pytest

from news.models import Article, WordEntry
from tests.factories import make_category, make_word
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
