from django.conf import settings
from django.http import Http404, HttpResponse


def indexnow_key(request, key):
    """/<key>.txt: the IndexNow key file, which proves to the engines that the key is this site's."""
    if not settings.INDEXNOW_KEY or key != settings.INDEXNOW_KEY:
        raise Http404
    return HttpResponse(settings.INDEXNOW_KEY, content_type="text/plain; charset=utf-8")
