"""Mark the query's words in a title or a snippet of text, HTML-escaped.

Matching runs on the normalised text (full-width and case folded, as the index
sees it) while the output keeps the original characters, so 「ＧＤＰ」 in an
article is marked for the query "gdp".
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 120


class _Folds(dict):
    """str.translate table: each character's NFKC-and-lower-case form, computed once per character.

    Characters whose form is not one character long are also kept in
    `irregular`: text without any of them folds one character for one, so
    its positions need no map back to the original.
    """

    def __init__(self):
        super().__init__()
        self.irregular = set()

    def __missing__(self, code):
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).lower()
        if len(folded) != 1:
            self.irregular.add(char)
        self[code] = folded
        return folded


_FOLDS = _Folds()


def _normalized(text):
    """The normalised text and, for each of its characters, the index of the original one."""
    folded = text.translate(_FOLDS)
    if _FOLDS.irregular.isdisjoint(text):
        # One character for one (full-width punctuation, Latin capitals): a
        # search page folds twenty bodies, and a loop per character cost a
        # third of its time.
        return folded, range(len(text))
    chars, origin = [], []
    for index, char in enumerate(text):
        folded = _FOLDS[ord(char)]
        chars.append(folded)
        origin.extend([index] * len(folded))
    return "".join(chars), origin


def _spans(text, terms):
    """(start, end) ranges of `text` where one of `terms` occurs, merged and in order."""
    if not terms or not text:
        return []
    folded, origin = _normalized(text)
    # Longest first, so that 燃料电池 wins over 燃料 where both would match.
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)))
    spans = []
    for match in pattern.finditer(folded):
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _render(text, spans, offset=0):
    parts, position = [], offset
    for start, end in spans:
        parts.append(escape(text[position - offset : start - offset]))
        parts.append(f"<mark>{escape(text[start - offset : end - offset])}</mark>")
        position = end
    parts.append(escape(text[position - offset :]))
    return mark_safe("".join(parts))  # every piece of text went through escape()


def highlight(text, terms):
    """`text` escaped, with every occurrence of `terms` in <mark>."""
    return _render(text, _spans(text, terms))


def snippet(text, terms, length=SNIPPET_LENGTH):
    """About `length` characters of `text` around the first match, escaped and marked."""
    spans = _spans(text, terms)
    start = 0
    if spans:
        # Some context before the first match, never cutting it off.
        start = max(0, min(spans[0][0] - length // 4, len(text) - length))
    end = min(len(text), start + length)
    inside = [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]
    html = _render(text[start:end], inside, offset=start)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # _render escaped the text
