import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Cached blocks, settings and the view counter's client keys must not leak from one test into the next."""
    from news import viewbuffer
    from news.viewguard import LOCAL
    from portal import caching

    caching.clear()
    LOCAL.clear()
    viewbuffer.outage.reset()  # a test that failed Redis on purpose leaves no outage behind
    yield
    caching.clear()
    LOCAL.clear()
    viewbuffer.outage.reset()


@pytest.fixture
def editor(db):
    from tests.factories import make_user

    return make_user(group="编辑")


@pytest.fixture
def chief_editor(db):
    from tests.factories import make_user

    return make_user(group="主编")
