from datetime import timedelta
from operator import attrgetter

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Aggregate, BooleanField, ExpressionWrapper, JSONField, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONArray
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from portal.images import CheckedImageField

from .longform import Reading
from .sanitizer import clean_html, prose_text, summarize

SUMMARY_LENGTH = 120


class CategoryQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_visible=True)

    def top_level(self):
        return self.filter(parent__isnull=True)


class Category(models.Model):
    name = models.CharField(_("名称"), max_length=50)
    slug = models.SlugField(
        _("网址别名"),
        max_length=50,
        unique=True,
        help_text=_("用于栏目网址，只能包含字母、数字、连字符，例如 tech。"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级栏目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("留空表示一级栏目；子栏目只支持一级。"),
    )
    position = models.PositiveSmallIntegerField(
        _("排序"),
        default=100,
        help_text=_("数字越小，在导航中越靠前。"),
    )
    description = models.TextField(_("栏目简介"), blank=True, help_text=_("显示在栏目页，也用作搜索引擎描述。"))
    is_visible = models.BooleanField(_("在导航中显示"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def __str__(self):
        if self.parent_id:
            return f"{self.parent} / {self.name}"
        return self.name

    def get_absolute_url(self):
        return reverse("news:category", kwargs={"slug": self.slug})

    def clean(self):
        if self.parent_id and (self.parent_id == self.pk or self.parent.parent_id):
            raise ValidationError({"parent": _("子栏目只支持一级：上级栏目必须是一级栏目。")})

    def family_ids(self):
        """This category's id and its sub-categories' ids: a category page lists both.

        Categories from the cached tree (news.blocks.category_tree) know their
        sub-categories already and need no query.
        """
        subcategories = getattr(self, "subcategories", None)
        if subcategories is not None:
            return [self.pk, *(child.pk for child in subcategories)]
        return [self.pk, *self.children.values_list("pk", flat=True)]


class Source(models.Model):
    name = models.CharField(_("名称"), max_length=100, unique=True)
    website = models.URLField(_("网站"), blank=True, help_text=_("媒体的网站首页，文章页的来源链接指向这里。"))
    is_original = models.BooleanField(
        _("本站原创"),
        default=False,
        help_text=_("勾选表示本站自己的内容：文章下方不显示转载免责声明。"),
    )
    is_approved_for_reprint = models.BooleanField(
        _("可转载稿源"),
        default=False,
        help_text=_("在国家网信部门公布的可供网站转载新闻的稿源单位名单上；转载其他来源的稿件须由审核人确认。"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("媒体来源")
        verbose_name_plural = _("媒体来源")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:source", kwargs={"pk": self.pk})


class JSONArrayAgg(Aggregate):
    """The group's values as one JSON array: json_group_array on SQLite, jsonb_agg on PostgreSQL."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # jsonb, not json: Django reads jsonb as text and parses it like any JSONField.
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles a reader may see: published, and not scheduled for later."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def next_publication(self):
        """When the next scheduled article goes live, or None."""
        return self.scheduled().aggregate(first=models.Min("published_at"))["first"]

    def visible_to(self, user):
        """What `user` may open: staff preview drafts and scheduled articles."""
        if Article.may_preview(user):
            return self.all()
        return self.published()

    def for_list(self):
        """The columns list pages and blocks show, with what they link to."""
        return self.select_related("category", "source").defer("body")

    def recommended(self):
        return self.filter(is_recommended=True)

    def unapproved_reprints(self):
        """Reprints from a source that is not on the approved list (可转载稿源)."""
        return self.filter(source__is_original=False, source__is_approved_for_reprint=False)

    def with_cover(self):
        return self.exclude(cover="")

    def in_category(self, category):
        return self.filter(category_id__in=category.family_ids())

    def tagged(self, tag):
        """Articles carrying `tag`.

        The tag's article ids come from the (tag, content type, object) index
        (migration 0005_perf) as a subquery, so a list page walks the
        publication-order index and probes a small in-memory set, instead of
        joining every article to the tagged items.
        """
        content_type = ContentType.objects.get_for_model(self.model)
        return self.filter(
            pk__in=TaggedItem.objects.filter(tag=tag, content_type=content_type).values("object_id"),
        )

    def with_tags(self):
        """Each article's tags read in the same query, for `Article.tag_list` (the article page).

        A subquery per article row: meant for one article, not for lists.
        """
        tags = (
            TaggedItem.objects.filter(
                content_type__app_label=self.model._meta.app_label,
                content_type__model=self.model._meta.model_name,
                object_id=OuterRef("pk"),
            )
            .order_by()
            .values("object_id")
            .annotate(rows=JSONArrayAgg(JSONArray("pk", "tag_id", "tag__name", "tag__slug")))
            .values("rows")
        )
        return self.annotate(tag_rows=Subquery(tags, output_field=JSONField()))

    def most_read(self):
        """Most viewed first; on a tie the older article, as the view_count index orders them (点击排行)."""
        return self.order_by("-view_count", "id")

    # before() and after() repeat the OR's bound on published_at on its own: PostgreSQL starts the index
    # scan there, at the article, instead of filtering every newer (older) article of the list first.
    def before(self, article):
        """Articles that come before `article` in time (ties broken by id), the nearest first."""
        return self.filter(
            Q(published_at__lt=article.published_at) | Q(published_at=article.published_at, pk__lt=article.pk),
            published_at__lte=article.published_at,
        ).order_by("-published_at", "-id")

    def after(self, article):
        """Articles that come after `article` in time, the nearest first."""
        return self.filter(
            Q(published_at__gt=article.published_at) | Q(published_at=article.published_at, pk__gt=article.pk),
            published_at__gte=article.published_at,
        ).order_by("published_at", "id")

    def in_blocks(self, **blocks):
        """Several short lists in one query: `in_blocks(name=sliced queryset, ...)` -> {name: [articles]}.

        A page shows many small lists (latest, recommended, most read, one per
        category); a query each would make the query count grow with the number
        of blocks. Each block is a sliced queryset that may use its index; their
        ids are combined with UNION ALL (compiled here because Django refuses
        sliced UNION parts on SQLite) and the rows of `self` come back in one
        query, with a flag per block. Each list keeps its queryset's order.
        """
        if not blocks:
            return {}
        quote = connections[self.db].ops.quote_name
        # Each part selects the id alone, under an alias Django chooses.
        selects, params, flags = [], [], {}
        for index, block in enumerate(blocks.values()):
            ids = block.values("pk")
            sql, block_params = ids.query.get_compiler(using=self.db).as_sql()
            selects.append(f"SELECT * FROM ({sql}) {quote(f'block_{index}')}")
            params.extend(block_params)
            flags[f"in_block_{index}"] = ExpressionWrapper(Q(pk__in=ids), output_field=BooleanField())
        rows = list(self.filter(pk__in=RawSQL(" UNION ALL ".join(selects), params)).annotate(**flags))
        result = {}
        for index, (name, block) in enumerate(blocks.items()):
            members = [row for row in rows if getattr(row, f"in_block_{index}")]
            ordering = block.query.order_by or self.model._meta.ordering
            # Stable sorts from the last key to the first give the block's order.
            for field in reversed(ordering):
                members.sort(key=attrgetter(field.lstrip("-")), reverse=field.startswith("-"))
            result[name] = members
        return result


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PENDING = "pending", _("待审")
        RETURNED = "returned", _("已退回")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤稿")

    title = models.CharField(_("标题"), max_length=200)
    category = models.ForeignKey(
        Category,
        verbose_name=_("栏目"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("媒体来源"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("文章来自哪家媒体；留空表示本站原创。"),
    )
    author = models.CharField(_("作者"), max_length=100, blank=True)
    summary = models.TextField(
        _("核心提示"),
        blank=True,
        help_text=_("留空时自动从正文截取前 %(n)s 个字左右。") % {"n": SUMMARY_LENGTH},
    )
    body = models.TextField(_("正文"))
    cover = CheckedImageField(
        _("封面图"),
        upload_to="covers/%Y/%m/",
        blank=True,
        help_text=_("用于推荐图文和列表缩略图；建议横图，宽度不小于 600 像素。"),
    )
    tags = TaggableManager(_("标签"), blank=True, help_text=_("多个标签用逗号分隔。"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
    )
    published_at = models.DateTimeField(
        _("发布时间"),
        default=timezone.now,
        db_index=True,
        help_text=_("设为将来的时间即定时发布：到点之前读者看不到。"),
    )
    is_recommended = models.BooleanField(_("推荐"), default=False, help_text=_("出现在推荐图文、推荐资讯中。"))
    is_headline = models.BooleanField(_("头条"), default=False, help_text=_("出现在首页头条位置。"))
    original_url = models.URLField(
        _("原文链接"),
        max_length=1000,
        null=True,
        blank=True,
        unique=True,
        help_text=_("转载文章的原始网址；导入时用它识别同一篇文章。"),
    )
    original_title = models.CharField(
        _("原标题"),
        max_length=200,
        blank=True,
        help_text=_("转载时改动了标题才填写：文章页注明原标题。"),
    )
    original_author = models.CharField(_("原作者"), max_length=100, blank=True, help_text=_("转载稿件原文的作者。"))
    import_key = models.CharField(
        _("导入标识"),
        max_length=500,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("导入来源中的唯一标识（原文网址、订阅 GUID 或 WordPress 文章编号）。"),
    )
    import_fingerprint = models.CharField(
        _("导入指纹"),
        max_length=64,
        blank=True,
        default="",
        editable=False,
        help_text=_("导入来源中这条记录内容的摘要：再次导入时内容没变就不必重新处理。"),
    )
    view_count = models.PositiveIntegerField(_("浏览次数"), default=0, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    # The editorial workflow (news/workflow): who answers for the text, where
    # its review stands, and the change to a live article that waits for review.
    responsible_editor = models.CharField(
        _("责任编辑"),
        max_length=50,
        blank=True,
        help_text=_("留空时由终审通过的审核人自动填写；显示在正文末尾。"),
    )
    review_step = models.PositiveSmallIntegerField(_("审核环节"), default=0, editable=False)
    pending_revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name=_("待审修改"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text=_("对已发布文章的修改：审核通过之前读者看到的仍是原来的版本。"),
    )
    revision_state = models.CharField(
        _("修改状态"),
        max_length=10,
        blank=True,
        choices=[("pending", _("修改待审")), ("returned", _("修改已退回"))],
        editable=False,
    )
    # Optimistic locking: every save and every proposed change adds one; a
    # form posted with an older number is refused (news.workflow.locking).
    edit_version = models.PositiveIntegerField(_("编辑版本"), default=0, editable=False)
    correction = models.TextField(
        _("更正"),
        blank=True,
        help_text=_("发布后发现的错误及更正说明，经审核后显示在正文下方。"),
    )
    corrected_at = models.DateTimeField(_("更正时间"), null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        permissions = [("publish_article", _("可以发布文章"))]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_pub_idx"),
            models.Index(fields=["category", "status", "-published_at", "-id"], name="article_cat_pub_idx"),
            # A category page with sub-categories (category IN (...)) walks this
            # one in publication order and reads the category from the index,
            # not from each table row (migration 0005_perf).
            models.Index(fields=["status", "-published_at", "-id", "category"], name="article_pub_cat_idx"),
            models.Index(fields=["source", "status", "-published_at", "-id"], name="article_src_pub_idx"),
            models.Index(
                fields=["-published_at", "-id"],
                name="article_recommended_idx",
                condition=Q(is_recommended=True),
            ),
            models.Index(fields=["-view_count"], name="article_views_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.prepare_for_save()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"pk": self.pk})

    @property
    def tag_list(self):
        """The tags in the order they were given, as read by `Article.objects.with_tags()`."""
        return [Tag(id=tag_id, name=name, slug=slug) for _item, tag_id, name, slug in sorted(self.tag_rows or [])]

    def prepare_for_save(self):
        """Sanitise the body and derive the summary: what every write does.

        save() calls it; bulk writers that bypass save() (the importers) call
        it on each object before bulk_create(), so the rule lives here only.
        """
        self.body = clean_html(self.body)
        self.summary = self.summary.strip() or summarize(self.body, SUMMARY_LENGTH)
        # Empty strings would collide on the unique constraint; NULLs do not.
        self.original_url = self.original_url or None
        self.import_key = self.import_key or None

    def is_published(self):
        """The same rule as `ArticleQuerySet.published()`, for one object."""
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    is_published.boolean = True
    is_published.short_description = _("读者可见")

    def is_scheduled(self):
        """Published for a time still to come (定时发布): readers see it from then on."""
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def status_key(self):
        """The status as a name for CSS: 定时发布 gets a colour of its own."""
        return "scheduled" if self.is_scheduled() else self.status

    @property
    def status_label(self):
        """The status as an editor reads it: 已发布 with a future time is 定时发布."""
        if self.is_scheduled():
            return _("定时发布")
        return self.get_status_display()

    @staticmethod
    def may_preview(user):
        """Those who may change or review articles open unpublished ones at their URL (预览).

        Everyone else, staff without a permission on articles included, gets 404.
        """
        from .workflow.steps import is_reviewer

        return user.is_active and user.is_staff and (user.has_perm("news.change_article") or is_reviewer(user))

    @property
    def description(self):
        """Plain text that describes the article (meta description, Open Graph, JSON-LD).

        The summary; a short article without one (a news flash) is described by its own text.
        """
        return self.summary or prose_text(self.body)

    @property
    def reading(self):
        """The body split into pages, with anchors on its sub-headings (news/longform.py)."""
        return Reading(self.body)

    @property
    def is_reprint(self):
        return self.source is not None and not self.source.is_original

    def is_unapproved_reprint(self):
        """The same rule as `ArticleQuerySet.unapproved_reprints()`, for one object."""
        return self.is_reprint and not self.source.is_approved_for_reprint

    @property
    def changed_original_title(self):
        """原标题 when the title was changed from it, else "": the reprint block names it then."""
        original = self.original_title.strip()
        return original if original != self.title.strip() else ""


class DailyViewsQuerySet(models.QuerySet):
    def totals(self, first, last):
        """(article_id, views) pairs of the days from `first` to `last`, most viewed first.

        A range scan of the (date, article, views) index: the cost follows the
        rows in the window, not the number of articles. On equal views the
        older article (lower id) comes first.
        """
        return (
            self.filter(date__gte=first, date__lte=last)
            .values_list("article")
            .annotate(total=models.Sum("views"))
            .order_by("-total", "article")
        )

    def series(self, days, today=None):
        """[(date, views)] for each of the last `days` days up to today, zeros included.

        Summed over the articles in the queryset: one article's days, or the site's.
        """
        today = today or timezone.localdate()
        first = today - timedelta(days=days - 1)
        window = self.filter(date__gte=first, date__lte=today).order_by()
        found = dict(window.values_list("date").annotate(total=models.Sum("views")))
        return [(day, found.get(day, 0)) for day in (first + timedelta(days=n) for n in range(days))]

    def add_views(self, rows, batch=0):
        """Add (article_id, date, views) rows in one atomic upsert per chunk; no read-modify-write.

        Django's bulk_create(update_conflicts=True) can only overwrite a column
        with the new value, not add to it, hence the SQL (the same on SQLite and
        PostgreSQL). With a `batch` number (a Redis flush) each row is stamped
        with it, rows that already carry it are skipped (the batch is being
        written again after a crash), and the (article_id, "YYYY-MM-DD") pairs
        actually added are returned.
        """
        connection = connections[self.db]
        table = connection.ops.quote_name(self.model._meta.db_table)
        applied = []
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            sql = (
                f"INSERT INTO {table} (article_id, date, views, batch) VALUES "
                + ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
                + f" ON CONFLICT (article_id, date) DO UPDATE SET views = {table}.views + excluded.views"
            )
            if batch:
                sql += f", batch = excluded.batch WHERE {table}.batch <> excluded.batch RETURNING article_id, date"
            params = [value for article_id, day, views in chunk for value in (article_id, day, views, batch)]
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                if batch:
                    applied += [(article_id, str(day)) for article_id, day in cursor.fetchall()]
        return applied


class DailyViews(models.Model):
    """Views of one article on one day (Asia/Shanghai), for the 日/周/月 rankings."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="daily_views")
    date = models.DateField(_("日期"))
    views = models.PositiveIntegerField(_("浏览次数"), default=0)
    # The last Redis batch written into this row (news/viewbuffer.py): a flush
    # that is repeated after a crash skips the rows that already hold its
    # batch, so no hit is counted twice. 0 when written directly.
    batch = models.BigIntegerField(_("写入批次"), default=0, editable=False)

    objects = DailyViewsQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("每日浏览")
        verbose_name_plural = _("每日浏览")
        constraints = [models.UniqueConstraint(fields=["article", "date"], name="daily_views_unique")]
        # `views` in the key makes the ranking a covering-index range scan:
        # no table row is read to sum a window (news/rankings.py).
        indexes = [models.Index(fields=["date", "article", "views"], name="daily_views_rank_idx")]

    def __str__(self):
        return f"{self.article_id} {self.date}: {self.views}"


# The word lists live with the rest of the compliance code, the review steps
# and the audit trail with the workflow; importing them here registers them
# with the news app.
from .compliance.models import WordEntry, WordList  # noqa: E402, F401

# Publication events, their side effects' deliveries and background imports (news.publishing).
from .publishing.models import Delivery, ImportRun, PublicationEvent, PushQuota  # noqa: E402, F401
from .topics.models import Topic, TopicArticle, TopicSection  # noqa: E402, F401
from .workflow.models import ArticleEvent, ReviewStep  # noqa: E402, F401
