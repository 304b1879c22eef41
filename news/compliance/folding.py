"""Folding text so that a listed word is found however it is written.

Each character is folded on its own, so a position in the folded text is the
same position in the original: full-width forms become half-width and
compatibility forms their plain character (NFKC, where that gives one
character), letters lower case, and traditional characters simplified with
OpenCC's character table (t2s). Spaces, punctuation, symbols, control and
format characters (zero-width space, joiners, BOM, soft hyphen), combining
marks, lone surrogates and the invisible Hangul fillers are *ignorable*: they fold to NUL and
are skipped when matching, so `敏 感`, `敏.感` and `敏\u200b感` all read `敏感`.
"""

import bisect
import functools
import itertools
import re
import unicodedata

import opencc

IGNORED = "\x00"
# Letters that render as nothing, used to split words without a visible gap.
_INVISIBLE_LETTERS = "\u115f\u1160\u3164\uffa0"
_IGNORED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Mn", "Me"})  # Cs: lone surrogates, never text
# The code points whose folding is worked out once per process: the BMP, the
# emoji and symbol planes' blocks, tag characters and variation selectors.
_FOLDED_RANGES = [(0x0000, 0xFFFF), (0x1F000, 0x1FBFF), (0xE0000, 0xE01EF)]
# Han characters OpenCC may simplify: the BMP blocks and extensions B to F.
_HAN_RANGES = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2EBEF)]
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _is_ignorable(char):
    category = unicodedata.category(char)
    return category[0] in "PZS" or category in _IGNORED_CATEGORIES or char in _INVISIBLE_LETTERS


def _width_and_case(char):
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) != 1:  # 「㈱」 is three characters in NFKC: kept as it is.
        folded = char
    lower = folded.lower()
    return lower if len(lower) == 1 else folded


@functools.cache
def _simplified():
    """{traditional character: simplified character} from OpenCC's t2s conversion."""
    chars = [chr(code) for start, end in _HAN_RANGES for code in range(start, end + 1)]
    # One call for all of them; the newlines keep OpenCC from reading phrases.
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return {char: simple for char, simple in zip(chars, converted, strict=True) if simple != char and len(simple) == 1}


@functools.cache
def table():
    """The str.translate table of every character that folds to something else."""
    simplified = _simplified()
    folds = {}
    codes = itertools.chain.from_iterable(range(start, end + 1) for start, end in _FOLDED_RANGES)
    beyond = (ord(char) for char in simplified if ord(char) > _FOLDED_RANGES[0][1])
    for code in itertools.chain(codes, beyond):
        char = chr(code)
        folded = _width_and_case(char)
        folded = simplified.get(folded, folded)
        if _is_ignorable(char) or _is_ignorable(folded):
            folds[code] = IGNORED
        elif folded != char:
            folds[code] = folded
    return folds


def fold_word(word):
    """A listed word as the matcher stores it: folded, ignorable characters left out."""
    return fold(word).replace(IGNORED, "")


def is_word_char(char):
    """ASCII letters and digits: a listed Latin word must not be part of a longer one."""
    return char.isascii() and char.isalnum()


def fold(text):
    """`text` folded character by character: the same length, ignorable characters as NUL."""
    # A list indexed by code point translates twice as fast as the dict (no
    # KeyError per unchanged character); the dict serves text beyond the BMP.
    if _ASTRAL.search(text):
        return text.translate(table())
    return text.translate(_bmp_table())


@functools.cache
def _bmp_table():
    folds = table()
    return [folds.get(code, chr(code)) for code in range(0x10000)]


class FoldedText:
    """A text folded for matching, with the way back to the original positions.

    `compact` is the folded text without its ignorable characters; `span()`
    turns a range of `compact` into the range of the original text it came
    from, separators inside it included.
    """

    def __init__(self, text):
        self.folded = fold(text)
        runs = self.folded.split(IGNORED)
        self.compact = "".join(runs)
        self._run_ends = list(itertools.accumulate(map(len, runs)))

    def _original(self, index):
        # One ignored character ends each run: the k-th run sits k places further on.
        return index + bisect.bisect_right(self._run_ends, index)

    def span(self, start, end):
        """The original (start, end) of compact[start:end]."""
        return self._original(start), self._original(end - 1) + 1

    def stands_alone(self, start, end):
        """True unless the original span continues a Latin word on either side."""
        before = self.folded[start - 1] if start else ""
        after = self.folded[end] if end < len(self.folded) else ""
        return not (
            (is_word_char(self.folded[start]) and is_word_char(before))
            or (is_word_char(self.folded[end - 1]) and is_word_char(after))
        )
