"""Malformed and hostile files: one clear error line, no traceback, nothing written."""

import pytest

from news.models import Article, Category, Source
from tests.factories import make_category


@pytest.fixture
def parks(db):
    return make_category(name="园区动态", slug="parks")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("hostile/billion-laughs.xml", "XML 中声明了实体（可能是“billion laughs”攻击），拒绝导入"),
        ("hostile/external-entity.xml", "XML 引用了外部实体或文件，拒绝导入"),
        ("truncated-wordpress.xml", "XML 文件不完整（第 88 行"),
        ("truncated.json", "JSON 格式错误或文件不完整"),
    ],
)
@pytest.mark.parametrize("as_format", ["auto", "explicit"])
def test_refused_with_one_line_and_nothing_written(site, run_import, parks, name, message, as_format):
    explicit = {"hostile/external-entity.xml": "rss", "truncated.json": "json"}.get(name, "wxr")
    options = ["--format", explicit] if as_format == "explicit" else []

    result = run_import(site.path(name), "--create-categories", *options)

    assert result.code == 1
    assert result.err.count("\n") == 1, result.err
    assert message in result.err
    assert "Traceback" not in result.err and "root:" not in result.err
    assert Article.objects.count() == 0
    assert Category.objects.count() == 1
    assert Source.objects.count() == 0


def test_hostile_file_over_http(site, run_import, parks):
    result = run_import(f"{site.url}/hostile/billion-laughs.xml")

    assert result.code == 1 and "billion laughs" in result.err
    assert Article.objects.count() == 0


def test_a_truncated_json_lines_file_imports_its_complete_lines(site, run_import, parks):
    result = run_import(site.path("truncated.jsonl"))

    assert result.code == 1
    assert sorted(Article.objects.values_list("import_key", flat=True)) == ["trunc:1", "trunc:2"]
    assert "truncated.jsonl 第 3 行：JSON 格式错误" in result.err


def test_a_json_line_nested_too_deep_fails_alone(tmp_path, run_import, parks):
    path = tmp_path / "deep.jsonl"
    deep = b'{"title": "t", "body": "b", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    path.write_bytes(b'{"title": "ok", "body": "b", "import_key": "ok"}\n' + deep + b"\n")

    result = run_import(str(path), "--category", "parks")

    assert result.code == 1
    assert "deep.jsonl 第 2 行：JSON 嵌套太深" in result.err
    assert "Traceback" not in result.err
    assert list(Article.objects.values_list("import_key", flat=True)) == ["ok"]


def test_a_file_that_is_no_format_at_all(tmp_path, run_import, parks):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 4)

    result = run_import(str(junk))

    assert result.code == 1
    assert "无法识别文件格式，请用 --format 指定" in result.err
    assert result.err.count("\n") == 1


def test_one_bad_file_among_several(site, run_import, parks):
    result = run_import(site.path("hostile/billion-laughs.xml"), site.path("truncated.jsonl"))

    assert result.code == 1
    assert Article.objects.count() == 2
    assert "billion-laughs.xml：XML 中声明了实体" in result.err
    assert "无法导入的文件 1" in result.out


def test_a_csv_without_the_required_columns(tmp_path, run_import, parks):
    data = tmp_path / "a.csv"
    data.write_text("名字,内容说明\n一,二\n", encoding="utf-8")

    result = run_import(str(data), "--format", "csv")

    assert result.code == 1 and "表头缺少列 title, body" in result.err
    assert Article.objects.count() == 0


