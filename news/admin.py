from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.caching import bump_content_version

from .compliance.admin import UnapprovedReprintFilter
from .forms import ArticleAdminForm
from .models import Article, Category, Source
from .signals import articles_changed
from .topics import admin as topics_admin  # noqa: F401  (registers the 专题 admin)

CHART_DAYS = 30


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
    readonly_fields = ["view_count", "views_chart", "created_by", "created_at", "updated_at"]
    actions = ["publish", "unpublish", "recommend", "unrecommend"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "category", "source", "author", "body"]}),
        (_("摘要与封面"), {"fields": ["summary", "cover", "tags"]}),
        (_("发布"), {"fields": ["status", "published_at", "is_recommended", "is_headline"]}),
        (_("转载"), {"fields": ["original_url", "original_title", "original_author"], "classes": ["collapse"]}),
        (_("统计"), {"fields": ["view_count", "views_chart", "created_by", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("最近 30 天"))
    def views_chart(self, obj):
        """A bar chart of the last 30 days' views, drawn as SVG on the server."""
        if obj.pk is None:
            return "-"
        series = obj.daily_views.series(CHART_DAYS)
        peak = max(views for _day, views in series)
        bar_width, gap, plot_height = 10, 2, 60
        bars = []
        for index, (day, views) in enumerate(series):
            height = round(plot_height * views / peak) if peak else 0
            bar = {"date": day, "views": views, "x": index * (bar_width + gap), "width": bar_width}
            bars.append(bar | {"height": height, "y": plot_height - height})
        return render_to_string(
            "admin/news/views_chart.html",
            {
                "bars": bars,
                "width": CHART_DAYS * (bar_width + gap) - gap,
                "height": plot_height + 14,
                "baseline": plot_height,
                "total": sum(views for _day, views in series),
                "peak": peak,
                "first": series[0][0],
                "last": series[-1][0],
            },
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.can_publish = self.has_publish_permission(request)
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

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
