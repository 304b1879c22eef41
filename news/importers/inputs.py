"""Where imports come from: files, folders, globs and http(s) URLs.

URLs are downloaded through `portal.fetch` (public addresses only, a size cap
and a timeout): a URL input can never make us read a local file or an
internal service.
"""

import contextlib
import glob
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from portal.fetch import Fetcher, FetchError

from .records import ImportFileError

# Extensions a folder is searched for; anything else in it is not an import.
KNOWN_EXTENSIONS = {".json", ".jsonl", ".ndjson", ".csv", ".xml", ".rss", ".atom", ".html", ".htm", ".shtml", ".wxr"}


def max_input_bytes():
    return getattr(settings, "PORTAL_IMPORT_MAX_BYTES", 512 * 2**20)


@dataclass
class Input:
    """One file to import: `path` is local (a download is saved to a temporary file first)."""

    name: str
    path: Path
    url: str = ""
    content_type: str = ""
    # Where an XML document starts and how it is encoded (repairs.prepare), what was repaired
    # (reported as warnings), and scratch copies to remove afterwards.
    offset: int = 0
    codec: str = "utf-8"
    declared: str = "utf-8"
    warnings: list = field(default_factory=list)
    scratch: list = field(default_factory=list)

    def head(self, size=8192):
        with open(self.path, "rb") as handle:
            return handle.read(size)


def is_url(value):
    return urlsplit(value).scheme.lower() in ("http", "https")


def expand_one(argument):
    """The files an argument names: itself, every known file under a folder, a glob's matches, or a URL."""
    if is_url(argument):
        return [argument]
    if "://" in argument:
        raise ImportFileError(f"{argument}：只支持 http 和 https 网址")
    path = Path(argument)
    if path.is_dir():
        found = sorted(
            str(candidate)
            for candidate in path.rglob("*")
            if candidate.is_file() and candidate.suffix.lower() in KNOWN_EXTENSIONS
        )
        if not found:
            raise ImportFileError(f"{argument}：文件夹里没有可导入的文件")
        return found
    if path.is_file():
        return [argument]
    if glob.has_magic(argument):
        matches = sorted(match for match in glob.glob(argument, recursive=True) if os.path.isfile(match))
        if not matches:
            raise ImportFileError(f"{argument}：没有匹配的文件")
        return matches
    raise ImportFileError(f"{argument}：文件不存在")


@contextlib.contextmanager
def opened(argument, fetcher=None):
    """An Input for a path or a URL; a URL is downloaded (capped) to a temporary file that is removed after."""
    if not is_url(argument):
        source = Input(name=argument, path=Path(argument))
        try:
            yield source
        finally:
            _remove(source.scratch)
        return
    handle = tempfile.NamedTemporaryFile(prefix="portal-import-", delete=False)
    source = None
    try:
        with handle:
            try:
                response = (fetcher or Fetcher()).fetch(argument, max_input_bytes(), sink=handle)
            except FetchError as error:
                raise ImportFileError(str(error)) from None
        source = Input(
            name=argument,
            path=Path(handle.name),
            url=response.url,
            content_type=response.content_type,
        )
        yield source
    finally:
        _remove([handle.name, *(source.scratch if source else [])])


def _remove(names):
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def fetch_image(fetcher, url):
    """The bytes of an image URL, at most PORTAL_MAX_IMAGE_BYTES."""
    return fetcher.get(url, settings.PORTAL_MAX_IMAGE_BYTES)