def _feed(items):
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>测试</title>{items}</channel></rss>'


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.xml", b"", "文件是空的"),
        ("deep.rss", _feed("<item><title>t</title><description>" + "<x>" * 5000 + "</x>" * 5000).encode(), "嵌套超过"),
        # Declared UTF-8, but one title is GBK: a file saved by two programs.
        (
            "mixed.rss",
            _feed("<item><title>第一条</title></item><item><title>MIXED</title></item>")
            .encode()
            .replace(b"MIXED", "第二条".encode("gbk")),
            "编码与声明不符",
        ),
        ("binary.xml", bytes(range(256)) * 4, "无法识别文件格式"),
        # An API dump is not our schema: say so rather than import nothing and succeed.
        ("api.json", b'{\n  "code": 0,\n  "data": [{"title": "x", "body": "y"}]\n}', "JSON 对象里没有 articles 数组"),
        ("api-one-line.json", b'{"data": [{"title": "x", "body": "y"}]}', "JSON 对象里没有 articles 数组"),
        ("one-article.json", b'{"articles": {"title": "x", "body": "y"}}', "JSON 里的 articles 不是数组"),
        # ijson gives every event its whole path: 100,000 "[" once took gigabytes to check.
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "JSON 嵌套超过 256 层"),
        ("deep-line.json", b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "JSON 嵌套超过 256 层"),
        (
            "deep-feed.json",
            b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "JSON 嵌套太深",
        ),
        ("overflow.json", b'[{"title": "x", "body": "y", "cover": 99999999999999999999999}]', "integer overflow"),
        ("gbk.json", '[{"title": "标题", "body": "正文"}]'.encode("gbk"), "不是 UTF-8 编码"),
    ],
)
def test_broken_files_from_the_wild(tmp_path, run_import, parks, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    result = run_import(str(path), "--category", "parks")

    assert result.code == 1
    assert message in result.err
    assert result.err.count("\n") == 1, result.err
    assert Article.objects.count() == 0


def test_a_huge_article_fails_alone(tmp_path, run_import, parks):
    body = "长" * 1_000_001
    path = tmp_path / "big.rss"
    path.write_text(
        _feed(f"<item><title>太长</title><description>{body}</description></item>").replace(
            "</channel>", "<item><title>正常</title><description>正文</description></item></channel>"
        ),
        encoding="utf-8",
    )

    result = run_import(str(path), "--category", "parks")

    assert result.code == 1
    assert "第 1 条：正文太长" in result.err
    assert list(Article.objects.values_list("title", flat=True)) == ["正常"]


# What a server answers instead of a feed: a redirect notice, an error or a login page.
MOVED_PAGE = (
    "<!DOCTYPE html><html><head><title>页面已迁移</title></head>"
    '<body><h1>页面已迁移</h1><p>订阅地址已经改为 <a href="/rss/new.xml">新地址</a>。</p></body></html>'
)


@pytest.mark.parametrize("name", ["feed.rss", "news.xml", "latest.atom"])
def test_a_web_page_given_as_a_feed_is_refused_not_imported_as_an_article(tmp_path, run_import, parks, name):
    page = tmp_path / name
    page.write_text(MOVED_PAGE, encoding="utf-8")

    result = run_import(str(page), "--category", "parks")

    assert result.code == 1
    assert f"{name}：文件名或类型表明这是订阅源（RSS/Atom），内容却是网页（HTML）" in result.err
    assert result.err.count("\n") == 1
    assert Article.objects.count() == 0

    # Said on purpose, the page is imported as a saved page.
    assert run_import(str(page), "--category", "parks", "--format", "html").code == 0
    assert list(Article.objects.values_list("title", flat=True)) == ["页面已迁移"]


def test_a_web_page_served_at_a_feed_address_is_refused(site, run_import, parks):
    (site.root / "moved.rss").write_text(MOVED_PAGE, encoding="utf-8")

    result = run_import(f"{site.url}/moved.rss?from=reader", "--category", "parks")

    assert result.code == 1 and "内容却是网页（HTML）" in result.err
    assert Article.objects.count() == 0


def test_a_web_page_under_its_own_name_is_still_a_saved_page(tmp_path, run_import, parks):
    page = tmp_path / "moved.html"
    page.write_text(MOVED_PAGE, encoding="utf-8")

    assert run_import(str(page), "--category", "parks").code == 0
    assert Article.objects.count() == 1
