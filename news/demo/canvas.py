"""A small drawing surface for the demo's pictures: Pillow, drawn at twice the size and scaled down.

Coordinates are in the final picture's pixels; drawing at 2× and averaging
each 2×2 block gives smooth edges to the shapes. Text uses Pillow's own font
(Latin letters and digits only), so a picture looks the same on every machine;
Chinese words go in the caption.
"""

import io
import random
from functools import cache

from PIL import Image, ImageDraw, ImageFont, ImageOps

SCALE = 2
# Every demo picture has this size: covers crop well to the thumbnails' 16:9 and 3:2.
WIDTH, HEIGHT = 960, 560


def mix(a, b, t):
    """The colour `t` of the way from `a` to `b`."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


@cache
def _font(size):
    return ImageFont.load_default(size=size)


class Canvas:
    def __init__(self, width, height, background=(255, 255, 255), seed=0):
        self.width, self.height = width, height
        self.image = Image.new("RGB", (width * SCALE, height * SCALE), background)
        self.draw = ImageDraw.Draw(self.image)
        self.random = random.Random(seed)

    @staticmethod
    def _xy(points):
        return [(x * SCALE, y * SCALE) for x, y in points]

    def rect(self, x0, y0, x1, y1, fill, outline=None, width=1, radius=0):
        box = [x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE]
        if radius:
            self.draw.rounded_rectangle(box, radius * SCALE, fill=fill, outline=outline, width=width * SCALE)
        else:
            self.draw.rectangle(box, fill=fill, outline=outline, width=width * SCALE)

    def ellipse(self, x0, y0, x1, y1, fill, outline=None, width=1):
        self.draw.ellipse(
            [x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE], fill=fill, outline=outline, width=width * SCALE
        )

    def circle(self, x, y, r, fill, outline=None, width=1):
        self.ellipse(x - r, y - r, x + r, y + r, fill, outline, width)

    def polygon(self, points, fill, outline=None):
        self.draw.polygon(self._xy(points), fill=fill, outline=outline)

    def line(self, points, fill, width=1, joint="curve"):
        self.draw.line(self._xy(points), fill=fill, width=round(width * SCALE), joint=joint)

    def pieslice(self, box, start, end, fill):
        self.draw.pieslice([v * SCALE for v in box], start, end, fill=fill)

    def arc(self, box, start, end, fill, width=1):
        self.draw.arc([v * SCALE for v in box], start, end, fill=fill, width=width * SCALE)

    def text(self, x, y, value, size=14, fill=(60, 60, 60), anchor="la"):
        font = _font(size * SCALE)
        self.draw.text((x * SCALE, y * SCALE), value, font=font, fill=fill, anchor=anchor)

    def gradient(self, x0, y0, x1, y1, top, bottom):
        """A vertical gradient (a sky, water, a lit floor) filling the box."""
        width, height = round((x1 - x0) * SCALE), round((y1 - y0) * SCALE)
        column = ImageOps.colorize(Image.linear_gradient("L").resize((1, height)), top, bottom)
        self.image.paste(
            column.resize((width, height), Image.Resampling.NEAREST), (round(x0 * SCALE), round(y0 * SCALE))
        )

    def jitter(self, value, spread):
        return value + self.random.uniform(-spread, spread)

    def encode(self, image_format="JPEG"):
        """The picture at its final size: JPEG for scenes, a palette PNG for flat charts and maps."""
        image = self.image.reduce(SCALE)
        buffer = io.BytesIO()
        if image_format == "PNG":
            image.quantize(colors=96, method=Image.Quantize.FASTOCTREE).save(buffer, "PNG")
        else:
            image.save(buffer, "JPEG", quality=80, optimize=True, progressive=True)
        return buffer.getvalue()
