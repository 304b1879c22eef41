"""Review steps (who approves, in which order) and the audit trail of every transition."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_STEPS = 3


class ReviewStep(models.Model):
    """One step of review (初审, 复审, 终审), held by a group; the last approval publishes."""

    name = models.CharField(_("名称"), max_length=20, help_text=_("例如 初审、复审、终审。"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=1, help_text=_("数字小的先审。"))
    group = models.ForeignKey(
        Group,
        verbose_name=_("审核组"),
        on_delete=models.PROTECT,
        related_name="review_steps",
        help_text=_("这个组的成员可以通过或退回本环节的稿件。"),
    )
    category = models.ForeignKey(
        "news.Category",
        verbose_name=_("一级栏目"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_steps",
        limit_choices_to={"parent__isnull": True},
        help_text=_("留空表示全站通用；为某个一级栏目单独设置时，该栏目（及其子栏目）的稿件只走它自己的环节。"),
    )

    class Meta:
        app_label = "news"
        ordering = ["category_id", "position", "id"]
        verbose_name = _("审核环节")
        verbose_name_plural = _("审核环节")

    def __str__(self):
        return f"{self.category or _('全站')} · {self.name}（{self.group}）"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.category_id and self.category.parent_id:
            raise ValidationError({"category": _("只能为一级栏目单独设置审核环节。")})
        siblings = ReviewStep.objects.filter(category_id=self.category_id).exclude(pk=self.pk)
        if siblings.count() >= MAX_STEPS:
            raise ValidationError(_("每个栏目最多设置 %(n)s 个审核环节。") % {"n": MAX_STEPS})


class ArticleEvent(models.Model):
    """One transition of one article: who did what, when, and what they said (the audit trail)."""

    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        EDIT = "edit", _("修改")
        SUBMIT = "submit", _("提交审核")
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回")
        PUBLISH = "publish", _("发布")
        WITHDRAW = "withdraw", _("撤稿")
        RESTORE = "restore", _("恢复发布")
        REVERT = "revert", _("恢复旧版本")
        CORRECT = "correct", _("更正")
        ACKNOWLEDGE = "acknowledge", _("确认审核词")
        IMPORT = "import", _("导入")
        DELETE = "delete", _("删除")

    # The audit trail outlives a deleted article: its events stay, and a 删除 event names it.
    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("文章"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    action = models.CharField(_("操作"), max_length=12, choices=Action.choices)
    from_status = models.CharField(_("原状态"), max_length=10, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, blank=True)
    step = models.CharField(_("审核环节"), max_length=20, blank=True)
    on_revision = models.BooleanField(
        _("针对修改"), default=False, help_text=_("针对已发布文章的待审修改，而不是文章本身。")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("说明"), blank=True)
    reason = models.TextField(
        _("确认理由"), blank=True, help_text=_("审核人放行审核词或非可转载稿源时写下的理由（确认审核词时必填）。")
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        app_label = "news"
        ordering = ["-created_at", "-id"]
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")

    def __str__(self):
        return f"{self.article_id} {self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"

    def status_change(self):
        labels = dict(apps.get_model("news", "Article").Status.choices)
        if self.from_status == self.to_status:
            return labels.get(self.to_status, "")
        return f"{labels.get(self.from_status, '—')} → {labels.get(self.to_status, '')}"


class RevisionInfo(models.Model):
    """What django-reversion does not keep of a revision of an article: its kind and tags.

    Attached to each reversion Revision with `reversion.add_meta()`.
    """

    class Kind(models.TextChoices):
        SAVE = "save", _("保存")
        PROPOSAL = "proposal", _("待审修改")
        REFUSED = "refused", _("未保存的并发修改")
        IMPORT = "import", _("导入")

    revision = models.OneToOneField("reversion.Revision", on_delete=models.CASCADE, related_name="info")
    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="revision_infos")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.SAVE)
    tags = models.CharField(_("标签"), max_length=500, blank=True)

    class Meta:
        app_label = "news"
        ordering = ["-revision_id"]
        verbose_name = _("修订信息")
        verbose_name_plural = _("修订信息")

    def __str__(self):
        return f"{self.article_id} #{self.revision_id} {self.get_kind_display()}"
