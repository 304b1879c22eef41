"""The read-replica router: readers' GETs read from the replica, everything else from the primary."""

import pytest
from django.db import router
from django.test import RequestFactory

from news.models import Article
from portal.routers import PinPrimaryMiddleware
from tests.factories import make_article


@pytest.fixture
def replica(settings):
    # Only the alias matters to the router: point it at the same database.
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    settings.REPLICA_LAG_SECONDS = 5


def database_used(request):
    chosen = {}

    def view(request):
        chosen["read"] = router.db_for_read(Article)
        chosen["write"] = router.db_for_write(Article)
        return None

    PinPrimaryMiddleware(view)(request)
    return chosen


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_anonymous_get_reads_from_the_replica(replica, settings):
    settings.REPLICA_LAG_SECONDS = 0
    assert database_used(RequestFactory().get("/")) == {"read": "replica", "write": "default"}


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_staff_and_writes_use_the_primary(replica, settings):
    settings.REPLICA_LAG_SECONDS = 0
    factory = RequestFactory()
    staff = factory.get("/")
    staff.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    assert database_used(staff)["read"] == "default"
    assert database_used(factory.post("/"))["read"] == "default"


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_right_after_a_change_readers_use_the_primary(replica):
    make_article()  # a content change: the replica may not have it yet
    assert database_used(RequestFactory().get("/"))["read"] == "default"


def test_without_a_replica_everything_uses_the_primary():
    assert database_used(RequestFactory().get("/"))["read"] in (None, "default")
