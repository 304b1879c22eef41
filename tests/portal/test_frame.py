"""The frame of every page: header, promotion strip, navigation, footer; and the error pages."""

import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from portal.models import FooterPage, Promotion, SiteSettings
from tests.factories import make_article, make_category, png_bytes
from tests.pages import links, parse, text

pytestmark = pytest.mark.django_db

FOOTER = ["网站首页", "关于我们", "联系方式", "使用说明", "隐私政策", "免责声明", "网站地图"]


def footer_links(client, url="/"):
    return links(parse(client.get(url)).find("nav", attrs={"aria-label": "页脚导航"}))


def test_footer_links_in_order_each_a_page_with_its_title(client):
    found = footer_links(client)
    assert [title for title, _ in found] == FOOTER
    for title, url in found:
        response = client.get(url)
        assert response.status_code == 200, url
        soup = parse(response)
        heading = soup.find("h1")
        if title == "网站首页":
            assert text(soup.title) == SiteSettings.load().site_name
        else:
            assert text(heading) == title
            assert text(soup.title).startswith(title)


def test_footer_follows_the_pages_position_and_publication(client):
    FooterPage.objects.filter(slug="privacy").update(position=1)
    FooterPage.objects.get(slug="help").delete()  # the signal refreshes the cached footer
    page = FooterPage.objects.get(slug="privacy")
    page.save()
    assert [title for title, _ in footer_links(client)] == [
        "网站首页",
        "隐私政策",
        "关于我们",
        "联系方式",
        "免责声明",
        "网站地图",
    ]


def test_filing_numbers_link_to_their_registries(client):
    settings = SiteSettings.load()
    settings.icp_number = "京ICP备12345678号"
    settings.police_number = "京公网安备 11010502000001号"
    settings.copyright = "© 测试资讯 版权所有"
    settings.save()
    footer = parse(client.get("/")).find("footer", class_="site-footer")
    filings = links(footer.select_one(".filings"))
    assert filings == [
        ("京ICP备12345678号", "https://beian.miit.gov.cn/"),
        ("京公网安备 11010502000001号", "https://beian.mps.gov.cn/#/query/webSearch?code=11010502000001"),
    ]
    assert text(footer.select_one(".copyright")) == "© 测试资讯 版权所有"


def test_header_shows_settings_at_once_after_a_change(client):
    soup = parse(client.get("/"))
    assert text(soup.select_one(".slogan")) == SiteSettings.load().slogan
    settings = SiteSettings.load()
    settings.site_name = "园区新闻网"
    settings.slogan = "看见园区的每一天"
    settings.save()
    soup = parse(client.get("/"))
    assert text(soup.select_one(".brand")) == "园区新闻网"
    assert text(soup.select_one(".slogan")) == "看见园区的每一天"


def test_navigation_and_search_form(client):
    make_category("科技创新", slug="innovation", position=2)
    make_category("园区动态", slug="parks", position=1)
    make_category("不显示", slug="hidden", is_visible=False)
    soup = parse(client.get("/"))
    nav = soup.find("nav", attrs={"aria-label": "栏目导航"})
    assert links(nav) == [("首页", "/"), ("园区动态", "/category/parks/"), ("科技创新", "/category/innovation/")]
    form = soup.find("form", role="search")
    assert (form["action"], form["method"]) == ("/search/", "get")
    field = form.find("input", attrs={"name": "q"})
    assert soup.find("label", attrs={"for": field["id"]}) is not None
    # A new category shows at once: saving bumps the cached blocks' version.
    make_category("绿色能源", slug="energy", position=3)
    nav = parse(client.get("/")).find("nav", attrs={"aria-label": "栏目导航"})
    assert ("绿色能源", "/category/energy/") in links(nav)


def promotion_titles(client):
    strip = parse(client.get("/")).select_one(".promotions")
    if strip is None:
        return []
    return [a.img["alt"] if a.img else text(a) for a in strip.find_all("a")]


def test_promotion_strip_order_image_and_active_period(client):
    now = timezone.now()
    Promotion.objects.create(title="第二", url="https://example.com/2", position=20)
    first = Promotion(title="第一", url="https://example.com/1", position=10)
    first.image.save("banner.png", ContentFile(png_bytes((600, 120))), save=True)
    Promotion.objects.create(title="已结束", url="https://example.com/3", ends_at=now - timedelta(days=1))
    Promotion.objects.create(title="未开始", url="https://example.com/4", starts_at=now + timedelta(days=1))
    Promotion.objects.create(title="停用", url="https://example.com/5", is_enabled=False)
    assert promotion_titles(client) == ["第一", "第二"]
    image = parse(client.get("/")).select_one(".promotions img")
    assert (image["width"], image["height"]) == ("200", "40")
    first.is_enabled = False
    first.save()
    assert promotion_titles(client) == ["第二"]


def test_promotion_leaves_the_strip_when_its_period_ends(client):
    Promotion.objects.create(title="限时", url="https://example.com/", ends_at=timezone.now() + timedelta(seconds=1))
    assert promotion_titles(client) == ["限时"]
    time.sleep(1.1)
    assert promotion_titles(client) == []


def test_scheduled_article_appears_when_its_time_comes(client):
    make_article("定时发布", when=timedelta(seconds=1))
    assert "定时发布" not in client.get("/").content.decode()
    time.sleep(1.1)
    assert "定时发布" in client.get("/").content.decode()


@pytest.mark.urls("tests.portal.failing_urls")
def test_server_error_page_reads_neither_database_nor_cache(django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/boom/")
    assert response.status_code == 500
    soup = parse(response)
    assert text(soup.find("h1")) == "服务器暂时出错"
    assert soup.find("a", href="/") is not None
