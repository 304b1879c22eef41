from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from portal.caching import cached

from . import search
from .forms import SearchForm
from .images import InvalidImage, store_image
from .models import Article, Category, Source

PAGE_SIZE = 20
SUGGESTIONS = 6


class ArticleDetailView(DetailView):
    template_name = "news/article_detail.html"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).select_related("category__parent", "source")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published()
        return context


class ArticleListView(ListView):
    """A paginated list of published articles; subclasses narrow it."""

    template_name = "news/article_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_list()


class HomeView(ArticleListView):
    template_name = "news/home.html"


class CategoryView(ArticleListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().in_category(self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(list_title=self.category.name, category=self.category, **kwargs)


class SourceView(ArticleListView):
    def get_queryset(self):
        self.source = get_object_or_404(Source, pk=self.kwargs["pk"])
        return super().get_queryset().filter(source=self.source)

    def get_context_data(self, **kwargs):
        return super().get_context_data(list_title=self.source.name, source=self.source, **kwargs)


class TagView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(list_title=self.tag.name, tag=self.tag, **kwargs)


class SearchView(ListView):
    """/search/?q=…: published articles matching the words, best first, with optional filters."""

    template_name = "news/search.html"
    paginate_by = PAGE_SIZE
    context_object_name = "results"

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        articles = self.form.filter(Article.objects.published().select_related("category", "source"))
        return search.search(self.form.value("q") or "", articles)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            form=self.form,
            query=self.form.value("q") or "",
            truncated=self.object_list.truncated,
            **kwargs,
        )
        if not context["paginator"].count:
            # Something to read instead of an empty page.
            context["latest"] = cached(
                "search-latest", lambda: list(Article.objects.published().for_list()[:SUGGESTIONS])
            )
            context["most_read"] = cached(
                "search-most-read",
                lambda: list(Article.objects.published().for_list().order_by("-view_count", "-id")[:SUGGESTIONS]),
            )
        return context


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
