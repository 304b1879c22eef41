"""Small factory functions: each makes one saved object with sensible defaults."""

import importlib
import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image

from news.models import Article, Category, Source, WordEntry, WordList

_numbers = itertools.count(1)


def make_category(name=None, slug=None, **fields):
    n = next(_numbers)
    return Category.objects.create(name=name or f"栏目{n}", slug=slug or f"cat-{n}", **fields)


def make_source(name=None, **fields):
    n = next(_numbers)
    return Source.objects.create(name=name or f"来源{n}", **fields)


def make_article(title=None, *, published=True, when=None, **fields):
    """A published article (or a draft with published=False); `when` is relative to now."""
    n = next(_numbers)
    fields.setdefault("category", fields.get("category") or make_category())
    fields.setdefault("body", f"<p>第{n}篇测试文章的正文，讲述园区里的新鲜事。</p>")
    return Article.objects.create(
        title=title or f"测试文章{n}",
        status=Article.Status.PUBLISHED if published else Article.Status.DRAFT,
        published_at=timezone.now() + (when or timedelta(minutes=-n)),
        **fields,
    )


def make_word(word, level=WordEntry.Level.BLOCK, target="", word_list=None):
    """An entry of `word_list` (by default a list named 测试词表, created when missing)."""
    word_list = word_list or WordList.objects.get_or_create(name="测试词表")[0]
    return WordEntry.objects.create(word_list=word_list, word=word, level=level, target=target)


def make_editor_groups():
    """The 编辑 and 主编 groups of migration 0002, which a transactional test's flush removes (idempotent)."""
    from django.contrib.auth.models import Permission

    groups = importlib.import_module("news.migrations.0002_editor_groups")
    for name, wanted in [
        (groups.EDITOR, groups.EDITOR_PERMISSIONS),
        (groups.CHIEF_EDITOR, groups.CHIEF_EDITOR_PERMISSIONS),
    ]:
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def make_user(username=None, *, group=None, staff=True, superuser=False):
    n = next(_numbers)
    User = get_user_model()
    user = User.objects.create_user(
        username=username or f"user{n}",
        password="secret-pass-123",
        is_staff=staff,
        is_superuser=superuser,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def png_bytes(size=(40, 30), color=(200, 30, 30), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def bomb_png(width=13000, height=13000):
    """A PNG whose header claims width×height pixels, in a few hundred bytes (a decompression bomb's shape).

    Its data is one compressed run of zeros, nowhere near enough rows: anything
    that decodes it fails or allocates the whole size, anything that checks the
    header first refuses it.
    """
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def make_cover(article, color=(30, 90, 200), size=(800, 500)):
    """Give `article` a real cover image in the default storage."""
    from django.core.files.base import ContentFile

    article.cover.save(f"cover-{article.pk}.png", ContentFile(png_bytes(size, color)), save=True)
    return article
