"""What the rules ask of the footer: the news licence number, and whom to tell about errors and harm."""

import importlib

import pytest
from django.apps import apps

from portal.models import FooterPage, SiteSettings
from tests.pages import parse, text

pytestmark = pytest.mark.django_db


def test_the_news_licence_number_shows_with_the_filings_when_filled_in(client):
    footer = parse(client.get("/")).find("footer", class_="site-footer")
    assert footer.select_one(".filings") is None
    settings = SiteSettings.load()
    settings.news_licence_number = "10120260001"
    settings.save()
    footer = parse(client.get("/")).find("footer", class_="site-footer")
    assert text(footer.select_one(".filings .news-licence")) == "互联网新闻信息服务许可证：10120260001"
    settings.icp_number = "京ICP备12345678号"
    settings.save()
    filings = parse(client.get("/")).find("footer", class_="site-footer").select_one(".filings")
    assert text(filings).startswith("互联网新闻信息服务许可证：10120260001 京ICP备12345678号")


def test_the_footer_pages_name_the_complaint_and_correction_contact(client):
    for slug in ("contact", "disclaimer"):
        page = text(parse(client.get(f"/page/{slug}.html")).find("main"))
        assert "投诉举报与更正" in page, slug
    contact = text(parse(client.get("/page/contact.html")).find("main"))
    assert "举报" in contact and "更正" in contact and "editor@example.com" in contact


def test_upgrading_replaces_untouched_default_pages_only():
    migration = importlib.import_module("portal.migrations.0004_footer_complaint_contact")
    FooterPage.objects.filter(slug="contact").update(body=migration.PREVIOUS_BODIES["contact"])
    FooterPage.objects.filter(slug="disclaimer").update(body="<p>编辑自己写的声明。</p>")
    migration.update_untouched_pages(apps, None)
    assert "投诉举报与更正" in FooterPage.objects.get(slug="contact").body
    assert FooterPage.objects.get(slug="disclaimer").body == "<p>编辑自己写的声明。</p>"
