from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from .models import Article, Category
from .search.segment import MAX_QUERY_LENGTH


class ArticleAdminForm(forms.ModelForm):
    """The article form of the admin; `can_publish` is set per request by ArticleAdmin."""

    can_publish = False

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {
            "body": CKEditor5Widget(config_name="default"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_status(self):
        status = self.cleaned_data["status"]
        was_published = self.instance.pk and self.initial.get("status") == Article.Status.PUBLISHED
        if status == Article.Status.PUBLISHED and not was_published and not self.can_publish:
            raise forms.ValidationError(
                _("你没有发布文章的权限：请保存为草稿，由主编审核发布。"), code="publish_denied"
            )
        return status


# Dates a reader may filter on; beyond them date arithmetic would overflow.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)


class SearchForm(forms.Form):
    """The reader's search: words, and optionally a category and a date range.

    Every field is forgiving: an over-long query is cut rather than refused,
    and an invalid filter is reported and ignored while the words still search.
    """

    q = forms.CharField(label=_("关键词"), required=False, strip=True)
    category = forms.ModelChoiceField(
        label=_("栏目"),
        queryset=Category.objects.visible(),
        to_field_name="slug",
        required=False,
        empty_label=_("全部栏目"),
    )
    start = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_q(self):
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH]

    def clean(self):
        cleaned = super().clean()
        for name in ("start", "end"):
            if cleaned.get(name) and not EARLIEST_DATE <= cleaned[name] <= LATEST_DATE:
                self.add_error(name, _("请选择 1900 年到 2999 年之间的日期。"))
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        return cleaned

    def value(self, name):
        """A cleaned value, or None when the field was empty or invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name)

    def filter(self, queryset):
        """`queryset` narrowed to the chosen category and dates (days in the site's time zone)."""
        if category := self.value("category"):
            queryset = queryset.in_category(category)
        if start := self.value("start"):
            queryset = queryset.filter(published_at__gte=_day_start(start))
        if end := self.value("end"):
            queryset = queryset.filter(published_at__lt=_day_start(end + timedelta(days=1)))
        return queryset


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))
