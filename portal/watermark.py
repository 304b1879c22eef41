"""A watermark on the site's own pictures, drawn on a copy.

The site setting names a text or a picture, a corner and a minimum width; an
editor's upload and a picture copied from another site get a watermarked copy
that the body shows, while the original is stored unchanged (so a later change
of the watermark, or none, can be made from it). Animated GIFs are left alone.
"""

import io
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont, ImageOps

POSITIONS = ("bottom-right", "bottom-left", "top-right", "top-left", "center")
SAVE_OPTIONS = {"JPEG": {"quality": 90}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}
# CJK fonts where Debian and the common images keep them; settings.WATERMARK_FONT wins.
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


def _font(size):
    for path in (getattr(settings, "WATERMARK_FONT", ""), *FONT_CANDIDATES):
        if path and Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _place(position, canvas, mark, margin):
    width, height = canvas
    mark_width, mark_height = mark
    x = {"left": margin, "right": width - mark_width - margin}
    y = {"top": margin, "bottom": height - mark_height - margin}
    if position == "center":
        return (width - mark_width) // 2, (height - mark_height) // 2
    vertical, horizontal = position.split("-")
    return x[horizontal], y[vertical]


def apply_watermark(data, *, text="", mark=None, position="bottom-right", min_width=400):
    """A watermarked copy of the image `data` (already checked), or None when none applies."""
    if not (text or mark) or position not in POSITIONS:
        return None
    with Image.open(io.BytesIO(data)) as original:
        image_format = original.format
        if image_format not in SAVE_OPTIONS or original.width < min_width:
            return None
        image = ImageOps.exif_transpose(original).convert("RGBA")
    margin = max(8, image.width // 50)
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    if mark:
        with Image.open(io.BytesIO(mark)) as logo:
            logo = logo.convert("RGBA")
            logo.thumbnail((image.width // 5, image.height // 5))
            layer.paste(logo, _place(position, image.size, logo.size, margin), logo)
    else:
        font = _font(max(14, image.width // 32))
        draw = ImageDraw.Draw(layer)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        x, y = _place(position, image.size, (right - left, bottom - top), margin)
        # A dark edge keeps light text readable on a light sky.
        draw.text(
            (x - left, y - top), text, font=font, fill=(255, 255, 255, 190), stroke_width=2, stroke_fill=(0, 0, 0, 110)
        )
    result = Image.alpha_composite(image, layer)
    if image_format == "JPEG":
        result = result.convert("RGB")
    output = io.BytesIO()
    result.save(output, image_format, **SAVE_OPTIONS[image_format])
    return output.getvalue()
