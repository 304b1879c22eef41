"""The word-list matcher (issue 17): 50,000 entries, a 10,000-character article.

Targets: checking the article under 5 ms, building the matcher under 2 s.

    flock /tmp/bench.lock .venv/bin/python bench/word_matching.py [--entries 50000] [--chars 10000]

Runs on a fresh SQLite database in a temporary folder (or on DATABASE_URL when
set: use a database of your own, the lists are replaced). The entries are
generated words of 2 to 6 Han characters and some Latin ones, loaded with
load_words; the article is generated body HTML with listed words planted in
it, spaced out, in full-width and traditional forms. Figures go to
bench/results/word_matching-<database>.txt.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench-words-")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from news.compliance import add_keyword_links, apply_replacements, check, current_matcher, folding  # noqa: E402
from news.compliance.markup import parse  # noqa: E402
from news.compliance.matcher import Matcher  # noqa: E402
from news.compliance.wordfiles import load_words  # noqa: E402
from news.generator import PLACES, SUBJECTS, Generator  # noqa: E402
from news.models import WordList  # noqa: E402
from news.sanitizer import clean_html, html_to_text  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
LEVELS = ["禁用"] * 14 + ["审核"] * 3 + ["替换"] * 2 + ["内链"]
COMMON_HAN = [chr(code) for code in range(0x4E00, 0x4E00 + 3500)]


def word_file(count, rnd):
    """`count` distinct entries as a word file."""
    words = set()
    while len(words) < count:
        if rnd.random() < 0.05:
            words.add("".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(4, 9))))
        else:
            words.add("".join(rnd.choice(COMMON_HAN) for _ in range(rnd.randint(2, 6))))
    lines = []
    for word in sorted(words):
        level = rnd.choice(LEVELS)
        target = "/topics/" if level == "内链" else ""
        lines.append(f"{word}\t{level}\t{target}".rstrip("\t"))
    return "\n".join(lines).encode(), sorted(words)


def article(chars, words, rnd):
    """Body HTML of about `chars` characters of text, with listed words planted in it, some disguised."""
    generator = Generator(seed=11)
    paragraphs, length = [], 0
    while length < chars:
        body = generator.body(rnd.choice(PLACES), rnd.choice(SUBJECTS))
        length += len(html_to_text(body))
        paragraphs.append(body)
    html = "".join(paragraphs)
    planted = rnd.sample(words, 20)
    disguises = [lambda w: w, lambda w: " ".join(w), lambda w: "\u200b".join(w), lambda w: w.upper()]
    for index, word in enumerate(planted):
        html = html.replace("。", f"，{disguises[index % 4](word)}。", 1)
    return clean_html(html)


def timed(functions, repeat):
    """{name: ((wall median, p95), (CPU median, p95))} in milliseconds of `repeat` calls of each function.

    The functions take turns, so that a busy moment of the shared machine
    falls on all of them alike. CPU time is what the code costs; wall time
    adds the wait for a core.
    """
    walls, cpus = ({name: [] for name in functions} for _ in range(2))
    for _ in range(repeat):
        for name, function in functions.items():
            wall, cpu = time.perf_counter(), time.process_time()
            function()
            cpus[name].append((time.process_time() - cpu) * 1000)
            walls[name].append((time.perf_counter() - wall) * 1000)

    def summary(times):
        return statistics.median(times), sorted(times)[max(0, int(len(times) * 0.95) - 1)]

    return {name: (summary(walls[name]), summary(cpus[name])) for name in functions}


def once(function, repeat=1):
    return timed({"": function}, repeat)[""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--chars", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    rnd = random.Random(17)

    call_command("migrate", verbosity=0)
    WordList.objects.all().delete()
    data, words = word_file(args.entries, rnd)
    [(load_ms, _), (load_cpu_ms, _)] = once(lambda: load_words(data, "基准词表"))
    # load_words folded words already: the tables again, as a new process builds them.
    for cached in (folding.table, folding._simplified, folding._bmp_table):
        cached.cache_clear()
    [(table_ms, _), (table_cpu_ms, _)] = once(lambda: folding.fold("预热"))
    matchers = []
    [(build_ms, build_p95), (build_cpu_ms, build_cpu_p95)] = once(lambda: matchers.append(Matcher.from_database()), 5)
    matcher = matchers[-1]
    assert matcher.size == args.entries, matcher.size

    body = article(args.chars, words, rnd)
    text_chars = len(html_to_text(body))
    fields = {"title": "开发区新建三所社区医院", "summary": html_to_text(body)[:120], "body": body, "author": "王小明"}
    hits = check(fields, matcher=matcher)
    plain = html_to_text(body)
    current_matcher()  # built once here; each check below reads the stamp only

    rows = [
        f"word matching: {args.entries} entries ({matcher.size} in the matcher), article of {text_chars} characters "
        f"of text ({len(body)} of HTML), {len(hits)} hits; {django.db.connection.vendor}; "
        f"load average {os.getloadavg()[0]:.2f} (shared machine)",
        "                                     wall ms (median, p95)     CPU ms (median, p95)",
        f"load_words, {args.entries} entries        {load_ms:10.1f}                  {load_cpu_ms:10.1f}",
        f"fold table, once per process      {table_ms:10.1f}                  {table_cpu_ms:10.1f}",
        f"build the matcher (5 builds)      {build_ms:10.1f} {build_p95:10.1f}       {build_cpu_ms:10.1f} "
        f"{build_cpu_p95:10.1f}   target < 2000",
    ]
    functions = {
        "check() title+summary+body+author": lambda: check(fields, matcher=matcher),
        "check() with the stamp query     ": lambda: check(fields),
        "  of which parse(body)           ": lambda: parse(body),
        "  of which matcher.find(text)    ": lambda: matcher.find(plain),
        "apply_replacements(body)         ": lambda: apply_replacements(body, matcher=matcher),
        "add_keyword_links(body)          ": lambda: add_keyword_links(body, matcher=matcher),
    }
    for label, ((wall, wall_p95), (cpu, cpu_p95)) in timed(functions, args.repeat).items():
        target = "   target < 5" if label.startswith("check() title") else ""
        rows.append(f"{label} {wall:10.3f} {wall_p95:10.3f}       {cpu:10.3f} {cpu_p95:10.3f}{target}")
    report = "\n".join(rows) + "\n"
    print(report, end="")
    (RESULTS / f"word_matching-{django.db.connection.vendor}.txt").write_text(report)


if __name__ == "__main__":
    main()
