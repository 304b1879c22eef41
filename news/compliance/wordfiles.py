"""Word files: a list's entries as UTF-8 text, loaded by `manage.py load_words`.

One entry a line: `词`, `词<TAB>级别` or `词<TAB>级别<TAB>替换或链接`; the level
is one of 禁用, 审核, 替换, 内链 (禁用 when omitted). Blank lines and lines
starting with `#` are ignored. A file with any bad line loads nothing: the
error names every bad line and why.
"""

import codecs
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .models import WordEntry, WordList, entry_errors

Level = WordEntry.Level
# Levels as the file writes them: the Chinese labels, or the stored values.
LEVELS = {**{str(label): value for value, label in Level.choices}, **{value: value for value in Level.values}}
MAX_PROBLEMS_SHOWN = 50
_WORD_LENGTH = WordEntry._meta.get_field("word").max_length
_TARGET_LENGTH = WordEntry._meta.get_field("target").max_length


class WordFileError(Exception):
    """The file's bad lines: `problems` is a list of (line number, reason)."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(str(self))

    def __str__(self):
        lines = [f"第 {number} 行：{reason}" for number, reason in self.problems[:MAX_PROBLEMS_SHOWN]]
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"……还有 {len(self.problems) - MAX_PROBLEMS_SHOWN} 行有误")
        return "\n".join(lines)


@dataclass(frozen=True)
class FileEntry:
    line: int
    word: str
    level: str
    target: str


@dataclass
class LoadResult:
    list_name: str
    created_list: bool = False
    added: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    unchanged: int = 0

    def summary(self):
        created = "新建词表，" if self.created_list else ""
        removed = f"，删除 {len(self.removed)} 条" if self.removed else ""
        return (
            f"词表“{self.list_name}”：{created}新增 {len(self.added)} 条，更新 {len(self.updated)} 条，"
            f"未变 {self.unchanged} 条{removed}"
        )


def parse_word_file(data):
    """The FileEntries of `data` (bytes), or WordFileError naming each bad line."""
    entries, problems, seen = [], [], {}
    for number, raw in enumerate(data.removeprefix(codecs.BOM_UTF8).split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append((number, f"不是 UTF-8 编码（本行第 {error.start + 1} 个字节无法解码）"))
            continue
        line = line.removesuffix("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            entry = _parse_line(number, line)
        except ValueError as error:
            problems.append((number, str(error)))
            continue
        if (earlier := seen.get(entry.word)) is not None:
            if (earlier.level, earlier.target) != (entry.level, entry.target):
                problems.append((number, f"“{entry.word}”在第 {earlier.line} 行已有，级别或替换、链接不同"))
            continue
        seen[entry.word] = entry
        entries.append(entry)
    if problems:
        raise WordFileError(problems)
    return entries


def _parse_line(number, line):
    columns = [column.strip() for column in line.split("\t")]
    if len(columns) > 3:
        raise ValueError("栏数过多：每行最多三栏（词、级别、替换或链接），用 Tab 分隔")
    word, level_name, target = (columns + ["", ""])[:3]
    if "\t" not in line and len(parts := word.split()) > 1 and parts[-1] in LEVELS:
        raise ValueError(f"词语和级别之间应为 Tab，不是空格：“{line.strip()}”")
    if level_name and level_name not in LEVELS:
        raise ValueError(f"未知的级别“{level_name}”：应为 禁用、审核、替换 或 内链")
    level = LEVELS[level_name or str(Level.BLOCK.label)]
    if len(word) > _WORD_LENGTH:
        raise ValueError(f"词语超过 {_WORD_LENGTH} 个字")
    if len(target) > _TARGET_LENGTH:
        raise ValueError(f"替换或链接超过 {_TARGET_LENGTH} 个字")
    if errors := entry_errors(word, level, target):
        raise ValueError("；".join(str(message).rstrip("。") for message in errors.values()))
    return FileEntry(number, word, level, target)


def load_words(data, list_name, *, dry_run=False, replace=False):
    """Load the word file `data` (bytes) into the list named `list_name`, created if missing.

    Entries are added, or updated where their level or target changed; with
    `replace`, entries not in the file are removed. All in one transaction;
    `dry_run` reports the same LoadResult and writes nothing.
    """
    entries = parse_word_file(data)
    result = LoadResult(list_name)
    with transaction.atomic():
        word_list = WordList.objects.filter(name=list_name).first()
        result.created_list = word_list is None
        existing = {entry.word: entry for entry in word_list.entries.all()} if word_list else {}
        new, changed, now = [], [], timezone.now()
        for entry in entries:
            current = existing.get(entry.word)
            if current is None:
                new.append(WordEntry(word=entry.word, level=entry.level, target=entry.target))
            elif (current.level, current.target) != (entry.level, entry.target):
                current.level, current.target, current.updated_at = entry.level, entry.target, now
                changed.append(current)
            else:
                result.unchanged += 1
        words = {entry.word for entry in entries}
        stale = [entry for word, entry in existing.items() if word not in words] if replace else []
        result.added = [entry.word for entry in new]
        result.updated = [entry.word for entry in changed]
        result.removed = [entry.word for entry in stale]
        if dry_run:
            return result
        if word_list is None:
            word_list = WordList.objects.create(name=list_name)
        for entry in new:
            entry.word_list = word_list
        WordEntry.objects.bulk_create(new, batch_size=1000)
        WordEntry.objects.bulk_update(changed, ["level", "target", "updated_at"], batch_size=1000)
        for start in range(0, len(stale), 500):
            WordEntry.objects.filter(pk__in=[entry.pk for entry in stale[start : start + 500]]).delete()
        WordList.changed(word_list.pk)
    return result
