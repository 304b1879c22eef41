"""Saving an article with its revision (issue 14): at most 2× a save without one.

    flock /tmp/bench.lock .venv/bin/python bench/revision_save.py [--saves 200] [--rounds 5]

Runs on a fresh SQLite database in a temporary folder (or on DATABASE_URL when
set: use a database of your own). Each round saves one demo-sized article
`--saves` times with `Article.save()` and `--saves` times with
`news.workflow.revisions.save()` (the save plus its django-reversion revision
and RevisionInfo, what the admin does), in turns so that a busy moment of the
shared machine falls on both alike. Each save changes the body a little, as
an editor's would. The median per-save time of the rounds and their ratio go
to bench/results/revision_save-<database>.txt.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench-revisions-")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from news.generator import Generator  # noqa: E402
from news.models import Article, Category  # noqa: E402
from news.workflow import revisions  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def timed(save, article, count, start):
    began = time.perf_counter()
    for n in range(count):
        article.body = f"<p>第 {start + n} 次修改。</p>" + BODY
        save(article)
    return (time.perf_counter() - began) / count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    user, _created = get_user_model().objects.get_or_create(username="bench-editor")
    category, _created = Category.objects.get_or_create(slug="bench", defaults={"name": "测试"})
    article = Article.objects.create(title="保存测试", category=category, body=BODY, status="draft")
    article.tags.add("储能", "园区")

    plain, revised = [], []
    counter = 0
    for _round in range(options.rounds):
        plain.append(timed(lambda a: a.save(), article, options.saves, counter))
        counter += options.saves
        # The admin passes the form's tags, as here.
        revised.append(
            timed(lambda a: revisions.save(a, user, "bench", tags="储能, 园区"), article, options.saves, counter)
        )
        counter += options.saves
    without, with_revision = statistics.median(plain), statistics.median(revised)
    ratio = with_revision / without
    lines = [
        f"database: {connection.vendor}; body {len(BODY)} characters; {options.rounds} rounds of {options.saves} saves",
        f"Article.save():          {without * 1000:.2f} ms per save (median of rounds)",
        f"revisions.save():        {with_revision * 1000:.2f} ms per save (median of rounds)",
        f"ratio:                   {ratio:.2f}x (target: at most 2x)",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"revision_save-{connection.vendor}.txt").write_text(text)
    return 0 if ratio <= 2 else 1


# A demo-sized body: generated paragraphs, a few thousand characters.
BODY = "".join(Generator(seed=7).body("滨江", "储能") for _ in range(4))

if __name__ == "__main__":
    sys.exit(main())
