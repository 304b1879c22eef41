"""Checking and storing images, for editor uploads and importers alike.

An image is accepted only when Pillow recognises it as one of the raster
formats browsers show (SVG can carry scripts and is refused), and only up to
settings.PORTAL_MAX_IMAGE_BYTES. Stored names are the content's hash, so the
same picture uploaded or imported twice is stored once.
"""

import hashlib
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
MAX_PIXELS = 40_000_000


class InvalidImage(ValueError):
    """The data is not an image we accept; the message says why, in Chinese."""


def check_image(data):
    """Return the file extension for `data`, or raise InvalidImage."""
    limit = settings.PORTAL_MAX_IMAGE_BYTES
    if len(data) > limit:
        raise InvalidImage(
            _("图片太大：%(size).1f MB，上限 %(limit).1f MB。")
            % {
                "size": len(data) / 2**20,
                "limit": limit / 2**20,
            }
        )
    if not data:
        raise InvalidImage(_("文件是空的。"))
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidImage(_("不是有效的图片文件（支持 JPEG、PNG、GIF、WebP）。")) from None
    if image_format not in FORMATS:
        raise InvalidImage(_("不支持的图片格式 %(format)s（支持 JPEG、PNG、GIF、WebP）。") % {"format": image_format})
    if width * height > MAX_PIXELS:
        raise InvalidImage(_("图片尺寸过大：%(w)s×%(h)s 像素。") % {"w": width, "h": height})
    return FORMATS[image_format]


def store_image(data, folder="uploads"):
    """Check `data` and save it under its content hash; return the storage name.

    Saving the same bytes again returns the existing name without a second copy.
    """
    extension = check_image(data)
    digest = hashlib.sha256(data).hexdigest()
    name = f"{folder}/{digest[:2]}/{digest[:24]}.{extension}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return name
