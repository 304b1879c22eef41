"""The watermark is drawn where the setting says, on pictures wide enough, never on animations."""

import io

import pytest
from PIL import Image

from portal.watermark import apply_watermark


def picture(size=(600, 400), image_format="JPEG", color=(30, 90, 160)):
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, image_format)
    return output.getvalue()


def red_mark():
    output = io.BytesIO()
    Image.new("RGBA", (200, 100), (255, 0, 0, 255)).save(output, "PNG")
    return output.getvalue()


@pytest.mark.parametrize(
    "position, inside, outside",
    [("bottom-right", (560, 370), (40, 30)), ("top-left", (40, 30), (560, 370)), ("center", (300, 200), (40, 30))],
)
def test_an_image_mark_goes_where_the_setting_says(position, inside, outside):
    marked = Image.open(io.BytesIO(apply_watermark(picture(), mark=red_mark(), position=position))).convert("RGB")
    red, _green, blue = marked.getpixel(inside)
    assert red > 200 and blue < 60
    assert marked.getpixel(outside)[2] > 120  # still the picture's blue
    assert marked.size == (600, 400)


def test_no_mark_without_a_setting_or_on_small_or_animated_pictures():
    assert apply_watermark(picture()) is None
    assert apply_watermark(picture(size=(300, 200)), text="科创资讯网", min_width=400) is None
    frames = [Image.new("RGB", (600, 400), color) for color in ("red", "blue")]
    output = io.BytesIO()
    frames[0].save(output, "GIF", save_all=True, append_images=frames[1:])
    assert apply_watermark(output.getvalue(), text="科创资讯网") is None


def test_format_is_kept():
    marked = apply_watermark(picture(image_format="PNG"), text="科创资讯网")
    assert Image.open(io.BytesIO(marked)).format == "PNG"


def test_the_watermark_is_a_site_setting(admin_client):
    page = admin_client.get("/admin/portal/sitesettings/1/change/").content.decode()
    for label in ("图片水印", "水印文字", "水印图片", "水印位置", "加水印的最小宽度"):
        assert label in page
