"""Thumbnails of covers and promotion images, made once with Pillow and kept in the default storage.

A thumbnail's name follows from its source's name and its size, so every app
server finds the same file in the shared storage (local folder now, S3 later)
without a database table. Whether it exists is remembered in the cache, so a
warm page costs one cache read for all its thumbnails and no storage call.
A missing or broken source gives None: templates then show no picture, and
the page still renders. bench/thumbnails.py compares this with sorl-thumbnail.
"""

import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from portal.images import MAX_PIXELS

logger = logging.getLogger(__name__)

# The sizes the blocks use: name -> (width, height, crop). Cropped sizes fill
# the box exactly (covers in lists and blocks); the others fit inside it
# (promotion images, whose text must not be cut off).
SIZES = {
    "focus": (640, 360, True),
    "card": (240, 160, True),
    "list": (180, 120, True),
    "small": (120, 80, True),
    "promotion": (200, 60, False),
    "logo": (320, 64, False),
}
FOLDER = "thumbs"
QUALITY = 80
CACHE_TIMEOUT = 30 * 24 * 3600
# A broken source is tried again after this long (an editor may fix it).
BROKEN_TIMEOUT = 300
BROKEN = "broken"


@dataclass(frozen=True)
class Thumbnail:
    url: str
    width: int
    height: int


def thumbnail_name(source_name, size):
    digest = hashlib.sha256(source_name.encode()).hexdigest()[:20]
    stem = PurePosixPath(source_name).stem[:40]
    return f"{FOLDER}/{size}/{digest[:2]}/{stem}-{digest}.jpg"


def _cache_key(source_name, size):
    return f"thumb:{size}:{hashlib.sha256(source_name.encode()).hexdigest()}"


def _stored(source_name, size):
    """(name, width, height) of a thumbnail another server already made, or None."""
    name = thumbnail_name(source_name, size)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as file, Image.open(file) as image:
        return name, image.width, image.height


def _render(source_name, size):
    """Make the thumbnail from the source and store it; return (name, width, height)."""
    width, height, crop = SIZES[size]
    with default_storage.open(source_name, "rb") as source, Image.open(source) as image:
        # The header gives the size: a file over the limit (stored before the check existed)
        # is never decoded, or one list page would take a gigabyte to render.
        if image.width * image.height > MAX_PIXELS:
            raise ValueError(f"{image.width}×{image.height} pixels, over the limit of {MAX_PIXELS}")
        # JPEG decodes at a reduced scale when asked: large covers thumbnail several times faster.
        image.draft("RGB", (width * 2, height * 2))
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGB")
        if crop:
            image = ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)
        else:
            image.thumbnail((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    name = default_storage.save(thumbnail_name(source_name, size), ContentFile(buffer.getvalue()))
    return name, image.width, image.height


def _make(source_name, size):
    try:
        name, width, height = _stored(source_name, size) or _render(source_name, size)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        # Missing file, unreadable image, storage trouble: the page goes on without it.
        logger.warning("thumbnail %s of %s failed: %s", size, source_name, error)
        cache.set(_cache_key(source_name, size), BROKEN, BROKEN_TIMEOUT)
        return None
    thumb = Thumbnail(default_storage.url(name), width, height)
    cache.set(_cache_key(source_name, size), thumb, CACHE_TIMEOUT)
    return thumb


def delete_thumbnails(source_name):
    """Delete the thumbnails of `source_name` in every size (its file is being deleted)."""
    for size in SIZES:
        default_storage.delete(thumbnail_name(source_name, size))  # a missing file is no error
        cache.delete(_cache_key(source_name, size))


def thumbnails(images, size):
    """{source name: Thumbnail or None} for image field files (or names), in one cache read."""
    if size not in SIZES:
        raise ValueError(f"Unknown thumbnail size {size!r}; the sizes are {', '.join(SIZES)}.")
    names = {str(getattr(image, "name", image) or "") for image in images} - {""}
    keys = {_cache_key(name, size): name for name in names}
    found = cache.get_many(list(keys))
    result = {}
    for key, name in keys.items():
        value = found.get(key)
        if value is None:
            value = _make(name, size)
        result[name] = None if value == BROKEN else value
    return result


def thumbnail(image, size):
    """The Thumbnail of one image field file (or name), or None."""
    name = str(getattr(image, "name", image) or "")
    if not name:
        return None
    return thumbnails([name], size)[name]


def attach_thumbnails(articles, size, attribute="thumb"):
    """Set `article.thumb` on each article (None without a usable cover); return the articles."""
    found = thumbnails([article.cover for article in articles], size)
    for article in articles:
        setattr(article, attribute, found.get(article.cover.name) if article.cover else None)
    return articles
