from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django_ckeditor_5.widgets import CKEditor5Widget

from .models import FooterPage, Promotion, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """A singleton: the list goes straight to the one row, which cannot be added twice or deleted."""

    fieldsets = [
        (None, {"fields": ["site_name", "slogan", "logo", "favicon", "description"]}),
        ("页脚", {"fields": ["news_licence_number", "icp_number", "police_number", "copyright", "contact_email"]}),
        ("文章", {"fields": ["reprint_disclaimer"]}),
        ("图片水印", {"fields": ["watermark_text", "watermark_image", "watermark_position", "watermark_min_width"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        settings = SiteSettings.load()
        return redirect("admin:portal_sitesettings_change", settings.pk)


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "position", "starts_at", "ends_at", "is_enabled"]
    list_editable = ["position", "is_enabled"]
    list_filter = ["is_enabled"]
    search_fields = ["title", "url"]


class FooterPageForm(forms.ModelForm):
    class Meta:
        model = FooterPage
        fields = "__all__"
        widgets = {"body": CKEditor5Widget(config_name="default")}


@admin.register(FooterPage)
class FooterPageAdmin(admin.ModelAdmin):
    form = FooterPageForm
    list_display = ["title", "slug", "position", "is_published", "updated_at"]
    list_editable = ["position", "is_published"]
    search_fields = ["title"]
