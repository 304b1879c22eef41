from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .admin_changelist import ArticleListColumnsMixin
from .body_images import localise_images
from .compliance.admin import UnapprovedReprintFilter
from .dashboard import CHART_DAYS, views_chart
from .forms import ArticleAdminForm
from .models import Article, Category, Delivery, PublicationEvent, Source
from .publishing.admin import publishing_log
from .sanitizer import clean_html
from .topics import admin as topics_admin  # noqa: F401  (registers the 专题 admin)
from .workflow import machine, revisions
from .workflow.admin import ArticleWorkflowMixin, QueueFilter

Action = machine.Action
# Fields only the publishing permission may change on a live article.
PUBLISHER_FIELDS = ["published_at", "is_recommended", "is_headline"]
# Records that go with their article: their admins are read-only, which must not stop 主编 deleting it.
OWNED_RECORDS = [PublicationEvent, Delivery]


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
class ArticleAdmin(ArticleListColumnsMixin, ArticleWorkflowMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/news/article/change_form.html"
    list_display = [
        "cover_thumbnail",
        "title",
        "category",
        "source",
        "status_column",
        "published_at",
        "is_published",
        "view_count",
        "is_recommended",
        "is_headline",
    ]
    list_display_links = ["title"]
    list_filter = [
        QueueFilter,
        "status",
        "revision_state",
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
    readonly_fields = [
        "workflow_panel",
        "revisions_panel",
        "history_panel",
        "view_count",
        "views_chart",
        "created_by",
        "created_at",
        "updated_at",
        "publishing",
    ]
    actions = ["submit_selected", "approve_selected", "publish", "withdraw", "recommend", "unrecommend"]
    list_per_page = 50

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["title", "category", "source", "author", "body", "edit_comment", "based_on"]}),
            (_("摘要与封面"), {"fields": ["summary", "cover", "tags"]}),
            (_("发布"), {"fields": ["published_at", "is_recommended", "is_headline"]}),
            (_("转载与责任"), {"fields": ["original_url", "original_title", "original_author", "responsible_editor"]}),
            (_("更正"), {"fields": ["correction"], "classes": ["collapse"]}),
        ]
        if obj is not None and obj.status == Article.Status.PUBLISHED and machine.can_publish(request.user):
            fieldsets[2][1]["fields"] += ["acknowledge", "acknowledge_reason"]
        if obj is not None:
            if obj.pending_revision_id:
                fieldsets.insert(0, (_("待审修改"), {"fields": ["workflow_panel"]}))
            fieldsets += [
                (_("修订记录"), {"fields": ["revisions_panel"], "classes": ["collapse"]}),
                (_("审核记录"), {"fields": ["history_panel"]}),
                (_("统计"), {"fields": ["view_count", "views_chart", "created_by", "created_at", "updated_at"]}),
                (_("发布记录"), {"fields": ["publishing"]}),
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if not machine.can_publish(request.user):
            # 责任编辑 is the publisher's to set; on a live article so are its time and places.
            fields.append("responsible_editor")
            if obj is not None and obj.status == Article.Status.PUBLISHED:
                fields += PUBLISHER_FIELDS
        return fields

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            return None
        obj.admin_request = request
        if getattr(request, "editing_article", False) and obj.revision_state and obj.pending_revision_id:
            # The form shows the change waiting for review, so that its writer
            # (or a publisher, to edit and approve) goes on from there.
            version = revisions.version_of(obj, obj.pending_revision_id)
            if version is not None:
                revisions.apply(obj, version, fields=self._editable_attnames(request, obj))
                obj.proposed_tags = revisions.tags_of(version)
        return obj

    def _editable_attnames(self, request, obj):
        readonly = set(self.get_readonly_fields(request, obj))
        return {Article._meta.get_field(name).attname for name in revisions.CONTENT_FIELDS if name not in readonly}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        request.editing_article = True
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except revisions.EditConflict:
            # Another save was written after this form passed its check (the transaction is
            # rolled back). Once more, the form is now older than the article: it is refused,
            # shown with its text, and the text is kept as a revision (locking.conflict).
            return super().change_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        form.checking_words = "_check_words" in request.POST
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        tags = form.cleaned_data.get("tags")
        tag_text = ", ".join(tags) if tags is not None else None
        request.article_proposal = machine.is_proposal(obj, request.user)
        self.localise_images(request, obj)
        machine.save_edit(
            obj,
            request.user,
            comment=form.cleaned_data.get("edit_comment", ""),
            tags=tag_text,
            reason=form.cleaned_data.get("acknowledge_reason", "") if form.cleaned_data.get("acknowledge") else "",
        )
        if request.article_proposal:
            self.message_user(request, _("修改已提交审核：审核通过之前，读者看到的仍是原来的版本。"), messages.WARNING)

    def save_related(self, request, form, formsets, change):
        # A change kept for review leaves the live article's tags alone (they are in the revision).
        if getattr(request, "article_proposal", False):
            return
        super().save_related(request, form, formsets, change)

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
        return machine.can_publish(request.user)

    def delete_model(self, request, obj):
        machine.delete(obj, request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            machine.delete(article, request.user)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        owned = {str(model._meta.verbose_name) for model in OWNED_RECORDS}
        return deleted, model_count, {name for name in perms_needed if str(name) not in owned}, protected

    # Bulk actions: each article goes through the state machine, which checks
    # the permission again; refusals are listed, nothing is forced.

    def _bulk(self, request, queryset, action, done_message):
        done, refused = machine.bulk(list(queryset), action, request.user)
        if done:
            self.message_user(request, done_message(len(done)), messages.SUCCESS)
        for article, reason in refused:
            self.message_user(request, f"“{article.title}”：{reason}", messages.ERROR)

    @admin.action(description=_("提交审核"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, Action.SUBMIT, lambda n: ngettext("已提交 %d 篇。", "已提交 %d 篇。", n) % n)

    @admin.action(description=_("审核通过"), permissions=["change"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, Action.APPROVE, lambda n: ngettext("已通过 %d 篇。", "已通过 %d 篇。", n) % n)

    @admin.action(description=_("发布所选文章"), permissions=["publish"])
    def publish(self, request, queryset):
        self._bulk(
            request, queryset, Action.PUBLISH, lambda n: ngettext("已发布 %d 篇文章。", "已发布 %d 篇文章。", n) % n
        )

    @admin.action(description=_("撤稿"), permissions=["publish"])
    def withdraw(self, request, queryset):
        self._bulk(
            request, queryset, Action.WITHDRAW, lambda n: ngettext("已撤下 %d 篇文章。", "已撤下 %d 篇文章。", n) % n
        )

    def _set_flag(self, request, queryset, message, **values):
        if not machine.can_publish(request.user):
            self.message_user(request, _("你没有发布文章的权限。"), messages.ERROR)
            return
        count = 0
        for article in queryset:
            for name, value in values.items():
                setattr(article, name, value)
            try:
                revisions.save(article, request.user, str(message(1)))
            except revisions.EditConflict:
                self.message_user(request, f"“{article.title}”：{machine.SAVED_MEANWHILE}", messages.ERROR)
                continue
            machine.record(article, Action.EDIT, request.user, str(message(1)))
            count += 1
        self.message_user(request, message(count), messages.SUCCESS)

    @admin.action(description=_("设为推荐"), permissions=["publish"])
    def recommend(self, request, queryset):
        self._set_flag(
            request,
            queryset,
            lambda n: ngettext("已推荐 %d 篇文章。", "已推荐 %d 篇文章。", n) % n,
            is_recommended=True,
        )

    @admin.action(description=_("取消推荐"), permissions=["publish"])
    def unrecommend(self, request, queryset):
        self._set_flag(
            request,
            queryset,
            lambda n: ngettext("已取消推荐 %d 篇文章。", "已取消推荐 %d 篇文章。", n) % n,
            is_recommended=False,
        )
