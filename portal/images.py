"""The one image check, for every way an image comes in: admin fields, editor uploads, imports.

An image is accepted only when Pillow recognises it as one of the raster
formats browsers show (SVG can carry scripts; BMP and TIFF are not web
formats), up to settings.PORTAL_MAX_IMAGE_BYTES, and up to MAX_PIXELS, read
from the header before anything is decoded: a 13000×13000 PNG is 164 KB on
disk and 500 MB in memory. Stored names are the content's hash, so the same
picture uploaded or imported twice is stored once.

`CheckedImageField` is the model field for covers, the logo and promotion
images: its form field shows the check's message in the admin, and saving
goes through `store_image` whatever the form.
"""

import hashlib
import io
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
MAX_PIXELS = 40_000_000


class InvalidImage(ValueError):
    """The data is not an image we accept; the message says why, in Chinese."""


def _too_big(size):
    limit = settings.PORTAL_MAX_IMAGE_BYTES
    return InvalidImage(
        _("图片太大：%(size).1f MB，上限 %(limit).1f MB。") % {"size": size / 2**20, "limit": limit / 2**20}
    )


def check_image(data):
    """Return the file extension for `data`, or raise InvalidImage."""
    if len(data) > settings.PORTAL_MAX_IMAGE_BYTES:
        raise _too_big(len(data))
    if not data:
        raise InvalidImage(_("文件是空的。"))
    try:
        with warnings.catch_warnings():
            # Pillow warns about large images; the pixel count below is our limit.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format
                width, height = image.size
                if image_format in FORMATS and width * height <= MAX_PIXELS:
                    image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidImage(_("不是有效的图片文件（支持 JPEG、PNG、GIF、WebP）。")) from None
    if image_format not in FORMATS:
        raise InvalidImage(_("不支持的图片格式 %(format)s（支持 JPEG、PNG、GIF、WebP）。") % {"format": image_format})
    if width * height > MAX_PIXELS:
        raise InvalidImage(
            _("图片尺寸过大：%(w)s×%(h)s 像素，上限 %(limit)s 万像素。")
            % {"w": width, "h": height, "limit": MAX_PIXELS // 10_000}
        )
    return FORMATS[image_format]


ICON_SIZES = (32, 512)


def validate_icon(file):
    """A site icon is a square picture of 32 to 512 pixels (browsers scale it down to 16 or 32)."""
    file.seek(0)
    with Image.open(file) as image:
        width, height = image.size
    file.seek(0)
    smallest, largest = ICON_SIZES
    if width != height or not smallest <= width <= largest:
        raise ValidationError(
            _("网站图标须是正方形，边长 %(min)s 到 %(max)s 像素；这张是 %(w)s×%(h)s 像素。")
            % {"min": smallest, "max": largest, "w": width, "h": height},
            code="icon_size",
        )


def hashed_name(data, folder, extension):
    digest = hashlib.sha256(data).hexdigest()
    return f"{folder}/{digest[:2]}/{digest[:24]}.{extension}"


def store_image(data, folder="uploads"):
    """Check `data` and save it under its content hash; return the storage name.

    Saving the same bytes again returns the existing name without a second copy.
    """
    name = hashed_name(data, folder, check_image(data))
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return name


def read_upload(upload):
    """The bytes of an uploaded file, refused unread when it says it is over the size limit."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.PORTAL_MAX_IMAGE_BYTES:
        raise _too_big(size)
    upload.seek(0)
    data = upload.read(settings.PORTAL_MAX_IMAGE_BYTES + 1)
    upload.seek(0)
    return data


class CheckedImageFormField(forms.ImageField):
    """An ImageField whose error is the image check's: what is wrong, not only "invalid"."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        try:
            check_image(read_upload(data))
        except InvalidImage as error:
            raise ValidationError(str(error), code="invalid_image") from None
        return super().to_python(data)


class CheckedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Stored through store_image: checked, and named by content hash in the field's folder."""
        try:
            self.name = store_image(read_upload(content), folder=self.field.folder)
        except InvalidImage as error:
            raise ValidationError(str(error), code="invalid_image") from None
        setattr(self.instance, self.field.attname, self.name)
        self._committed = True
        if save:
            self.instance.save()

    save.alters_data = True


class CheckedImageField(models.ImageField):
    """An ImageField that accepts only what check_image accepts and stores it by content hash.

    Names already stored (before this field) keep working: only new files are renamed.
    """

    attr_class = CheckedImageFieldFile

    @property
    def folder(self):
        # "covers/%Y/%m/" → "covers": the hash spreads files over sub-folders already.
        upload_to = self.upload_to if isinstance(self.upload_to, str) else ""
        return upload_to.strip("/").split("/", 1)[0] or "uploads"

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})
