from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from . import blocks
from .images import InvalidImage, store_image
from .models import Article, Source
from .pagination import ArticlePaginator
from .thumbnails import attach_thumbnails

PAGE_SIZE = 20


class ArticleDetailView(DetailView):
    template_name = "news/article_detail.html"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).select_related("category__parent", "source")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            is_preview=not self.object.is_published(),
            current_category=self.object.category,
            **blocks.article_extras(self.object),
            **kwargs,
        )


class HomeView(TemplateView):
    template_name = "news/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**blocks.home(), **kwargs)


class ArticleListView(ListView):
    """A paginated list of published articles; subclasses narrow it and name its cached count."""

    template_name = "news/article_list.html"
    paginate_by = PAGE_SIZE
    paginator_class = ArticlePaginator
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_list()

    def get_count_key(self):
        raise NotImplementedError

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, count_key=self.get_count_key(), **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_thumbnails(context["articles"], "list")
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        return context


class CategoryView(ArticleListView):
    template_name = "news/category.html"

    def get_queryset(self):
        self.category = blocks.category_by_slug(self.kwargs["slug"])
        return super().get_queryset().in_category(self.category)

    def get_count_key(self):
        return f"category:{self.category.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            list_title=self.category.name, category=self.category, current_category=self.category, **kwargs
        )


class SourceView(ArticleListView):
    template_name = "news/source.html"

    def get_queryset(self):
        self.source = get_object_or_404(Source, pk=self.kwargs["pk"])
        return super().get_queryset().filter(source=self.source)

    def get_count_key(self):
        return f"source:{self.source.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(list_title=self.source.name, source=self.source, **kwargs)


class TagView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_count_key(self):
        return f"tag:{self.tag.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(list_title=self.tag.name, tag=self.tag, **kwargs)


@require_POST
@staff_member_required
def upload_image(request):
    """CKEditor 5's upload adapter posts the file as `upload` and expects {"url": ...}."""
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": "没有收到文件。"}}, status=400)
    try:
        name = store_image(upload.read(), folder="uploads")
    except InvalidImage as error:
        return JsonResponse({"error": {"message": str(error)}}, status=400)
    return JsonResponse({"url": default_storage.url(name)})
