"""Character-level differences between two versions of an article.

Chinese has no spaces between words, so a word diff would mark whole
sentences: difflib compares characters, and HTML bodies are compared as the
text a reader sees (a block a line), so markup does not drown the change.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

from news.compliance.markup import parse

from .revisions import CONTENT_FIELDS

HTML_FIELDS = {"body"}


@dataclass
class FieldDiff:
    name: str
    label: str
    old: str
    new: str

    @property
    def changed(self):
        return self.old != self.new

    def sides(self):
        """(old, new) as HTML: removed characters in <del>, added ones in <ins>."""
        return render(self.old, self.new)


def text_of(name, value):
    if value is None:
        return ""
    if name in HTML_FIELDS:
        body = parse(value)
        return body.text.replace("\u2029", "\n") if body else ""
    return str(value)


def render(old, new):
    left, right = [], []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            left.append(escape(old[a1:a2]))
            right.append(escape(new[b1:b2]))
            continue
        if a2 > a1:
            left.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            right.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - every piece escaped above


def compare(old_fields, new_fields, old_tags=None, new_tags=None):
    """[FieldDiff] of the content fields of two {attname: value} dicts (revisions.fields_of)."""
    from news.models import Article

    diffs = []
    for name in CONTENT_FIELDS:
        field = Article._meta.get_field(name)
        old = _display(field, old_fields.get(field.attname))
        new = _display(field, new_fields.get(field.attname))
        diffs.append(FieldDiff(name, str(field.verbose_name), text_of(name, old), text_of(name, new)))
    if old_tags is not None or new_tags is not None:
        diffs.append(FieldDiff("tags", "标签", old_tags or "", new_tags or ""))
    return diffs


def _display(field, value):
    if value is None or value == "":
        return ""
    if field.is_relation:
        obj = field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj else str(value)
    if hasattr(value, "strftime"):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def changed_labels(old_fields, new_fields, old_tags=None, new_tags=None):
    """The names (as the editor reads them) of the content fields that differ between two revisions."""
    from news.models import Article

    labels = [
        str(Article._meta.get_field(name).verbose_name)
        for name in CONTENT_FIELDS
        if old_fields.get(Article._meta.get_field(name).attname)
        != new_fields.get(Article._meta.get_field(name).attname)
    ]
    if (old_tags or "") != (new_tags or ""):
        labels.append("标签")
    return labels
