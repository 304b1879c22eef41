"""Background tasks (django-tasks): the deliveries of publication events, and background imports.

Every task is idempotent: a delivery is claimed with one conditional UPDATE,
so a task queued twice (the clock re-queues what looks stuck) or picked by
two workers runs its side effect once. A passing failure is retried with
exponential backoff (PUBLISHING_RETRY_DELAY × 2ⁿ) up to PUBLISHING_RETRIES
attempts; then the delivery is marked failed and the task fails, so both
show in the admin with the error and a 重试 action.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from . import effects
from .models import Delivery

logger = logging.getLogger(__name__)
Status = Delivery.Status


class DeliveryFailed(Exception):
    """Raised by the task of a delivery that failed for good, so that the task shows as failed too."""


def queue_deliveries(events):
    """Create the deliveries of new events (one per switched-on effect) and queue them after commit."""
    deliveries = []
    for event in events:
        for effect in effects.effects_for(event.kind):
            deliveries.append(Delivery(event=event, effect=effect.name, next_attempt_at=event.created_at))
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    ids = list(Delivery.objects.filter(event__in=events, status=Status.PENDING).values_list("pk", flat=True))
    transaction.on_commit(lambda: [deliver.enqueue(pk) for pk in ids])
    return ids


def retry_delivery(delivery):
    """Queue a finished (failed, refused, quota) delivery again, from the admin's 重试 action."""
    updated = Delivery.objects.filter(pk=delivery.pk, status__in=Delivery.FINISHED).update(
        status=Status.PENDING, attempts=0, next_attempt_at=timezone.now(), finished_at=None
    )
    if updated:
        transaction.on_commit(lambda: deliver.enqueue(delivery.pk))
    return bool(updated)


def backoff(attempts):
    return timedelta(seconds=settings.PUBLISHING_RETRY_DELAY * 2 ** (attempts - 1))


@task()
def deliver(delivery_id):
    """Run one side effect of one event; the answer goes on the delivery."""
    now = timezone.now()
    claimed = Delivery.objects.filter(pk=delivery_id, status__in=[Status.PENDING, Status.RETRYING]).update(
        status=Status.RUNNING, attempts=F("attempts") + 1, next_attempt_at=now
    )
    if not claimed:
        # Done already, or another worker has it.
        return "already handled"
    delivery = Delivery.objects.select_related("event").get(pk=delivery_id)
    effect = effects.all_effects().get(delivery.effect)
    outcome, answer = Status.DONE, ""
    try:
        if effect is None or not effect.is_enabled():
            outcome, answer = Status.SKIPPED, "该动作已在设置中关闭"
        else:
            answer = effect.run(delivery.event) or ""
    except effects.TryLater as error:
        answer = str(error)
        if delivery.attempts < settings.PUBLISHING_RETRIES:
            when = timezone.now() + backoff(delivery.attempts)
            Delivery.objects.filter(pk=delivery_id).update(status=Status.RETRYING, answer=answer, next_attempt_at=when)
            deliver.using(run_after=when).enqueue(delivery_id)
            return f"retry at {when.isoformat()}"
        outcome, answer = Status.FAILED, f"{answer}（已尝试 {delivery.attempts} 次）"
    except effects.Refused as error:
        outcome, answer = Status.REFUSED, str(error)
    except effects.QuotaExhausted as error:
        outcome, answer = Status.QUOTA, str(error)
    except Exception as error:
        logger.exception("delivery %s (%s) failed", delivery_id, delivery.effect)
        outcome, answer = Status.FAILED, f"{type(error).__name__}: {error}"
    Delivery.objects.filter(pk=delivery_id).update(
        status=outcome, answer=answer[:2000], next_attempt_at=None, finished_at=timezone.now()
    )
    if outcome == Status.FAILED:
        raise DeliveryFailed(f"{delivery.effect}: {answer}")
    return answer


def requeue_stale(now=None):
    """Queue again the deliveries whose task seems lost (never queued, or its worker died).

    A delivery is due at `next_attempt_at`; one still unfinished
    PUBLISHING_STALE_AFTER seconds later is queued again (and its due time
    moved on, so that it is queued once per period, not at every tick).
    """
    now = now or timezone.now()
    stale = Delivery.objects.filter(
        status__in=[Status.PENDING, Status.RETRYING, Status.RUNNING],
        next_attempt_at__lt=now - timedelta(seconds=settings.PUBLISHING_STALE_AFTER),
    )
    ids = list(stale.values_list("pk", flat=True)[:1000])
    Delivery.objects.filter(pk__in=ids, status=Status.RUNNING).update(status=Status.RETRYING)
    Delivery.objects.filter(pk__in=ids).update(next_attempt_at=now)
    for pk in ids:
        deliver.enqueue(pk)
    return ids
