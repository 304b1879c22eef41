"""Fixtures for the importer tests: the fixture files served by a local HTTP server.

The fixture files name their own site `http://fixtures.invalid` (a name that
can never resolve). Each test gets a copy in which that address is replaced
by a live `http.server` on 127.0.0.1, so links and images in them really
download, and nothing ever reaches the internet.
"""

import functools
import http.server
import io
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"
# Without its scheme, so that protocol-relative addresses (//fixtures.invalid/...) are served too.
PLACEHOLDER = b"//fixtures.invalid"
TEXT_SUFFIXES = {".json", ".jsonl", ".csv", ".rss", ".atom", ".xml", ".html"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@dataclass
class Site:
    root: Path
    url: str

    def path(self, name):
        return str(self.root / name)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A fresh, empty media folder per test, so that what a test finds there it wrote itself."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def site(tmp_path, media_root, settings):
    """A copy of the fixtures, served on 127.0.0.1, with /media/ serving MEDIA_ROOT.

    127.0.0.1 is allowed as an internal host (portal.fetch refuses loopback otherwise).
    """
    settings.PORTAL_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    root = tmp_path / "site"
    shutil.copytree(FIXTURES, root)
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (root / "media").symlink_to(settings.MEDIA_ROOT, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    url = f"http://127.0.0.1:{server.server_address[1]}"
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            path.write_bytes(path.read_bytes().replace(PLACEHOLDER, url.removeprefix("http:").encode()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(root, url)
    server.shutdown()
    server.server_close()


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_command(name, *args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(name, *args, stdout=out, stderr=err)
    except CommandError as error:
        err.write(f"CommandError: {error}\n")
        code = error.returncode
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def run_import():
    return functools.partial(run_command, "import_articles")
