import os

from django.core.management.base import BaseCommand

from news.publishing import worker


class Command(BaseCommand):
    help = (
        "Run the background worker: queued tasks (publishing side effects, background imports) on whatever "
        "engine TASKS_BACKEND names, and the publishing clock that notices scheduled articles going live."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is due now, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls when idle.")
        parser.add_argument("--no-clock", action="store_true", help="Tasks only; another worker keeps the clock.")
        parser.add_argument("--worker-id", help="A name unique among the workers (default: random).")
        parser.add_argument(
            "--nice",
            type=int,
            default=10,
            help="Lower the worker's CPU priority by this much (default 10), so that readers' pages come first "
            "on a server that also runs the site; 0 keeps it.",
        )

    def handle(self, *args, **options):
        if options["nice"] > 0:
            os.nice(options["nice"])
        if options["verbosity"]:
            self.stdout.write(f"任务引擎：{worker.engine()}；按 Ctrl+C 停止。")
        worker.run(
            batch=options["batch"],
            interval=max(0.1, options["interval"]),
            clock=not options["no_clock"],
            worker_id=options["worker_id"],
            # Graceful stop on SIGTERM for a long-running worker; a batch just ends.
            signals=not options["batch"],
        )
