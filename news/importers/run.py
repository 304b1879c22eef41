"""One import run: inputs → format readers → batches → the report."""

import contextlib
from collections import Counter
from dataclasses import dataclass

from django.db import reset_queries, transaction

from portal.fetch import Fetcher

from .formats import FORMATS, sniff
from .inputs import expand_one, opened
from .mapping import Mapper
from .records import Failure, FileNote, ImportFileError, Skip
from .writer import BatchWriter

OUTCOMES = {"created": "新建", "updated": "更新", "unchanged": "未变", "skipped": "跳过", "failed": "失败"}


@dataclass
class ImportOptions:
    format: str = "auto"
    category: object = None
    default_category: object = None
    source: object = None
    create_categories: bool = False
    update: bool = False
    publish: bool = False
    dry_run: bool = False
    atomic: bool = False
    fetch_images: bool = True
    # Folder that media paths in the input (/media/covers/….png) are read from.
    media_root: object = None
    user: object = None
    batch_size: int = 500


class Report:
    """Counts of outcomes, and every failure and warning, passed on to `listener` as they happen.

    `listener(kind, record, message)` gets kind in OUTCOMES, "warning" or
    "file" (a whole input failed; record is None).
    """

    def __init__(self, listener=None):
        self.counts = Counter()
        self.file_errors = []
        self.warnings = 0
        # Reasons repeated in the summary line: skips an editor must know about (a withdrawn article).
        self.reasons = Counter()
        self.listener = listener or (lambda kind, record, message: None)

    def add(self, outcome, record, message="", *, summarised=False):
        self.counts[outcome] += 1
        if summarised:
            self.reasons[outcome, message] += 1
        self.listener(outcome, record, message)

    def failed(self, record, reason):
        self.add("failed", record, reason)

    def warn(self, record, message):
        self.warnings += 1
        self.listener("warning", record, message)

    def file_error(self, message):
        self.file_errors.append(message)
        self.listener("file", None, message)

    def _reasons(self, outcome):
        """（文章已撤稿，未更新） after the count it explains; with a count of its own when others share it."""
        reasons = [(message, n) for (kind, message), n in self.reasons.items() if kind == outcome]
        if not reasons:
            return ""
        if len(reasons) == 1 and reasons[0][1] == self.counts[outcome]:
            return f"（{reasons[0][0]}）"
        return "（" + "；".join(f"{message} {n}" for message, n in reasons) + "）"

    @property
    def processed(self):
        return sum(self.counts.values())

    @property
    def has_failures(self):
        return bool(self.counts["failed"] or self.file_errors)

    def summary(self):
        parts = [f"{label} {self.counts[outcome]}{self._reasons(outcome)}" for outcome, label in OUTCOMES.items()]
        if self.file_errors:
            parts.append(f"无法导入的文件 {len(self.file_errors)}")
        if self.warnings:
            parts.append(f"警告 {self.warnings}")
        return " · ".join(parts)


class RolledBack(Exception):
    """Raised inside the run's transaction to undo it (a dry run, or --atomic with failures)."""


class Importer:
    def __init__(self, options, report):
        self.options = options
        self.report = report
        # One per run: pooled connections, and each URL fetched once.
        self.fetcher = Fetcher()
        self.mapper = Mapper(options, self.fetcher)
        self.writer = BatchWriter(options, self.mapper, report)
        self.seen = set()
        self.rolled_back = False

    def run(self, arguments):
        """Import every argument (file, folder, glob or URL); returns the report."""
        whole_run = self.options.atomic or self.options.dry_run
        try:
            with transaction.atomic() if whole_run else contextlib.nullcontext():
                for argument in arguments:
                    self._import_argument(argument)
                if self.options.dry_run or (self.options.atomic and self.report.has_failures):
                    raise RolledBack
        except RolledBack:
            self.rolled_back = True
        return self.report

    def _import_argument(self, argument):
        try:
            paths = expand_one(argument)
        except ImportFileError as error:
            self.report.file_error(str(error))
            return
        for path in paths:
            try:
                with opened(path, self.fetcher) as source:
                    name = self.options.format if self.options.format != "auto" else sniff(source)
                    reader = FORMATS[name]
                    context = reader.check(source)
                    for warning in source.warnings:
                        self.report.warn(FileNote(source.name), warning)
                    self._write(reader.read(source, context))
            except ImportFileError as error:
                self.report.file_error(str(error))
            except OSError as error:
                self.report.file_error(f"{path}：无法读取（{error.strerror or error}）")

    def _write(self, items):
        batch = []
        for item in items:
            if item is None:
                continue
            if isinstance(item, Failure):
                self.report.add("failed", item, item.reason)
            elif isinstance(item, Skip):
                self.report.add("skipped", item, item.reason)
            else:
                key = item.key()
                if key in self.seen:
                    self.report.add("skipped", item, f"与本次导入中的另一条重复（{key[:120]}）")
                    continue
                self.seen.add(key)
                batch.append(item)
                if len(batch) >= self.options.batch_size:
                    self._flush(batch)
                    batch = []
        if batch:
            self._flush(batch)

    def _flush(self, batch):
        self.writer.write(batch)
        # With DEBUG on, Django keeps the last 9,000 queries; bulk inserts of
        # whole bodies would make that hundreds of megabytes.
        reset_queries()
