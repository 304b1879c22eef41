"""A sanitised body as blocks of text, for matching and for rewriting its text only.

The body is parsed with lxml's HTML parser. Its text is read block by block
(a paragraph, heading, list item, table cell, caption); inline elements
(strong, a, span, br …) do not break a block, so `敏<b>感</b>` is one word.
Each block keeps the text nodes ("slots") it is made of, so that a match in
the block's text maps back to the nodes it covers and a rewrite changes text
nodes only, never a tag or an attribute.
"""

import html
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

INLINE_TAGS = frozenset(
    {
        *("a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img", "ins", "kbd"),
        *("mark", "picture", "q", "s", "samp", "small", "source", "span", "strong", "sub", "sup", "time"),
        *("u", "var", "wbr"),
    }
)
# Text that must not become a keyword link: links, headings, captions, code.
NO_LINK_TAGS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "pre", "code"})


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


class Body:
    """A parsed body: its `blocks` in reading order and `serialize()` after a rewrite."""

    def __init__(self, value):
        self.root = lxml.html.fragment_fromstring(value, create_parent="div")
        self.blocks = list(_blocks(self.root))

    @property
    def text(self):
        """The text `check()` reads and its positions count in: the blocks, a line each."""
        return "\n".join(block.text for block in self.blocks)

    def text_blocks(self):
        return [block for block in self.blocks if not block.is_alt]

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
    current = Block()
    # The tags of the open elements, innermost last.
    open_elements = []

    def append(element, attribute, text):
        nonlocal current
        if text:
            linkable = not any(tag in NO_LINK_TAGS for tag in open_elements)
            current.slots.append(Slot(element, attribute, len(current.text), text, linkable))
            current.text += text

    def close_block():
        nonlocal current
        if current.text.strip():
            yield current
        current = Block()

    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None:  # a comment or processing instruction: not text
            if event == "end":
                append(element, "tail", element.tail)
            continue
        block_level = tag not in INLINE_TAGS
        if event == "start":
            if block_level:
                yield from close_block()
            open_elements.append(tag)
            append(element, "text", element.text)
            if tag == "img" and (alt := element.get("alt", "").strip()):
                yield Block(text=alt, is_alt=True)
        else:
            open_elements.pop()
            if block_level:
                yield from close_block()
            if element is not root:
                append(element, "tail", element.tail)
    yield from close_block()
