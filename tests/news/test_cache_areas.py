"""Per-area invalidation: one edit leaves unrelated pages cached (news/cache_areas.py)."""

import pytest
from django.test import Client

from portal.models import FooterPage, SiteSettings
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def site():
    parks = make_category("园区动态", slug="parks")
    energy = make_category("绿色能源", slug="energy")
    FooterPage.objects.get_or_create(slug="about", defaults={"title": "关于我们", "body": "<p>关于本站</p>"})
    return {
        "parks": parks,
        "energy": energy,
        "park article": make_article("园区新闻", category=parks),
        "energy article": make_article("能源新闻", category=energy),
        "other energy article": make_article("能源旧闻", category=energy),
    }


def urls(site):
    return {
        "parks": "/category/parks/",
        "energy": "/category/energy/",
        "footer page": "/page/about.html",
        "park article": site["park article"].get_absolute_url(),
        "energy article": site["energy article"].get_absolute_url(),
        "other energy article": site["other energy article"].get_absolute_url(),
        "home": "/",
    }


def warm(site):
    reader = Client()
    for url in urls(site).values():
        reader.get(url)
    return reader


def cache_states(reader, site):
    return {name: reader.get(url)["X-Page-Cache"] for name, url in urls(site).items()}


def test_an_edit_in_one_category_leaves_the_other_category_and_the_footer_pages_cached(site):
    reader = warm(site)
    article = site["energy article"]
    article.title = "能源新闻（更正）"
    article.save()
    states = cache_states(reader, site)
    assert states == {
        "parks": "hit",
        "footer page": "hit",
        "park article": "hit",
        "energy": "miss",
        "energy article": "miss",
        # Its 同类资讯 list shows the edited title.
        "other energy article": "miss",
        "home": "miss",
    }
    assert "能源新闻（更正）" in reader.get(urls(site)["other energy article"]).content.decode()


def test_moving_an_article_refreshes_both_categories(site):
    reader = warm(site)
    article = site["energy article"]
    article.category = site["parks"]
    article.save()
    states = cache_states(reader, site)
    assert states["parks"] == "miss" and states["energy"] == "miss"
    assert states["footer page"] == "hit"


def test_a_site_setting_change_refreshes_every_page(site):
    reader = warm(site)
    settings_row = SiteSettings.load()
    settings_row.slogan = "新的标语"
    settings_row.save()
    assert set(cache_states(reader, site).values()) == {"miss"}


def test_withdrawing_an_article_refreshes_every_page(site):
    reader = warm(site)
    article = site["park article"]
    article.status = article.Status.WITHDRAWN
    article.save()
    states = cache_states(reader, site)
    assert states.pop("park article") == "bypass"  # 410 now, not cached
    assert set(states.values()) == {"miss"}


def test_a_recommended_article_refreshes_the_sidebar_everywhere(site):
    reader = warm(site)
    make_article("新的推荐", category=site["parks"], is_recommended=True)
    states = cache_states(reader, site)
    assert states["footer page"] == "miss"
    assert "新的推荐" in reader.get(urls(site)["energy article"]).content.decode()


@pytest.fixture
def tagged(site):
    site["park article"].tags.add("智慧园区")
    site["energy article"].tags.add("储能")
    return {"smart": "/tag/智慧园区/", "storage": "/tag/储能/"}


def tag_states(reader, tags):
    return {name: reader.get(url)["X-Page-Cache"] for name, url in tags.items()}


def test_an_edit_leaves_the_pages_of_other_tags_cached(site, tagged):
    reader = warm(site)
    tag_states(reader, tagged)
    article = site["energy article"]
    article.title = "能源新闻（更正）"
    article.save()
    assert tag_states(reader, tagged) == {"smart": "hit", "storage": "miss"}
    assert "能源新闻（更正）" in reader.get(tagged["storage"]).content.decode()


def test_tagging_an_article_refreshes_that_tags_page_and_the_article(site, tagged):
    reader = warm(site)
    tag_states(reader, tagged)
    site["energy article"].tags.add("智慧园区")
    assert tag_states(reader, tagged) == {"smart": "miss", "storage": "hit"}
    assert "能源新闻" in reader.get(tagged["smart"]).content.decode()
    site["energy article"].tags.remove("智慧园区")
    assert "能源新闻" not in reader.get(tagged["smart"]).content.decode()


def test_a_new_article_with_a_tag_shows_on_its_page_and_leaves_other_tags_cached(site, tagged):
    reader = warm(site)
    tag_states(reader, tagged)
    make_article("新的储能项目", category=site["energy"]).tags.add("储能")
    assert reader.get(tagged["smart"])["X-Page-Cache"] == "hit"
    assert "新的储能项目" in reader.get(tagged["storage"]).content.decode()


def test_renaming_a_tag_refreshes_every_page_that_shows_it(site, tagged):
    from taggit.models import Tag

    reader = warm(site)
    tag_states(reader, tagged)
    assert "智慧园区" in reader.get(urls(site)["park article"]).content.decode()
    tag = Tag.objects.get(name="智慧园区")
    tag.name = "数字园区"
    tag.save()
    assert "数字园区" in reader.get(urls(site)["park article"]).content.decode()
    assert "数字园区" in reader.get(tagged["smart"]).content.decode()


def test_withdrawing_an_article_takes_it_off_its_tags_page(site, tagged):
    reader = warm(site)
    tag_states(reader, tagged)
    article = site["park article"]
    article.status = article.Status.WITHDRAWN
    article.save()
    assert "园区新闻" not in reader.get(tagged["smart"]).content.decode()


def test_a_new_tag_leaves_other_pages_cached_and_gets_its_page(site, tagged):
    reader = warm(site)
    assert reader.get("/tag/新材料/").status_code == 404
    site["energy article"].tags.add("新材料")
    assert cache_states(reader, site)["parks"] == "hit"
    assert "能源新闻" in reader.get("/tag/新材料/").content.decode()
