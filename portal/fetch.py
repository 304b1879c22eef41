"""Downloading a URL someone else gave us, without letting it be turned against us.

Importers fetch feed addresses, cover images and body images named by other
sites' files: whoever writes such a file chooses what our server requests.
So every download here

- goes only to http and https URLs on public addresses: a host name is
  resolved first and every address it gives must be public (not loopback,
  private, link-local, shared, multicast or reserved); the connection is made
  to that checked address (a second lookup could give another), and each
  redirect is checked the same way before it is followed;
- is capped in size and time;
- fails with one message per kind of failure that never says whether an
  internal service answered: a refused address is refused before anything
  connects to it.

`settings.PORTAL_FETCH_ALLOWED_HOSTS` lists internal hosts (names, addresses or
networks such as `10.1.0.0/16`) that may be fetched all the same, for sites
whose image server is on the local network. `Fetcher` keeps what it fetched
for the length of one run, so a URL named a thousand times is fetched once.
"""

import ipaddress
import socket
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

USER_AGENT = "Mozilla/5.0 (compatible; portal-fetch/1.0)"
CHUNK = 64 * 1024
MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A URL could not be fetched; the message says why, in Chinese, for the person running the import."""


@dataclass
class Response:
    url: str
    status: int
    content_type: str
    content: bytes = b""


def allowed_hosts():
    return getattr(settings, "PORTAL_FETCH_ALLOWED_HOSTS", [])


def default_timeout():
    # PORTAL_IMPORT_TIMEOUT is the first version's name for it.
    return getattr(settings, "PORTAL_FETCH_TIMEOUT", getattr(settings, "PORTAL_IMPORT_TIMEOUT", 20))


def _is_allowed(host, address):
    for entry in allowed_hosts():
        entry = entry.strip().lower()
        if entry == host:
            return True
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def is_public(address):
    """Whether an address is one the internet routes to (an IPv4-mapped IPv6 address judged as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def resolve(host, port):
    """The checked address to connect to for `host`; FetchError if any of its addresses is not public."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(_("域名无法解析")) from None
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in found]
    if not addresses:
        raise FetchError(_("域名无法解析"))
    # Every address, not only the first: a name that also points inside is refused outright.
    for address in addresses:
        if not is_public(address) and not _is_allowed(host, address):
            raise FetchError(_("不是公网地址，不予下载"))
    return str(addresses[0])


class Fetcher:
    """Downloads for one run: pooled connections, and a bounded cache of what each URL gave."""

    def __init__(self, cache_entries=2048, cache_bytes=64 * 2**20):
        self.cache = OrderedDict()
        self.cache_entries = cache_entries
        self.cache_bytes = cache_bytes
        self.cached_bytes = 0
        self.pools = {}

    def get(self, url, max_bytes, timeout=None):
        """The body of `url` (at most `max_bytes`), as bytes; FetchError otherwise. Cached for the run."""
        key = (url, max_bytes)
        if key in self.cache:
            self.cache.move_to_end(key)
            outcome = self.cache[key]
        else:
            try:
                outcome = self.fetch(url, max_bytes, timeout=timeout).content
            except FetchError as error:
                outcome = error
            self._remember(key, outcome)
        if isinstance(outcome, FetchError):
            raise outcome
        return outcome

    def _remember(self, key, outcome):
        size = len(outcome) if isinstance(outcome, bytes) else 0
        if size > self.cache_bytes // 4:
            return
        self.cache[key] = outcome
        self.cached_bytes += size
        while len(self.cache) > self.cache_entries or self.cached_bytes > self.cache_bytes:
            _key, dropped = self.cache.popitem(last=False)
            self.cached_bytes -= len(dropped) if isinstance(dropped, bytes) else 0

    def fetch(self, url, max_bytes, sink=None, timeout=None):
        """GET `url`, following checked redirects; the body goes into `sink` (a binary file) or the Response."""
        timeout = timeout or default_timeout()
        # A whole download, redirects included, takes at most twice the timeout: a server that
        # sends a byte now and then must not hold the run for ever.
        deadline = time.monotonic() + 2 * timeout
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._request(current, max(0.1, min(timeout, deadline - time.monotonic())))
            try:
                location = response.headers.get("Location")
                if response.status in REDIRECT_STATUSES and location:
                    current = urljoin(current, location)
                    continue
                if response.status >= 400:
                    raise FetchError(
                        _("无法下载 %(url)s：HTTP %(status)s") % {"url": url[:200], "status": response.status}
                    )
                content = _read(response, url, max_bytes, sink, deadline)
                return Response(current, response.status, response.headers.get("Content-Type", ""), content)
            finally:
                response.release_conn()
        raise FetchError(_("无法下载 %(url)s：重定向次数过多") % {"url": url[:200]})

    def _request(self, url, timeout):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(_("只支持 http 和 https 网址：%(url)s") % {"url": url[:200]})
        host = parts.hostname.lower()
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise FetchError(_("网址的端口无效：%(url)s") % {"url": url[:200]}) from None
        try:
            address = resolve(host, port)
        except FetchError as error:
            raise FetchError(_("无法下载 %(url)s：%(why)s") % {"url": url[:200], "why": error}) from None
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        netloc = host if parts.port is None else f"{host}:{port}"
        try:
            return self._pool(scheme, address, port, host).urlopen(
                "GET",
                path,
                headers={"Host": netloc, "User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
                redirect=False,
                retries=False,
                preload_content=False,
                timeout=urllib3.Timeout(connect=min(10, timeout), read=timeout),
            )
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(_("无法下载 %(url)s：%(why)s") % {"url": url[:200], "why": _why(error)}) from None

    def _pool(self, scheme, address, port, host):
        key = (scheme, address, port, host)
        if key not in self.pools:
            if scheme == "https":
                # Connect to the checked address, but verify the certificate for the host name.
                pool = urllib3.HTTPSConnectionPool(address, port, server_hostname=host, assert_hostname=host, maxsize=2)
            else:
                pool = urllib3.HTTPConnectionPool(address, port, maxsize=2)
            self.pools[key] = pool
        return self.pools[key]


def _read(response, url, max_bytes, sink, deadline):
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(_("%(url)s 太大：超过 %(limit).1f MB") % {"url": url[:200], "limit": max_bytes / 2**20})
    chunks, size = [], 0
    try:
        for chunk in response.stream(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(
                    _("%(url)s 太大：超过 %(limit).1f MB") % {"url": url[:200], "limit": max_bytes / 2**20}
                )
            if time.monotonic() > deadline:
                raise FetchError(_("无法下载 %(url)s：%(why)s") % {"url": url[:200], "why": _("超时")})
            if sink is None:
                chunks.append(chunk)
            else:
                sink.write(chunk)
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(_("无法下载 %(url)s：%(why)s") % {"url": url[:200], "why": _why(error)}) from None
    return b"".join(chunks)


def _why(error):
    reason = getattr(error, "reason", None) or error
    if isinstance(reason, urllib3.exceptions.TimeoutError):
        return _("超时")
    if isinstance(reason, urllib3.exceptions.SSLError):
        return _("证书无效")
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return _("无法连接")
    return _("连接中断")
