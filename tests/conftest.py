import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Cached blocks and settings must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    from tests.factories import make_user

    return make_user(group="编辑")


@pytest.fixture
def chief_editor(db):
    from tests.factories import make_user

    return make_user(group="主编")
