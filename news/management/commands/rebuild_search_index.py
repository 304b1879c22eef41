import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from news import search
from news.models import Article


class Command(BaseCommand):
    help = (
        "Rebuild the article search index from scratch (every article; readers only ever see published ones). "
        "Safe to run on a live site: searches see a partial index until it finishes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=search.BATCH_SIZE, help="Articles segmented and written per batch."
        )
        parser.add_argument("--dry-run", action="store_true", help="Only report how many articles would be indexed.")

    def handle(self, *args, batch_size, dry_run, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        verbosity = options["verbosity"]
        total = Article.objects.count()
        if dry_run:
            self.stdout.write(f"Would index {total} article(s).")
            return
        show_bar = verbosity >= 1 and sys.stderr.isatty()
        try:
            with tqdm(total=total, unit="篇", disable=not show_bar) as bar:
                count = search.rebuild(progress=bar.update, batch_size=batch_size)
        except DatabaseError as error:
            raise CommandError(f"Could not rebuild the search index ({error}). Did you run `migrate`?") from error
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} article(s) indexed."))
