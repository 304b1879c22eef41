"""Thumbnails: our Pillow module (news.thumbnails) against sorl-thumbnail, on the same 20 covers.

Measures, for a list page's 20 covers at 240x160: the first render (make and
store), a warm render (thumbnails known), and a "new app server" render (files
in the shared storage, empty cache); time and SQL queries of each.

    .venv/bin/pip install --target /tmp/sorl 'sorl-thumbnail>=12.11,<14'   # not a project dependency
    PYTHONPATH=/tmp/sorl .venv/bin/python bench/thumbnails.py

Writes bench/results/thumbnails.json. Without sorl installed it measures ours alone.
"""

import io
import sys
import tempfile
import time
from pathlib import Path

import django
from django.conf import settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COUNT = 20
SIZE = (240, 160)


def configure():
    import portal.settings as base

    try:
        import sorl.thumbnail  # noqa: F401

        extra = ["sorl.thumbnail"]
    except ImportError:
        extra = []
    work = Path(tempfile.mkdtemp(prefix="bench-thumbs-"))
    conf = {name: getattr(base, name) for name in dir(base) if name.isupper()}
    conf.update(
        INSTALLED_APPS=[*conf["INSTALLED_APPS"], *extra],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(work / "db.sqlite3")}},
        MEDIA_ROOT=str(work / "media"),
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        DEBUG=True,  # records queries
        LOGGING={"version": 1},
        THUMBNAIL_DEBUG=False,
    )
    settings.configure(**conf)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return bool(extra)


def make_covers():
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image, ImageDraw

    names = []
    for n in range(COUNT):
        image = Image.new("RGB", (1600, 900), (20 + n * 10, 80, 160))
        ImageDraw.Draw(image).ellipse((200, 100, 900, 800), fill=(240, 240, 240))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=90)
        names.append(default_storage.save(f"covers/bench-{n}.jpg", ContentFile(buffer.getvalue())))
    return names


def timed(function):
    from django.db import connection, reset_queries

    reset_queries()
    start = time.perf_counter()
    function()
    return {"ms": round((time.perf_counter() - start) * 1000, 2), "queries": len(connection.queries)}


def measure(render):
    from django.core.cache import cache

    cache.clear()
    result = {"first render": timed(render), "warm": timed(render)}
    cache.clear()
    result["new server (files exist, empty cache)"] = timed(render)
    return result


def main():
    has_sorl = configure()
    from report import write_results

    from news.thumbnails import thumbnails

    names = make_covers()
    results = {"covers": COUNT, "size": "x".join(map(str, SIZE))}
    results["pillow (news.thumbnails)"] = measure(lambda: [t.url for t in thumbnails(names, "card").values()])
    if has_sorl:
        from sorl.thumbnail import get_thumbnail

        def sorl_render():
            return [get_thumbnail(name, "240x160", crop="center", quality=80).url for name in names]

        results["sorl-thumbnail (cached_db KV store)"] = measure(sorl_render)
    write_results("thumbnails", results)


if __name__ == "__main__":
    main()
