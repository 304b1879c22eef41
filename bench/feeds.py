"""Feeds as feedparser reads them and as we import them: entry counts side by side, per file.

    .venv/bin/python bench/feeds.py FOLDER [FOLDER...]

For every file under the folders, prints feedparser's entry count, the
number of records our importer reads from it (nothing is written to the
database), the repairs it warned about, and why a file was refused. A line
marked "≠" is a file where the two disagree.
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

from news.importers.formats import FORMATS, sniff  # noqa: E402
from news.importers.inputs import opened  # noqa: E402
from news.importers.records import ImportFileError, Record  # noqa: E402


def ours(path):
    """(records read, warnings, refusal or "")."""
    with opened(str(path)) as source:
        try:
            name = sniff(source)
            reader = FORMATS[name]
            context = reader.check(source)
            count = sum(isinstance(item, Record) for item in reader.read(source, context))
        except ImportFileError as error:
            return 0, source.warnings, str(error).removeprefix(f"{path}：")
        return count, source.warnings, ""


def main(folders):
    files = sorted(path for folder in folders for path in Path(folder).rglob("*") if path.is_file())
    differ = 0
    print(f"{'feedparser':>10} {'ours':>6}  file")
    for path in files:
        theirs = len(feedparser.parse(path.read_bytes()).entries)
        count, warnings, refusal = ours(path)
        mark = "≠" if count != theirs else " "
        differ += count != theirs
        note = f"拒绝：{refusal}" if refusal else "；".join(warnings)
        print(f"{theirs:>10} {count:>6} {mark} {path}  {note}")
    print(f"{len(files)} files, {differ} differ")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
