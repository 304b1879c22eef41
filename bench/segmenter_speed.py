"""Compare the Chinese segmenters for the search index: rjieba (Rust) and jieba (pure Python).

Segments the same generated article texts with each, in search mode (what the
index uses) and in precise mode (what queries use), and reports throughput,
the cost of loading the dictionary, and how often the two disagree.

    .venv/bin/python bench/segmenter_speed.py [--articles 2000]

jieba is not a project dependency; install it to compare (`pip install jieba`).
"""

import argparse
import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from news.generator import PLACES, SUBJECTS, Generator  # noqa: E402
from news.sanitizer import html_to_text  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def texts(count):
    generator = Generator(seed=7)
    rnd = generator.random
    return [html_to_text(generator.body(rnd.choice(PLACES), rnd.choice(SUBJECTS))) for _ in range(count)]


LOAD = "import time; t = time.perf_counter(); {code}; print((time.perf_counter() - t) * 1000)"


def load_ms(code):
    """Import and dictionary load in a fresh interpreter: Django has already imported rjieba here."""
    return float(
        subprocess.run(
            [sys.executable, "-c", LOAD.format(code=code)], capture_output=True, text=True, check=True
        ).stdout
    )


def measure(name, load, cut_for_search, cut, corpus):
    started = time.perf_counter()
    search_words = [list(cut_for_search(text)) for text in corpus]
    search_seconds = time.perf_counter() - started
    started = time.perf_counter()
    precise_words = [list(cut(text)) for text in corpus]
    precise_seconds = time.perf_counter() - started
    chars = sum(len(text) for text in corpus)
    return {
        "segmenter": name,
        "dictionary_load_ms": round(load_ms(load), 1),
        "search_mode_chars_per_s": round(chars / search_seconds),
        "precise_mode_chars_per_s": round(chars / precise_seconds),
        "ms_per_article_search_mode": round(search_seconds * 1000 / len(corpus), 3),
    }, (search_words, precise_words)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    corpus = texts(args.articles)
    rows, outputs = [], {}

    import rjieba

    row, outputs["rjieba"] = measure(
        "rjieba",
        "import rjieba; rjieba.cut('预热词典')",
        rjieba.cut_for_search,
        rjieba.cut,
        corpus,
    )
    rows.append(row)
    try:
        jieba = importlib.import_module("jieba")
    except ImportError:
        print("jieba is not installed: only rjieba measured.")
    else:
        jieba.setLogLevel(60)
        row, outputs["jieba"] = measure(
            "jieba",
            "import jieba; jieba.setLogLevel(60); jieba.initialize()",
            jieba.lcut_for_search,
            lambda text: jieba.lcut(text, HMM=True),
            corpus,
        )
        rows.append(row)
        same = sum(a == b for a, b in zip(outputs["rjieba"][1], outputs["jieba"][1], strict=True))
        print(f"precise mode: identical segmentation for {same}/{len(corpus)} articles")
    print(f"{args.articles} generated articles, {sum(len(t) for t in corpus)} characters")
    for row in rows:
        print(
            f"{row['segmenter']:>7}: load {row['dictionary_load_ms']:8.1f} ms, "
            f"search mode {row['search_mode_chars_per_s']:>10,} chars/s "
            f"({row['ms_per_article_search_mode']} ms/article), "
            f"precise mode {row['precise_mode_chars_per_s']:>10,} chars/s"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "segmenter_speed.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
