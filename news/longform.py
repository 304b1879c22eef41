"""Long articles: a body split into pages at its page breaks, and a table of contents of its sub-headings.

The body is stored as CKEditor wrote it (sanitised, page breaks kept as
`sanitizer.PAGE_BREAK`); pages and heading anchors are made when the page is
rendered, so an editor never sees generated ids and old articles get them too.
"""

import html
import re
from dataclasses import dataclass
from functools import cached_property

from .sanitizer import split_pages

# A table of contents helps once there are this many sub-headings.
CONTENTS_MIN_HEADINGS = 3

# Sub-headings as the sanitiser leaves them: <h2> or <h3>, with at most a style attribute.
_HEADING = re.compile(r"<(h[23])((?:\s[^>]*)?)>(.*?)</\1>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


ALL_PAGES = "all"


def page_number(value, num_pages):
    """The page a `?page=` value asks for: 1 when absent, None for 全文; ValueError for no such page."""
    if value is None:
        return 1
    if value == ALL_PAGES:
        return None if num_pages > 1 else 1
    number = int(value) if value.isdigit() else 0
    if not 1 <= number <= num_pages:
        raise ValueError(f"no page {value!r}")
    return number


def page_url(url, number):
    """The address of page `number` of the article at `url`: the first page has no query; None is 全文."""
    if number == 1:
        return url
    return f"{url}?page={ALL_PAGES if number is None else number}"


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    page: int


class Reading:
    """An article body as a reader meets it: pages (numbered from 1) and its sub-headings.

    Counting the pages is a split; anchors and headings are made only when a
    page is rendered (a cached page needs neither).
    """

    def __init__(self, body):
        self._pages = split_pages(body)
        self.num_pages = len(self._pages)

    @cached_property
    def _anchored(self):
        headings = []

        def add_id(match, number):
            tag, attributes, inner = match.groups()
            anchor = f"heading-{len(headings) + 1}"
            headings.append(Heading(int(tag[1]), html.unescape(_TAG.sub("", inner)).strip(), anchor, number))
            return f'<{tag} id="{anchor}"{attributes}>{inner}</{tag}>'

        pages = [
            _HEADING.sub(lambda match, number=number: add_id(match, number), page)
            for number, page in enumerate(self._pages, start=1)
        ]
        return pages, headings

    def page(self, number):
        """Page `number`'s HTML, its sub-headings anchored; None (the 全文 view) joins all pages."""
        pages, _headings = self._anchored
        return "".join(pages) if number is None else pages[number - 1]

    def at(self, number):
        """Page `number` (None: 全文), its HTML made when first read."""
        return ReadingPage(self, number)

    def contents(self):
        """The sub-headings for a table of contents, or [] when there are too few to need one."""
        _pages, headings = self._anchored
        return headings if len(headings) >= CONTENTS_MIN_HEADINGS else []

    def contents_links(self, url, number):
        """[(heading, href)] for the table of contents shown on page `number` of the article at `url`."""
        return [
            (heading, f"{'' if number in (None, heading.page) else page_url(url, heading.page)}#{heading.anchor}")
            for heading in self.contents()
        ]


class ReadingPage:
    def __init__(self, reading, number):
        self.reading, self.number = reading, number

    @cached_property
    def html(self):
        return self.reading.page(self.number)
