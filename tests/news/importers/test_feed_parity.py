"""What feedparser reads from a feed, we import: each shape written here as real sites' feeds have it."""

import feedparser
import pytest

from news.models import Article
from tests.factories import make_category


@pytest.fixture
def parks(db):
    return make_category(name="园区动态", slug="parks")


def rss(items, head='<?xml version="1.0" encoding="UTF-8"?>'):
    return f'{head}<rss version="2.0"><channel><title>园区快讯</title><link>https://feed.example.cn/</link>{items}</channel></rss>'


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def imported(run_import, path):
    result = run_import(str(path), "--category", "parks")
    assert result.code == 0, result.err
    return result


def as_feedparser_reads(path):
    return [(entry.get("title", ""), entry.get("link", "")) for entry in feedparser.parse(path.read_bytes()).entries]


def as_imported():
    return list(Article.objects.order_by("pk").values_list("title", "original_url"))


def test_entries_without_a_title_are_titled_by_their_first_sentence(tmp_path, run_import, parks):
    # A microblog's feed: descriptions only, as Weibo-to-RSS services write them.
    path = write(
        tmp_path,
        "weibo.rss",
        rss(
            '<item><description><![CDATA[今天的晚霞真好看！<br><img src="https://img.example.cn/a.jpg">]]></description>'
            "<link>https://weibo.example.cn/1/AbCd</link></item>"
            "<item><description>转发一篇讲城市绿化的长文章，写得很细，推荐大家有空的时候都读一读，"
            "特别是关于行道树的那一部分</description><link>https://weibo.example.cn/1/EfGh</link></item>"
        ),
    )

    result = imported(run_import, path)

    assert as_imported() == [
        ("今天的晚霞真好看！", "https://weibo.example.cn/1/AbCd"),
        (
            "转发一篇讲城市绿化的长文章，写得很细，推荐大家有空的时候都读一读，特别是关于行…",
            "https://weibo.example.cn/1/EfGh",
        ),
    ]
    assert result.err.count("条目没有标题，以正文开头（或链接）作标题") == 2


def test_entries_without_text_link_to_the_original(tmp_path, run_import, parks):
    # A list of links (a "hot news" feed, or Tencent's with empty <description/>s).
    path = write(
        tmp_path,
        "links.rss",
        rss(
            "<item><title>央行发布货币政策执行报告</title><link>https://links.example.cn/go/1001</link></item>"
            "<item><title>全国铁路元旦运输方案出炉</title><link>https://links.example.cn/go/1002</link>"
            "<description></description></item>"
        ),
    )

    result = imported(run_import, path)

    assert as_imported() == as_feedparser_reads(path)
    article = Article.objects.get(title="央行发布货币政策执行报告")
    assert article.body == '<p><a href="https://links.example.cn/go/1001" rel="noopener noreferrer">阅读原文</a></p>'
    assert result.err.count("条目没有正文，以原文链接（或标题）作正文") == 2


def test_an_entry_with_only_a_title_keeps_it_as_its_text(tmp_path, run_import, parks):
    path = write(tmp_path, "titles.rss", rss("<item><title>不归移民漫画系列：专业工作</title></item>"))

    imported(run_import, path)

    article = Article.objects.get()
    assert (article.title, article.body, article.original_url) == (
        "不归移民漫画系列：专业工作",
        "<p>不归移民漫画系列：专业工作</p>",
        None,
    )


def test_an_entry_with_nothing_to_show_fails_alone(tmp_path, run_import, parks):
    path = write(
        tmp_path,
        "empty-entry.rss",
        rss("<item><pubDate>Mon, 07 Dec 2026 08:00:00 +0800</pubDate></item><item><title>有标题</title></item>"),
    )

    result = run_import(str(path), "--category", "parks")

    assert result.code == 1
    assert "第 1 条：条目是空的（没有标题、正文和链接）" in result.err
    assert list(Article.objects.values_list("title", flat=True)) == ["有标题"]


