import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from tests.factories import png_bytes

pytestmark = pytest.mark.django_db

URL = reverse("news:editor-upload")


def upload(client, name, data, content_type="image/png"):
    return client.post(URL, {"upload": SimpleUploadedFile(name, data, content_type=content_type)})


def test_staff_upload_stores_a_checked_image(client, editor):
    client.force_login(editor)
    response = upload(client, "photo.png", png_bytes())
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("/media/uploads/") and url.endswith(".png")


def test_same_image_twice_is_stored_once(client, editor):
    client.force_login(editor)
    first = upload(client, "a.png", png_bytes()).json()["url"]
    second = upload(client, "b.png", png_bytes()).json()["url"]
    assert first == second


def test_anonymous_upload_is_refused(client):
    response = upload(client, "photo.png", png_bytes())
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
        ("notes.png", b"this is not an image at all", "image/png"),
        ("empty.png", b"", "image/png"),
    ],
)
def test_non_images_and_svg_are_refused(client, editor, name, data, content_type):
    client.force_login(editor)
    response = upload(client, name, data, content_type)
    assert response.status_code == 400
    assert response.json()["error"]["message"]


@override_settings(PORTAL_MAX_IMAGE_BYTES=1000)
def test_too_large_image_is_refused(client, editor):
    client.force_login(editor)
    response = upload(client, "big.png", png_bytes(size=(400, 400), color=None) + b"\0" * 2000)
    assert response.status_code == 400
    assert "图片太大" in response.json()["error"]["message"]
