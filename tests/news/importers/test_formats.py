"""Each input format, read from the fixture files into articles a user would see."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from taggit.models import Tag

from news.importers.formats import sniff
from news.importers.inputs import Input
from news.models import Article, Category, Source
from tests.factories import make_category, make_source


@pytest.fixture
def categories(db):
    parks = make_category(name="园区动态", slug="parks")
    return {
        "parks": parks,
        "livelihood": make_category(name="民生服务", slug="livelihood"),
        "energy": make_category(name="绿色能源", slug="energy"),
        "education": make_category(name="教育科研", slug="education"),
    }


def article(title):
    return Article.objects.select_related("category", "source").get(title=title)


def stored(url):
    """The stored file behind a /media/ URL in a body."""
    return default_storage.exists(url.removeprefix(default_storage.base_url))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("articles.jsonl", "jsonl"),
        ("truncated.jsonl", "jsonl"),
        ("articles.json", "json"),
        ("truncated.json", "json"),
        ("articles.csv", "csv"),
        ("articles-gbk.csv", "csv"),
        ("feed.rss", "rss"),
        ("feed.atom", "rss"),
        ("wordpress.xml", "wxr"),
        ("pages/hepan-88.html", "html"),
        ("pages/yunling-5501.html", "html"),
        ("realworld/feed.json", "jsonfeed"),
        ("realworld/dedecms-gb2312.xml", "rss"),
        ("realworld/wordpress-classic.xml", "wxr"),
        ("realworld/page-gbk.html", "html"),
        ("realworld/excel-gbk.csv", "csv"),
    ],
)
def test_format_is_sniffed_from_content(tmp_path, name, expected):
    # Under a neutral name, so that only the bytes can tell.
    copy = tmp_path / "input.dat"
    copy.write_bytes((Path(__file__).parent.parent / "fixtures" / "import" / name).read_bytes())
    assert sniff(Input(name="input.dat", path=copy)) == expected


def test_json_lines(site, run_import, categories):
    result = run_import(site.path("articles.jsonl"))

    first = article("滨江新区智慧路灯完成改造")
    assert first.category == categories["parks"]
    assert first.source.name == "滨江融媒"
    assert first.source.website == "https://media.example.com/"
    assert first.author == "周敏"
    assert first.import_key == "partner:1001"
    assert sorted(first.tags.names()) == ["智慧城市", "节能"]
    assert first.published_at.isoformat() == "2021-04-19T02:20:00+00:00"
    second = article("社区图书室延长开放时间")
    assert second.category == categories["livelihood"]
    assert second.summary == "社区图书室晚上开放到九点。"
    # A relative link, resolved against the article's original address.
    assert f'href="{site.url}/library/hours.html"' in second.body
    assert result.code == 1


def test_json_document_with_nested_categories(site, run_import, db):
    result = run_import(site.path("articles.json"), "--create-categories")

    assert result.code == 0, result.err
    devzone = Category.objects.get(slug="devzone")
    assert devzone.name == "开发区"
    assert devzone.parent.slug == "parks"
    assert article("高新区举办青年创业沙龙").category.parent == devzone.parent
    assert "新建 2" in result.out


def test_csv_utf8_with_bom_and_chinese_headers(site, run_import, categories):
    result = run_import(site.path("articles.csv"))

    canteen = article("园区食堂推出夜间档")
    assert canteen.author == "郑华"
    assert canteen.source.name == "城市晚报"
    assert sorted(canteen.tags.names()) == ["职工", "食堂"]
    assert canteen.published_at.isoformat() == "2021-05-06T10:00:00+00:00"
    quoted = article("含逗号的标题，也能正确读取")
    assert '引号"和换行' in quoted.body
    # The row before spans two lines: positions are lines of the file, where the record starts.
    assert "articles.csv 第 5 行：缺少标题" in result.err
    assert result.code == 1


def test_csv_in_gbk(site, run_import, categories):
    result = run_import(site.path("articles-gbk.csv"))

    assert result.code == 0, result.err
    lift = article("老旧小区加装电梯进度过半")
    assert lift.category == categories["livelihood"]
    assert lift.author == "冯丽"
    assert "七十部完工" in lift.body
    assert sorted(lift.tags.names()) == ["加装电梯", "老旧小区"]
    assert article("菜市场改造后重新开业").published_at.isoformat() == "2021-04-20T23:30:00+00:00"


@pytest.mark.parametrize("delimiter", ["\t", ";"], ids=["tabs", "semicolons"])
@pytest.mark.parametrize("name", ["articles.csv", "articles.txt"])
def test_csv_separated_by_tabs_or_semicolons(tmp_path, run_import, categories, delimiter, name):
    """A spreadsheet's tab-separated export, or Excel where the comma is the decimal sign."""
    rows = [
        ["标题", "正文", "栏目", "标签"],
        ["标题里的逗号, 照样读取", "<p>第一段；第二段</p>", "民生服务", "社区、便民"],
    ]
    path = tmp_path / name
    path.write_text("".join(delimiter.join(row) + "\r\n" for row in rows), encoding="utf-8-sig")

    result = run_import(str(path))

    assert result.code == 0, result.err
    imported = article("标题里的逗号, 照样读取")
    assert imported.category == categories["livelihood"]
    assert "第一段；第二段" in imported.body
    assert sorted(imported.tags.names()) == sorted(["社区", "便民"])


