from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from .models import Article, Category
from .search.segment import MAX_QUERY_LENGTH


class ArticleAdminForm(forms.ModelForm):
    """The article form of the admin.

    ArticleAdmin sets `user` per request. The status is not a field: it
    changes only through the workflow's transitions (news.workflow).
    `based_on` carries the article's `edit_version` as the form was read (the
    optimistic lock): a form based on an older version is refused, its input kept.
    """

    user = None
    # Set when the editor pressed 检查用词: the hits are shown and nothing is saved.
    checking_words = False

    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
    edit_comment = forms.CharField(
        label=_("修改说明"),
        required=False,
        max_length=500,
        help_text=_("这次改了什么、为什么改：记入修订记录；修改已发布的文章时审核人会看到。"),
    )

    # On a live article a publisher's save goes to readers at once: new 审核 hits need both.
    acknowledge = forms.BooleanField(label=_("已确认审核词"), required=False)
    acknowledge_reason = forms.CharField(
        label=_("确认理由"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("修改含有新的审核词或转载自非可转载稿源时必填：为什么可以发布。记入审核记录。"),
    )

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {
            "body": CKEditor5Widget(config_name="default"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "correction": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["based_on"] = self.instance.edit_version
        proposed_tags = getattr(self.instance, "proposed_tags", None)
        if proposed_tags is not None and "tags" in self.fields:
            self.initial["tags"] = proposed_tags

    def _post_clean(self):
        # After the instance holds the edited values: the lock, then the workflow's rules.
        super()._post_clean()
        from .workflow import locking, machine

        if self.instance.pk:
            conflict = locking.conflict(self.instance, self.cleaned_data.get("based_on"), self.user)
            if conflict:
                self.add_error(None, conflict)
                return
        if self.checking_words:
            self.add_error(None, word_check_report(self.instance))
            return
        try:
            machine.check_form(
                self.instance,
                self.user,
                acknowledged=self.cleaned_data.get("acknowledge", False),
                reason=self.cleaned_data.get("acknowledge_reason", ""),
            )
        except machine.TransitionError as error:
            self.add_error(None, str(error))


def word_check_report(article):
    """Each hit of the word lists in the edited article, with its level and context (检查用词)."""
    from .compliance import check_article

    hits = check_article(article)
    if not hits:
        return _("检查用词：没有发现词表中的词语。稿件尚未保存。")
    lines = [f"[{hit.level_label}] {hit}" for hit in hits]
    return _("检查用词（稿件尚未保存），共 %(n)s 处：") % {"n": len(hits)} + "；".join(lines)


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
