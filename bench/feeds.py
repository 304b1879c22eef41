"""Feeds as feedparser reads them and as we import them, side by side, per file.

    .venv/bin/python bench/feeds.py FOLDER [FOLDER...]

For every file under the folders, prints feedparser's entry count, the
number of records our importer reads from it (nothing is written to the
database), and the repairs it warned about or why it refused the file. A line
marked "≠" is a file where the two disagree: in the number of entries, or in
an entry's title or link (entry by entry, in the file's order). A title we
had to make up because the entry has none is not a disagreement.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

import feedparser  # noqa: E402

from news.importers.bodies import absolute_url  # noqa: E402
from news.importers.formats import FORMATS, sniff  # noqa: E402
from news.importers.inputs import opened  # noqa: E402
from news.importers.records import Failure, ImportFileError, Record  # noqa: E402
from news.sanitizer import html_to_text  # noqa: E402

FEED_FORMATS = {"rss", "atom"}


def theirs(path):
    """[(title, link)] of feedparser's entries, or None and the exception feedparser raised.

    A relative link is resolved against the feed's own link, as our importer does.
    """
    try:
        parsed = feedparser.parse(path.read_bytes())
    except Exception as error:  # feedparser 6.0 raises on a few malformed files
        return None, f"feedparser 出错：{error!r}"
    site = parsed.feed.get("link", "")
    return [
        (html_to_text(entry.get("title", "")), absolute_url(entry.get("link", ""), site)) for entry in parsed.entries
    ], ""


def ours(path):
    """(format, [Record or Failure] in the file's order, warnings, refusal or "")."""
    with opened(str(path)) as source:
        name = "?"
        try:
            name = sniff(source)
            reader = FORMATS[name]
            context = reader.check(source)
            items = [item for item in reader.read(source, context) if isinstance(item, Record | Failure)]
        except ImportFileError as error:
            return name, [], source.warnings, str(error).removeprefix(f"{path}：")
        except Exception as error:  # a crash is a finding of the survey, not the end of it
            return name, [], source.warnings, f"导入程序出错：{error!r}"
        return name, items, source.warnings, ""


def disagreements(entries, items):
    """What differs between feedparser's entries and our records, entry by entry."""
    records = [item for item in items if isinstance(item, Record)]
    notes = [f"{item.position}：{item.reason}" for item in items if isinstance(item, Failure)]
    if len(records) != len(entries):
        return [f"条目数 {len(entries)} ≠ {len(records)}", *notes]
    if len(items) != len(entries):
        return notes
    for number, ((title, link), record) in enumerate(zip(entries, items, strict=True), start=1):
        if title and title != record.title:
            notes.append(f"第 {number} 条标题：{title!r} ≠ {record.title!r}")
        if link != record.original_url:
            notes.append(f"第 {number} 条链接：{link!r} ≠ {record.original_url!r}")
    return notes


def main(folders):
    files = sorted(path for folder in folders for path in Path(folder).rglob("*") if path.is_file())
    differ = 0
    print(f"{'feedparser':>10} {'ours':>6}  {'format':<6} file")
    for path in files:
        entries, error = theirs(path)
        name, items, warnings, refusal = ours(path)
        count = sum(isinstance(item, Record) for item in items)
        # A saved web page or a WordPress export is another format of ours, not a feed to compare.
        compared = entries is not None and name in FEED_FORMATS | {"?"}
        notes = disagreements(entries, items) if compared else [error] if error else []
        mark = "≠" if compared and notes and (entries or count) else " "
        differ += mark == "≠"
        note = "；".join([*([f"拒绝：{refusal}"] if refusal else warnings), *notes])
        shown = "-" if entries is None else len(entries)
        print(f"{shown:>10} {count:>6} {mark} {name:<6} {path}  {note}")
    print(f"{len(files)} files, {differ} differ")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
