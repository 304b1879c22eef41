import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from news.generator import generate_articles


class Command(BaseCommand):
    help = "Insert N generated published Chinese articles (bulk inserts) for benchmarks. Not for production data."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many articles to add, e.g. 1000, 100000, 1000000.")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same text.")

    def handle(self, *args, count, batch_size, seed, **options):
        if count < 1:
            raise CommandError("count must be at least 1.")
        show_bar = options["verbosity"] >= 1 and sys.stderr.isatty()
        with tqdm(total=count, unit="篇", disable=not show_bar) as bar:
            created = generate_articles(count, batch_size=batch_size, seed=seed, progress=bar.update)
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Generated {created} articles."))
