import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Cached blocks, settings and the view counter's client keys must not leak from one test into the next."""
    from news.viewguard import LOCAL

    cache.clear()
    LOCAL.clear()
    yield
    cache.clear()
    LOCAL.clear()


@pytest.fixture
def editor(db):
    from tests.factories import make_user

    return make_user(group="编辑")


@pytest.fixture
def chief_editor(db):
    from tests.factories import make_user

    return make_user(group="主编")
