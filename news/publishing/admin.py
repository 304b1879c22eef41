"""The admin's view of publishing: events with their deliveries, pushes, quotas, background imports, tasks."""

from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .models import Delivery, ImportRun, PublicationEvent, PushQuota
from .tasks import deliver, retry_delivery

LOG_EVENTS = 10


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the worker: editors read them, nobody edits them by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["effect", "status", "attempts", "answer", "finished_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PublicationEvent)
class PublicationEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "article", "kind", "occasion", "url"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["article"]
    search_fields = ["article__title", "url"]
    inlines = [DeliveryInline]
    fields = ["article", "kind", "occasion", "url", "fingerprint", "created_at"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.has_perm("news.view_article")


class RetryMixin:
    @admin.action(description=_("重试所选的失败项"), permissions=["retry"])
    def retry(self, request, queryset):
        count = sum(retry_delivery(delivery) for delivery in self.deliveries(queryset))
        self.message_user(
            request, ngettext("已重新排队 %d 项。", "已重新排队 %d 项。", count) % count, messages.SUCCESS
        )

    def has_retry_permission(self, request):
        # Whoever may publish may push again.
        return request.user.has_perm("news.publish_article")


@admin.register(Delivery)
class DeliveryAdmin(RetryMixin, ReadOnlyAdmin):
    list_display = ["created_at", "article_title", "kind", "effect", "status", "attempts", "answer", "finished_at"]
    list_filter = ["status", "effect", "event__kind"]
    list_select_related = ["event__article"]
    search_fields = ["event__article__title", "event__url", "answer"]
    actions = ["retry"]
    fields = ["event", "effect", "status", "attempts", "answer", "next_attempt_at", "created_at", "finished_at"]

    def deliveries(self, queryset):
        return queryset

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.has_perm("news.view_article")

    @admin.display(description=_("文章"), ordering="event__article__title")
    def article_title(self, delivery):
        # A deleted article's event names it by its former URL.
        return delivery.event.article or delivery.event.url

    @admin.display(description=_("事件"), ordering="event__kind")
    def kind(self, delivery):
        return delivery.event.get_kind_display()


@admin.register(PushQuota)
class PushQuotaAdmin(ReadOnlyAdmin):
    list_display = ["date", "engine", "pushed", "remaining", "exhausted"]
    list_filter = ["engine", "exhausted"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.has_perm("news.view_article")


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "sources", "status", "progress", "outcome", "created_by", "created_at", "finished_at"]
    list_filter = ["status"]
    fields = [
        "inputs",
        "options",
        "status",
        "progress",
        "outcome",
        "errors",
        "attempts",
        "heartbeat_at",
        "created_by",
        "created_at",
        "finished_at",
    ]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.has_perm("news.add_article")

    @admin.display(description=_("导入来源"))
    def sources(self, run):
        return "、".join(run.inputs)[:120]

    @admin.display(description=_("进度"))
    def progress(self, run):
        return f"{run.done} / {run.total if run.total is not None else '?'}"

    @admin.display(description=_("结果"))
    def outcome(self, run):
        return run.outcome()


# The task engine's own records (django-tasks-db), in Chinese, with a retry action for failed tasks.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(RetryMixin, DBTaskResultAdmin):
    list_display = ["enqueued_at", "task_name", "status", "task_arguments", "error", "finished_at"]
    list_filter = ["status", "queue_name"]
    actions = ["retry"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_retry_permission(self, request):
        return request.user.is_superuser

    def deliveries(self, queryset):
        """The deliveries behind failed `deliver` tasks: retrying is retrying them."""
        ids = [
            result.args_kwargs["args"][0]
            for result in queryset.filter(status="FAILED", task_path=deliver.module_path)
            if result.args_kwargs.get("args")
        ]
        return Delivery.objects.filter(pk__in=ids)

    @admin.display(description=_("参数"))
    def task_arguments(self, result):
        return ", ".join(map(str, result.args_kwargs.get("args", [])))

    @admin.display(description=_("错误"))
    def error(self, result):
        if not result.traceback:
            return "-"
        return result.traceback.strip().splitlines()[-1][:200]


def publishing_log(article):
    """The article's last events with what each side effect answered, for its change page."""
    events = article.publication_events.prefetch_related("deliveries")[:LOG_EVENTS]
    return render_to_string("admin/news/publishing_log.html", {"events": events})
