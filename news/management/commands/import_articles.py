import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from news.importers import FORMATS, Importer, ImportOptions, Report
from news.importers.inputs import is_url
from news.models import Category, Source
from news.publishing.imports import queue_import

# Without a terminal, a plain progress line every this many records.
PROGRESS_EVERY = 1000


class Command(BaseCommand):
    help = (
        "Import articles from JSON, JSON Lines, CSV, RSS/Atom, WordPress WXR or saved HTML pages "
        "(files, folders, globs or http(s) URLs). Safe to run again: existing articles are recognised "
        "by their import key. Imported articles are drafts unless --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="+", help="Files, folders (searched recursively), globs or URLs.")
        parser.add_argument("--format", default="auto", choices=["auto", *FORMATS], help="Default: detect.")
        parser.add_argument("--category", help="Put every article in this category (slug or name).")
        parser.add_argument("--default-category", help="Category (slug or name) for articles whose own is unknown.")
        parser.add_argument("--create-categories", action="store_true", help="Create categories that do not exist.")
        parser.add_argument("--source", help="Set every article's source (媒体来源) to this name.")
        parser.add_argument("--update", action="store_true", help="Refresh articles whose content changed.")
        parser.add_argument("--publish", action="store_true", help="Publish, with their original dates.")
        parser.add_argument("--atomic", action="store_true", help="All or nothing: any failure writes nothing.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; write nothing.")
        parser.add_argument("--no-images", action="store_true", help="Keep image addresses; do not download.")
        parser.add_argument(
            "--media-root",
            help="Folder to read images given as media paths (/media/…, from export_articles --media-paths) from.",
        )
        parser.add_argument("--user", help="Username recorded as the articles' creator.")
        parser.add_argument("--batch-size", type=int, default=500, help="Records per transaction (default 500).")
        parser.add_argument(
            "--background", action="store_true", help="Queue the import for the worker; print the run's id."
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        import_options = ImportOptions(
            format=options["format"],
            category=self._category(options["category"]),
            default_category=self._category(options["default_category"]),
            source=self._source(options["source"]),
            create_categories=options["create_categories"],
            update=options["update"],
            publish=options["publish"],
            dry_run=options["dry_run"],
            atomic=options["atomic"],
            fetch_images=not options["no_images"],
            media_root=self._media_root(options["media_root"]),
            user=self._user(options["user"]),
            batch_size=max(1, options["batch_size"]),
        )
        if options["background"]:
            return self._queue(options, import_options)
        self.bar = None
        if self.verbosity and self.stdout.isatty():
            self.bar = tqdm(unit=" 篇", desc="导入", file=sys.stderr, dynamic_ncols=True)
        report = Report(listener=self._listen)
        importer = Importer(import_options, report)
        self.started = time.monotonic()
        try:
            importer.run(options["inputs"])
        except KeyboardInterrupt:
            self._close_bar()
            if import_options.atomic or import_options.dry_run:
                raise CommandError("已中断：没有写入任何内容。", returncode=130) from None
            raise CommandError(
                f"已中断：{report.summary()}。已提交的批次保留，再次运行会跳过已导入的文章，从中断处继续。",
                returncode=130,
            ) from None
        self._close_bar()
        self._finish(report, importer, import_options)

    def _finish(self, report, importer, options):
        if not report.processed and len(report.file_errors) == 1:
            # One input that could not be read at all: one line, nothing written.
            raise CommandError(report.file_errors[0])
        for message in report.file_errors:
            self.stderr.write(f"失败 {message}")
        if self.verbosity:
            prefix = "试运行（未写入任何内容）：" if options.dry_run else ""
            style = self.style.WARNING if report.has_failures else self.style.SUCCESS
            elapsed = time.monotonic() - self.started
            timing = f"（用时 {elapsed:.1f} 秒，每秒 {report.processed / max(elapsed, 1e-6):.0f} 条）"
            self.stdout.write(style(prefix + report.summary() + timing))
        if report.has_failures:
            message = f"{report.counts['failed']} 条记录失败，{len(report.file_errors)} 个文件无法导入"
            if options.atomic and importer.rolled_back:
                message += "；因 --atomic，未写入任何内容"
            raise CommandError(message)

    def _queue(self, options, import_options):
        if import_options.dry_run or import_options.atomic:
            raise CommandError("--background 不能与 --dry-run 或 --atomic 同用")
        values = {
            name: getattr(value, "pk", value) for name, value in vars(import_options).items() if value is not None
        }
        inputs = [value if is_url(value) else str(Path(value).resolve()) for value in options["inputs"]]
        run = queue_import(inputs, values, created_by=options["user"] or "")
        self.stdout.write(str(run.pk))
        if self.verbosity:
            self.stderr.write(f"已排队：后台导入 #{run.pk}，由 run_worker 执行；进度见后台“后台导入”。")

    # --- output -------------------------------------------------------------

    def _listen(self, kind, record, message):
        where = " ".join(filter(None, (record.origin, record.position))) if record is not None else ""
        if kind == "file":
            # Printed at the end: a single unreadable input is the one error line.
            return
        if kind == "failed":
            self._write(self.stderr, f"失败 {where}：{message}")
        elif kind == "warning" and self.verbosity:
            self._write(self.stderr, f"警告 {where}：{message}")
        elif self.verbosity >= 2:
            label = {"created": "新建", "updated": "更新", "unchanged": "未变", "skipped": "跳过"}[kind]
            title = getattr(record, "title", "")
            line = " ".join(part for part in (label, where, title) if part)
            self._write(self.stdout, line + (f"（{message}）" if message else ""))
        if kind == "warning":
            return
        if self.bar is not None:
            self.bar.update(1)
        elif self.verbosity == 1 and self._count_progress() % PROGRESS_EVERY == 0:
            self.stdout.write(f"已处理 {self._progress} 条")

    def _count_progress(self):
        self._progress = getattr(self, "_progress", 0) + 1
        return self._progress

    def _write(self, stream, line):
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            stream.write(line)

    def _close_bar(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    # --- arguments ----------------------------------------------------------

    def _category(self, value):
        if not value:
            return None
        category = Category.objects.filter(slug=value).first() or Category.objects.filter(name=value).first()
        if category is None:
            raise CommandError(f"栏目“{value}”不存在（按网址别名或名称查找）")
        return category

    def _source(self, value):
        if not value:
            return None
        source = Source.objects.filter(name=value).first()
        if source is None:
            raise CommandError(f"媒体来源“{value}”不存在，请先在后台添加")
        return source

    def _media_root(self, value):
        if value and not Path(value).is_dir():
            raise CommandError(f"--media-root {value}：文件夹不存在")
        return Path(value) if value else None

    def _user(self, value):
        if not value:
            return None
        user = get_user_model().objects.filter(username=value).first()
        if user is None:
            raise CommandError(f"用户“{value}”不存在")
        return user
