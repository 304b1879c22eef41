"""Topics, their sections and the articles chosen for them by hand."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag


class TopicQuerySet(models.QuerySet):
    def published(self):
        """Topics a reader may see."""
        return self.filter(status=Topic.Status.PUBLISHED)

    def visible_to(self, user):
        """What `user` may open: staff preview drafts and withdrawn topics (as for articles)."""
        from ..models import Article

        if Article.may_preview(user):
            return self.all()
        return self.published()

    def showing(self, article):
        """Published topics whose sections show `article` (hand-picked, or picked by a rule), in order."""
        # The article page's article carries its tags already (Article.tag_list).
        tags = article.tag_list if hasattr(article, "tag_rows") else article.tags.all()
        tag_ids = [tag.pk for tag in tags]
        candidates = (
            self.published()
            .filter(
                models.Q(sections__picks__article=article)
                | models.Q(sections__rule_tag__in=tag_ids)
                | models.Q(sections__rule_category__in=_families(article.category))
            )
            .distinct()
        )
        return [
            topic
            for topic in candidates
            if any(shown.pk == article.pk for _section, articles in topic.section_lists() for shown in articles)
        ]


def _families(category):
    """The categories whose rule takes an article of `category`: itself and its parent."""
    return [pk for pk in (category.pk, category.parent_id) if pk]


class Topic(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤下")

    title = models.CharField(_("标题"), max_length=100)
    slug = models.SlugField(
        _("网址别名"),
        max_length=60,
        unique=True,
        help_text=_("专题网址 /special/别名/，只能包含字母、数字、连字符，例如 hydrogen。"),
    )
    banner = models.ImageField(
        _("题图"),
        upload_to="topics/%Y/%m/",
        blank=True,
        width_field="banner_width",
        height_field="banner_height",
        help_text=_("显示在专题页顶部的横幅，建议宽度不小于 1200 像素、宽高比约 4:1。"),
    )
    banner_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    banner_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    banner_alt = models.CharField(
        _("题图说明"), max_length=200, blank=True, help_text=_("供读屏软件朗读；留空时使用专题标题。")
    )
    lead = models.TextField(_("导语"), blank=True, help_text=_("专题页顶部的一段介绍，也用作搜索引擎描述。"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        app_label = "news"
        ordering = ["-published_at", "-id"]
        verbose_name = _("专题")
        verbose_name_plural = _("专题")
        permissions = [("publish_topic", _("可以发布和撤下专题"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:topic", kwargs={"slug": self.slug})

    def is_published(self):
        """The same rule as `TopicQuerySet.published()`, for one object."""
        return self.status == self.Status.PUBLISHED

    is_published.boolean = True
    is_published.short_description = _("读者可见")

    # The one publishing step: the editorial workflow calls these at merge.
    def publish(self):
        """Show the topic to readers; the first publication sets its date."""
        self.status = self.Status.PUBLISHED
        self.published_at = self.published_at or timezone.now()
        self.save()

    def withdraw(self):
        """Take the topic off the site: its address answers 410 Gone."""
        self.status = self.Status.WITHDRAWN
        self.save()

    def section_lists(self):
        """[(section, [articles])] of the sections that show at least one article.

        A rule does not bring back an article that an earlier section shows already.
        """
        lists, shown = [], set()
        for section in self.sections.select_related("rule_tag", "rule_category"):
            articles = section.article_list(exclude=shown)
            shown.update(article.pk for article in articles)
            if articles:
                lists.append((section, articles))
        return lists


class TopicSection(models.Model):
    topic = models.ForeignKey(Topic, verbose_name=_("专题"), on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("小标题"), max_length=100)
    position = models.PositiveSmallIntegerField(_("排序"), default=100, help_text=_("数字越小越靠前。"))
    rule_tag = models.ForeignKey(
        Tag,
        verbose_name=_("按标签选入"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("自动选入带这个标签的已发布文章。"),
    )
    rule_category = models.ForeignKey(
        "news.Category",
        verbose_name=_("按栏目选入"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("自动选入这个栏目（含子栏目）的已发布文章；同时设了标签时，两个条件都要满足。"),
    )
    rule_limit = models.PositiveSmallIntegerField(
        _("自动选入篇数"), default=8, help_text=_("按规则选入的文章最多几篇，最新的在前；手选的文章不计在内。")
    )

    class Meta:
        app_label = "news"
        ordering = ["position", "id"]
        verbose_name = _("专题栏目")
        verbose_name_plural = _("专题栏目")

    def __str__(self):
        return f"{self.topic} / {self.heading}"

    def get_absolute_url(self):
        return f"{self.topic.get_absolute_url()}#section-{self.pk}"

    @property
    def has_rule(self):
        return bool(self.rule_tag_id or self.rule_category_id)

    def article_list(self, exclude=()):
        """The published articles this section shows: hand-picked ones in their order, then the rule's newest.

        The rule skips the articles whose ids are in `exclude`.
        """
        from ..models import Article

        published = Article.objects.published().for_list()
        articles = list(published.filter(topic_picks__section=self).order_by("topic_picks__position", "topic_picks"))
        if self.has_rule and self.rule_limit:
            matching = published.exclude(pk__in=[*exclude, *(article.pk for article in articles)])
            if self.rule_tag_id:
                matching = matching.tagged(self.rule_tag)
            if self.rule_category_id:
                matching = matching.in_category(self.rule_category)
            articles += matching[: self.rule_limit]
        return articles


class TopicArticle(models.Model):
    """An article an editor chose for a section by hand."""

    section = models.ForeignKey(
        TopicSection, verbose_name=_("专题栏目"), on_delete=models.CASCADE, related_name="picks"
    )
    article = models.ForeignKey(
        "news.Article", verbose_name=_("文章"), on_delete=models.CASCADE, related_name="topic_picks"
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=100, help_text=_("数字越小越靠前。"))

    class Meta:
        app_label = "news"
        ordering = ["position", "id"]
        verbose_name = _("手选文章")
        verbose_name_plural = _("手选文章")
        constraints = [models.UniqueConstraint(fields=["section", "article"], name="topic_article_unique")]

    def __str__(self):
        return str(self.article)
