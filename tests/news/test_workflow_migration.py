"""Migration 0011: existing articles keep their visibility and get one initial revision each.

Run in a child process on a database file of its own: migrating the test
database backwards would disturb the other tests.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json
from datetime import timedelta
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

executor = MigrationExecutor(connection)
executor.migrate([("news", "0009_chief_editor_word_lists")])
old = executor.loader.project_state([("news", "0009_chief_editor_word_lists")]).apps
Category, Article = old.get_model("news", "Category"), old.get_model("news", "Article")
category = Category.objects.create(name="园区", slug="parks")
now = timezone.now()
rows = {
    "live": Article.objects.create(title="已发布的旧文章", category=category, body="<p>旧</p>", status="published",
                                   published_at=now - timedelta(days=1)),
    "draft": Article.objects.create(title="旧草稿", category=category, body="<p>稿</p>", status="draft",
                                    published_at=now),
    "scheduled": Article.objects.create(title="定时的旧文章", category=category, body="<p>明</p>", status="published",
                                        published_at=now + timedelta(days=1)),
}
executor = MigrationExecutor(connection)
executor.migrate(executor.loader.graph.leaf_nodes())

from news.models import Article as Current
from news.workflow.revisions import history
result = {"published": list(Current.objects.published().values_list("title", flat=True))}
for name, row in rows.items():
    article = Current.objects.get(pk=row.pk)
    versions = list(history(article))
    result[name] = [article.status, [(v.field_dict["title"], v.revision.comment) for v in versions]]
print(json.dumps(result, ensure_ascii=False))
"""


def test_published_articles_stay_published_with_one_initial_revision(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'copy.sqlite3'}",
        "VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["published"] == ["已发布的旧文章"]
    assert result["live"] == ["published", [["已发布的旧文章", "初始版本"]]]
    assert result["draft"] == ["draft", [["旧草稿", "初始版本"]]]
    assert result["scheduled"] == ["published", [["定时的旧文章", "初始版本"]]]
