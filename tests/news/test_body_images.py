"""Pictures pasted from other sites are copied to ours on save, watermarked when the site asks."""

import http.server
import io
import threading

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from news.models import Article
from portal.models import SiteSettings
from tests.factories import make_category, png_bytes
from tests.news.test_admin import article_form

pytestmark = pytest.mark.django_db


def jpeg_bytes(size=(800, 500)):
    output = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(output, "JPEG", quality=90)
    return output.getvalue()


PHOTO = jpeg_bytes()
FILES = {
    "/photo.jpg": (200, "image/jpeg", PHOTO),
    "/icon.png": (200, "image/png", png_bytes(size=(40, 30))),
    "/page.png": (200, "image/png", b"<html>not a picture</html>"),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):
        self.hits.append(self.path)
        status, content_type, body = FILES.get(self.path, (404, "text/plain", b"gone"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def other_site(settings):
    """Another site's picture server, on loopback (allowed for the test, as a site's internal host would be)."""
    settings.PORTAL_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    _Handler.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def save(client, user, body):
    client.force_login(user)
    response = client.post(reverse("admin:news_article_add"), article_form(make_category(), body=body), follow=True)
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    return Article.objects.get(title="编辑部的新稿件"), messages


def stored(url):
    with default_storage.open(url.removeprefix("/media/"), "rb") as handle:
        return handle.read()


def test_remote_pictures_are_copied_and_failures_named(client, editor, other_site):
    body = (
        f'<p>正文</p><figure class="image"><img src="{other_site}/photo.jpg" alt="园区大门"></figure>'
        f'<p><img src="{other_site}/photo.jpg" alt="同一张"></p>'
        f'<p><img src="{other_site}/missing.jpg" alt="已删除"><img src="{other_site}/page.png" alt="网页"></p>'
    )
    article, messages = save(client, editor, body)
    assert f"{other_site}/photo.jpg" not in article.body
    copies = [part.split('"')[0] for part in article.body.split('src="')[1:]]
    assert copies[0] == copies[1] and copies[0].startswith("/media/remote/")
    assert stored(copies[0]) == PHOTO
    assert _Handler.hits.count("/photo.jpg") == 1  # one download for the same picture
    # What could not be copied keeps its address, and the editor is told why.
    assert f'src="{other_site}/missing.jpg"' in article.body and f'src="{other_site}/page.png"' in article.body
    assert "已把 1 张外站图片转存到本站。" in messages
    warning = next(message for message in messages if message.startswith("以下图片未能转存"))
    assert f"{other_site}/missing.jpg（无法下载" in warning and "HTTP 404" in warning
    assert f"{other_site}/page.png（不是有效的图片文件" in warning


def test_private_addresses_are_not_fetched(client, editor, other_site, settings):
    settings.PORTAL_FETCH_ALLOWED_HOSTS = []
    article, messages = save(client, editor, f'<p><img src="{other_site}/photo.jpg" alt="内网"></p>')
    assert f'src="{other_site}/photo.jpg"' in article.body
    assert _Handler.hits == []
    assert any("以下图片未能转存" in message for message in messages)


def test_a_picture_without_alt_text_is_pointed_out(client, editor):
    article, messages = save(client, editor, '<p><img src="/media/uploads/a.png"><img src="/b.png" alt="有说明"></p>')
    assert any(message.startswith("有 1 张图片没有替代文字") for message in messages)


def test_watermark_goes_on_a_copy_and_only_on_big_pictures(client, editor, other_site):
    site = SiteSettings.load()
    site.watermark_text = "科创资讯网"
    site.save()
    body = f'<p><img src="{other_site}/photo.jpg" alt="大图"><img src="{other_site}/icon.png" alt="小图"></p>'
    article, _messages = save(client, editor, body)
    photo, icon = [part.split('"')[0] for part in article.body.split('src="')[1:]]
    marked = Image.open(io.BytesIO(stored(photo)))
    assert marked.size == (800, 500) and stored(photo) != PHOTO
    # The corner carries the mark (light text on the blue picture); the opposite corner does not.
    assert marked.getpixel((760, 480)) != marked.getpixel((40, 20))
    assert sum(marked.crop((500, 420, 790, 490)).convert("L").getextrema()) > 200
    # The original is kept unchanged beside the copy.
    assert any(stored_name for stored_name in _remote_files() if _read(stored_name) == PHOTO)
    assert stored(icon) == FILES["/icon.png"][2]  # narrower than the minimum: no mark


def test_editor_upload_is_watermarked(client, editor):
    site = SiteSettings.load()
    site.watermark_text = "科创资讯网"
    site.save()
    client.force_login(editor)
    picture = jpeg_bytes()
    upload = io.BytesIO(picture)
    upload.name = "photo.jpg"
    response = client.post(reverse("news:editor-upload"), {"upload": upload})
    assert response.status_code == 200
    url = response.json()["url"]
    assert stored(url) != picture and Image.open(io.BytesIO(stored(url))).size == (800, 500)


def _remote_files():
    folders, _files = default_storage.listdir("remote")
    for folder in folders:
        for name in default_storage.listdir(f"remote/{folder}")[1]:
            yield f"remote/{folder}/{name}"


def _read(name):
    with default_storage.open(name, "rb") as handle:
        return handle.read()
