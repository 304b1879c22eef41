"""Pictures in an article body that live on other sites, copied to ours.

A body pasted from another site or from WeChat keeps its pictures as links to
that site, which break when it blocks hot-linking or moves them (DESTOON's
`save_remotepic` downloads them on save; so do we). Each picture goes through
the safe download (portal.fetch) and the one image check (portal.images); the
body then points at our copy, watermarked when the site setting asks for it.
A picture that cannot be copied keeps its address and is reported.
"""

import re
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage

from portal.fetch import Fetcher, FetchError
from portal.images import InvalidImage, store_image
from portal.models import SiteSettings

FOLDER = "remote"
# The sanitiser writes every attribute double-quoted, so this reads its output exactly.
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'(\ssrc=")([^"]*)(")')
_ALT = re.compile(r'\salt="[^"]*\S[^"]*"')


@dataclass
class Localised:
    body: str
    copied: int = 0
    failures: list = field(default_factory=list)  # (url, reason)
    missing_alt: int = 0


def _is_remote(url):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    own = {urlsplit(settings.SITE_URL).netloc, urlsplit(settings.MEDIA_URL).netloc} - {""}
    return parts.netloc.lower() not in own


def store_picture(data, folder=FOLDER, site=None):
    """Store image `data` (checked here) and, when the site has a watermark, a marked copy; the name to show."""
    name = store_image(data, folder=folder)
    marked = (site or SiteSettings.load()).watermarked(data)
    return store_image(marked, folder=folder) if marked else name


def localise_images(body, fetcher=None, site=None):
    """Copy the remote pictures of the sanitised `body` to our storage; a `Localised` result."""
    result = Localised(body)
    fetcher = fetcher or Fetcher()
    copies = {}

    def replace(match):
        tag = match[0]
        if not _ALT.search(tag):
            result.missing_alt += 1
        src = _SRC.search(tag)
        url = unescape(src[2]) if src else ""
        if not src or not _is_remote(url):
            return tag
        if url not in copies:
            try:
                data = fetcher.get(url, max_bytes=settings.PORTAL_MAX_IMAGE_BYTES)
                copies[url] = default_storage.url(store_picture(data, site=site))
                result.copied += 1
            except (FetchError, InvalidImage) as error:
                copies[url] = None
                result.failures.append((url, str(error)))
        if copies[url] is None:
            return tag
        return tag[: src.start()] + src[1] + copies[url] + src[3] + tag[src.end() :]

    result.body = _IMG.sub(replace, body)
    return result
