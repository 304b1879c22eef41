"""Who is asking: the client's address, for every rule that keys on it (login lockout, view counting)."""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request):
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind TRUSTED_PROXY_COUNT proxies.

    ipware's proxy_count counts the proxies named in the header, which the
    proxy next to us (REMOTE_ADDR) is not; a header longer than the proxies
    make it (a client's forged entries) is refused and REMOTE_ADDR used.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    ip = None
    if proxies:
        ip, _routable = get_client_ip(
            request, proxy_order="left-most", proxy_count=proxies - 1, request_header_order=["HTTP_X_FORWARDED_FOR"]
        )
    return ip or request.META.get("REMOTE_ADDR", "")
