"""The word lists in the admin: kept by 主编 (migration 0009_chief_editor_word_lists grants them)."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import WordEntry, WordList


@admin.register(WordList)
class WordListAdmin(admin.ModelAdmin):
    list_display = ["name", "is_enabled", "entries_link", "updated_at"]
    list_filter = ["is_enabled"]
    search_fields = ["name", "description"]
    fields = ["name", "description", "is_enabled", "updated_at"]
    readonly_fields = ["updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    def get_deleted_objects(self, objs, request):
        # A list may hold tens of thousands of entries: the confirmation page
        # counts them (model_count) instead of listing every one.
        _deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return [str(obj) for obj in objs], model_count, perms_needed, protected

    @admin.display(description=_("词条"), ordering="entry_count")
    def entries_link(self, obj):
        url = reverse("admin:news_wordentry_changelist") + f"?word_list__id__exact={obj.pk}"
        return format_html('<a href="{}">{} 条</a>', url, obj.entry_count)


@admin.register(WordEntry)
class WordEntryAdmin(admin.ModelAdmin):
    list_display = ["word", "level", "target", "word_list", "updated_at"]
    list_filter = ["level", "word_list"]
    search_fields = ["word", "target"]
    list_select_related = ["word_list"]
    fields = ["word_list", "word", "level", "target"]
    list_per_page = 100


class UnapprovedReprintFilter(admin.SimpleListFilter):
    """Articles reprinted from a source that is not a 可转载稿源 (for the article list)."""

    title = _("转载稿源")
    parameter_name = "reprint"

    def lookups(self, request, model_admin):
        return [("unapproved", _("转载自非可转载稿源"))]

    def queryset(self, request, queryset):
        if self.value() == "unapproved":
            return queryset.unapproved_reprints()
        return queryset
