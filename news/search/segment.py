"""Chinese word segmentation for the search index and for queries.

SQLite's and PostgreSQL's tokenisers treat a run of Chinese characters as one
word, so we segment the text ourselves (rjieba, the Rust port of jieba) and
hand the databases words separated by spaces. Index and query go through the
same normalisation, so that full-width ＡＢＣ１２３ finds abc123 and case does
not matter.
"""

import functools
import re
import unicodedata

import rjieba

# Longest query we segment; longer input is cut rather than refused.
MAX_QUERY_LENGTH = 100
# Most words a query keeps: each one is a term every result must contain.
MAX_QUERY_TERMS = 12
# Longest body text we index: no news article comes near it, and it keeps a
# pasted book from exceeding PostgreSQL's 1 MB tsvector limit.
MAX_DOCUMENT_LENGTH = 100_000

# Letters and digits; punctuation, symbols, emoji and spaces separate words.
_WORD = re.compile(r"[^\W_]+")
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Full-width forms, the ideographic space and the ellipsis: the characters of Chinese text
# that NFKC changes. Replacing one by its NFKC form leaves the NFKC of the whole unchanged.
_FULL_WIDTH = re.compile(r"[\uff01-\uff5e\u3000\u2026]+")

# Words so common in Chinese that requiring them would only narrow a query by
# accident ("的开发区" should find 开发区). Dropped from queries, not from the index.
STOP_WORDS = frozenset("的 了 和 与 及 或 是 在 也 就 都 而 之 其 这 那 个 把 被 对 从 为".split())


def normalize(text):
    """NFKC (full-width letters and digits become half-width) and lower case."""
    text = text or ""
    # Chinese text is never NFKC as written: its punctuation （，：） is full-width. Normalising
    # those runs alone, and the rest only when the quick check still finds a change, is the
    # same text at a third of the cost of normalising the whole (bench/import_speed.py).
    text = _FULL_WIDTH.sub(_nfkc, text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _nfkc(match):
    return unicodedata.normalize("NFKC", match[0])


def _words(pieces):
    for piece in pieces:
        yield from _WORD.findall(piece)


def _with_parts(word):
    """A word and, for a Chinese word of three or more characters, every two-character part of it (a tuple).

    jieba's search mode adds only the parts its dictionary knows (燃料电池:
    燃料, 电池); words it does not know, new terms above all, would stay
    whole, and 托育 would not find 托育室. Parts never cross the boundary of a
    word, so 研究生 still does not find 研究生命.
    """
    if len(word) <= 2 or not _CHINESE.fullmatch(word):
        return (word,)
    # The longer parts the dictionary knows (中华人民共和国: 共和国), then every pair.
    known = [part for part in rjieba.cut_for_search(word) if 2 < len(part) < len(word)]
    return (word, *known, *(word[start : start + 2] for start in range(len(word) - 1)))


def document(text):
    """`text` as the index stores it: its words, with their parts, separated by spaces."""
    pieces = rjieba.cut(normalize(text[:MAX_DOCUMENT_LENGTH]))
    return " ".join(filter(None, map(_piece_text, pieces)))


def document_words(text):
    """Every word of `text` for the index, with its parts: 燃料电池 also yields 燃料, 料电 and 电池."""
    return document(text).split()


@functools.lru_cache(maxsize=200_000)
def _piece_text(piece):
    """The words (with their parts) of one piece jieba cut, as the index stores them, cached: a
    language has far fewer words than a text has pieces, and this was most of the cost of indexing."""
    return " ".join(part for word in _WORD.findall(piece) for part in _with_parts(word))


def query_terms(text):
    """The words of a query, in order, without repeats or stop words (unless nothing else is left)."""
    words = list(dict.fromkeys(_words(rjieba.cut(normalize(text[:MAX_QUERY_LENGTH])))))
    terms = [word for word in words if word not in STOP_WORDS] or words
    return terms[:MAX_QUERY_TERMS]
