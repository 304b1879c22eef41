from .models import SiteSettings


def site(request):
    """The site settings on every page; the blocks come from template tags, cached."""
    return {"site": SiteSettings.load()}
