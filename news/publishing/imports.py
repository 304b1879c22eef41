"""Imports as background tasks: `import_articles --background` queues an ImportRun, a worker runs it.

The run wraps the importers' own entry point (news.importers.Importer) and
writes its progress on the run every PROGRESS_EVERY records. An import is
safe to run again (articles are recognised by their import key), so a run
whose worker stopped (a restart, a crash: no progress for
IMPORT_STALE_AFTER seconds) is simply run again by the clock and goes on
with no duplicates.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from ..importers import FORMATS, Importer, ImportOptions, Report
from ..importers.formats import sniff
from ..importers.inputs import expand_one, is_url, opened
from ..models import Category, Source
from .models import ImportRun

PROGRESS_EVERY = 50
# Failures kept on the run for the admin (the counts hold them all).
ERRORS_KEPT = 200
Status = ImportRun.Status


def queue_import(inputs, options, created_by=""):
    """Save an ImportRun for `inputs` with `options` (ImportOptions fields, objects as ids) and queue it."""
    run = ImportRun.objects.create(inputs=list(inputs), options=options, created_by=created_by)
    transaction.on_commit(lambda: run_import.enqueue(run.pk))
    return run


def _import_options(options):
    values = dict(options)
    for name, model in (("category", Category), ("default_category", Category), ("source", Source)):
        if values.get(name):
            values[name] = model.objects.get(pk=values[name])
    if values.get("user"):
        values["user"] = get_user_model().objects.filter(pk=values["user"]).first()
    return ImportOptions(**values)


def count_records(inputs, format_name="auto"):
    """How many records the local files hold (None when an input is a URL or cannot be read)."""
    total = 0
    try:
        for argument in inputs:
            if is_url(argument):
                return None
            for path in expand_one(argument):
                with opened(path) as source:
                    name = format_name if format_name != "auto" else sniff(source)
                    reader = FORMATS[name]
                    total += sum(1 for item in reader.read(source, reader.check(source)) if item is not None)
    except Exception:
        # Counting is for the progress bar only; the run reports the real errors.
        return None
    return total


class _Progress:
    """The import's report listener: keeps the run's progress and its failures."""

    def __init__(self, run):
        self.run = run
        self.done = 0
        self.errors = []

    def __call__(self, kind, record, message):
        if kind in ("failed", "file"):
            where = f"{record.origin} {record.position}：" if record is not None else ""
            if len(self.errors) < ERRORS_KEPT:
                self.errors.append(where + message)
        if kind in ("warning", "file"):
            return
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self.save()

    def save(self, **fields):
        ImportRun.objects.filter(pk=self.run.pk).update(
            done=self.done, errors="\n".join(self.errors), heartbeat_at=timezone.now(), **fields
        )


@task()
def run_import(run_id):
    """Run one queued import; safe to run again on the same run (it resumes)."""
    claimed = ImportRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING, attempts=F("attempts") + 1, heartbeat_at=timezone.now()
    )
    if not claimed:
        return "already handled"
    run = ImportRun.objects.get(pk=run_id)
    if run.total is None:
        run.total = count_records(run.inputs, run.options.get("format", "auto"))
        ImportRun.objects.filter(pk=run_id).update(total=run.total)
    progress = _Progress(run)
    report = Report(listener=progress)
    options = _import_options(run.options)
    Importer(options, report).run(run.inputs)
    status = Status.FAILED if report.has_failures else Status.DONE
    progress.save(status=status, counts=dict(report.counts), finished_at=timezone.now())
    return report.summary()


def resume_interrupted(now=None):
    """Queue again the runs whose worker stopped in the middle (no progress for IMPORT_STALE_AFTER)."""
    now = now or timezone.now()
    stale = ImportRun.objects.filter(
        status=Status.RUNNING, heartbeat_at__lt=now - timedelta(seconds=settings.IMPORT_STALE_AFTER)
    )
    ids = list(stale.values_list("pk", flat=True))
    for pk in ids:
        if ImportRun.objects.filter(pk=pk, status=Status.RUNNING).update(status=Status.QUEUED):
            run_import.enqueue(pk)
    return ids
