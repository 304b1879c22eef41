"""The workflow in the admin: review steps, the audit trail, and the article's review pages.

`ArticleWorkflowMixin` gives ArticleAdmin its transition endpoint (the buttons
of the 审核 panel post there), the revision pages (compare two, restore one)
and the panels of the change page. Every button ends in `machine.transition()`
or `machine.restore()`, which check the permission on the server.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from news.compliance import check_article
from news.models import Article

from . import diff, machine, previews, revisions, steps
from .models import ArticleEvent, ReviewStep

Action = ArticleEvent.Action


@admin.register(ReviewStep)
class ReviewStepAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "group", "category"]
    list_filter = ["category", "group"]
    list_editable = ["position"]
    autocomplete_fields = ["category"]


@admin.register(ArticleEvent)
class ArticleEventAdmin(admin.ModelAdmin):
    """One list of every transition, filterable by action, user, step and date."""

    list_display = [
        "created_at",
        "article_link",
        "action",
        "status_change",
        "step",
        "on_revision",
        "user",
        "comment",
        "reason",
    ]
    list_filter = ["action", "on_revision", "step", ("user", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["article__title", "comment", "reason", "user__username"]
    list_select_related = ["article", "user"]
    date_hierarchy = "created_at"
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("文章"), ordering="article__title")
    def article_link(self, obj):
        from django.utils.html import format_html

        if obj.article_id is None:
            return _("（已删除）")
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:news_article_change", args=[obj.article_id]), obj.article.title
        )

    @admin.display(description=_("状态变化"))
    def status_change(self, obj):
        return obj.status_change()


class QueueFilter(admin.SimpleListFilter):
    """待审稿件 (what waits at a step the user holds) and 我的稿件 (what the user wrote)."""

    title = _("我的工作")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("review", _("等我审核")), ("mine", _("我的稿件")), ("returned", _("我被退回的稿件"))]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.filter(steps.reviewable_filter(request.user))
        if self.value() == "mine":
            return queryset.filter(created_by=request.user)
        if self.value() == "returned":
            return queryset.filter(created_by=request.user).filter(
                Q(status=Article.Status.RETURNED) | Q(revision_state="returned")
            )
        return queryset


def last_return(article):
    return article.events.filter(action=Action.RETURN).select_related("user").first()


class ArticleWorkflowMixin:
    """The review pages and panels of ArticleAdmin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/transition/", view(self.transition_view), name="news_article_transition"),
            path("<int:object_id>/revisions/compare/", view(self.compare_view), name="news_article_compare"),
            path(
                "<int:object_id>/revisions/<int:revision_id>/", view(self.revision_view), name="news_article_revision"
            ),
            path(
                "<int:object_id>/revisions/<int:revision_id>/restore/",
                view(self.restore_view),
                name="news_article_restore",
            ),
            *super().get_urls(),
        ]

    def _article(self, request, object_id):
        article = get_object_or_404(Article.objects.select_related("category", "source"), pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def _back(self, article):
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))

    def transition_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, object_id)
        try:
            action = Action(request.POST.get("action", ""))
        except ValueError:
            self.message_user(request, _("未知的操作。"), messages.ERROR)
            return self._back(article)
        posted = request.POST.get("edit_version", "")
        if posted.isdigit() and int(posted) != article.edit_version:
            self.message_user(request, _("这篇文章刚被别人修改过：请看过最新版本后再操作。"), messages.ERROR)
            return self._back(article)
        try:
            machine.transition(
                article,
                action,
                request.user,
                comment=request.POST.get("comment", "").strip(),
                acknowledged=bool(request.POST.get("acknowledge")),
                reason=request.POST.get("acknowledge_reason", ""),
            )
        except machine.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("%(action)s：“%(title)s”，现在是%(status)s。")
                % {
                    "action": action.label,
                    "title": article.title,
                    "status": article.status_label,
                },
                messages.SUCCESS,
            )
        return self._back(article)

    def restore_view(self, request, object_id, revision_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = revisions.version_of(article, revision_id)
        if version is None:
            raise Http404
        try:
            machine.restore(article, version, request.user)
        except machine.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            if article.status == Article.Status.PUBLISHED:
                message = _("已把旧版本作为待审修改提交，审核通过后才替换读者看到的版本。")
            else:
                message = _("已恢复旧版本的内容。")
            self.message_user(request, message, messages.SUCCESS)
        return self._back(article)

    def revision_view(self, request, object_id, revision_id):
        article = self._article(request, object_id)
        latest = revisions.latest_version(article)
        return self._compare(request, article, revision_id, latest.revision_id if latest else revision_id)

    def compare_view(self, request, object_id):
        article = self._article(request, object_id)
        try:
            a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
        except ValueError:
            raise Http404 from None
        return self._compare(request, article, a, b)

    def _compare(self, request, article, a, b):
        old, new = revisions.version_of(article, a), revisions.version_of(article, b)
        if old is None or new is None:
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("比较版本：%(title)s") % {"title": article.title},
            "article": article,
            "old": old,
            "new": new,
            "old_label": _("旧版本 #%(n)s") % {"n": old.revision_id},
            "new_label": _("新版本 #%(n)s") % {"n": new.revision_id},
            "diffs": diff.compare(
                revisions.fields_of(old), revisions.fields_of(new), revisions.tags_of(old), revisions.tags_of(new)
            ),
            "versions": revisions.history(article),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/news/article/compare.html", context)

    # Panels of the change page: the side column (state and buttons) and read-only "fields".

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_side"] = render_to_string(
            "admin/news/article/workflow_side.html", self._workflow_context(request, obj), request=request
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _workflow_context(self, request, obj):
        """What the side column shows: the live article's state and the actions `request.user` may take."""
        if obj is None or obj.pk is None:
            return {"article": None, "actions": machine.available(Article(), request.user)}
        live = Article.objects.select_related("category", "source").get(pk=obj.pk)
        text = machine.candidate(live)
        step = steps.current_step(live)
        waiting = live.status == Article.Status.PENDING or live.revision_state == "pending"
        return {
            "article": live,
            "actions": machine.available(live, request.user),
            "step": step if waiting else None,
            "steps": steps.steps_for(live),
            "returned": last_return(live) if live.status == "returned" or live.revision_state == "returned" else None,
            "hits": check_article(text),
            "review_hits": machine.review_hits(text),
            "preview_url": live.get_absolute_url(),
            "signed_url": request.build_absolute_uri(previews.preview_url(live)),
            "link_days": previews.max_age() // 86400,
        }

    @admin.display(description=_("待审修改"))
    def workflow_panel(self, obj):
        """The pending change of a live article beside the published text (the form shows the change)."""
        live = Article.objects.get(pk=obj.pk)
        version = revisions.version_of(live, live.pending_revision_id) if live.pending_revision_id else None
        if version is None:
            return "-"
        proposed = revisions.fields_of(version)
        current = revisions.fields_of_article(live)
        # The fields review may change: the publisher's own keep their live values.
        proposed = {name: proposed.get(name) for name in revisions.REVIEWED_ATTNAMES} | {
            name: value for name, value in current.items() if name not in revisions.REVIEWED_ATTNAMES
        }
        diffs = diff.compare(current, proposed, revisions.tag_string(live), revisions.tags_of(version))
        return render_to_string(
            "admin/news/article/workflow_panel.html",
            {
                "version": version,
                "diffs": [d for d in diffs if d.changed],
                "preview_url": live.get_absolute_url(),
            },
        )

    @admin.display(description=_("审核记录"))
    def history_panel(self, obj):
        events = obj.events.select_related("user")[:50]
        return render_to_string("admin/news/article/history_panel.html", {"events": events})

    @admin.display(description=_("修订记录"))
    def revisions_panel(self, obj):
        versions = list(revisions.history(obj)[:51])
        # Each revision with the fields it changed from the one before it (None: the first one shown).
        for version in versions:
            version.changed = None
        for newer, older in zip(versions, versions[1:], strict=False):
            newer.changed = diff.changed_labels(
                revisions.fields_of(older),
                revisions.fields_of(newer),
                revisions.tags_of(older),
                revisions.tags_of(newer),
            )
        versions = versions[:50]
        return render_to_string(
            "admin/news/article/revisions_panel.html",
            {"article": obj, "versions": versions, "latest": versions[0] if versions else None},
            request=obj.admin_request,
        )
