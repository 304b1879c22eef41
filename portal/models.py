"""Site-wide things: the settings singleton, the promotion strip, the footer pages."""

import re

from django.db import models
from django.db.models import Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .caching import cached
from .images import CheckedImageField, validate_icon
from .watermark import apply_watermark

MIIT_REGISTRY_URL = "https://beian.miit.gov.cn/"
POLICE_REGISTRY_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


class SiteSettings(models.Model):
    """The one row of site settings; `SiteSettings.load()` reads it through the cache."""

    site_name = models.CharField(_("网站名称"), max_length=100, default="科创资讯网")
    slogan = models.CharField(
        _("页头标语"),
        max_length=200,
        blank=True,
        default="创新驱动发展 · 科技服务民生 · 资讯连接你我",
        help_text=_("显示在页头横幅上的一句话。"),
    )
    logo = CheckedImageField(_("网站标志"), upload_to="site/", blank=True)
    favicon = CheckedImageField(
        _("网站图标"),
        upload_to="site/",
        blank=True,
        validators=[validate_icon],
        help_text=_("浏览器标签页上的小图标：正方形 PNG，边长 32 到 512 像素；留空用默认图标。"),
    )
    description = models.CharField(
        _("网站简介"),
        max_length=300,
        blank=True,
        default="关注科技创新、产业园区与区域发展的综合资讯平台。",
        help_text=_("首页的搜索引擎描述。"),
    )
    reprint_disclaimer = models.TextField(
        _("转载免责声明"),
        blank=True,
        default=(
            "免责声明：本站转载的文章来自其他媒体，转载是为了传递更多信息，"
            "不代表本站观点，也不对其内容的真实性负责。如涉及版权问题，请联系我们，我们会及时处理。"
        ),
        help_text=_("显示在来源为其他媒体的文章下方。"),
    )
    news_licence_number = models.CharField(
        _("互联网新闻信息服务许可证"),
        max_length=50,
        blank=True,
        help_text=_("许可证编号，例如：10120170000；填写后显示在页脚。"),
    )
    icp_number = models.CharField(
        _("ICP 备案号"),
        max_length=50,
        blank=True,
        help_text=_("例如：京ICP备00000000号，链接到工信部备案查询网站。"),
    )
    police_number = models.CharField(
        _("公安备案号"),
        max_length=50,
        blank=True,
        help_text=_("例如：京公网安备 11000000000000号。"),
    )
    copyright = models.CharField(
        _("版权信息"),
        max_length=200,
        blank=True,
        default="© 科创资讯网 版权所有",
    )
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    watermark_text = models.CharField(
        _("水印文字"),
        max_length=50,
        blank=True,
        help_text=_("加在本站上传和转存的图片上，例如网站名称；留空且不选水印图片则不加水印。"),
    )
    watermark_image = CheckedImageField(
        _("水印图片"), upload_to="site/", blank=True, help_text=_("优先于水印文字；宜用透明背景的 PNG。")
    )
    watermark_position = models.CharField(
        _("水印位置"),
        max_length=20,
        default="bottom-right",
        choices=[
            ("bottom-right", _("右下角")),
            ("bottom-left", _("左下角")),
            ("top-right", _("右上角")),
            ("top-left", _("左上角")),
            ("center", _("居中")),
        ],
    )
    watermark_min_width = models.PositiveIntegerField(
        _("加水印的最小宽度"), default=400, help_text=_("比这更窄的图片（图标、小图）不加水印，单位：像素。")
    )

    class Meta:
        verbose_name = _("网站设置")
        verbose_name_plural = _("网站设置")

    def __str__(self):
        return str(_("网站设置"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The settings row, cached until it changes (saving it bumps the "site" area, portal.apps)."""
        return cached("site-settings", lambda: cls.objects.get_or_create(pk=1)[0], areas=("site",))

    def watermarked(self, data):
        """A watermarked copy of image `data` under this setting, or None when none applies."""
        if not (self.watermark_text or self.watermark_image):
            return None
        mark = None
        if self.watermark_image:
            with self.watermark_image.open("rb") as handle:
                mark = handle.read()
        return apply_watermark(
            data,
            text=self.watermark_text,
            mark=mark,
            position=self.watermark_position,
            min_width=self.watermark_min_width,
        )

    @property
    def favicon_url(self):
        """The uploaded icon, else the static one (its name is hashed, so a new upload shows at once)."""
        return self.favicon.url if self.favicon else static("favicon.ico")

    @property
    def icp_url(self):
        return MIIT_REGISTRY_URL

    @property
    def police_url(self):
        code = "".join(re.findall(r"\d", self.police_number))
        return POLICE_REGISTRY_URL.format(code=code)


class PromotionQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Q(is_enabled=True),
            Q(starts_at__isnull=True) | Q(starts_at__lte=now),
            Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        )

    def not_ended(self, now=None):
        """Enabled promotions running now or still to come: all the strip needs to know."""
        return self.filter(is_enabled=True).exclude(ends_at__lte=now or timezone.now())

    def next_change(self, now=None):
        """The next time an enabled promotion starts or ends, or None: the strip changes then."""
        now = now or timezone.now()
        times = self.filter(is_enabled=True).aggregate(
            starts=models.Min("starts_at", filter=Q(starts_at__gt=now)),
            ends=models.Min("ends_at", filter=Q(ends_at__gt=now)),
        )
        return min(filter(None, times.values()), default=None)


class Promotion(models.Model):
    """One slot of the promotion strip (推广位) under the header."""

    title = models.CharField(_("标题"), max_length=50)
    url = models.URLField(_("链接"), max_length=500)
    image = CheckedImageField(
        _("图片"),
        upload_to="promotions/",
        blank=True,
        help_text=_("可选；不上传则显示文字链接。"),
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=100, help_text=_("数字越小越靠前。"))
    starts_at = models.DateTimeField(_("开始时间"), null=True, blank=True, help_text=_("留空表示立即开始。"))
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True, help_text=_("留空表示长期有效。"))
    is_enabled = models.BooleanField(_("启用"), default=True)

    objects = PromotionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("推广位")
        verbose_name_plural = _("推广位")

    def __str__(self):
        return self.title

    def is_active(self, now=None):
        """The same rule as `PromotionQuerySet.active()`, for one object."""
        now = now or timezone.now()
        return (
            self.is_enabled
            and (self.starts_at is None or self.starts_at <= now)
            and (self.ends_at is None or self.ends_at > now)
        )


class FooterPageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class FooterPage(models.Model):
    """关于我们, 联系方式 and the other pages linked from the footer."""

    title = models.CharField(_("标题"), max_length=50)
    slug = models.SlugField(_("网址别名"), max_length=50, unique=True, help_text=_("页面网址 /page/别名.html"))
    body = models.TextField(_("内容"))
    position = models.PositiveSmallIntegerField(_("排序"), default=100, help_text=_("页脚中的顺序，数字越小越靠前。"))
    is_published = models.BooleanField(_("显示"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = FooterPageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("页脚页面")
        verbose_name_plural = _("页脚页面")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:page", kwargs={"slug": self.slug})
