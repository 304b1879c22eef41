"""A sanitised body as blocks of text, for matching and for rewriting its text only.

The body is read with the standard library's HTML parser (html.parser) as a
stream of tags and text. Its text is read block by block (a paragraph,
heading, list item, table cell, caption); inline elements (strong, a, span,
br …) do not break a block, so `敏<b>感</b>` is one word. Each block keeps the
text runs ("slots") it is made of, so that a match maps back to the runs it
covers and a rewrite changes text only: every tag is written back exactly as
it came, attributes included.

A tree parser would not do: lxml (libxml2) silently drops everything nested
deeper than 256 elements, which would hide words from the check.
"""

import bisect
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .matcher import leftmost_longest

INLINE_TAGS = frozenset(
    {
        *("a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img", "ins", "kbd"),
        *("mark", "picture", "q", "s", "samp", "small", "source", "span", "strong", "sub", "sup", "time"),
        *("u", "var", "wbr"),
    }
)
VOID_TAGS = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Text that must not become a keyword link: links, headings, captions, code.
NO_LINK_TAGS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "pre", "code"})
# Between blocks when the body is matched in one go: PARAGRAPH SEPARATOR is
# ignorable, so it adds nothing to a word, and no match may cross it.
BLOCK_SEPARATOR = "\u2029"
# Lone surrogates (a JSON escape can make one) cannot be written out: U+FFFD instead.
_SURROGATE = re.compile("[\ud800-\udfff]")


class Text:
    """A run of text between two tags: `text` may still be rewritten, `after` is markup already written."""

    __slots__ = ("text", "after")

    def __init__(self, text):
        self.text, self.after = text, ""

    def __str__(self):
        return html.escape(self.text, quote=False) + self.after


@dataclass(slots=True)
class Slot:
    """One text run, at `start` in its block's text."""

    run: Text
    start: int
    linkable: bool

    @property
    def text(self):
        return self.run.text

    @property
    def end(self):
        return self.start + len(self.run.text)

    def write(self, text):
        self.run.text = text

    def insert_link(self, start, end, href):
        """Make text[start:end] a link to `href`: the text after it becomes markup, the text before stays."""
        text = self.run.text
        link = f'<a href="{html.escape(href)}">{html.escape(text[start:end], quote=False)}</a>'
        self.run.after = link + html.escape(text[end:], quote=False) + self.run.after
        self.run.text = text[:start]


@dataclass
class Block:
    slots: list = field(default_factory=list)
    text: str = ""
    # Image descriptions (alt) are read for checking, never rewritten.
    is_alt: bool = False
    # Where the block starts in Body.text, and its number among the body's
    # paragraphs (or images, for an alt): set by Body.
    offset: int = 0
    number: int = 0

    @property
    def end(self):
        return self.offset + len(self.text)


class Body:
    """A parsed body: its `blocks` in reading order, and `serialize()` after a rewrite."""

    def __init__(self, value):
        reader = _Reader()
        reader.feed(_SURROGATE.sub("\ufffd", value))
        reader.close()
        self.tokens, self.blocks, self._hrefs = reader.tokens, reader.blocks, reader.hrefs
        offset, counts = 0, {False: 0, True: 0}
        for block in self.blocks:
            counts[block.is_alt] += 1
            block.offset, block.number = offset, counts[block.is_alt]
            offset = block.end + 1
        self._starts = [block.offset for block in self.blocks]

    @property
    def text(self):
        """The text `check()` reads and its positions count in: the blocks, a line each."""
        return "\n".join(block.text for block in self.blocks)

    def block_at(self, position):
        return self.blocks[bisect.bisect_right(self._starts, position) - 1]

    def matches(self, matcher, levels=None):
        """Matches of the listed words in `text`, in order; none spans two blocks."""
        joined = BLOCK_SEPARATOR.join(block.text for block in self.blocks)
        return [
            match for match in matcher.find(joined, levels) if BLOCK_SEPARATOR not in joined[match.start : match.end]
        ]

    def rewritable(self, matcher, level):
        """(block, start, end, entry) of the `level` words to rewrite, in order.

        Paragraph text only (not image descriptions), overlapping matches
        resolved leftmost-longest, start and end within the block's text.
        """
        found = []
        for match in leftmost_longest(self.matches(matcher, {level})):
            block = self.block_at(match.start)
            if not block.is_alt:
                found.append((block, match.start - block.offset, match.end - block.offset, match.entry(level)))
        return found

    def hrefs(self):
        return set(self._hrefs)

    def serialize(self):
        return "".join(map(str, self.tokens))


def parse(value):
    """The Body of `value`, or None when it holds no markup or text to read."""
    if not value or not value.strip():
        return None
    return Body(value)


class _Reader(HTMLParser):
    """Tokens (markup as written, Text runs) and the blocks of text they make."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens, self.blocks, self.hrefs = [], [], []
        self._slots, self._length = [], 0
        self._open = []  # the open elements' tags, innermost last
        self._unlinkable = 0  # how many of them forbid links

    def handle_starttag(self, tag, attrs):
        self.tokens.append(self.get_starttag_text())
        if tag not in INLINE_TAGS:
            self._close_block()
        if tag == "img" and (alt := (dict(attrs).get("alt") or "").strip()):
            self.blocks.append(Block(text=alt, is_alt=True))
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)
        if tag not in VOID_TAGS:
            self._open.append(tag)
            self._unlinkable += tag in NO_LINK_TAGS

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:  # <span/>: closed at once
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        self.tokens.append(f"</{tag}>")
        if tag not in INLINE_TAGS:
            self._close_block()
        if self._open and self._open[-1] == tag:
            self._open.pop()
            self._unlinkable -= tag in NO_LINK_TAGS
        elif tag in self._open:  # elements left open inside (not in sanitised HTML) close with it
            while (closed := self._open.pop()) != tag:
                self._unlinkable -= closed in NO_LINK_TAGS
            self._unlinkable -= tag in NO_LINK_TAGS

    def handle_data(self, data):
        run = Text(data)
        self.tokens.append(run)
        self._slots.append(Slot(run, self._length, not self._unlinkable))
        self._length += len(data)

    def _markup(self, raw):
        self.tokens.append(raw)

    def handle_comment(self, data):
        self._markup(f"<!--{data}-->")

    def handle_decl(self, decl):
        self._markup(f"<!{decl}>")

    def handle_pi(self, data):
        self._markup(f"<?{data}>")

    def unknown_decl(self, data):
        self._markup(f"<![{data}]>")

    def close(self):
        super().close()
        self._close_block()

    def _close_block(self):
        if self._slots:
            text = "".join(slot.text for slot in self._slots)
            if text.strip():
                self.blocks.append(Block(self._slots, text))
            self._slots, self._length = [], 0
