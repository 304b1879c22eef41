"""Files shaped like other sites' real exports, feeds and pages (fixtures/import/realworld/)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from news.models import Article
from tests.factories import make_category

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def livelihood(db):
    make_category(name="园区动态", slug="parks")
    return make_category(name="民生服务", slug="livelihood")


def article(title):
    return Article.objects.select_related("category", "source").get(title=title)


def stored_images(body):
    """The /media/ addresses in a body, each checked to be a stored file."""
    addresses = [part.split('"', 1)[0] for part in body.split('src="')[1:]]
    for address in addresses:
        assert address.startswith(default_storage.base_url), body
        assert default_storage.exists(address.removeprefix(default_storage.base_url))
    return addresses


def test_gb2312_feed_from_a_chinese_cms(site, run_import, livelihood):
    # DedeCMS writes GB2312 (which expat cannot read), site-relative <link>s, numeric GUIDs,
    # "CST" meaning Beijing time, and plain-text descriptions.
    result = run_import(site.path("realworld/dedecms-gb2312.xml"))

    assert result.code == 0, result.err
    bridge = article("江岸大桥夜间封闭施工")
    assert bridge.original_url == f"{site.url}/news/2021/0419/1001.html"
    assert bridge.import_key == bridge.original_url
    assert bridge.published_at == datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)
    assert bridge.author == "王晓"
    assert bridge.source.name == "江岸日报网"
    assert len(stored_images(bridge.body)) == 1

    market = article("城南菜市场改造完成")
    assert market.import_key == f"{site.url}/#guid=1000"
    assert market.published_at == datetime(2021, 4, 18, 9, 5, tzinfo=SHANGHAI)
    assert market.body == "<p>城南菜市场改造完成，新增摊位八十个。</p><p>市场负责人表示，月底前全部摊位投入使用。</p>"

    again = run_import(site.path("realworld/dedecms-gb2312.xml"))
    assert "新建 0 · 更新 0 · 未变 2" in again.out
    assert Article.objects.count() == 2


def test_wordpress_before_3_0_with_captions(site, run_import, livelihood):
    result = run_import(site.path("realworld/wordpress-classic.xml"))

    assert result.code == 0, result.err
    assert "新建 2 · 更新 0 · 未变 0 · 跳过 1" in result.out
    drone = article("稻田里的无人机")
    assert drone.category.slug == "parks"
    # No GMT date: the local one, in the site's time zone.
    assert drone.published_at == datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)
    assert "<figcaption>无人机在稻田上空作业</figcaption>" in drone.body
    assert "[caption" not in drone.body
    assert "<p>种粮大户老周说：“以前三天的活，现在半天就干完了。”<br>他还说，明年想再买一台。</p>" in drone.body
    assert "CDATA 的结束符 ]]&gt; 也要完整保留" in drone.body
    assert len(stored_images(drone.body)) == 1
    # A private post is kept for the editor, but never published.
    private = article("内部通知")
    assert private.status == Article.Status.DRAFT and private.original_url is None


def test_wordpress_3_0_tags_and_an_undated_draft(site, run_import, livelihood):
    before = timezone.now()
    result = run_import(site.path("realworld/wordpress-3.0-tags.xml"))

    assert result.code == 0, result.err
    # WXR 1.0 wrote tags as domain="tag", each twice (without and with its nicename).
    bus = article("社区公交新增两站")
    assert [tag.name for tag in bus.tags.all()] == ["公交"]
    assert bus.category == livelihood
    # A draft never dated: WordPress writes its pubDate as year -0001, which is no date at all.
    draft = article("还没写完的通知")
    assert draft.published_at >= before


def test_saved_gbk_page_with_lazy_images_and_a_chinese_byline(site, run_import, livelihood):
    result = run_import(site.path("realworld/page-gbk.html"), "--category", "livelihood")

    assert result.code == 0, result.err
    lift = article("河东区启动老旧小区加装电梯工作")
    assert lift.original_url == f"{site.url}/hd/2021-04/19/content_5501.htm"
    assert lift.published_at == datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)
    assert lift.author == "吴静"
    assert lift.source.name == "河东日报"
    assert "惠及居民两千余户" in lift.body and "确保施工期间居民出行安全" in lift.body
    # data-src (lazy loading) and //host/ (protocol-relative) images, against the page's own
    # address, not the <base href> it plants.
    assert len(set(stored_images(lift.body))) == 2
    for unwanted in ("script", "onerror", "javascript:", "广告", "相关新闻", "版权所有", "evil.invalid", "来源："):
        assert unwanted not in lift.body


def test_excel_csv_in_gbk_with_line_breaks_in_a_cell(site, run_import, livelihood):
    result = run_import(site.path("realworld/excel-gbk.csv"))

    assert result.code == 0, result.err
    library = article("县城新开一家图书馆")
    assert library.body == "<p>图书馆共三层。</p><p>一层是少儿阅览区，二层是报刊区。</p>"
    assert library.published_at == datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)
    assert library.category == livelihood
    assert library.source.name == "县融媒"
    assert sorted(tag.name for tag in library.tags.all()) == ["文化", "阅读"]


def test_json_feed(site, run_import, livelihood):
    result = run_import(site.path("realworld/feed.json"))

    assert result.code == 1
    assert "realworld/feed.json 第 2 条（id 8）：没有正文" in result.err
    trail = article("湖畔步道全线贯通")
    assert trail.original_url == f"{site.url}/weekly/posts/lakeside-trail/"
    assert trail.import_key == f"{site.url}/weekly/#guid=7"
    assert trail.published_at == datetime(2021, 4, 19, 10, 20, tzinfo=SHANGHAI)
    assert trail.author == "陈澄"
    assert trail.summary == "湖畔步道全长十二公里。"
    assert trail.category == livelihood
    assert trail.source.name == "湖畔周刊"
    assert trail.cover and len(stored_images(trail.body)) == 1
