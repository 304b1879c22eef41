"""`check()`: every listed word in an article's fields, with its level, place and context."""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from .markup import parse
from .matcher import SEVERITY, Level, current_matcher

# The fields of an article that readers see, in the order hits are reported.
ARTICLE_FIELDS = ("title", "original_title", "summary", "body", "author", "original_author")
HTML_FIELDS = frozenset({"body"})
CONTEXT_CHARS = 20


@dataclass(frozen=True)
class Hit:
    """A listed word found in a field.

    `start`/`end` is the span in the field's text: the value itself for plain
    fields; for HTML fields the text as read (`markup.Body.text`: blocks a
    line each, image descriptions included), and `paragraph` says which
    paragraph (1-based) holds it, or `image` which image's description. `matched` is the span as written (`敏 感`),
    `word` the entry it matched (`敏感`).
    """

    field: str
    word: str
    level: str
    start: int
    end: int
    matched: str
    before: str
    after: str
    paragraph: int | None = None
    image: int | None = None
    list_name: str = ""
    entry_id: int | None = None

    @property
    def level_label(self):
        return Level(self.level).label

    @property
    def context(self):
        """The hit in its sentence, marked: `…之前【敏 感】之后…`."""
        return f"{self.before}【{self.matched}】{self.after}"

    @property
    def where(self):
        """`标题`, `正文第 3 段`, `正文第 2 张图片的说明`."""
        label = _field_label(self.field)
        if self.image is not None:
            return _("%(field)s第 %(n)s 张图片的说明") % {"field": label, "n": self.image}
        if self.paragraph is not None:
            return _("%(field)s第 %(n)s 段") % {"field": label, "n": self.paragraph}
        return label

    def __str__(self):
        return _("%(where)s有%(level)s词“%(word)s”：%(context)s") % {
            "where": self.where,
            "level": self.level_label,
            "word": self.word,
            "context": self.context,
        }


def check(fields, *, levels=None, matcher=None):
    """Hits of the listed words in `fields` ({name: value}), the most severe first.

    Fields named in HTML_FIELDS are read as sanitised HTML (text only);
    `levels` limits the hits to those levels. Within a level, hits come in the
    order of `fields` and then of their position.
    """
    matcher = matcher or current_matcher()
    hits = []
    for name, value in fields.items():
        if not value:
            continue
        if name in HTML_FIELDS:
            hits += _check_html(name, value, matcher, levels)
        else:
            hits += [hit for match in matcher.find(value, levels) for hit in _hits(name, value, match)]
    order = {name: index for index, name in enumerate(fields)}
    hits.sort(key=lambda hit: (SEVERITY[hit.level], order[hit.field], hit.start))
    return hits


def check_article(article, **kwargs):
    """check() of the fields of `article` that readers see."""
    return check({name: getattr(article, name) for name in ARTICLE_FIELDS}, **kwargs)


def _check_html(name, value, matcher, levels):
    body = parse(value)
    if body is None:
        return []
    text, hits = body.text, []
    for match in body.matches(matcher, levels):
        block = body.block_at(match.start)
        place = {"image": block.number} if block.is_alt else {"paragraph": block.number}
        hits += _hits(name, text, match, (block.offset, block.end), **place)
    return hits


def _hits(name, text, match, bounds=None, paragraph=None, image=None):
    """The Hits of `match` in `text`: one per level listed; the context stays within `bounds`."""
    low, high = bounds or (0, len(text))
    before = _one_line(text[max(low, match.start - CONTEXT_CHARS) : match.start])
    after = _one_line(text[match.end : min(high, match.end + CONTEXT_CHARS)])
    hits, levels = [], set()
    for entry in match.entries:
        if entry.level in levels:  # the same word listed twice at one level: one hit
            continue
        levels.add(entry.level)
        hits.append(
            Hit(
                field=name,
                word=entry.word,
                level=entry.level,
                start=match.start,
                end=match.end,
                matched=text[match.start : match.end],
                before=before,
                after=after,
                paragraph=paragraph,
                image=image,
                list_name=entry.list_name,
                entry_id=entry.id,
            )
        )
    return hits


def _one_line(text):
    return text.replace("\n", " ")


def _field_label(name):
    try:
        return str(apps.get_model("news", "Article")._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
