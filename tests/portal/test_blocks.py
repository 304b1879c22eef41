"""portal.blocks.frame(): the frame's data from one query, with the types the models give."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.blocks import frame
from portal.caching import seconds_until_next_publication
from portal.models import FooterPage, Promotion, SiteSettings
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def test_frame_reads_settings_categories_promotions_pages_and_next_change_in_one_query(
    django_assert_num_queries,
):
    now = timezone.now()
    parks = make_category("园区动态", slug="parks", position=2)
    child = make_category("开发区", slug="devzone", parent=parks)
    hidden = make_category("不显示", slug="hidden", position=1, is_visible=False)
    running = Promotion.objects.create(title="进行中", url="https://example.com/1", ends_at=now + timedelta(hours=3))
    Promotion.objects.create(title="已结束", url="https://example.com/2", ends_at=now - timedelta(hours=1))
    later = Promotion.objects.create(title="未开始", url="https://example.com/3", starts_at=now + timedelta(hours=2))
    scheduled = make_article(category=child, when=timedelta(hours=1))
    with django_assert_num_queries(1):
        data = frame()
    assert data["settings"] == SiteSettings.objects.get()
    assert data["settings"].site_name == SiteSettings.objects.get().site_name
    assert [category.slug for category in data["categories"]] == ["hidden", "parks", "devzone"]
    assert data["categories"][0].is_visible is False and hidden.is_visible is False
    assert data["categories"][1].subcategories == [child]
    assert data["categories"][2].parent.slug == "parks"
    assert [(p.title, p.starts_at, p.ends_at) for p in data["promotions"]] == [
        (running.title, None, running.ends_at),
        (later.title, later.starts_at, None),
    ]
    assert all(p.is_enabled is True for p in data["promotions"])
    assert [page.slug for page in data["footer_pages"]] == list(
        FooterPage.objects.published().values_list("slug", flat=True)
    )
    assert data["footer_pages"][0].updated_at == FooterPage.objects.published().first().updated_at
    assert data["next_change"] == scheduled.published_at
    assert 3500 < seconds_until_next_publication() <= 3601


def test_next_change_is_a_promotion_time_when_it_comes_first():
    ends = timezone.now() + timedelta(minutes=30)
    Promotion.objects.create(title="限时", url="https://example.com/", ends_at=ends)
    make_article(when=timedelta(hours=1))
    assert frame()["next_change"] == ends
    assert 1700 < seconds_until_next_publication() <= 1801


def test_nothing_scheduled():
    make_article()
    assert frame()["next_change"] is None
    assert seconds_until_next_publication() is None


def test_missing_settings_row_is_created():
    SiteSettings.objects.all().delete()
    assert frame()["settings"] is None
    assert SiteSettings.load().pk == 1
    assert SiteSettings.objects.count() == 1
