"""专题 in the admin: a topic with its sections inline; a section with its hand-picked articles inline.

Editors build topics; publishing and withdrawing need `news.publish_topic`
(主编), checked by the actions' permissions on every way in.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Topic, TopicArticle, TopicSection


class TopicSectionInline(admin.TabularInline):
    model = TopicSection
    fields = ["heading", "position", "rule_tag", "rule_category", "rule_limit"]
    autocomplete_fields = ["rule_tag", "rule_category"]
    extra = 1
    # Each section's hand-picked articles are edited on the section's own page.
    show_change_link = True


class TopicArticleInline(admin.TabularInline):
    model = TopicArticle
    fields = ["article", "position"]
    autocomplete_fields = ["article"]
    extra = 3


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "status", "published_at", "is_published", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "lead"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    fields = ["title", "slug", "banner", "banner_alt", "lead", "status", "published_at", "created_at", "updated_at"]
    inlines = [TopicSectionInline]
    actions = ["publish", "withdraw"]

    def has_publish_permission(self, request):
        return request.user.has_perm("news.publish_topic")

    def _apply(self, request, queryset, step, message):
        topics = list(queryset)
        for topic in topics:
            step(topic)
        self.message_user(request, message(len(topics)), messages.SUCCESS)

    @admin.action(description=_("发布所选专题"), permissions=["publish"])
    def publish(self, request, queryset):
        self._apply(
            request, queryset, Topic.publish, lambda n: ngettext("已发布 %d 个专题。", "已发布 %d 个专题。", n) % n
        )

    @admin.action(description=_("撤下所选专题"), permissions=["publish"])
    def withdraw(self, request, queryset):
        self._apply(
            request, queryset, Topic.withdraw, lambda n: ngettext("已撤下 %d 个专题。", "已撤下 %d 个专题。", n) % n
        )


@admin.register(TopicSection)
class TopicSectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "topic", "position", "rule_tag", "rule_category"]
    list_select_related = ["topic", "rule_tag", "rule_category"]
    list_filter = ["topic"]
    search_fields = ["heading", "topic__title"]
    autocomplete_fields = ["topic", "rule_tag", "rule_category"]
    fields = ["topic", "heading", "position", "rule_tag", "rule_category", "rule_limit"]
    inlines = [TopicArticleInline]
