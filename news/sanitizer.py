"""The one HTML allow-list for article bodies and footer pages.

The admin form, the importers and the model's save() all go through
`clean_html`, so an article body is safe to render with `|safe` wherever it
came from.
"""

import html
import re

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "del",
        "ins",
        "sub",
        "sup",
        "mark",
        "small",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "code",
        "span",
        "figure",
        "figcaption",
        "img",
        "picture",
        "source",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "colgroup",
        "col",
    }
)

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "source": {"srcset", "type", "media"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed"},
    # text-align only (ALLOWED_STYLE_PROPERTIES), turned into a class below.
    "p": {"style"},
    "h2": {"style"},
    "h3": {"style"},
    "h4": {"style"},
}

# Text alignment as classes: the Content-Security-Policy (style-src 'self')
# blocks inline styles, so `text-align` pasted from elsewhere becomes the class
# CKEditor's alignment button writes (settings.CKEDITOR_5_CONFIGS).
ALIGNMENTS = ("left", "center", "right", "justify")
ALIGNMENT_CLASSES = {f"text-{name}" for name in ALIGNMENTS}

# CKEditor 5 marks image alignment and tables with these classes only; any
# other class would let a body restyle the page.
ALLOWED_CLASSES = {
    "figure": {
        "image",
        "image_resized",
        "table",
        "image-style-align-left",
        "image-style-align-center",
        "image-style-align-right",
        "image-style-side",
        "image-style-block-align-left",
        "image-style-block-align-right",
    },
    "p": ALIGNMENT_CLASSES,
    "h2": ALIGNMENT_CLASSES,
    "h3": ALIGNMENT_CLASSES,
    "h4": ALIGNMENT_CLASSES,
}

# Text alignment is the only inline style an editor needs; widths, positions
# and colours pasted from other sites would break the layout.
ALLOWED_STYLE_PROPERTIES = frozenset({"text-align"})

URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Content of these tags is dropped entirely, not kept as text.
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"})

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=CLEAN_CONTENT_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    filter_style_properties=ALLOWED_STYLE_PROPERTIES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)

# nh3 writes each kept style as one double-quoted attribute holding text-align only.
_STYLE_ATTRIBUTE = re.compile(r'<(p|h[2-4])((?:\s[^>]*?)?)\sstyle="([^"]*)"')
_ALIGNMENT = re.compile(r"text-align:\s*(" + "|".join(ALIGNMENTS) + r")\b", re.I)

_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|blockquote|figcaption|tr|pre)>|<br\s*/?>", re.I)
# Sub-headings and captions label the text rather than say it: a summary skips them.
_NOT_PROSE = re.compile(r"<(h[1-6]|figcaption|table)\b.*?</\1>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
# Chinese is written without spaces: none between two CJK characters, none next
# to full-width punctuation. Latin words (and a Latin word next to Chinese) keep theirs.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CJK_PUNCTUATION = "\u3000-\u303f\ufe30-\ufe4f\uff00-\uffef"
# The space first: the pattern is then tried at spaces only, not at every character (15x faster).
_CJK_GAP = re.compile(f" (?:(?<=[{_CJK_PUNCTUATION}] )|(?=[{_CJK_PUNCTUATION}])|(?<=[{_CJK}] )(?=[{_CJK}]))")
# A sentence ends at 。！？!? (with any closing quotes or brackets), or at a Latin full stop before a space.
_SENTENCE = re.compile(r".+?(?:[。！？!?]+[”’」』）)\"']*|\.(?= )|$)")


# CKEditor 5's page break (its PageBreak plugin's data markup), written the one way we store it. WordPress
# marks the same with <!--nextpage-->. A div of that class with any content is not a page break.
PAGE_BREAK = '<div class="page-break" style="page-break-after:always"><span style="display:none">&nbsp;</span></div>'
_PAGE_BREAK_INPUT = re.compile(
    r"""<div\b[^>]*\bclass\s*=\s*(?:"(?:[^"]*\s)?page-break(?:\s[^"]*)?"|'(?:[^']*\s)?page-break(?:\s[^']*)?')[^>]*>"""
    r"\s*(?:<span\b[^>]*>(?:\s|&nbsp;|&#160;|\xa0)*</span\s*>)?\s*</div\s*>"
    r"|<!--\s*nextpage\s*-->",
    re.I,
)


def clean_html(value):
    """Return `value` reduced to the allow-list: no scripts, handlers or javascript: URLs.

    Page breaks are kept, as PAGE_BREAK between pages that are each cleaned (and
    so balanced) on their own; empty pages are dropped.
    """
    if not value:
        return ""
    pages = (_clean_page(page) for page in _PAGE_BREAK_INPUT.split(value))
    return PAGE_BREAK.join(page for page in pages if page)


def _clean_page(value):
    return _STYLE_ATTRIBUTE.sub(_alignment_class, _cleaner.clean(value)).strip()


def _alignment_class(match):
    tag, attributes, style = match.groups()
    alignment = _ALIGNMENT.search(style)
    if alignment is None or "class=" in attributes:
        return f"<{tag}{attributes}"
    return f'<{tag}{attributes} class="text-{alignment[1].lower()}"'


def split_pages(value):
    """The pages of a body that clean_html() returned: one string per page, at least one."""
    return value.split(PAGE_BREAK) if value else [""]


def html_to_text(value):
    """Plain text of an HTML fragment, paragraphs separated by a space."""
    if not value:
        return ""
    return clean_html_text(clean_html(value))


def clean_html_text(value):
    """`html_to_text()` of HTML that clean_html() returned (a stored body), without cleaning it again."""
    text = _BLOCK_END.sub(" ", value)
    text = html.unescape(_TAG.sub("", text))
    # Every run of whitespace as one space, as \s+ would (str.split() is several times faster).
    return " ".join(text.split())


def prose_text(value):
    """The text a reader would quote from an HTML body: its paragraphs without
    sub-headings, captions or tables, joined as Chinese is written (no space
    between Chinese sentences, one between Latin words)."""
    # Cleaned once: taking whole elements out of clean HTML leaves it clean.
    text = clean_html_text(_NOT_PROSE.sub(" ", clean_html(value))) if value else ""
    return _CJK_GAP.sub("", text)


def summarize(value, length=120):
    """An automatic 核心提示 for an HTML body: its first whole sentences.

    It never repeats a short article above itself: a body of at most `length`
    characters (a news flash) gets no automatic summary (""), and a longer one
    gets whole sentences up to `length` characters and at most a third of its
    text, or none when its first sentence is longer than that. A long body
    whose first sentences do not fill two thirds of the allowance is cut at
    `length` with "…" instead.
    """
    text = prose_text(value)
    if len(text) <= length:
        return ""
    limit = min(length, len(text) // 3)
    summary = ""
    # finditer: the first sentences only, not the whole body's.
    for match in _SENTENCE.finditer(text):
        sentence = match.group()
        if len(summary) + len(sentence.rstrip()) > limit:
            break
        summary += sentence
    summary = summary.strip()
    if limit == length and len(summary) < length * 2 // 3:
        return text[:length].rstrip("，,、：:；;　 ") + "…"
    return summary
