import base64
import hashlib

from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from portal import blocks as site_blocks
from portal.caching import cached, versions
from portal.images import InvalidImage, read_upload

from . import blocks, cache_areas, counters, longform, rankings, search
from .body_images import store_picture
from .forms import SearchForm
from .models import Article, Source, Topic
from .pagination import ArticlePaginator
from .related import related_articles
from .workflow import revisions
from .workflow.previews import token_is_valid

PAGE_SIZE = 20
SUGGESTIONS = 6


class ArticleGone(Exception):
    """A withdrawn article: 410 Gone, not 404."""


class ArticleDetailView(DetailView):
    """The article page; drafts, pending changes and scheduled articles only as previews.

    A preview is for those who may change or review articles, or for a signed
    preview link (news.workflow.previews); everyone else gets 404, and 410 for
    a withdrawn article. `?revision=<id>` previews a stored revision (a pending
    change of a live article).
    """

    template_name = "news/article_detail.html"
    preview_key = ""

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except ArticleGone:
            return TemplateResponse(request, "news/article_gone.html", status=410)
        if self.preview_key:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_queryset(self):
        return Article.objects.all().select_related("category__parent", "source").with_tags()

    def get_object(self, queryset=None):
        token = self.request.GET.get("preview", "")
        if token or Article.may_preview(self.request.user):
            article = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
            if article is not None and (Article.may_preview(self.request.user) or token_is_valid(token, article)):
                return self.preview(article)
        # Readers: the published article from the cache, no query once warm.
        article = blocks.published_article(self.kwargs["pk"])
        if article is None:
            if Article.objects.filter(pk=self.kwargs["pk"], status=Article.Status.WITHDRAWN).exists():
                raise ArticleGone
            raise Http404("没有这篇文章。")
        return article

    def preview(self, article):
        revision = self.request.GET.get("revision", "")
        if revision.isdigit():
            version = revisions.version_of(article, int(revision))
            if version is None:
                raise Http404("没有这个版本。")
            self.preview_key = f"revision-{version.revision_id}"
            return revisions.apply(article, version)
        if not article.is_published():
            self.preview_key = f"article-{article.edit_version}"
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        self.request.page_areas = areas = cache_areas.article_page_areas(article)
        # Read only when a fragment that shows them is rendered, not on every request.
        extras = SimpleLazyObject(lambda: blocks.article_extras(article))
        return super().get_context_data(
            page_version=SimpleLazyObject(lambda: versions(*areas)),
            **self.page_context(article),
            is_preview=bool(self.preview_key),
            preview_key=self.preview_key,
            current_category=article.category,
            extras=extras,
            # Read with the cached article fragment only, like `extras`.
            topics=SimpleLazyObject(lambda: Topic.objects.showing(article)),
            related=SimpleLazyObject(lambda: related_articles(article, fallback=extras["same_category"])),
            **kwargs,
        )

    def page_context(self, article):
        """Which page of a long article to show (`?page=2`, `?page=all` for 全文), and the links between pages."""
        reading = article.reading
        try:
            number = longform.page_number(self.request.GET.get("page"), reading.num_pages)
        except ValueError:
            raise Http404("这篇文章没有这一页。") from None
        url = article.get_absolute_url()

        paged = number is not None and reading.num_pages > 1
        return {
            "reading": reading,
            "page_number": number,
            "article_page": reading.at(number),
            "page_count": reading.num_pages,
            "page_urls": [(n, longform.page_url(url, n)) for n in range(1, reading.num_pages + 1)],
            "previous_page_url": longform.page_url(url, number - 1) if paged and number > 1 else "",
            "next_page_url": longform.page_url(url, number + 1) if paged and number < reading.num_pages else "",
            "all_pages_url": longform.page_url(url, None),
            # Each page is its own canonical page; 全文 repeats them and is not indexed.
            "canonical_path": longform.page_url(url, number or 1),
            "contents": SimpleLazyObject(lambda: reading.contents_links(url, number)),
        }


class HomeView(TemplateView):
    template_name = "news/home.html"

    def get_context_data(self, **kwargs):
        # Read only when the page's cached fragment is rendered, not on every request.
        return super().get_context_data(lists=SimpleLazyObject(blocks.home), **kwargs)


