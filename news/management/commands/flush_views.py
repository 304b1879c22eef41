from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from redis import RedisError

from news import viewbuffer


class Command(BaseCommand):
    help = (
        "Write the view hits buffered in Redis to the database (view counts and daily views). "
        "Requests already do this every VIEW_FLUSH_INTERVAL seconds; without REDIS_URL there is nothing to do."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only report how many hits are waiting.")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        if not viewbuffer.enabled():
            if verbosity:
                self.stdout.write("REDIS_URL is not set: views are written to the database directly, nothing to do.")
            return
        try:
            if options["dry_run"]:
                self.stdout.write(f"{viewbuffer.pending_hits()} hit(s) waiting in Redis.")
                return
            result = viewbuffer.flush()
        except (RedisError, DatabaseError) as error:
            raise CommandError(f"Flushing views failed, the hits stay in Redis: {error}") from error
        if result.busy:
            self.stdout.write(self.style.WARNING("Another process is flushing views right now; it writes these hits."))
            return
        if verbosity:
            message = f"Wrote {result.hits} hit(s) in {result.batches} batch(es)."
            if result.dropped:
                message += f" Dropped {result.dropped} hit(s) of deleted articles."
            self.stdout.write(self.style.SUCCESS(message))
