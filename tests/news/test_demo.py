"""`load_demo`: forty distinct articles that look like a news site's, with pictures, loaded once."""

import io
from datetime import timedelta

import lxml.html
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from news.demo import load_demo
from news.demo.articles import STORIES
from news.models import Article, Category
from news.sanitizer import prose_text
from portal.models import SiteSettings
from tests.pages import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.MEDIA_URL = "/media/"
    assert load_demo() == len(STORIES) == 40
    return Article.objects.select_related("category", "source")


def body_tree(article):
    return lxml.html.fragment_fromstring(article.body, create_parent="div")


def stored_image(url):
    name = url.removeprefix("/media/")
    with default_storage.open(name, "rb") as file:
        data = file.read()
    with Image.open(io.BytesIO(data)) as image:
        return data, image.format, image.size


def test_forty_distinct_articles_that_look_like_a_news_site(demo):
    titles = [article.title for article in demo]
    assert len(set(titles)) == 40
    assert not [title for title in titles if "（续）" in title or "一线观察" in title or "记者探访" in title]
    assert all(article.is_published() for article in demo)
    assert {category.slug for category in Category.objects.filter(articles__isnull=False)} == {
        "innovation",
        "parks",
        "devzone",
        "hitech",
        "industry",
        "energy",
        "livelihood",
        "education",
    }
    assert demo.filter(is_headline=True).count() == 1
    assert demo.filter(is_recommended=True).exclude(cover="").count() >= 8
    reprints = demo.exclude(source__is_original=True)
    assert reprints.count() >= 10 and not reprints.filter(original_url=None).exists()
    assert len({article.author for article in demo}) >= 10
    # Published over recent weeks, not all at once.
    dates = sorted(article.published_at for article in demo)
    assert timezone.now() - timedelta(days=40) < dates[0] and dates[-1] - dates[0] > timedelta(days=21)
    assert len({timezone.localdate(date) for date in dates}) >= 20
    settings = SiteSettings.load()
    assert "ICP备" in settings.icp_number and "示例" in settings.icp_number
    assert "公网安备" in settings.police_number and "示例" in settings.police_number

    # From news flashes of a sentence or two to long features.
    lengths = sorted(len(prose_text(article.body)) for article in demo)
    assert lengths[0] < 80 and lengths[-1] > 1000
    flashes = [article for article in demo if len(prose_text(article.body)) < 120]
    assert len(flashes) >= 6
    assert all(article.summary == "" for article in flashes)  # no automatic summary repeats a flash
    features = [
        article.title
        for article in demo
        if all(
            body_tree(article).xpath(path)
            for path in (
                "//h2",
                "//ul|//ol",
                "//blockquote",
                "//figure[@class='table']//table",
                "//figure[@class='image']/figcaption",
            )
        )
    ]
    assert len(features) >= 3, features

    # Pictures: small JPEG or PNG files, covers for most articles, captioned figures in bodies.
    covers = [article for article in demo if article.cover]
    assert len(covers) >= 25
    for article in covers:
        with article.cover.open("rb") as file:
            data = file.read()
        assert len(data) < 80_000, article.cover.name
        assert Image.open(io.BytesIO(data)).format in ("JPEG", "PNG")
    figures = [figure for article in demo for figure in body_tree(article).xpath("//figure[@class='image']")]
    assert len(figures) >= 12
    for figure in figures:
        image = figure.find("img")
        data, image_format, size = stored_image(image.get("src"))
        assert image_format in ("JPEG", "PNG") and len(data) < 80_000
        assert (str(size[0]), str(size[1])) == (image.get("width"), image.get("height"))
        assert image.get("alt")
        assert "本站制图" in figure.findtext("figcaption")


def test_loading_again_adds_nothing(demo, capsys):
    before = set(demo.values_list("pk", "updated_at"))
    call_command("load_demo")
    assert "0 article(s) created" in capsys.readouterr().out
    assert set(Article.objects.values_list("pk", "updated_at")) == before


def test_the_demo_site_renders(client, demo):
    feature = demo.get(import_key="demo:hydrogen-stack-line")
    soup = parse(client.get(feature.get_absolute_url()))
    body = soup.select_one(".article .body")
    assert body.select("figure.image img") and body.select("figure.table table") and body.find("blockquote")
    home = parse(client.get("/"))
    assert home.select_one(".headline-article h3").get_text(strip=True) == feature.title
    assert len(home.select(".focus-grid li")) == 4
