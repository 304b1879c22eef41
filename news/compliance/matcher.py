"""The one matcher for every word list: an Aho–Corasick automaton over folded words.

ahocorasick-rs (Rust's aho-corasick crate), not pyahocorasick: pyahocorasick
walks a trie node's children one by one, and the root of a Chinese list has
thousands, so it checked a 10,000-character article in 19 ms, this in 0.25.

`current_matcher()` returns this process's matcher, built once from the
enabled lists and built again when the lists' stamp (read from the database
on each call, one small query) shows that a list changed, in this worker or
in any other.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick_rs

from .folding import FoldedText, fold_word
from .models import DEFAULT_MASK, WordEntry, WordList

Level = WordEntry.Level
# Most severe first: a word listed twice reports its strictest level first.
SEVERITY = {level: rank for rank, level in enumerate([Level.BLOCK, Level.REVIEW, Level.REPLACE, Level.LINK])}


@dataclass(frozen=True)
class Entry:
    """One word-list entry as the matcher holds it."""

    id: int
    word: str
    level: str
    target: str
    list_name: str

    @property
    def replacement(self):
        """What a 替换 entry puts in the body: its target, or one ＊ a character."""
        return self.target or DEFAULT_MASK * len(self.word)


@dataclass(frozen=True)
class Match:
    """Where the text holds a listed word: text[start:end] (separators inside included)."""

    start: int
    end: int
    entries: tuple  # of Entry, the most severe first

    def entry(self, level):
        return next((entry for entry in self.entries if entry.level == level), None)


class Matcher:
    def __init__(self, entries, stamp=None):
        groups = defaultdict(list)
        for entry in entries:
            if key := fold_word(entry.word):
                groups[key].append(entry)
        self.stamp = stamp
        self.size = sum(map(len, groups.values()))
        for group in groups.values():
            group.sort(key=lambda entry: (SEVERITY[entry.level], entry.id))
        self._entries = [tuple(group) for group in groups.values()]
        self._automaton = ahocorasick_rs.AhoCorasick(list(groups)) if groups else None

    @classmethod
    def from_database(cls, stamp=None):
        """The matcher of the enabled lists, labelled with `stamp` (read before the entries)."""
        if stamp is None:
            stamp = WordList.objects.stamp()
        rows = WordEntry.objects.filter(word_list__in=[pk for pk, _version in stamp]).values_list(
            "pk", "word", "level", "target", "word_list__name"
        )
        return cls((Entry(*row) for row in rows.iterator(chunk_size=5000)), stamp=stamp)

    def find(self, text, levels=None):
        """Every listed word in `text` as Matches in the order they start, overlapping ones included.

        `levels` keeps only entries of those levels. A Latin word is found only
        where it stands alone (`ass` is not in `class`).
        """
        if self._automaton is None or not text:
            return []
        folded = FoldedText(text)
        matches = []
        for index, first, end in self._automaton.find_matches_as_indexes(folded.compact, overlapping=True):
            entries = self._entries[index]
            if levels is not None:
                entries = tuple(entry for entry in entries if entry.level in levels)
                if not entries:
                    continue
            start, end = folded.span(first, end)
            if folded.stands_alone(start, end):
                matches.append(Match(start, end, entries))
        matches.sort(key=lambda match: (match.start, -match.end))
        return matches


def leftmost_longest(matches):
    """Matches that do not overlap, the earliest and then the longest winning: what a rewrite uses."""
    chosen, reach = [], 0
    for match in sorted(matches, key=lambda match: (match.start, -match.end)):
        if match.start >= reach:
            chosen.append(match)
            reach = match.end
    return chosen


_lock = threading.Lock()
_current = None


def current_matcher():
    """This process's matcher for the lists as they are now."""
    global _current
    stamp = WordList.objects.stamp()
    matcher = _current
    if matcher is None or matcher.stamp != stamp:
        # One thread builds while the others wait for it rather than build too.
        with _lock:
            matcher = _current
            if matcher is None or matcher.stamp != stamp:
                matcher = _current = Matcher.from_database(stamp)
    return matcher
