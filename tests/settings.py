"""Test settings: the real settings, with a fast hasher and an isolated media folder."""

import tempfile
from pathlib import Path

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
# Without Redis, local memory: one process, and nothing left behind in var/.
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "portal.cache_backends.LocMemCache", "LOCATION": "tests"}}

# SQLite tests use a file, as production does, not the in-memory database:
# WAL, the busy timeout and IMMEDIATE transactions then apply, and tests that
# write from several threads meet the same locking as gunicorn workers.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.mkdtemp(prefix="portal-test-db-")) / "test.sqlite3")}  # noqa: F405
