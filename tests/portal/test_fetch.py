"""portal.fetch: downloads named by imported files reach public addresses only.

The "internal service" is a local HTTP server of the test's own that counts
what it is asked for: a refused URL must never reach it.
"""

import http.server
import threading
import time

import pytest

from news.models import Article
from portal.fetch import Fetcher, FetchError
from tests.factories import make_category, png_bytes
from tests.news.importers.conftest import run_command

PNG = png_bytes(size=(60, 40))


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.hits.append(self.path)
        if self.path.startswith("/redirect/"):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/redirect/").replace("~", "://", 1))
            self.end_headers()
            return
        if self.path == "/slow.png":
            time.sleep(2.5)
        body = b"\0" * (6 * 2**20) if self.path == "/huge.png" else PNG
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at its size cap

    def log_message(self, format, *args):
        pass


@pytest.fixture
def internal():
    """An "internal service" on 127.0.0.1 that records every path it was asked for."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.hits = []
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def refusal(url):
    with pytest.raises(FetchError) as caught:
        Fetcher().get(url, 2**20)
    return str(caught.value)


@pytest.mark.parametrize(
    "address",
    [
        "http://127.0.0.1:{port}/cover.png",
        "http://localhost:{port}/cover.png",
        "http://[::1]:{port}/cover.png",
        "http://0.0.0.0:{port}/cover.png",
        "http://10.0.0.8/cover.png",
        "http://172.16.5.4/cover.png",
        "http://192.168.1.1/cover.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/cover.png",
        "http://[fd00::1]/cover.png",
        "http://[::ffff:127.0.0.1]:{port}/cover.png",
        "http://2130706433:{port}/cover.png",
        "http://240.0.0.1/cover.png",
    ],
)
def test_internal_addresses_are_refused_before_connecting(internal, address):
    port = internal.server_address[1]

    message = refusal(address.format(port=port))

    assert message.endswith("不是公网地址，不予下载")
    assert internal.hits == []


def test_the_message_does_not_tell_whether_a_service_answered(internal):
    closed = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    closed_port = closed.server_address[1]
    closed.server_close()

    answering = refusal(f"{internal.url}/cover.png")
    silent = refusal(f"http://127.0.0.1:{closed_port}/cover.png")

    assert answering.replace(str(internal.server_address[1]), "P") == silent.replace(str(closed_port), "P")


def test_allowed_internal_hosts(settings, internal):
    settings.PORTAL_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]

    assert Fetcher().get(f"{internal.url}/cover.png", 2**20) == PNG


def test_every_redirect_is_checked(settings, internal):
    # 127.0.0.1 is allowed, 127.0.0.2 (loopback too) is not: the redirect to it is refused.
    settings.PORTAL_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    port = internal.server_address[1]

    message = refusal(f"{internal.url}/redirect/http~127.0.0.2:{port}/secret")

    assert message.endswith("不是公网地址，不予下载")
    assert internal.hits == [f"/redirect/http~127.0.0.2:{port}/secret"]


def test_allowed_networks(settings, internal):
    settings.PORTAL_FETCH_ALLOWED_HOSTS = ["127.0.0.0/8"]

    assert Fetcher().get(f"{internal.url}/redirect/{internal.url.replace('://', '~')}/cover.png", 2**20) == PNG


def test_size_cap_and_timeout(settings, internal):
    settings.PORTAL_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.PORTAL_FETCH_TIMEOUT = 1

    assert "太大：超过 1.0 MB" in refusal(f"{internal.url}/huge.png")
    assert refusal(f"{internal.url}/slow.png").endswith("超时")


def test_a_run_fetches_each_url_once(settings, internal):
    settings.PORTAL_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    fetcher = Fetcher()

    for _ in range(3):
        fetcher.get(f"{internal.url}/cover.png", 2**20)

    assert internal.hits == ["/cover.png"]


def test_only_http_and_https():
    assert "只支持 http 和 https" in refusal("file:///etc/passwd")
    assert "只支持 http 和 https" in refusal("gopher://example.org/")


@pytest.fixture
def parks(db):
    return make_category(name="园区动态", slug="parks")


def test_an_imported_cover_on_an_internal_address_is_a_warning(tmp_path, internal, parks):
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">'
        "<channel><title>外站</title><item><title>园区开放日</title><link>https://feed.example.cn/1.html</link>"
        f'<description>周六开放。</description><media:content url="{internal.url}/cover.png" medium="image"/>'
        f"</item></channel></rss>",
        encoding="utf-8",
    )

    result = run_command("import_articles", str(feed), "--category", "parks")

    assert result.code == 0, result.err
    assert f"封面图 {internal.url}/cover.png 未能保存：无法下载 {internal.url}/cover.png：不是公网地址" in result.err
    assert not Article.objects.get().cover
    assert internal.hits == []


def test_an_import_url_on_an_internal_address_is_refused(internal, parks):
    result = run_command("import_articles", f"{internal.url}/feed.rss", "--category", "parks")

    assert result.code == 1
    assert "不是公网地址，不予下载" in result.err
    assert Article.objects.count() == 0
    assert internal.hits == []
