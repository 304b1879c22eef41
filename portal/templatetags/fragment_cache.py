"""`{% cached_fragment %}`: rendered HTML cached under the content version.

    {% load fragment_cache %}
    {% cached_fragment "header" current_category.pk timeout=60 %} ... {% endcached_fragment %}

The frame and the sidebar are the same on nearly every page; re-rendering them
costs dozens of reverse() calls and inclusion tags per request. This tag keeps
their HTML in the cache through `portal.caching.cached`, so it is invalidated
exactly like the data blocks: any content change bumps the version, and no
entry outlives the next scheduled publication or promotion change. Everything
after the name is what the fragment varies on (its key includes them);
`timeout=` caps its life further (for blocks with their own shorter cache,
like the ranking). Only put request-independent HTML in a fragment: the key
holds neither the host nor the user.
"""

import hashlib

from django import template
from django.utils.safestring import mark_safe

from portal.caching import DEFAULT_TIMEOUT, cached

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, timeout):
        self.nodelist, self.name, self.vary_on, self.timeout = nodelist, name, vary_on, timeout

    def render(self, context):
        name = self.name.resolve(context)
        vary = "\x1f".join(str(value.resolve(context)) for value in self.vary_on)
        digest = hashlib.md5(vary.encode(), usedforsecurity=False).hexdigest()
        timeout = DEFAULT_TIMEOUT if self.timeout is None else self.timeout.resolve(context)
        try:
            timeout = int(timeout)
        except (TypeError, ValueError):
            message = f"cached_fragment {name!r}: timeout={timeout!r} is not a number of seconds"
            raise template.TemplateSyntaxError(message) from None
        return mark_safe(cached(f"fragment:{name}:{digest}", lambda: str(self.nodelist.render(context)), timeout))


@register.tag
def cached_fragment(parser, token):
    """{% cached_fragment "name" [vary_on ...] [timeout=seconds] %} ... {% endcached_fragment %}"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name: {{% {bits[0]} \"name\" %}}")
    timeout = None
    if bits[-1].startswith("timeout="):
        timeout = parser.compile_filter(bits.pop().removeprefix("timeout="))
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
        timeout,
    )
