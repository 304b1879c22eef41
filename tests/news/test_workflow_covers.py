"""Covers uploaded with changes that never went live are deleted by the daily prune; every named cover stays."""

import hashlib
import io
import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from news.thumbnails import thumbnail, thumbnail_name
from news.workflow.covers import stored_covers
from news.workflow.revisions import version_of
from tests.factories import png_bytes
from tests.news.test_workflow import act, change_url, form_of, live_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_media_folder(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def upload(filename):
    # Covers are named by their content: each upload gets its own colour.
    color = tuple(hashlib.sha256(filename.encode()).digest()[:3])
    return SimpleUploadedFile(filename, png_bytes(size=(800, 500), color=color), content_type="image/png")


def post_with_cover(client, article, filename):
    data = form_of(article)
    data["cover"] = upload(filename)
    return client.post(change_url(article), data)


def pending_cover(article):
    article.refresh_from_db()
    return version_of(article, article.pending_revision_id).field_dict["cover"].name


def age(names, days):
    then = (timezone.now() - timedelta(days=days)).timestamp()
    for name in names:
        os.utime(default_storage.path(name), (then, then))


def prune(*arguments):
    out = io.StringIO()
    call_command("prune_publishing", *arguments, stdout=out)
    return out.getvalue()


def test_covers_of_changes_that_never_went_live_are_pruned_after_the_grace_period(client, editor, chief_editor):
    article = live_article()
    client.force_login(chief_editor)
    post_with_cover(client, article, "first.png")
    article.refresh_from_db()
    first = article.cover.name  # replaced below: only a saved revision names it then
    post_with_cover(client, article, "live.png")
    article.refresh_from_db()
    live = article.cover.name
    stale = form_of(article)  # opened now, posted after the changes below

    client.force_login(editor)
    post_with_cover(client, article, "returned.png")
    returned = pending_cover(article)
    client.force_login(chief_editor)
    act(client, article, "return", comment="换一张图。")
    client.force_login(editor)
    post_with_cover(client, article, "pending.png")  # the writer's new change replaces the returned one
    pending = pending_cover(article)
    stale["cover"] = upload("refused.png")
    assert "保存被拒绝" in client.post(change_url(article), stale).content.decode()
    refused = (set(stored_covers()) - {first, live, returned, pending}).pop()
    age(stored_covers(), days=40)
    just_uploaded = default_storage.save("covers/ab/uploading.png", ContentFile(png_bytes()))

    dry_run = prune("--dry-run")
    assert "将删除" in dry_run and "封面文件 2 条" in dry_run
    assert set(stored_covers()) == {first, live, returned, pending, refused, just_uploaded}
    thumbs = {name: thumbnail(name, "list") for name in (returned, live)}  # as a list page would make them
    assert all(default_storage.exists(thumbnail_name(name, "list")) for name in thumbs)
    done = prune()
    assert "已删除" in done and "封面文件 2 条" in done
    assert set(stored_covers()) == {first, live, pending, just_uploaded}
    # The thumbnails of a pruned cover go with it; a kept cover keeps its own.
    assert not default_storage.exists(thumbnail_name(returned, "list"))
    assert thumbnail(returned, "list") is None
    assert default_storage.exists(thumbnail_name(live, "list")) and thumbnail(live, "list") == thumbs[live]

    # A change's cover replaced by a newer change stays until the grace period is over.
    post_with_cover(client, article, "young.png")
    young = pending_cover(article)
    post_with_cover(client, article, "newest.png")
    newest = pending_cover(article)
    assert "封面文件 1 条" in prune()  # pending.png: replaced now, and 40 days old
    assert set(stored_covers()) == {first, live, just_uploaded, young, newest}