def test_a_feed_date_that_cannot_be_read_is_a_warning(tmp_path, run_import, categories):
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>区报</title>'
        "<item><title>日期写成了中文</title><description>正文一段。</description>"
        "<pubDate>星期二, 05 三月 2024 10:20:00 +0800</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    before = timezone.now()

    result = run_import(str(feed), "--category", "parks")

    assert result.code == 0, result.err
    assert "无法识别的日期：星期二, 05 三月 2024" in result.err and "警告 1" in result.out
    assert article("日期写成了中文").published_at >= before


def test_rss_over_http_with_images(site, run_import, categories):
    result = run_import(f"{site.url}/feed.rss")

    storage = article("储能电站并网发电 可供五万户家庭用电一天")
    assert storage.category == categories["energy"]
    assert storage.source.name == "江城科技报"
    assert storage.author == "孙立"
    assert storage.import_key == "jckjb-301"
    assert storage.original_url == f"{site.url}/news/2021/0419/301.html"
    assert storage.summary == "新建储能电站并网，可供五万户家庭用电一天。"
    # content:encoded, not the short description, is the body.
    assert "磷酸铁锂电池" in storage.body
    assert f'href="{site.url}/topics/storage.html"' in storage.body
    # The body image is our copy now; the cover came from the enclosure.
    local = [src for src in _srcs(storage.body) if src.startswith("/media/uploads/")]
    assert len(local) == 1 and stored(local[0])
    assert storage.cover.name.startswith("covers/")
    assert default_storage.exists(storage.cover.name)
    # The missing image is a warning; the article is imported with the address kept.
    assert "missing.jpg" in result.err and "警告" in result.err
    assert f'src="{site.url}/images/missing.jpg"' in storage.body
    # The second item with the same GUID is skipped and counted.
    assert Article.objects.filter(import_key="jckjb-301").count() == 1
    assert "跳过 1" in result.out
    books = article("城市书房上新三千册科普图书")
    assert books.category == categories["education"]
    assert books.cover  # from media:content
    assert result.code == 0, result.err


def test_rss_body_is_sanitised(site, run_import, categories):
    run_import(site.path("feed.rss"), "--no-images")

    body = article("储能电站并网发电 可供五万户家庭用电一天").body
    assert "<script" not in body and "document.write" not in body
    assert "onmouseover" not in body and "track()" not in body
    assert "用电低谷时充电" in body


def test_atom(site, run_import, categories):
    result = run_import(site.path("feed.atom"))

    assert result.code == 0, result.err
    birds = article("湿地公园观鸟季开始")
    assert birds.author == "林青"
    assert birds.source.name == "湖畔观察"
    assert birds.published_at.isoformat() == "2021-04-21T23:00:00+00:00"
    assert birds.cover
    assert "/media/uploads/" in birds.body
    trail = article("湖边步道全线贯通")
    assert "六个驿站" in trail.body
    assert trail.import_key == "tag:fixtures.invalid,2021:trail"


