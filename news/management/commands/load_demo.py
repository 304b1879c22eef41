from django.core.management.base import BaseCommand

from news.demo import load_demo


class Command(BaseCommand):
    help = "Load demo categories, sources, articles and footer pages. Safe to run again: it only adds what is missing."

    def handle(self, *args, **options):
        created = load_demo()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Demo content ready: {created} article(s) created."))
