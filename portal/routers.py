"""Reads from the replica, writes (and reads that must see them) on the primary.

Active only when DATABASE_REPLICA_URL configures a "replica" database. Outside
a request (management commands, importers, tests) everything uses the
primary; `PinPrimaryMiddleware` lets only anonymous readers' GET requests read
from the replica, and not in the first seconds after a content change, when
the replica may still lag and a page cached then would stay stale.
"""

from contextvars import ContextVar

from django.conf import settings

from .caching import seconds_since_last_change

REPLICA = "replica"
_use_replica = ContextVar("use_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies the primary's schema; only the primary migrates.
        return db != REPLICA


class PinPrimaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _use_replica.set(self.may_use_replica(request))
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)

    @staticmethod
    def may_use_replica(request):
        return (
            REPLICA in settings.DATABASES
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and seconds_since_last_change() > settings.REPLICA_LAG_SECONDS
        )