def test_wordpress_export(site, run_import, db):
    # On the approved list: a reprint from any other source would wait as 待审 (test_compliance.py).
    make_source(name="老城区资讯站", is_approved_for_reprint=True)
    result = run_import(site.path("wordpress.xml"), "--create-categories", "--publish")

    assert result.code == 0, result.err
    post = article("夜间公交线路增加到八条")
    assert post.import_key == f"{site.url}/old/?p=101"
    assert post.author == "陈晖"
    assert post.summary == "老城区夜间公交线路增加到八条，票价不变。"
    assert post.published_at.isoformat() == "2021-04-19T02:20:00+00:00"
    assert post.status == Article.Status.PUBLISHED
    assert post.category.name == "交通出行"
    assert post.category.parent.name == "城市生活"
    assert sorted(post.tags.names()) == ["公交", "夜间出行"]
    assert post.source.name == "老城区资讯站"
    # Classic-editor paragraphs (blank lines) became <p>; the caption shortcode a figure.
    assert "<p>从下周一开始" in post.body
    assert "<figure>" in post.body and "[caption" not in post.body
    assert "<h2>票价不变</h2>" in post.body
    # The featured image is the attachment the post's _thumbnail_id names.
    assert post.cover.name.startswith("covers/")
    # A draft stays a draft even with --publish.
    assert article("菜场周末延长营业（草稿）").status == Article.Status.DRAFT
    # Pages, menu items and trashed posts are skipped and counted; attachments are not articles.
    assert Article.objects.count() == 2
    assert "跳过 3" in result.out
    assert not Article.objects.filter(title__in=["关于我们", "首页", "夜班车", "已删除的旧通知"]).exists()


def test_saved_gbk_page(site, run_import, categories):
    result = run_import(site.path("pages/hepan-88.html"), "--category", "parks")

    assert result.code == 0, result.err
    page = article("河畔工业园建成污水处理厂")
    assert page.original_url == f"{site.url}/hepan/2021/0419/88.html"
    assert page.import_key == page.original_url
    assert page.source.name == "河畔资讯网"
    assert page.author == "韩雪"
    assert page.published_at.isoformat() == "2021-04-19T02:20:00+00:00"
    assert "集中污水处理厂本周建成投用" in page.body
    assert "雨污分流管网" in page.body
    # Navigation, related links, scripts and handlers are not part of the article.
    for noise in ("网站首页", "相关新闻", "广告", "onclick", "onerror", "<script", "版权所有"):
        assert noise not in page.body
    assert sorted(page.tags.names()) == ["工业园", "污水处理"]


def test_saved_utf8_page_with_cover(site, run_import, categories):
    result = run_import(site.path("pages/yunling-5501.html"), "--default-category", "education")

    assert result.code == 0, result.err
    page = article("山区学校用上远程课堂")
    assert page.category == categories["education"]
    assert page.author == "杜明"
    assert page.source.name == "云岭教育在线"
    assert page.published_at.isoformat() == "2021-04-23T08:45:00+00:00"
    assert page.cover
    assert "/media/uploads/" in page.body
    assert page.body.count("<p>") >= 3


def test_folders_and_globs(site, run_import, categories):
    run_import(str(site.root / "pages"), "--category", "parks", "--no-images")
    assert Article.objects.count() == 2
    run_import(str(site.root / "*.csv"), "--no-images")
    assert Article.objects.count() == 2 + 2 + 2


def test_images_that_are_not_images_are_warnings(tmp_path, site, run_import, categories):
    data = tmp_path / "one.jsonl"
    data.write_text(
        '{"import_key": "img:1", "title": "图片检查", "category": "parks", '
        f'"body": "<p>正文</p><p><img src=\\"{site.url}/images/not-an-image.jpg\\"></p>"}}\n',
        encoding="utf-8",
    )
    result = run_import(str(data))

    assert result.code == 0
    assert "不是有效的图片文件" in result.err
    assert Article.objects.get(import_key="img:1")


def test_sources_and_tags_are_reused(site, run_import, categories):
    Source.objects.create(name="江城科技报")
    run_import(site.path("feed.rss"), "--no-images")
    run_import(site.path("articles.jsonl"), "--no-images")

    assert Source.objects.filter(name="江城科技报").count() == 1
    assert Tag.objects.filter(name="节能").count() == 1


def _srcs(body):
    import re

    return re.findall(r'src="([^"]+)"', body)
