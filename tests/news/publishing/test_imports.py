"""Background imports: queued by the command, run by the worker, resumed after an interruption."""

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from news.models import Article, ImportRun
from news.publishing import worker
from tests.factories import make_category, make_user

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]


def write_records(path, count):
    lines = (
        json.dumps(
            {
                "import_key": f"bg:{n}",
                "title": f"后台导入的第{n}篇",
                "body": f"<p>第{n}篇的正文。</p>",
                "category": "parks",
                "published_at": "2021-04-19 10:20",
            },
            ensure_ascii=False,
        )
        for n in range(count)
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def queue(*arguments):
    out = io.StringIO()
    call_command("import_articles", *arguments, "--background", stdout=out, stderr=io.StringIO())
    return int(out.getvalue().strip())


def test_background_import_prints_its_id_and_the_admin_shows_its_progress(tmp_path, publishing, client):
    make_category(name="园区动态", slug="parks")
    path = write_records(tmp_path / "a.jsonl", 30)
    run_id = queue(path, "--publish")
    run = ImportRun.objects.get(pk=run_id)
    assert run.status == "queued" and not Article.objects.exists()

    worker.run(batch=True)
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == ("done", 30, 30)
    assert run.counts == {"created": 30}
    assert Article.objects.published().count() == 30

    client.force_login(make_user(group="编辑"))
    page = client.get(reverse("admin:news_importrun_changelist")).content.decode()
    assert "30 / 30" in page and "新建 30" in page and "完成" in page


def test_failures_of_a_background_import_are_listed_on_the_run(tmp_path, publishing, client):
    make_category(name="园区动态", slug="parks")
    path = tmp_path / "b.jsonl"
    path.write_text('{"import_key": "x", "title": "", "body": "<p>无标题</p>"}\n{oops\n', encoding="utf-8")
    run_id = queue(str(path))
    worker.run(batch=True)
    run = ImportRun.objects.get(pk=run_id)
    assert run.status == "failed" and run.counts.get("failed") == 2
    assert "b.jsonl 第 1 行" in run.errors and "b.jsonl 第 2 行" in run.errors
    client.force_login(make_user(group="编辑"))
    page = client.get(reverse("admin:news_importrun_change", args=[run_id])).content.decode()
    assert "第 2 行" in page


def _database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_an_import_interrupted_by_a_killed_worker_resumes_without_duplicates(tmp_path, publishing):
    make_category(name="园区动态", slug="parks")
    total = 600
    run_id = queue(write_records(tmp_path / "big.jsonl", total), "--publish", "--batch-size", "5")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": _database_url(),
        "PUBLISHING_THUMBNAILS": "false",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-clock", "--interval", "0.1", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while ImportRun.objects.get(pk=run_id).done < 50 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    run = ImportRun.objects.get(pk=run_id)
    assert run.status == "running" and 50 <= run.done < total
    imported_before = Article.objects.count()
    assert 0 < imported_before < total

    publishing.IMPORT_STALE_AFTER = 0
    worker.run(batch=True)
    run.refresh_from_db()
    assert (run.status, run.total, run.done, run.attempts) == ("done", total, total, 2)
    assert Article.objects.count() == total
    assert Article.objects.values("import_key").distinct().count() == total
    assert run.counts["created"] == total - imported_before
    assert run.counts["unchanged"] == imported_before
