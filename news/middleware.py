"""Counting article views as the pages are served (the rules are in news/counters.py)."""

from . import counters


class ViewCountMiddleware:
    """Count a reader's view of an article page, page-cache hits included.

    It sits above portal.middleware.PageCacheMiddleware so that it sees every
    article page Django serves, whether rendered or read from the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and counters.counts_page(request)
        ):
            return counters.count_page(request, response)
        return response
