import json
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from news.importers import article_data, exported_articles
from news.importers.dates import parse_date
from news.importers.export import site_url_is_public
from news.importers.records import RecordError
from news.models import Category


class Command(BaseCommand):
    help = (
        "Write articles as JSON Lines (the schema import_articles reads) to standard output or --output, "
        "oldest first; images by URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument("--category", help="Only this category (slug) and its sub-categories.")
        parser.add_argument("--since", help="Published at or after this date (2021-04-19, 2021-04-19 10:20).")
        parser.add_argument(
            "--media-paths",
            action="store_true",
            help="Write images as media paths (/media/…) for import_articles --media-root, not URLs on SITE_URL.",
        )
        parser.add_argument("--until", help="Published before the end of this date (or before this time).")

    def handle(self, *args, **options):
        category = None
        if options["category"]:
            category = Category.objects.filter(slug=options["category"]).first()
            if category is None:
                raise CommandError(f"栏目“{options['category']}”不存在")
        since = self._date(options["since"])
        until = self._date(options["until"])
        if until is not None and ":" not in options["until"]:
            # A date alone means the whole day.
            until += timedelta(days=1)
        articles = exported_articles(category=category, since=since, until=until)
        self.media_paths = options["media_paths"]
        if not self.media_paths and not site_url_is_public() and options["verbosity"]:
            self.stderr.write(
                self.style.WARNING(
                    f"SITE_URL（{settings.SITE_URL}）不是公网地址，别的网站无法下载导出的图片："
                    "请设置 SITE_URL，或加 --media-paths 并在导入时用 --media-root 指定媒体文件夹。"
                )
            )
        if options["output"]:
            try:
                with open(options["output"], "w", encoding="utf-8") as handle:
                    count = self._write(articles, handle.write)
            except OSError as error:
                raise CommandError(f"无法写入 {options['output']}：{error.strerror}") from None
        else:
            count = self._write(articles, self.stdout._out.write)
        if options["verbosity"]:
            self.stderr.write(self.style.SUCCESS(f"已导出 {count} 篇文章。"))

    def _write(self, articles, write):
        count = 0
        for article in articles:
            write(json.dumps(article_data(article, self.media_paths), ensure_ascii=False) + "\n")
            count += 1
        return count

    def _date(self, value):
        try:
            return parse_date(value)
        except RecordError as error:
            raise CommandError(str(error)) from None
