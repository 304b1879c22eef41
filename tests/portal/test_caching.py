"""portal.caching: areas, versions, scheduled changes, and what the frame blocks read."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal import blocks
from portal.cache_backends import recovered
from portal.caching import RECENT_SECONDS, SCHEDULE_KEY, bump, cached, cached_each, versions
from portal.models import Promotion, SiteSettings
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def counting(values):
    calls = []

    def compute():
        calls.append(1)
        return values[len(calls) - 1]

    return compute, calls


def test_a_value_is_computed_once_until_its_area_changes():
    compute, calls = counting(["一", "二", "三"])
    assert cached("word", compute, areas=("site",)) == "一"
    assert cached("word", compute, areas=("site",)) == "一"
    bump("lists")  # another area: still cached
    assert cached("word", compute, areas=("site",)) == "一"
    bump("site")
    assert cached("word", compute, areas=("site",)) == "二"
    assert len(calls) == 2


def test_each_value_is_computed_once_until_its_own_area_changes():
    asked = []

    def compute(missing):
        asked.append(sorted(missing))
        return {n: f"{n}:{len(asked)}" for n in missing if n != 4}  # 4 is gone: left out

    def each(items):
        return cached_each(items, name=lambda n: f"each:{n}", areas=lambda n: ("site", f"item:{n}"), compute=compute)

    assert each([1, 2, 3, 4]) == {1: "1:1", 2: "2:1", 3: "3:1"}
    assert each([3, 2, 1]) == {1: "1:1", 2: "2:1", 3: "3:1"}
    bump("item:2")
    assert each([1, 2, 3, 5]) == {1: "1:1", 2: "2:2", 3: "3:1", 5: "5:2"}
    bump("site")
    assert each([1]) == {1: "1:3"}
    assert asked == [[1, 2, 3, 4], [2, 5], [1]]


def test_none_is_cached_too():
    compute, calls = counting([None, "x"])
    assert cached("nothing", compute) is None
    assert cached("nothing", compute) is None
    assert len(calls) == 1


def test_saving_a_model_bumps_its_area():
    before = versions("site"), versions("lists")
    SiteSettings.objects.update_or_create(pk=1, defaults={"site_name": "新名字"})
    assert versions("site") != before[0]
    assert versions("lists") == before[1]
    make_article()
    assert versions("lists") != before[1]


def test_settings_change_shows_at_once():
    assert SiteSettings.load().site_name != "改过的名字"
    settings_row = SiteSettings.objects.get()
    settings_row.site_name = "改过的名字"
    settings_row.save()
    assert SiteSettings.load().site_name == "改过的名字"


def test_a_scheduled_article_going_live_bumps_every_area():
    article = make_article(when=timedelta(hours=1))
    before = versions("site", "lists", "sidebar")
    assert cache.get(SCHEDULE_KEY) == pytest.approx(article.published_at.timestamp())
    # Its time comes (as the clock would bring it): the next read bumps the area.
    cache.set(SCHEDULE_KEY, (timezone.now() - timedelta(seconds=1)).timestamp())
    time.sleep(RECENT_SECONDS)
    assert versions("site", "lists", "sidebar") != before


def test_the_next_change_is_the_earliest_of_articles_and_promotions():
    now = timezone.now()
    make_article(when=timedelta(hours=1))
    Promotion.objects.create(title="限时", url="https://example.com/", ends_at=now + timedelta(minutes=30))
    Promotion.objects.create(title="将开始", url="https://example.com/", starts_at=now + timedelta(minutes=45))
    Promotion.objects.create(
        title="已停用", url="https://example.com/", ends_at=now + timedelta(minutes=5), is_enabled=False
    )
    versions()
    assert cache.get(SCHEDULE_KEY) == pytest.approx((now + timedelta(minutes=30)).timestamp(), abs=1)


def test_nothing_scheduled_is_noted_as_zero():
    make_article()
    versions()
    assert cache.get(SCHEDULE_KEY) == 0


def test_the_promotion_strip_shows_running_promotions_in_order():
    now = timezone.now()
    Promotion.objects.create(title="第二", url="https://example.com/2", position=2)
    Promotion.objects.create(title="第一", url="https://example.com/1", position=1)
    Promotion.objects.create(title="已结束", url="https://example.com/3", ends_at=now - timedelta(hours=1))
    Promotion.objects.create(title="未开始", url="https://example.com/4", starts_at=now + timedelta(hours=1))
    assert [promotion.title for promotion in blocks.promotions()] == ["第一", "第二"]


def test_recovery_of_the_cache_makes_everything_stale():
    before = versions()
    recovered.send(sender=None, cache=cache)
    assert versions() != before
