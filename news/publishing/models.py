"""What happened to an article (events), what each side effect answered (deliveries), and import runs."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationEvent(models.Model):
    """One occasion on which an article became visible, changed while visible, or left the site.

    `occasion` names the occasion so that a second writer that sees the same
    change computes the same name and the unique constraint turns its insert
    away: "live-3" is the article's third period on the site (its published
    and withdrawn events), "live-3:<fingerprint>" one version of the content
    during it (an updated event).
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("发布")
        UPDATED = "updated", _("更新")
        WITHDRAWN = "withdrawn", _("撤下")
        DELETED = "deleted", _("删除")

    # Empty on a "deleted" event: it outlives its article (its other events go with it).
    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("文章"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="publication_events",
    )
    kind = models.CharField(_("事件"), max_length=10, choices=Kind.choices)
    occasion = models.CharField(_("时机"), max_length=100)
    fingerprint = models.CharField(_("内容指纹"), max_length=64, help_text=_("事件发生时文章内容的摘要值。"))
    url = models.CharField(_("网址"), max_length=500, help_text=_("事件发生时文章的网址（撤下后仍需通知）。"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("发布事件")
        verbose_name_plural = _("发布事件")
        constraints = [
            models.UniqueConstraint(fields=["article", "kind", "occasion"], name="publication_event_once"),
            # The article is gone: its occasion ("article-<id>") keeps the deletion to one event.
            models.UniqueConstraint(
                fields=["occasion"], condition=models.Q(kind="deleted"), name="publication_event_deleted_once"
            ),
        ]
        indexes = [models.Index(fields=["article", "-id"], name="publication_event_latest_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.article_id or self.url} · {self.occasion}"

    @property
    def is_live(self):
        """Whether the article was on the site after this event."""
        return self.kind not in (self.Kind.WITHDRAWN, self.Kind.DELETED)


class DeliveryQuerySet(models.QuerySet):
    def failed(self):
        return self.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.REFUSED, Delivery.Status.QUOTA])


class Delivery(models.Model):
    """One side effect of one event (a push to Baidu, a purge): its state and the last answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("等待")
        RUNNING = "running", _("进行中")
        RETRYING = "retrying", _("等待重试")
        DONE = "done", _("成功")
        SKIPPED = "skipped", _("无需执行")
        REFUSED = "refused", _("被拒绝")
        QUOTA = "quota", _("配额用尽")
        FAILED = "failed", _("失败")

    FINISHED = {Status.DONE, Status.SKIPPED, Status.REFUSED, Status.QUOTA, Status.FAILED}

    event = models.ForeignKey(
        PublicationEvent, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="deliveries"
    )
    effect = models.CharField(_("动作"), max_length=50, help_text=_("副作用的名称，例如 baidu、indexnow。"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    answer = models.TextField(_("回应"), blank=True, help_text=_("对方最后一次的回应或错误。"))
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("推送与动作")
        verbose_name_plural = _("推送与动作")
        constraints = [models.UniqueConstraint(fields=["event", "effect"], name="delivery_once_per_event")]

    def __str__(self):
        return f"{self.effect} · {self.get_status_display()}"


class PushQuota(models.Model):
    """A search engine's daily allowance for this site, as its last answer stated it."""

    engine = models.CharField(_("搜索引擎"), max_length=50)
    date = models.DateField(_("日期"))
    pushed = models.PositiveIntegerField(_("已推送"), default=0)
    remaining = models.IntegerField(_("剩余配额"), null=True, blank=True, help_text=_("对方回应中的剩余条数。"))
    exhausted = models.BooleanField(_("已用尽"), default=False)

    class Meta:
        ordering = ["-date", "engine"]
        verbose_name = _("推送配额")
        verbose_name_plural = _("推送配额")
        constraints = [models.UniqueConstraint(fields=["engine", "date"], name="push_quota_per_day")]

    def __str__(self):
        return f"{self.engine} {self.date}"


class ImportRun(models.Model):
    """An `import_articles --background` run: its arguments, progress and outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("完成")
        FAILED = "failed", _("有失败")

    inputs = models.JSONField(_("导入来源"))
    options = models.JSONField(_("选项"), default=dict)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("记录总数"), null=True, blank=True)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    counts = models.JSONField(_("结果统计"), default=dict)
    errors = models.TextField(_("错误"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("运行次数"), default=0)
    heartbeat_at = models.DateTimeField(_("最近进展"), null=True, blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    created_by = models.CharField(_("提交人"), max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("后台导入")
        verbose_name_plural = _("后台导入")

    def __str__(self):
        return f"#{self.pk} {', '.join(self.inputs)[:80]}"

    def outcome(self):
        """The counts as an editor reads them: 新建 3 · 更新 0 · …; "-" before any."""
        from ..importers.run import OUTCOMES

        return (
            " · ".join(f"{label} {self.counts.get(key, 0)}" for key, label in OUTCOMES.items()) if self.counts else "-"
        )
