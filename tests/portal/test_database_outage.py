"""A database that does not answer: every page is a 503 with a time to retry, never a 500."""

import json
import subprocess
import sys

from django.conf import settings

from tests.portal.test_deploy import PRODUCTION_ENV

PAGES = [
    "/",
    "/news/1/",
    "/category/parks/",
    "/search/?q=氢能",
    "/feed/rss/",
    "/sitemap.xml",
    "/admin/login/",
    "/healthz",
]


def test_pages_answer_503_while_the_database_is_down(tmp_path):
    # The real stack in its own process, production settings, on a database file that cannot be opened.
    code = (
        "import django, json; django.setup(); from django.test import Client, override_settings;"
        # Production settings but the plain static storage: no collectstatic for this test.
        "override_settings(STORAGES={**django.conf.settings.STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}).enable();"
        "client = Client(HTTP_HOST='news.example.com', raise_request_exception=False);"
        f"answers = {{url: client.get(url, secure=True) for url in {PAGES!r}}};"
        "print(json.dumps({url: [r.status_code, r.get('Retry-After'), r.content.decode()]"
        " for url, r in answers.items()}))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/no-such-folder/db.sqlite3",
        **PRODUCTION_ENV,
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    answers = json.loads(result.stdout.splitlines()[-1])
    for url, (status, retry_after, body) in answers.items():
        assert status == 503, (url, status, body[:200])
        if url != "/healthz":
            assert retry_after == "30" and "服务暂时不可用" in body, url
    assert json.loads(answers["/healthz"][2])["database"] == "error"
