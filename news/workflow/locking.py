"""Optimistic locking: the second of two concurrent saves is refused, and its text is kept.

Every save and every proposed change moves `Article.edit_version` on with one
conditional UPDATE (`revisions.next_version()`); the form carries the number
it was read at. A form posted with an older number is refused with a link to
the newer revision, and what it held is stored as a revision of its own (kind
未保存的并发修改), so nothing typed is lost. Two saves posted at the same
instant both pass that check; the UPDATE refuses the second (EditConflict),
and the admin runs the view again, where the form meets the first check.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from news.models import Article

from . import revisions
from .models import RevisionInfo


def conflict(article, posted_version, user=None):
    """The message refusing a form based on an older version of `article`, or "" (the form's text is stored)."""
    current = Article.objects.filter(pk=article.pk).values_list("edit_version", flat=True).first()
    if current is None or current == posted_version:
        return ""
    if posted_version is None:
        # Not a form the admin showed (it always carries the number): nothing to compare, nothing saved.
        return "保存被拒绝：表单缺少它所基于的版本号。请刷新页面后再修改。"
    latest = revisions.latest_version(article)
    kept = revisions.store(
        article, user, f"并发冲突：未保存的修改（基于第 {posted_version} 次编辑）", kind=RevisionInfo.Kind.REFUSED
    )
    if latest is None:
        return format_html("保存被拒绝：这篇文章在你打开之后已被修改。你的修改已另存为一个版本，请刷新后再改。")
    who = latest.revision.user.get_username() if latest.revision.user else "其他人"
    newer = reverse("admin:news_article_revision", args=[article.pk, latest.revision_id])
    compare = reverse("admin:news_article_compare", args=[article.pk]) + f"?a={latest.revision_id}&b={kept.pk}"
    return format_html(
        '保存被拒绝：{} 在 {} 保存了更新的版本（<a href="{}">查看新版本</a>）。'
        "你的修改没有丢失：它仍在下面的表单里，也已另存在修订记录中"
        '（<a href="{}">对比你的修改</a>）；请对照新版本修改后再保存。',
        who,
        timezone.localtime(latest.revision.date_created).strftime("%Y-%m-%d %H:%M:%S"),
        newer,
        compare,
    )
