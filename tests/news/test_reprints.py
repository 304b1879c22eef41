"""Reprints: the page names 来源, 原标题, 原作者 and the original; the admin records them, finds unapproved sources."""

import pytest
from django.urls import reverse

from news.models import Article
from portal.models import SiteSettings
from tests.factories import make_article, make_category, make_source
from tests.news.test_admin import article_form
from tests.pages import links, parse, text

pytestmark = pytest.mark.django_db


def reprint_block(client, article):
    return parse(client.get(article.get_absolute_url())).select_one(".article .reprint")


def test_the_reprint_block_names_source_original_title_author_and_url(client):
    source = make_source("滨江日报", website="https://daily.example.com/", is_approved_for_reprint=True)
    article = make_article(
        "园区新添三家医院",
        source=source,
        author="本站编辑",
        original_title="三家社区医院年内在园区投用",
        original_author="李记者",
        original_url="https://daily.example.com/2026/0101.html",
    )
    block = reprint_block(client, article)
    assert block.select_one(".reprint-source").get_text() == "来源：滨江日报"
    assert text(block.select_one(".original-title")) == "原标题：三家社区医院年内在园区投用"
    assert text(block.select_one(".original-author")) == "原作者：李记者"
    assert links(block) == [
        ("滨江日报", "https://daily.example.com/"),
        ("查看原文", "https://daily.example.com/2026/0101.html"),
    ]
    assert SiteSettings.load().reprint_disclaimer in text(block.select_one(".disclaimer"))


def test_an_unchanged_title_and_missing_fields_are_not_shown(client):
    source = make_source("城市晚报")
    article = make_article("同样的标题", source=source, original_title=" 同样的标题 ")
    block = reprint_block(client, article)
    assert text(block.select_one(".reprint-source")) == "来源：城市晚报"
    assert block.select_one(".original-title") is None
    assert block.select_one(".original-author") is None
    assert block.select_one(".original-url") is None


def test_original_articles_have_no_reprint_block(client):
    own = make_source("本站", is_original=True)
    assert reprint_block(client, make_article(source=own, original_author="某人")) is None
    assert reprint_block(client, make_article()) is None


def test_the_admin_records_the_original_title_and_author(client, chief_editor):
    client.force_login(chief_editor)
    source = make_source("滨江日报")
    response = client.post(
        reverse("admin:news_article_add"),
        article_form(make_category(), source, original_title="原来的标题", original_author="李记者"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.original_title, article.original_author) == ("原来的标题", "李记者")


def test_the_article_list_filters_reprints_from_sources_not_approved(client, chief_editor):
    approved = make_source("新华网", is_approved_for_reprint=True)
    unapproved = make_source("某自媒体")
    own = make_source("本站", is_original=True)
    make_article("转载自可转载稿源", source=approved)
    make_article("转载自未核准来源", source=unapproved)
    make_article("本站原创稿", source=own)
    make_article("没有来源的稿件")
    assert list(Article.objects.unapproved_reprints().values_list("title", flat=True)) == ["转载自未核准来源"]
    assert [a.title for a in Article.objects.all() if a.is_unapproved_reprint()] == ["转载自未核准来源"]

    client.force_login(chief_editor)
    page = client.get(reverse("admin:news_article_changelist"), {"reprint": "unapproved"}).content.decode()
    assert "转载自非可转载稿源" in page
    assert "转载自未核准来源" in page
    assert "转载自可转载稿源</a>" not in page and "本站原创稿" not in page and "没有来源的稿件" not in page


def test_sources_show_and_filter_the_approved_flag(client, chief_editor):
    make_source("新华网", is_approved_for_reprint=True)
    client.force_login(chief_editor)
    page = client.get(reverse("admin:news_source_changelist")).content.decode()
    assert "可转载稿源" in page
