import sys

from django.core.management.base import BaseCommand, CommandError

from news.compliance.wordfiles import WordFileError, load_words


class Command(BaseCommand):
    help = (
        "Load a word list (敏感词、替换词、内链词) from a UTF-8 text file, one entry a line: 词, or 词<TAB>级别, "
        "or 词<TAB>级别<TAB>替换或链接; 级别 is 禁用, 审核, 替换 or 内链 (禁用 when omitted). Blank lines and "
        "lines starting with # are ignored. Any bad line loads nothing. The list is created if it does not exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The word file, or - for standard input.")
        parser.add_argument("--list", required=True, dest="list_name", help="The word list's name (词表名称).")
        parser.add_argument("--replace", action="store_true", help="Remove the list's entries not in the file.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")

    def handle(self, *args, file, list_name, replace, dry_run, verbosity, **options):
        list_name = list_name.strip()
        if not list_name:
            raise CommandError("--list 不能为空：请给出词表名称。")
        data = self._read(file)
        try:
            result = load_words(data, list_name, dry_run=dry_run, replace=replace)
        except WordFileError as error:
            raise CommandError(f"{file} 有误，没有写入任何内容：\n{error}") from None
        if verbosity >= 2:
            for label, words in (("新增", result.added), ("更新", result.updated), ("删除", result.removed)):
                for word in words:
                    self.stdout.write(f"{label} {word}")
        if verbosity:
            prefix = "试运行（未写入任何内容）：" if dry_run else ""
            self.stdout.write(self.style.SUCCESS(prefix + result.summary()))

    def _read(self, file):
        if file == "-":
            return sys.stdin.buffer.read()
        try:
            with open(file, "rb") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(f"无法读取 {file}：{error.strerror}") from None
