"""Test settings: the real settings, with a fast hasher and an isolated media folder."""

import tempfile
from pathlib import Path

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
# The content version's file (used with the local-memory cache) outside var/.
CONTENT_VERSION_FILE = Path(tempfile.mkdtemp(prefix="portal-test-version-")) / "content-version"
