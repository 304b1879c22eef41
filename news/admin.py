from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.caching import bump_content_version

from .body_images import localise_images
from .compliance.admin import UnapprovedReprintFilter
from .dashboard import CHART_DAYS, views_chart
from .forms import ArticleAdminForm
from .models import Article, Category, Source
from .publishing.admin import publishing_log
from .sanitizer import clean_html
from .signals import articles_changed
from .topics import admin as topics_admin  # noqa: F401  (registers the 专题 admin)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "position", "is_visible"]
    list_editable = ["position", "is_visible"]
    list_filter = ["is_visible", "parent"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "website", "is_original", "is_approved_for_reprint"]
    list_filter = ["is_original", "is_approved_for_reprint"]
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "category",
        "source",
        "status",
        "published_at",
        "is_published",
        "view_count",
        "is_recommended",
        "is_headline",
    ]
    list_display_links = ["title"]
    list_filter = [
        "status",
        "is_recommended",
        "is_headline",
        "category",
        "source",
        UnapprovedReprintFilter,
        "published_at",
    ]
    list_select_related = ["category__parent", "source"]
    search_fields = ["title", "author", "summary"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "source"]
    readonly_fields = ["view_count", "views_chart", "created_by", "created_at", "updated_at", "publishing"]
    actions = ["publish", "unpublish", "recommend", "unrecommend"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "category", "source", "author", "body"]}),
        (_("摘要与封面"), {"fields": ["summary", "cover", "tags"]}),
        (_("发布"), {"fields": ["status", "published_at", "is_recommended", "is_headline"]}),
        (_("转载"), {"fields": ["original_url", "original_title", "original_author"], "classes": ["collapse"]}),
        (_("统计"), {"fields": ["view_count", "views_chart", "created_by", "created_at", "updated_at"]}),
        (_("发布记录"), {"fields": ["publishing"]}),
    ]

    @admin.display(description=_("事件与推送"))
    def publishing(self, obj):
        """The last publication events and what Baidu, IndexNow and the others answered."""
        return "-" if obj.pk is None else publishing_log(obj)

    @admin.display(description=_("最近 30 天"))
    def views_chart(self, obj):
        """A bar chart of the last 30 days' views, drawn as SVG on the server."""
        if obj.pk is None:
            return "-"
        chart = views_chart(obj.daily_views.series(CHART_DAYS))
        return render_to_string("admin/news/views_chart.html", chart)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.can_publish = self.has_publish_permission(request)
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        self.localise_images(request, obj)
        super().save_model(request, obj, form, change)

    def localise_images(self, request, obj):
        """Copy the body's pictures from other sites to ours, and say what could not be copied."""
        result = localise_images(clean_html(obj.body))
        obj.body = result.body
        if result.copied:
            self.message_user(request, _("已把 %d 张外站图片转存到本站。") % result.copied, messages.INFO)
        if result.failures:
            listed = "；".join(f"{url}（{reason}）" for url, reason in result.failures)
            self.message_user(request, _("以下图片未能转存，仍引用原网址：%s") % listed, messages.WARNING)
        if result.missing_alt:
            self.message_user(
                request,
                _("有 %d 张图片没有替代文字：请在编辑器里选中图片，点“更改图片替换文本”补上，方便视障读者和搜索引擎。")
                % result.missing_alt,
                messages.WARNING,
            )

    def has_publish_permission(self, request):
        return request.user.has_perm("news.publish_article")

    def _bulk_update(self, request, queryset, message, **values):
        ids = list(queryset.values_list("pk", flat=True))
        count = Article.objects.filter(pk__in=ids).update(**values)
        # update() sends no model signals: refresh caches and receivers ourselves.
        bump_content_version()
        articles_changed.send(sender=Article, ids=ids)
        self.message_user(request, message(count), messages.SUCCESS)

    @admin.action(description=_("发布所选文章"), permissions=["publish"])
    def publish(self, request, queryset):
        self._bulk_update(
            request,
            queryset,
            lambda n: ngettext("已发布 %d 篇文章。", "已发布 %d 篇文章。", n) % n,
            status=Article.Status.PUBLISHED,
        )

    @admin.action(description=_("撤回所选文章（改为草稿）"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._bulk_update(
            request,
            queryset,
            lambda n: ngettext("已撤回 %d 篇文章。", "已撤回 %d 篇文章。", n) % n,
            status=Article.Status.DRAFT,
        )

    @admin.action(description=_("设为推荐"), permissions=["change"])
    def recommend(self, request, queryset):
        self._bulk_update(
            request,
            queryset,
            lambda n: ngettext("已推荐 %d 篇文章。", "已推荐 %d 篇文章。", n) % n,
            is_recommended=True,
        )

    @admin.action(description=_("取消推荐"), permissions=["change"])
    def unrecommend(self, request, queryset):
        self._bulk_update(
            request,
            queryset,
            lambda n: ngettext("已取消推荐 %d 篇文章。", "已取消推荐 %d 篇文章。", n) % n,
            is_recommended=False,
        )
