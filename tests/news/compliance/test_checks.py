"""check(): the listed words in title, summary, body and author, each with its level, place and context."""

import pytest

from news.compliance import check, check_article
from news.compliance.markup import parse
from news.models import WordEntry
from tests.factories import make_article, make_word

pytestmark = pytest.mark.django_db
Level = WordEntry.Level


@pytest.fixture
def words():
    make_word("敏感")
    make_word("请核实", Level.REVIEW)
    make_word("坏词", Level.REPLACE)
    make_word("园区", Level.LINK)


def located(hits):
    return [(hit.field, hit.word, hit.level, hit.matched) for hit in hits]


@pytest.mark.parametrize("written", ["敏感", "敏 感", "敏\u200b感", "敏\u3000感", "敏.感"])
def test_a_blocked_word_is_found_however_it_is_written(words, written):
    title = f"标题里写着{written}两个字"
    [hit] = check({"title": title})
    assert (hit.field, hit.word, hit.level, hit.matched) == ("title", "敏感", Level.BLOCK, written)
    assert title[hit.start : hit.end] == written
    assert hit.context == f"标题里写着【{written}】两个字"
    assert hit.where == "标题"
    assert str(hit) == f"标题有禁用词“敏感”：标题里写着【{written}】两个字"


def test_full_width_and_traditional_forms_in_every_field(words):
    make_word("VPN")
    hits = check({"title": "用ＶＰＮ", "summary": "敏感", "author": "請核實", "body": "<p>無關</p>"})
    assert located(hits) == [
        ("title", "VPN", Level.BLOCK, "ＶＰＮ"),
        ("summary", "敏感", Level.BLOCK, "敏感"),
        ("author", "请核实", Level.REVIEW, "請核實"),
    ]


def test_body_hits_are_read_from_the_text_with_their_paragraph_and_position(words):
    body = (
        "<p>第一段没有问题。</p>"
        "<h2>小标题</h2>"
        "<p>第三段里<strong>敏</strong>感的字眼，<a href='/x' title='敏感'>链接文字</a>。</p>"
        "<figure class='image'><img src='/a.png' alt='一张坏词图片'><figcaption>图注：敏\u200b感</figcaption></figure>"
    )
    hits = check({"body": body})
    assert located(hits) == [
        ("body", "敏感", Level.BLOCK, "敏感"),
        ("body", "敏感", Level.BLOCK, "敏\u200b感"),
        ("body", "坏词", Level.REPLACE, "坏词"),
    ]
    first, caption, image = hits
    text = parse(body).text
    assert [text[hit.start : hit.end] for hit in hits] == ["敏感", "敏\u200b感", "坏词"]
    assert (first.paragraph, first.where) == (3, "正文第 3 段")
    assert first.context == "第三段里【敏感】的字眼，链接文字。"
    assert caption.where == "正文第 4 段"
    assert (image.image, image.where) == (1, "正文第 1 张图片的说明")


def test_a_word_split_across_paragraphs_is_not_one_word(words):
    assert check({"body": "<p>最后一个字是敏</p><p>感谢大家</p>"}) == []
    assert check({"body": "<ul><li>敏</li><li>感</li></ul>"}) == []
    # A line break is inline: the paragraph goes on.
    [hit] = check({"body": "<p>换行<br>敏<br>感</p>"})
    assert hit.matched == "敏感"


def test_the_most_severe_hits_come_first_then_fields_in_order(words):
    hits = check({"title": "园区请核实", "body": "<p>坏词，敏感</p>"})
    assert [(hit.field, hit.level) for hit in hits] == [
        ("body", Level.BLOCK),
        ("title", Level.REVIEW),
        ("body", Level.REPLACE),
        ("title", Level.LINK),
    ]
    assert [hit.level for hit in check({"title": "园区请核实"}, levels={Level.REVIEW})] == [Level.REVIEW]


def test_context_is_cut_to_twenty_characters_each_side(words):
    text = "甲" * 30 + "敏感" + "乙" * 30
    [hit] = check({"summary": text})
    assert (hit.before, hit.after) == ("甲" * 20, "乙" * 20)


def test_no_lists_no_hits():
    assert check({"title": "敏感", "body": "<p>敏感</p>"}) == []


def test_check_article_reads_what_readers_see(words):
    article = make_article(
        "普通标题",
        original_title="原来的敏感标题",
        original_author="坏词作者",
        # A news flash this short gets no automatic summary: the body alone carries the word.
        body="<p>正文提到园区。</p>",
    )
    assert located(check_article(article)) == [
        ("original_title", "敏感", Level.BLOCK, "敏感"),
        ("original_author", "坏词", Level.REPLACE, "坏词"),
        ("body", "园区", Level.LINK, "园区"),
    ]
    assert check_article(article)[0].where == "原标题"
