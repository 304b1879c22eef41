"""What saving does to a body: 替换 words replaced, 内链 keywords linked.

Both take a body as `clean_html()` returns it and give back sanitised HTML;
they change text nodes only (markup.Body), never a tag or an attribute, and
return the body untouched when there is nothing to do.
"""

from django.conf import settings
from django.urls import reverse
from taggit.models import Tag

from ..sanitizer import clean_html
from .markup import parse
from .matcher import Level, current_matcher
from .models import TAG_PREFIX


def apply_replacements(html, *, matcher=None):
    """`html` with every 替换 word in its text replaced by the entry's replacement."""
    body = parse(html)
    if body is None:
        return html
    matcher = matcher or current_matcher()
    found = body.rewritable(matcher, Level.REPLACE)
    # From the last to the first, so that the earlier positions still hold.
    for block, start, end, entry in reversed(found):
        _replace(block, start, end, entry.replacement)
    return clean_html(body.serialize()) if found else html


def add_keyword_links(html, max_links=None, *, matcher=None):
    """`html` with the first linkable occurrence of each 内链 keyword made a link to its page.

    At most `max_links` keyword links per body (settings.KEYWORD_LINKS_PER_ARTICLE
    by default), counting those already there: a keyword whose page the body
    links to already is not linked again, so saving twice changes nothing.
    Never inside a link, heading, caption or code, nor across inline tags.
    """
    if max_links is None:
        max_links = settings.KEYWORD_LINKS_PER_ARTICLE
    body = parse(html)
    if body is None or max_links <= 0:
        return html
    matcher = matcher or current_matcher()
    candidates = body.rewritable(matcher, Level.LINK)
    hrefs = _hrefs({entry for *_place, entry in candidates})
    present = body.hrefs()
    linked = {entry.id for *_place, entry in candidates if hrefs.get(entry) in present}
    chosen = []
    for block, start, end, entry in candidates:
        if len(linked) >= max_links:
            break
        slot = _slot_holding(block, start, end)
        if entry.id in linked or hrefs.get(entry) is None or slot is None:
            continue
        linked.add(entry.id)
        chosen.append((slot, start - slot.start, end - slot.start, hrefs[entry]))
    # From the last to the first, so that a slot split later keeps its earlier text.
    for slot, start, end, href in reversed(chosen):
        slot.insert_link(start, end, href)
    return clean_html(body.serialize()) if chosen else html


def _replace(block, start, end, replacement):
    """Replace block.text[start:end] in the text runs it covers: the first takes the replacement.

    Runs before `start` are untouched, so replacing from the last match to the
    first keeps every earlier match's positions.
    """
    first = True
    for slot in block.slots:
        if slot.end <= start or slot.start >= end:
            continue
        head = slot.text[: max(start - slot.start, 0)]
        tail = slot.text[min(end - slot.start, len(slot.text)) :]
        slot.write(head + (replacement if first else "") + tail)
        first = False


def _slot_holding(block, start, end):
    """The one linkable text node holding the whole of block.text[start:end], or None."""
    for slot in block.slots:
        if slot.start <= start and end <= slot.end:
            return slot if slot.linkable else None
    return None


def _hrefs(entries):
    """{entry: URL} of 内链 entries; a tag page that does not exist gives no link."""
    targets = {entry: entry.target or TAG_PREFIX + entry.word for entry in entries}
    names = [target.removeprefix(TAG_PREFIX) for target in targets.values() if target.startswith(TAG_PREFIX)]
    slugs = dict(Tag.objects.filter(name__in=names).values_list("name", "slug")) if names else {}
    hrefs = {}
    for entry, target in targets.items():
        if not target.startswith(TAG_PREFIX):
            hrefs[entry] = target
        elif slug := slugs.get(target.removeprefix(TAG_PREFIX)):
            hrefs[entry] = reverse("news:tag", kwargs={"slug": slug})
    return hrefs