BROKEN_FEEDS = [
    # A CMS that writes its HTML descriptions without escaping them: <br> and <p> never closed.
    (
        "naked-html.rss",
        rss(
            "<item><title>关于冬季供暖的通知</title><link>http://gov.example.cn/1.html</link>"
            "<description>各小区：<br>今年供暖自11月15日开始。<br>请检查暖气。</description></item>"
            "<item><title>道路施工公告</title><link>http://gov.example.cn/2.html</link>"
            "<description>人民路夜间施工<p>请绕行</description></item>"
        ),
        "XML 标签不配对（第 1 行第",
    ),
    # A download cut off in the middle of an entry.
    (
        "cut-off.rss",
        rss(
            "<item><title>第一条新闻</title><link>https://news.example.cn/1.html</link>"
            "<description>正文一。</description></item>"
            "<item><title>第二条新闻</title><link>https://news.example.cn/2.html</link><description>正文只下载了一半"
        ).removesuffix("</channel></rss>"),
        "XML 格式错误或文件不完整（第 1 行第",
    ),
    # The channel's end tags lost ("</rss" without its ">").
    (
        "unclosed.rss",
        rss(
            "<item><title>最后一条</title><link>https://news.example.cn/9.html</link><description>正文</description></item>"
        )[:-1],
        "XML 文件不完整",
    ),
]


@pytest.mark.parametrize(("name", "content", "fault"), BROKEN_FEEDS)
def test_broken_xml_is_read_as_feedparser_reads_it(tmp_path, run_import, parks, name, content, fault):
    path = write(tmp_path, name, content)

    result = imported(run_import, path)

    assert as_imported() == as_feedparser_reads(path)
    assert len(as_imported()) == len(feedparser.parse(path.read_bytes()).entries) > 0
    assert fault in result.err
    assert f"已按宽松方式读出 {len(as_imported())} 条" in result.err


def test_broken_xml_that_declares_entities_is_still_refused(tmp_path, run_import, parks):
    # The fault comes before the DOCTYPE, so the safe parser never reached its entity declarations.
    path = write(
        tmp_path,
        "broken-laughs.rss",
        '<?xml version="1.0"?>\n<<!DOCTYPE rss [<!ENTITY a "哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;">]>'
        + rss("<item><title>&b;</title><description>&b;</description></item>", head=""),
    )

    result = run_import(str(path), "--category", "parks")

    assert result.code == 1
    assert "XML 中声明了实体（可能是“billion laughs”攻击），拒绝导入" in result.err
    assert Article.objects.count() == 0


def test_a_feed_feedparser_cannot_read_is_refused_in_one_line(tmp_path, run_import, parks):
    # feedparser 6.0 raises KeyError on a <textInput> inside an <item>; the import must not crash.
    path = write(
        tmp_path,
        "textinput.rss",
        rss(
            "<item><title>搜索</title><textInput><name>q</name><link>https://feed.example.cn/s</link></textInput></item>"
        ),
    )

    result = run_import(str(path), "--category", "parks")

    assert result.code == 1
    assert "textinput.rss：feedparser 无法读取这个订阅（KeyError）" in result.err
    assert result.err.count("\n") == 1, result.err
    assert Article.objects.count() == 0


def test_a_character_reference_to_no_character_becomes_a_replacement_character(tmp_path, run_import, parks):
    path = write(
        tmp_path,
        "charref.rss",
        rss("<item><title>A &#1114112; B &#xD800; C</title><description>正文&#0;</description></item>"),
    )

    result = imported(run_import, path)

    assert Article.objects.get().title == "A \ufffd B \ufffd C"
    assert "指向无效字符的字符引用（如 &#1114112;）换成了 �（3 处）" in result.err


def test_a_cdf_channel(tmp_path, run_import, parks):
    # Microsoft's Channel Definition Format (1997), which feedparser still reads: upper-case tags, HREF links.
    path = write(
        tmp_path,
        "channel.cdf.xml",
        '<CHANNEL HREF="http://cdf.example.org/"><TITLE>Old channel</TITLE>'
        '<ITEM HREF="http://cdf.example.org/1.htm"><TITLE>First item</TITLE><ABSTRACT>Its abstract</ABSTRACT></ITEM>'
        "</CHANNEL>",
    )

    imported(run_import, path)

    assert as_imported() == as_feedparser_reads(path) == [("First item", "http://cdf.example.org/1.htm")]
