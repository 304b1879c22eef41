"""A database that does not answer: cached pages are still served, the rest is a 503 with a time to retry."""

import json
import subprocess
import sys

from django.conf import settings

from tests.portal.test_deploy import PRODUCTION_ENV

PAGES = ["/", "/news/1/", "/category/parks/", "/search/?q=氢能", "/feed/rss/", "/sitemap.xml", "/admin/login/"]
PAGES += ["/healthz"]

# The real stack in its own process with the production settings (but the plain static
# storage, so that no collectstatic is needed): [[url, status, Retry-After, X-Page-Cache, body]].
GET_PAGES = """
import django, json, sys
django.setup()
from django.conf import settings
from django.test import Client, override_settings
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
client = Client(HTTP_HOST="news.example.com", raise_request_exception=False)
answers = [(url, client.get(url, secure=True)) for url in sys.argv[1:]]
print(json.dumps([[url, r.status_code, r.get("Retry-After"), r.get("X-Page-Cache"), r.content.decode()]
                  for url, r in answers]))
"""


def run(tmp_path, database, *args):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "VAR_DIR": str(tmp_path),  # the file cache lives here
        "DATABASE_URL": f"sqlite:///{database}",
        **PRODUCTION_ENV,
    }
    result = subprocess.run(
        [sys.executable, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    return result.stdout


def get_pages(tmp_path, database, *urls):
    return json.loads(run(tmp_path, database, "-c", GET_PAGES, *urls).splitlines()[-1])


def test_pages_answer_503_while_the_database_is_down(tmp_path):
    answers = get_pages(tmp_path, tmp_path / "no-such-folder" / "db.sqlite3", *PAGES)
    for url, status, retry_after, _cache, body in answers:
        assert status == 503, (url, status, body[:200])
        if url != "/healthz":
            assert retry_after == "30" and "服务暂时不可用" in body, url
    assert json.loads(answers[-1][-1])["database"] == "error"


def test_cached_pages_are_still_served_while_the_database_is_down(tmp_path):
    database = tmp_path / "db" / "db.sqlite3"
    database.parent.mkdir()
    run(tmp_path, database, "manage.py", "migrate", "-v0")
    assert [answer[1:4] for answer in get_pages(tmp_path, database, "/", "/")] == [
        [200, None, "miss"],
        [200, None, "hit"],
    ]
    database.parent.rename(tmp_path / "db-away")
    database.parent.mkdir()  # SQLite opens an empty file in its place: every query fails
    (_, status, _, cache, body), (_, uncached, *_) = get_pages(tmp_path, database, "/", "/special/")
    assert (status, cache) == (200, "hit") and 'class="site-header' in body
    assert uncached == 503
