"""A list changed in one process is seen by the next check in another: a real second process, not a mock."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from news.compliance.wordfiles import load_words
from news.models import Article, WordEntry, WordList
from tests.factories import make_category, make_user, make_word
from tests.news.importers.test_import_command import record, write_jsonl
from tests.news.publishing.test_imports import _database_url

Level = WordEntry.Level


@pytest.fixture
def worker(transactional_db):
    """Send a body to the other process; get back (its matcher's id, its hits)."""
    env = {**os.environ, "WORKER_DATABASE_NAME": str(connection.settings_dict["NAME"])}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.news.compliance.worker"],
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def ask(body):
        process.stdin.write(json.dumps(body) + "\n")
        process.stdin.flush()
        answer = json.loads(process.stdout.readline())
        return answer["matcher"], [tuple(hit) for hit in answer["hits"]]

    yield ask
    process.stdin.close()
    process.wait(timeout=30)


def test_changing_a_list_is_seen_by_the_next_check_in_another_worker(worker):
    entry = make_word("敏感")
    body = "<p>一段敏 感的文字</p>"
    first, hits = worker(body)
    assert hits == [("敏感", Level.BLOCK, 2, 5)]
    # Nothing changed: the other process checks with the matcher it built.
    assert worker(body)[0] == first

    entry.level = Level.REVIEW
    entry.save()
    second, hits = worker(body)
    assert hits == [("敏感", Level.REVIEW, 2, 5)]
    assert second != first

    load_words("文字\t审核\n".encode(), "测试词表")
    assert worker(body)[1] == [("敏感", Level.REVIEW, 2, 5), ("文字", Level.REVIEW, 6, 8)]

    WordList.objects.filter(name="测试词表").update(is_enabled=False)
    assert worker(body)[1] == []


def import_in_another_process(tmp_path, path):
    """`manage.py import_articles PATH --publish` as its own process, on this test's database file."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "import_articles", path, "--publish"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("way", ["admin", "load_words"])
def test_a_word_added_to_a_list_is_seen_by_the_importer_in_another_process(tmp_path, transactional_db, way):
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("another process needs the test database in a file")
    make_category(name="园区动态", slug="parks")
    make_word("无关词")
    path = write_jsonl(tmp_path / "a.jsonl", record(1, body="<p>园区公布了新的收费办法。</p>"))
    before = import_in_another_process(tmp_path, path)
    assert before.returncode == 0, before.stderr
    assert Article.objects.get(import_key="t:1").status == Article.Status.PUBLISHED

    if way == "admin":
        client = Client()
        client.force_login(make_user(superuser=True))
        word_list = WordList.objects.get(name="测试词表")
        response = client.post(
            reverse("admin:news_wordentry_add"), {"word_list": word_list.pk, "word": "收费办法", "level": Level.BLOCK}
        )
        assert response.status_code == 302
    else:
        words = tmp_path / "words.txt"
        words.write_text("# 新增\n收费办法\t禁用\n", encoding="utf-8")
        call_command("load_words", str(words), "--list", "测试词表", stdout=io.StringIO())

    write_jsonl(tmp_path / "a.jsonl", record(2, body="<p>园区公布了新的收 费办法。</p>"))
    after = import_in_another_process(tmp_path, path)
    assert after.returncode == 0, after.stderr
    assert "a.jsonl 第 1 行：含禁用词，导入为草稿：正文第 1 段有禁用词“收费办法”" in after.stderr
    assert Article.objects.get(import_key="t:2").status == Article.Status.DRAFT
    assert Article.objects.get(import_key="t:1").status == Article.Status.PUBLISHED
