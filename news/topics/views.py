"""The reader's 专题 pages: the index and one topic."""

from django.http import Http404
from django.shortcuts import render
from django.views.generic import DetailView, ListView

from ..models import Article
from ..thumbnails import attach_thumbnails
from .models import Topic

PAGE_SIZE = 20


class TopicListView(ListView):
    template_name = "news/topic_list.html"
    context_object_name = "topics"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Topic.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        return context


class TopicDetailView(DetailView):
    template_name = "news/topic_detail.html"
    context_object_name = "topic"

    def get_queryset(self):
        return Topic.objects.visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A withdrawn topic is gone for good, and says so to readers and search engines.
            if Topic.objects.filter(slug=kwargs["slug"], status=Topic.Status.WITHDRAWN).exists():
                return render(request, "news/topic_gone.html", status=410)
            raise

    def get_context_data(self, **kwargs):
        sections = self.object.section_lists()
        for _section, articles in sections:
            attach_thumbnails(articles, "list")
        return super().get_context_data(
            is_preview=not self.object.is_published() and Article.may_preview(self.request.user),
            sections=sections,
            **kwargs,
        )
