"""Sloppy feeds and exports, written here in the shapes real sites produce: imported, each repair a warning."""

import pytest

from news.importers import wxr as wxr_format
from news.importers.inputs import Input
from news.models import Article, Category
from news.sanitizer import html_to_text
from tests.factories import make_category

WXR_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
{comment}<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Theme Test Site</title>
	<link>https://wp.example.org</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://wp.example.org</wp:base_site_url>
"""
WXR_ITEM = """	<item>
		<title>{title}</title>
		<link>https://wp.example.org/?p={id}</link>
		<dc:creator>admin</dc:creator>
		<content:encoded>{content}</content:encoded>
		<wp:post_id>{id}</wp:post_id>
		<wp:post_date>2010-01-08 12:00:00</wp:post_date>
		<wp:status>publish</wp:status>
		<wp:post_type>post</wp:post_type>
	</item>
"""


@pytest.fixture
def parks(db):
    return make_category(name="园区动态", slug="parks")


def rss(items, declaration='<?xml version="1.0" encoding="UTF-8"?>'):
    return f'{declaration}<rss version="2.0"><channel><title>园区快讯</title><link>https://feed.example.cn/</link>{items}</channel></rss>'


def item(title, body, link="https://feed.example.cn/1.html"):
    return f"<item><title>{title}</title><link>{link}</link><description>{body}</description></item>"


def wxr(items, comment=""):
    return WXR_HEAD.format(comment=comment) + "".join(items) + "</channel>\n</rss>\n"


def imported(run_import, path, *options):
    result = run_import(str(path), "--category", "parks", *options)
    assert result.code == 0, result.err
    return result


@pytest.mark.parametrize("prefix", [b"\n", b"\r\n\r\n  ", b"\xef\xbb\xbf\n"])
def test_blank_lines_before_the_declaration(tmp_path, run_import, parks, prefix):
    path = tmp_path / "blank.rss"
    path.write_bytes(prefix + rss(item("园区开放日", "<p>周六开放。</p>")).encode())

    result = imported(run_import, path)

    assert Article.objects.get().title == "园区开放日"
    assert "警告 " + str(path) + "：XML 声明前有空行或空格，已忽略" in result.err


def test_atom_with_a_blank_line_first(tmp_path, run_import, parks):
    path = tmp_path / "blank.atom"
    path.write_bytes(
        b'\n<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        b"<entry><title>Atom entry</title><id>urn:1</id><updated>2021-04-19T10:00:00Z</updated>"
        b'<link href="https://atom.example.org/1"/>'
        b'<content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>'
    )

    result = imported(run_import, path)

    assert Article.objects.get().original_url == "https://atom.example.org/1"
    assert "XML 声明前有空行" in result.err


def test_undeclared_gb2312_feed(tmp_path, run_import, parks):
    path = tmp_path / "gb.xml"
    body = "<p>城南菜市场改造完成，新增摊位八十个，市场负责人表示月底前全部投入使用。</p>"
    path.write_bytes(
        rss(item("城南菜市场改造完成", body.replace("<", "&lt;")), '<?xml version="1.0"?>').encode("gb2312")
    )

    result = imported(run_import, path)

    article = Article.objects.get()
    assert article.title == "城南菜市场改造完成"
    assert "新增摊位八十个" in article.body
    assert "文件没有声明编码，内容也不是 UTF-8，按 GB18030 读取" in result.err


def test_undeclared_latin1_feed(tmp_path, run_import, parks):
    path = tmp_path / "latin.rss"
    feed = '<rss version="2.0"><channel><title>Café</title>' + item("Soirée à Genève", "Une soirée très réussie.")
    path.write_bytes((feed + "</channel></rss>").encode("latin-1"))

    result = imported(run_import, path)

    assert Article.objects.get().title == "Soirée à Genève"
    assert "按 CP1252 读取" in result.err


def test_declared_encoding_that_is_wrong(tmp_path, run_import, parks):
    path = tmp_path / "wrong.rss"
    path.write_bytes(
        rss(item("科创园新楼封顶", "新楼今天封顶。"), '<?xml version="1.0" encoding="ISO-8859-1"?>').encode()
    )

    result = imported(run_import, path)

    assert Article.objects.get().title == "科创园新楼封顶"
    assert "文件声明的编码 ISO-8859-1与内容不符，按 UTF-8 读取" in result.err


def test_html_entities_and_bare_ampersands(tmp_path, run_import, parks):
    path = tmp_path / "entities.rss"
    body = "开幕式&nbsp;上午&nbsp;九点&mdash;十点，R&D 中心开放。"
    path.write_text(rss(item("开幕&nbsp;式", body, "https://feed.example.cn/a.php?id=1&page=2")), encoding="utf-8")

    result = imported(run_import, path)

    article = Article.objects.get()
    assert article.title == "开幕 式"
    assert article.original_url == "https://feed.example.cn/a.php?id=1&page=2"
    assert article.body == "<p>开幕式&nbsp;上午&nbsp;九点—十点，R&amp;D 中心开放。</p>"
    assert "XML 未定义的 HTML 实体（如 &nbsp;）换成了对应字符（4 处）" in result.err
    assert "未转义的“&”已转义（2 处）" in result.err


def test_wordpress_broken_cdata(tmp_path, run_import, parks):
    # WordPress's own test file for this case: an export that wrote "]]>" inside CDATA unescaped.
    path = tmp_path / "crazy-cdata.xml"
    content = "<![CDATA[Content with nested <![CDATA[ tags ]]> :)]]>"
    escaped = "<![CDATA[Escaped ]]]]><![CDATA[> properly]]>"
    path.write_text(
        wxr(
            [
                WXR_ITEM.format(title="Crazy CDATA", id=10, content=content),
                WXR_ITEM.format(title="Escaped CDATA", id=11, content=escaped),
            ]
        ),
        encoding="utf-8",
    )

    source = Input(name=path.name, path=path)
    records = list(wxr_format.read(source, wxr_format.check(source)))
    assert [record.body for record in records] == [
        "<p>Content with nested <![CDATA[ tags ]]> :)</p>",
        "<p>Escaped ]]> properly</p>",
    ]

    result = imported(run_import, path)

    assert "Content with nested" in Article.objects.get(title="Crazy CDATA").body
    assert html_to_text(Article.objects.get(title="Escaped CDATA").body) == "Escaped ]]> properly"
    assert "CDATA 段中未转义的“]]>”按 WordPress 的方式修复（1 处）" in result.err


def test_large_wxr_with_a_long_leading_comment(tmp_path, run_import, parks):
    # Like the WordPress Theme Unit Test export: 700 KB, its header comment pushing the
    # namespaces past the first 16 KB and wp:wxr_version to line 30.
    comment = "".join(f"<!-- {'WordPress export comment line ' * 30}{n} -->\n" for n in range(19))
    body = "<![CDATA[<p>" + "主题测试段落内容。" * 40 + "</p>]]>"
    items = [WXR_ITEM.format(title=f"Post {n}", id=n, content=body) for n in range(1, 700)]
    text = wxr(items, comment)
    path = tmp_path / "theme-unit-test.xml"
    path.write_text(text, encoding="utf-8")
    assert text.splitlines()[29].strip() == "<wp:wxr_version>1.2</wp:wxr_version>"
    assert text.index("wordpress.org/export/") > 16384 and len(text.encode()) > 700_000

    result = imported(run_import, path)

    assert "新建 699" in result.out
    assert Article.objects.filter(title="Post 699").exists()


def test_json_lines_with_a_long_first_line(tmp_path, run_import, parks):
    path = tmp_path / "long.jsonl"
    first = '{"title": "长文", "import_key": "l1", "body": "' + "长" * 20_000 + '"}'
    assert len(first.encode()) > 60_000
    path.write_text(first + '\n{"title": "短文", "import_key": "l2", "body": "短"}\n', encoding="utf-8")

    imported(run_import, path)

    assert sorted(Article.objects.values_list("import_key", flat=True)) == ["l1", "l2"]


def test_a_json_line_too_long_to_be_an_article_fails_alone(tmp_path, run_import, parks):
    path = tmp_path / "huge.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"title": "巨大", "body": "' + "x" * (17 * 2**20) + '"}\n')
        handle.write('{"title": "正常", "import_key": "ok", "body": "正文"}\n')

    result = run_import(str(path), "--category", "parks")

    assert result.code == 1
    assert "huge.jsonl 第 1 行：这一行超过 16 MB，不是一篇文章" in result.err
    assert list(Article.objects.values_list("import_key", flat=True)) == ["ok"]


HOSTILE = [
    # Entity declarations stay refused, also behind a blank line and with entities to "repair".
    (
        b'\n<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<rss><channel><title>&b;&nbsp;</title></channel></rss>",
        "XML 中声明了实体",
    ),
    (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + "<rss><channel><title>&x; 标题 &nbsp;</title></channel></rss>".encode("gbk"),
        "XML 引用了外部实体或文件",
    ),
    # Readable UTF-8, then GBK: no single encoding reads it, and guessing would garble it.
    (rss(item("第一条", "正文")).encode() + "第二条".encode("gbk"), "编码与声明不符"),
]


@pytest.mark.parametrize(("content", "message"), HOSTILE)
def test_hostile_files_are_not_repaired(tmp_path, run_import, parks, content, message):
    path = tmp_path / "hostile.rss"
    path.write_bytes(content)

    result = run_import(str(path), "--category", "parks")

    assert result.code == 1
    assert message in result.err
    assert Article.objects.count() == 0
    assert Category.objects.count() == 1
