"""Saved news pages: titles without the site's name, bylines without their labels, metadata read."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from news.importers.inputs import Input
from news.importers.pages import check, clean_author, clean_title, read
from news.models import Article
from tests.factories import make_category

SHANGHAI = ZoneInfo("Asia/Shanghai")
PARAGRAPHS = "".join(
    f"<p>{text}</p>"
    for text in (
        "江城的早高峰又热闹起来，轮渡码头排起了长队，沿江的早点铺子冒着热气。",
        "一位在码头工作了二十年的师傅说，今年春天的客流比往年多出不少，新开的两条航线尤其受欢迎。",
        "市交通部门介绍，下一步将在主要码头增设候船区，并延长夜间航班的运营时间。",
        "不少市民表示，坐轮渡过江已成为一种生活方式，既能避开拥堵，又能欣赏两岸风景。",
    )
)


def saved_page(title, byline, tail="", head=""):
    return f"""<!DOCTYPE html>
<!-- saved from url=(0052)https://www.news.example.cn/2021-04/08/c_1127306.htm -->
<html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="示例新闻网">
<meta property="article:published_time" content="2021-04-08T10:20:00+08:00">
{head}</head><body>
<div class="nav"><a href="/">首页</a> | <a href="/china/">国内</a></div>
<div class="article"><h1>江城的早晨</h1>
<div class="info">来源：示例新闻网　{byline}</div>
<div id="detail">{PARAGRAPHS}{tail}</div></div>
<div class="footer">版权所有 示例新闻网</div>
</body></html>"""


@pytest.fixture
def parks(db):
    return make_category(name="园区动态", slug="parks")


def records(tmp_path, text):
    path = tmp_path / "page.html"
    path.write_text(text, encoding="utf-8")
    source = Input(name="page.html", path=path)
    return list(read(source, check(source)))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("江城的早晨，英雄的城！-新华网", "江城的早晨，英雄的城！"),
        ("江城的早晨_国内新闻_新浪网", "江城的早晨"),
        ("江城的早晨 | 示例在线", "江城的早晨"),
        ("江城的早晨｜示例新闻网", "江城的早晨"),
        ("江城的早晨 - 示例日报", "江城的早晨"),
        ("江城的早晨_示例站", "江城的早晨"),  # the og:site_name given below
        # Not a site's name: kept.
        ("新冠疫苗 COVID-19 接种指南", "新冠疫苗 COVID-19 接种指南"),
        ("2021-04-08 江城的早晨", "2021-04-08 江城的早晨"),
        ("左岸_右岸", "左岸_右岸"),
    ],
)
def test_titles_lose_the_site_suffix(title, expected):
    assert clean_title(title, "示例站") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("记者王敬照", "王敬照"),
        ("记者 王敬照 李明", "王敬照 李明"),
        ("本报记者：王敬照", "王敬照"),
        ("作者：杜明", "杜明"),
        ("文/杜明", "杜明"),
        ("责任编辑：孔德明", ""),
        ("杜明", "杜明"),
    ],
)
def test_authors_lose_their_labels(value, expected):
    assert clean_author(value) == expected


def test_a_saved_page_with_its_metadata(tmp_path, db):
    (record,) = records(
        tmp_path,
        saved_page("江城的早晨-示例新闻网", "记者王敬照", tail="<p>（责任编辑：孔德明）</p>"),
    )

    assert record.title == "江城的早晨"
    assert record.author == "王敬照"
    assert record.responsible_editor == "孔德明"
    assert "责任编辑" not in record.body
    assert record.original_url == "https://www.news.example.cn/2021-04/08/c_1127306.htm"
    assert record.published_at == datetime(2021, 4, 8, 10, 20, tzinfo=SHANGHAI)


def test_responsible_editor_named_in_the_meta_author(tmp_path, db):
    head = '<meta name="author" content="责任编辑：孔德明">'
    (record,) = records(tmp_path, saved_page("江城的早晨_国内新闻_示例新闻网", "作者：杜明", head=head))

    assert record.title == "江城的早晨"
    assert record.author == "杜明"
    assert record.responsible_editor == "孔德明"


def test_imported_saved_page(tmp_path, run_import, parks):
    path = tmp_path / "c_1127306.htm.html"
    path.write_text(
        saved_page("江城的早晨-示例新闻网", "记者王敬照", tail="<p>（责任编辑：孔德明）</p>"), encoding="utf-8"
    )

    result = run_import(str(path), "--category", "parks", "--no-images")

    assert result.code == 0, result.err
    article = Article.objects.get()
    assert (article.title, article.author) == ("江城的早晨", "王敬照")
    assert article.original_url == "https://www.news.example.cn/2021-04/08/c_1127306.htm"
    assert "责任编辑" not in article.body
