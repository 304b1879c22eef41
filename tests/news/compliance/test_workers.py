"""A list changed in one process is seen by the next check in another: a real second process, not a mock."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from news.compliance.wordfiles import load_words
from news.models import WordEntry, WordList
from tests.factories import make_word

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
