from django.views.generic import DetailView

from .models import FooterPage


class FooterPageView(DetailView):
    template_name = "portal/footer_page.html"
    context_object_name = "page"

    def get_queryset(self):
        return FooterPage.objects.published()
