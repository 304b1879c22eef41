from django import forms
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from .models import Article


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
