"""A sanitised body as blocks of text, for matching and for rewriting its text only.

The body is parsed with lxml's HTML parser. Its text is read block by block
(a paragraph, heading, list item, table cell, caption); inline elements
(strong, a, span, br …) do not break a block, so `敏<b>感</b>` is one word.
Each block keeps the text nodes ("slots") it is made of, so that a match in
the block's text maps back to the nodes it covers and a rewrite changes text
nodes only, never a tag or an attribute.
"""

import bisect
import html
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from .matcher import leftmost_longest

INLINE_TAGS = frozenset(
    {
        *("a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img", "ins", "kbd"),
        *("mark", "picture", "q", "s", "samp", "small", "source", "span", "strong", "sub", "sup", "time"),
        *("u", "var", "wbr"),
    }
)
# Text that must not become a keyword link: links, headings, captions, code.
NO_LINK_TAGS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "pre", "code"})
# Between blocks when the body is matched in one go: PARAGRAPH SEPARATOR is
# ignorable, so it adds nothing to a word, and no match may cross it.
BLOCK_SEPARATOR = "\u2029"
# lxml's plain HTML parser: lxml.html's element classes cost a Python call per
# element and we use none of their methods.
_PARSER = lxml.etree.HTMLParser()


@dataclass
class Slot:
    """One text node: `element.text` or `element.tail`, at `start` in its block's text."""

    element: lxml.etree._Element
    attribute: str
    start: int
    text: str
    linkable: bool

    @property
    def end(self):
        return self.start + len(self.text)

    def write(self, text):
        setattr(self.element, self.attribute, text)


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
        self.root = lxml.html.fragment_fromstring(value, create_parent="div", parser=_PARSER)
        self.blocks = list(_blocks(self.root))
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
        return {element.get("href") for element in self.root.iter("a") if element.get("href")}

    def serialize(self):
        return html.escape(self.root.text or "", quote=False) + "".join(
            lxml.html.tostring(child, encoding="unicode") for child in self.root
        )


def parse(value):
    """The Body of `value`, or None when it holds no markup or text to read."""
    if not value or not value.strip():
        return None
    return Body(value)


def _blocks(root):
    """Blocks of `root` in document order (image descriptions as blocks of their own)."""
    blocks, slots, length = [], [], 0
    unlinkable = 0  # open elements whose text must not become a link

    def add(element, attribute, text):
        nonlocal length
        slots.append(Slot(element, attribute, length, text, not unlinkable))
        length += len(text)

    def close_block():
        nonlocal slots, length
        if slots:
            text = "".join(slot.text for slot in slots)
            if text.strip():
                blocks.append(Block(slots, text))
            slots, length = [], 0

    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):  # a comment or processing instruction: only its tail is text
            if event == "end" and element.tail:
                add(element, "tail", element.tail)
            continue
        if event == "start":
            if tag not in INLINE_TAGS:
                close_block()
            unlinkable += tag in NO_LINK_TAGS
            if element.text:
                add(element, "text", element.text)
            if tag == "img" and (alt := (element.get("alt") or "").strip()):
                blocks.append(Block(text=alt, is_alt=True))
        else:
            unlinkable -= tag in NO_LINK_TAGS
            if tag not in INLINE_TAGS:
                close_block()
            if element.tail and element is not root:
                add(element, "tail", element.tail)
    close_block()
    return blocks