class SiteMapView(TemplateView):
    """网站地图: categories, the footer pages and the latest articles."""

    template_name = "portal/sitemap.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            categories=blocks.navigation(), pages=site_blocks.footer_pages(), latest=blocks.home()["recent"], **kwargs
        )


class ArticleListView(ListView):
    """A paginated list of published articles; subclasses narrow it and name its cached count."""

    template_name = "news/article_list.html"
    paginate_by = PAGE_SIZE
    paginator_class = ArticlePaginator
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_list()

    # What the list shows, in portal.caching's areas (all areas by default): the page, its
    # count and its ids are cached under them (the view sets request.page_areas).
    areas = ()

    def get_count_key(self):
        raise NotImplementedError

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(
            queryset, per_page, count_key=self.get_count_key(), areas=self.areas, thumbnail_size="list", **kwargs
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        return context


class CategoryView(ArticleListView):
    template_name = "news/category.html"

    def get_queryset(self):
        self.category = blocks.category_by_slug(self.kwargs["slug"])
        self.request.page_areas = self.areas = cache_areas.category_page_areas(self.category)
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
        # Cached like the page's ids and count: a warm list page runs no query.
        pk = self.kwargs["pk"]
        self.source = cached(f"source:{pk}", lambda: Source.objects.filter(pk=pk).first(), areas=("site",))
        if self.source is None:
            raise Http404("没有这个来源。")
        return super().get_queryset().filter(source=self.source)

    def get_count_key(self):
        return f"source:{self.source.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(list_title=self.source.name, source=self.source, **kwargs)


class TagView(ArticleListView):
    def get_queryset(self):
        slug = self.kwargs["slug"]
        # A digest: the slug is the reader's text, of any length.
        key = hashlib.md5(slug.encode(), usedforsecurity=False).hexdigest()
        self.tag = cached(f"tag:{key}", lambda: Tag.objects.filter(slug=slug).first(), areas=("site", "lists"))
        if self.tag is None:
            raise Http404("没有这个标签。")
        self.request.page_areas = self.areas = cache_areas.tag_page_areas(self.tag)
        return super().get_queryset().tagged(self.tag)

    def get_count_key(self):
        return f"tag:{self.tag.pk}"

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
        # The filters pick the queryset: with the words, they name a cached result.
        filters = sorted(
            (name, str(getattr(value, "pk", value))) for name, value in self.form.cleaned_data.items() if name != "q"
        )
        return search.search(self.form.value("q") or "", articles, cache_key=repr(filters))

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
                lambda: list(Article.objects.published().for_list().most_read()[:SUGGESTIONS]),
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
        name = store_picture(read_upload(upload), folder="uploads")
    except InvalidImage as error:
        return JsonResponse({"error": {"message": str(error)}}, status=400)
    return JsonResponse({"url": default_storage.url(name)})


# The smallest transparent GIF: what the <noscript> beacon image receives.
TRANSPARENT_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAAAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")


# Exempt from CSRF: the page may come from a cache with no token in it. Only
# requests from our own pages count (news/counters.py), so another site's form
# or image gets the count and adds nothing.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def view_beacon(request, pk):
    """Count a view of article `pk` (see news/counters.py) and answer with its count.

    POST (the page's script) gets JSON {"views": n, "counted": bool}; GET (the
    <noscript> image) gets a 1x1 GIF; HEAD counts nothing.
    """
    if not Article.objects.published().filter(pk=pk).exists():
        raise Http404("没有这篇文章。")
    counted, views, recent = counters.count_beacon(request, pk)
    if request.method == "POST":
        response = JsonResponse({"views": views, "counted": counted})
    else:
        response = HttpResponse(TRANSPARENT_GIF, content_type="image/gif")
    response["X-Robots-Tag"] = "noindex"
    if counted:
        recent.set_cookie(response, request)
    return response


class RankView(TemplateView):
    """点击排行: the 日 / 周 / 月 / 总 rankings on one page."""

    template_name = "news/rank.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rankings=rankings.all_rankings(), **kwargs)
