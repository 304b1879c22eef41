"""Signed preview links: a reviewer sends one to someone without an account.

The link carries the article's id and its `edit_version`, signed and dated
with django.core.signing: it expires after PREVIEW_LINK_MAX_AGE seconds, and
any new revision (which raises `edit_version`) revokes every earlier link.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "news.workflow.preview"
DEFAULT_MAX_AGE = 3 * 24 * 3600


def max_age():
    return getattr(settings, "PREVIEW_LINK_MAX_AGE", DEFAULT_MAX_AGE)


def make_token(article):
    return signing.TimestampSigner(salt=SALT).sign(f"{article.pk}.{article.edit_version}")


def preview_url(article):
    return f"{reverse('news:article', kwargs={'pk': article.pk})}?preview={make_token(article)}"


def token_is_valid(token, article):
    """Is `token` a live preview link of `article` as it is now?"""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=max_age())
    except signing.BadSignature:
        return False
    return value == f"{article.pk}.{article.edit_version}"
