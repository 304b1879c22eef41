"""The favicon: browsers ask for /favicon.ico on every page; the site settings may replace it."""

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import SiteSettings
from tests.factories import png_bytes
from tests.pages import parse, text

pytestmark = pytest.mark.django_db

FIELDS = [
    "site_name",
    "slogan",
    "description",
    "reprint_disclaimer",
    "news_licence_number",
    "icp_number",
    "police_number",
    "copyright",
    "contact_email",
    "watermark_text",
    "watermark_position",
    "watermark_min_width",
]


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    # Not permanent: browsers would keep a 301 for good, and the icon may be replaced.
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    assert "max-age=86400" in response["Cache-Control"]
    path = finders.find("favicon.ico")
    assert path and open(path, "rb").read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_pages_link_the_icon(client):
    home = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.ico"' in home
    client.force_login(_superuser())
    admin = client.get("/admin/").content.decode()
    assert '<link rel="icon" href="/static/favicon.ico"' in admin


def _save_settings(client, upload):
    settings = SiteSettings.load()
    data = {name: getattr(settings, name) for name in FIELDS} | {"favicon": upload}
    return client.post(reverse("admin:portal_sitesettings_change", args=[settings.pk]), data)


def test_an_uploaded_icon_replaces_the_static_one(client):
    client.force_login(_superuser())
    response = _save_settings(client, SimpleUploadedFile("icon.png", png_bytes((64, 64)), content_type="image/png"))
    assert response.status_code == 302, response.content.decode()[:2000]
    icon = SiteSettings.objects.get().favicon
    assert icon.name.startswith("site/") and icon.name.endswith(".png")

    assert client.get("/favicon.ico")["Location"] == icon.url
    head = parse(client.get("/admin/")).head
    assert [link["href"] for link in head.select("link[rel=icon]")] == [icon.url]


@pytest.mark.parametrize(
    "upload, message",
    [
        (png_bytes((64, 40)), "网站图标须是正方形，边长 32 到 512 像素；这张是 64×40 像素。"),
        (png_bytes((16, 16)), "这张是 16×16 像素"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "不是有效的图片文件"),
    ],
)
def test_a_wrong_icon_is_refused_with_the_reason(client, upload, message):
    client.force_login(_superuser())
    response = _save_settings(client, SimpleUploadedFile("icon.png", upload, content_type="image/png"))
    assert response.status_code == 200
    assert message in text(parse(response).select_one(".field-favicon .errorlist"))
    assert not SiteSettings.objects.get_or_create(pk=1)[0].favicon
    assert client.get("/favicon.ico")["Location"] == "/static/favicon.ico"


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.com", "x")
