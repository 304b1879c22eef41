"""Where imports come from: files, folders, globs and http(s) URLs; and fetching images.

Every download has a timeout and a size cap, and only http and https are ever
fetched: a URL input can never make us read a local file.
"""

import contextlib
import glob
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import urllib3
from django.conf import settings

from .records import ImportFileError

# Extensions a folder is searched for; anything else in it is not an import.
KNOWN_EXTENSIONS = {".json", ".jsonl", ".ndjson", ".csv", ".xml", ".rss", ".atom", ".html", ".htm", ".shtml", ".wxr"}

USER_AGENT = "Mozilla/5.0 (compatible; portal-importer/1.0)"
CHUNK = 64 * 1024


def max_input_bytes():
    return getattr(settings, "PORTAL_IMPORT_MAX_BYTES", 512 * 2**20)


def fetch_timeout():
    return getattr(settings, "PORTAL_IMPORT_TIMEOUT", 20)


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
def opened(argument):
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
                response = download(argument, max_input_bytes(), handle)
            except FetchError as error:
                raise ImportFileError(str(error)) from None
        source = Input(
            name=argument,
            path=Path(handle.name),
            url=response.geturl() or argument,
            content_type=response.headers.get("Content-Type", ""),
        )
        yield source
    finally:
        _remove([handle.name, *(source.scratch if source else [])])


def _remove(names):
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


_pool = None


def _http():
    global _pool
    if _pool is None:
        _pool = urllib3.PoolManager(
            headers={"User-Agent": USER_AGENT},
            # Follow redirects, never retry: a dead image host must not stall a run.
            retries=urllib3.Retry(total=None, connect=0, read=0, redirect=5, status=0, other=0),
        )
    return _pool


class FetchError(Exception):
    pass


def download(url, limit, sink=None):
    """GET `url` (http/https only) with a timeout and at most `limit` bytes.

    Writes into `sink` and returns the response, or returns the bytes when no
    sink is given. Raises FetchError with a Chinese reason.
    """
    if not is_url(url):
        raise FetchError(f"只支持 http 和 https 网址：{url[:80]}")
    try:
        response = _http().request(
            "GET",
            url,
            preload_content=False,
            timeout=urllib3.Timeout(connect=min(10, fetch_timeout()), read=fetch_timeout()),
        )
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"无法下载 {url}：{_why(error)}") from None
    try:
        if response.status >= 400:
            raise FetchError(f"无法下载 {url}：HTTP {response.status}")
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{url} 太大：超过 {limit // 2**20} MB")
        chunks = []
        size = 0
        for chunk in response.stream(CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{url} 太大：超过 {limit / 2**20:.1f} MB")
            if sink is None:
                chunks.append(chunk)
            else:
                sink.write(chunk)
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"无法下载 {url}：{_why(error)}") from None
    finally:
        response.release_conn()
    return response if sink is not None else b"".join(chunks)


def _why(error):
    reason = getattr(error, "reason", None) or error
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        return "域名无法解析"
    if isinstance(reason, urllib3.exceptions.TimeoutError):
        return "超时"
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return "无法连接"
    if isinstance(reason, urllib3.exceptions.MaxRetryError):
        return "重定向次数过多"
    return type(reason).__name__


def fetch_image(url):
    """The bytes of an image URL, at most PORTAL_MAX_IMAGE_BYTES."""
    return download(url, settings.PORTAL_MAX_IMAGE_BYTES)
