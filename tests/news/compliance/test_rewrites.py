"""apply_replacements and add_keyword_links: text changed, markup kept, and the sanitiser keeps the result."""

import pytest
from bs4 import BeautifulSoup
from taggit.models import Tag

from news.compliance import add_keyword_links, apply_replacements, check
from news.models import WordEntry
from news.sanitizer import clean_html
from tests.factories import make_word

pytestmark = pytest.mark.django_db
Level = WordEntry.Level


def soup(html):
    return BeautifulSoup(html, "html.parser")


def keyword_links(html):
    return [(a.get_text(), a["href"]) for a in soup(html).find_all("a")]


# 替换


def test_replaced_in_the_text_and_never_in_an_attribute():
    make_word("坏词", Level.REPLACE, "＊＊")
    body = clean_html(
        '<p title="坏词">一个坏词，又一个坏 词。</p>'
        '<p><a href="https://example.com/%E5%9D%8F%E8%AF%8D" title="坏词">坏词链接</a></p>'
        '<figure class="image"><img src="/media/a.png" alt="坏词"><figcaption>图注坏词</figcaption></figure>'
    )
    replaced = apply_replacements(body)
    assert replaced == clean_html(replaced)
    page = soup(replaced)
    assert page.get_text() == "一个＊＊，又一个＊＊。＊＊链接图注＊＊"
    assert page.find("a")["title"] == "坏词"
    assert page.find("a")["href"] == "https://example.com/%E5%9D%8F%E8%AF%8D"
    assert page.find("img")["alt"] == "坏词"


def test_a_word_across_inline_tags_is_replaced_and_the_tags_stay():
    make_word("坏词", Level.REPLACE, "好词")
    replaced = apply_replacements("<p>这是<strong>坏</strong>词。</p>")
    assert soup(replaced).get_text() == "这是好词。"
    assert soup(replaced).find("strong") is not None


def test_without_a_replacement_each_character_becomes_a_star():
    make_word("坏词", Level.REPLACE)
    make_word("敏 感词", Level.REPLACE)
    assert apply_replacements("<p>坏词和敏感詞</p>") == "<p>＊＊和＊＊＊＊</p>"


def test_a_replacement_is_text_not_markup():
    make_word("坏词", Level.REPLACE, "<b>好</b>")
    replaced = apply_replacements("<p>坏词</p>")
    assert replaced == "<p>&lt;b&gt;好&lt;/b&gt;</p>"


def test_only_replace_entries_change_the_body_and_nothing_else_changes():
    make_word("敏感")
    make_word("园区", Level.LINK)
    body = '<h2>标题</h2><p style="text-align:center;">敏感的园区&amp;</p>'
    assert apply_replacements(body) is body
    assert apply_replacements("") == ""


# 内链


@pytest.fixture
def keywords():
    Tag.objects.create(name="园区", slug="yuanqu")
    make_word("园区", Level.LINK)  # the tag page of the same name
    make_word("科技", Level.LINK, "https://example.com/tech?a=1&b=2")
    make_word("创新", Level.LINK, "/topics/innovation/")
    make_word("人才", Level.LINK, "tag:人才政策")  # no such tag yet


def test_the_first_occurrence_of_each_keyword_becomes_a_link(keywords):
    linked = add_keyword_links("<p>园区发展科技，园区再谈科技和创新。</p><p>创新园区</p>")
    assert keyword_links(linked) == [
        ("园区", "/tag/yuanqu/"),
        ("科技", "https://example.com/tech?a=1&b=2"),
        ("创新", "/topics/innovation/"),
    ]
    assert soup(linked).get_text() == "园区发展科技，园区再谈科技和创新。创新园区"


def test_never_inside_a_link_heading_or_caption(keywords):
    body = clean_html(
        "<h2>园区与科技</h2>"
        '<p><a href="/other/">园区里的科技</a></p>'
        '<figure class="image"><img src="/a.png" alt="园区"><figcaption>园区照片</figcaption></figure>'
        "<p>正文里的<strong>园区</strong>和科技。</p>"
    )
    linked = add_keyword_links(body)
    page = soup(linked)
    assert not page.find("h2").find("a")
    assert not page.find("figcaption").find("a")
    assert [a.get_text() for a in page.find_all("a")] == ["园区里的科技", "园区", "科技"]
    assert all(not a.find("a") for a in page.find_all("a"))
    assert page.find("strong").find("a")["href"] == "/tag/yuanqu/"


def test_at_most_n_links_per_article(keywords):
    body = "<p>园区、科技、创新</p>"
    assert len(keyword_links(add_keyword_links(body, max_links=2))) == 2
    assert keyword_links(add_keyword_links(body, max_links=0)) == []
    assert len(keyword_links(add_keyword_links(body))) == 3


def test_the_sanitiser_keeps_the_links_and_saving_again_adds_none(keywords):
    linked = add_keyword_links("<p>园区和科技，园区和科技。</p>")
    assert clean_html(linked) == linked
    assert add_keyword_links(linked) == linked
    assert len(keyword_links(linked)) == 2
    # Two links count against the limit of two: the third keyword waits.
    assert keyword_links(add_keyword_links(linked + "<p>创新</p>", max_links=2)) == keyword_links(linked)


def test_a_tag_page_that_does_not_exist_is_not_linked(keywords):
    assert keyword_links(add_keyword_links("<p>人才</p>")) == []
    Tag.objects.create(name="人才政策", slug="rencai")
    assert keyword_links(add_keyword_links("<p>人才</p>")) == [("人才", "/tag/rencai/")]


def test_a_keyword_across_inline_tags_is_left_alone(keywords):
    assert keyword_links(add_keyword_links("<p>园<em>区</em></p>")) == []


@pytest.mark.parametrize(
    "body",
    [
        "<p>坏\x01词与\x0b园区</p>",  # control characters lxml refuses
        "<p>\ud800坏词园区</p>",  # a lone surrogate, as a JSON escape can give
        "<b>" * 3000 + "坏词园区" + "</b>" * 3000,
        "<!-- 坏词 --><p>坏词园区</p>",
        "坏词园区",
    ],
)
def test_hostile_bodies_are_read_without_an_error(keywords, body):
    make_word("坏词", Level.REPLACE)
    assert [hit.word for hit in check({"body": body})] == ["坏词", "园区"]
    assert "坏词" not in soup(apply_replacements(body)).get_text()
    assert keyword_links(add_keyword_links(body)) == [("园区", "/tag/yuanqu/")]
