"""The article change list's own columns: the cover thumbnail and the coloured status label."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .thumbnails import attach_thumbnails

THUMBNAIL_SIZE = "small"


class ArticleChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # All the page's thumbnails in one cache read rather than one per row.
        attach_thumbnails(self.result_list, THUMBNAIL_SIZE)


def status_text(article):
    label = str(article.status_label)
    if article.revision_state == "pending":
        label += " · 修改待审"
    elif article.revision_state == "returned":
        label += " · 修改已退回"
    return label


class ArticleListColumnsMixin:
    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    @admin.display(description=_("封面"))
    def cover_thumbnail(self, obj):
        thumb = getattr(obj, "thumb", None)
        if thumb is None:
            return ""
        # Decorative: the title beside it says what the article is.
        return format_html(
            '<img class="list-thumb" src="{}" width="{}" height="{}" alt="" loading="lazy">',
            thumb.url,
            thumb.width // 2,
            thumb.height // 2,
        )

    @admin.display(description=_("状态"), ordering="status")
    def status_column(self, obj):
        # Colour and words both: the label reads the same without colour.
        return format_html('<span class="status-label status-{}">{}</span>', obj.status_key, status_text(obj))
