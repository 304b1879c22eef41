"""The one image check (portal.images) in every admin image field: covers, the logo, promotion images."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from news.models import Article
from portal.models import Promotion, SiteSettings
from tests.factories import bomb_png, make_category, png_bytes
from tests.news.test_admin import article_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def image(format_name, size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(buffer, format=format_name)
    return buffer.getvalue()


def upload(name, data, content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


REFUSED = [
    ("bomb.png", bomb_png(), "图片尺寸过大：13000×13000 像素，上限 4000 万像素。"),
    ("photo.bmp", image("BMP"), "不支持的图片格式 BMP（支持 JPEG、PNG、GIF、WebP）。"),
    ("scan.tiff", image("TIFF"), "不支持的图片格式 TIFF（支持 JPEG、PNG、GIF、WebP）。"),
    ("big.png", png_bytes() + b"\0" * (6 * 2**20), "图片太大：6.0 MB，上限 5.0 MB。"),
    ("fake.png", b"<svg onload=alert(1)></svg>", "不是有效的图片文件"),
]


@pytest.mark.parametrize("role", ["editor", "chief_editor"])
@pytest.mark.parametrize(("name", "data", "message"), REFUSED)
def test_admin_cover_field_refuses_with_a_message(client, request, role, name, data, message):
    client.force_login(request.getfixturevalue(role))
    data_form = article_form(make_category())
    data_form["cover"] = upload(name, data)

    response = client.post(reverse("admin:news_article_add"), data_form)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()
    assert not default_storage.exists("covers")


def test_admin_cover_is_stored_under_its_content_hash(client, editor):
    client.force_login(editor)
    category = make_category()
    for title in ("第一篇", "第二篇"):
        form = article_form(category, title=title)
        form["cover"] = upload("我的封面 (1).png", png_bytes(size=(80, 50)))
        assert client.post(reverse("admin:news_article_add"), form).status_code == 302

    first, second = (Article.objects.get(title=title).cover.name for title in ("第一篇", "第二篇"))
    assert first == second
    assert first.startswith("covers/") and first.endswith(".png") and "封面" not in first
    assert default_storage.exists(first)


def test_logo_and_promotion_images_go_through_the_same_check(client, chief_editor):
    client.force_login(chief_editor)
    site = SiteSettings.load()
    url = reverse("admin:portal_sitesettings_change", args=[site.pk])
    form = {"site_name": "科创资讯网", "slogan": "", "description": "", "reprint_disclaimer": ""}
    form.update({"news_licence_number": "", "icp_number": "", "police_number": "", "copyright": ""})
    form.update({"contact_email": "", "watermark_position": "bottom-right", "watermark_min_width": 400})

    refused = client.post(url, {**form, "logo": upload("logo.bmp", image("BMP"))})
    assert "不支持的图片格式 BMP" in refused.content.decode()
    accepted = client.post(url, {**form, "logo": upload("logo.png", png_bytes(size=(200, 40)))})
    assert accepted.status_code == 302
    assert SiteSettings.objects.get().logo.name.startswith("site/")

    promotion = {"title": "推广", "url": "https://example.org/", "position": 1, "is_enabled": "on"}
    response = client.post(reverse("admin:portal_promotion_add"), {**promotion, "image": upload("p.png", bomb_png())})
    assert "图片尺寸过大" in response.content.decode()
    assert not Promotion.objects.exists()


def test_existing_files_keep_working(client, editor):
    # A cover stored under its upload name before the check existed.
    category = make_category()
    name = default_storage.save("covers/2021/04/old cover.png", io.BytesIO(png_bytes()))
    article = Article.objects.create(title="旧文章", body="<p>正文</p>", category=category, cover=name)
    client.force_login(editor)

    form = article_form(category, title="旧文章（改）", based_on=article.edit_version)
    response = client.post(reverse("admin:news_article_change", args=[article.pk]), form)

    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.cover.name == name and default_storage.exists(name)
