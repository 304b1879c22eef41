"""Thumbnails: made once, kept in the default storage, and never breaking a page."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from news.thumbnails import SIZES, thumbnail, thumbnail_name
from tests.factories import bomb_png, make_article, make_category, make_cover
from tests.pages import parse

pytestmark = pytest.mark.django_db


def test_thumbnail_is_made_once_in_the_default_storage():
    article = make_cover(make_article(), size=(900, 300))
    thumb = thumbnail(article.cover, "card")
    name = thumbnail_name(article.cover.name, "card")
    assert thumb.url == default_storage.url(name)
    with default_storage.open(name) as file, Image.open(file) as image:
        assert image.size == (thumb.width, thumb.height) == SIZES["card"][:2]
    modified = default_storage.get_modified_time(name)
    cache.clear()  # another server with an empty cache finds the stored file
    assert thumbnail(article.cover, "card") == thumb
    assert default_storage.get_modified_time(name) == modified


def test_promotion_size_keeps_the_whole_picture():
    article = make_cover(make_article(), size=(600, 100))
    thumb = thumbnail(article.cover, "promotion")
    assert (thumb.width, thumb.height) == (200, 33)


def test_missing_or_broken_covers_leave_the_page_whole(client):
    category = make_category()
    missing = make_cover(make_article("图片丢失", category=category), color=(1, 2, 3))
    default_storage.delete(missing.cover.name)
    broken = make_article("图片损坏", category=category)
    # Stored before the image check existed (the field refuses it now): the page still renders.
    broken.cover.name = default_storage.save("covers/broken.png", ContentFile(b"not an image at all"))
    broken.save()
    fine = make_cover(make_article("图片正常", category=category))
    assert thumbnail(missing.cover, "list") is None
    response = client.get(category.get_absolute_url())
    assert response.status_code == 200
    soup = parse(response)
    assert [image["alt"] for image in soup.select(".article-list img")] == ["图片正常"]
    assert client.get(broken.get_absolute_url()).status_code == 200
    assert fine.title in response.content.decode()


def test_unknown_size_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown thumbnail size"):
        thumbnail("covers/x.png", "huge")


def test_an_old_cover_over_the_pixel_limit_is_never_decoded(client):
    category = make_category()
    bomb = make_article("超大图片", category=category)
    bomb.cover.name = default_storage.save("covers/bomb.png", ContentFile(bomb_png()))
    bomb.save()

    assert thumbnail(bomb.cover, "list") is None
    response = client.get(category.get_absolute_url())
    assert response.status_code == 200
    assert not parse(response).select(".article-list img")
