"""JSON Lines (one article object a line) and JSON (an array, or {"articles": [...]}).

JSON Lines is read a line at a time: a bad line is one failed record. A JSON
document is streamed with ijson, after a first streaming pass that proves it
is well-formed, so that a truncated file writes nothing.
"""

import json

import ijson

from .records import Failure, ImportFileError, RecordError
from .schema import record_from_mapping

# Our schema nests three levels (category → parent); real exports a few more. ijson gives every
# event its whole path, so a file of 100,000 "[" made the check hold gigabytes of paths.
MAX_DEPTH = 256
# A line is one article, whose body is at most a million characters (mapping.MAX_BODY_CHARS):
# far below this even with every character escaped. A longer line is not read into memory.
MAX_LINE_BYTES = 16 * 2**20


def _lines(handle):
    """(number, bytes) for each line, bytes None for a line over MAX_LINE_BYTES (skipped unread)."""
    number = 0
    while raw := handle.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := handle.readline(2**20)) and not rest.endswith(b"\n"):
                pass
            raw = None
        yield number, raw


def first_line(source):
    """The first line of `source` (BOM removed), or None when it is longer than MAX_LINE_BYTES."""
    with open(source.path, "rb") as handle:
        if handle.read(3) != b"\xef\xbb\xbf":
            handle.seek(0)
        for _number, raw in _lines(handle):
            return raw
    return b""


def read_lines(source):
    with open(source.path, "rb") as handle:
        for number, raw in _lines(handle):
            position = f"第 {number} 行"
            if raw is None:
                yield Failure(source.name, position, f"这一行超过 {MAX_LINE_BYTES // 2**20} MB，不是一篇文章")
                continue
            line = raw.strip()
            if not line:
                continue
            try:
                data = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError:
                yield Failure(source.name, position, "不是 UTF-8 编码")
                continue
            except json.JSONDecodeError as error:
                yield Failure(source.name, position, f"JSON 格式错误：{error.msg}（第 {error.colno} 列）")
                continue
            except RecursionError:
                yield Failure(source.name, position, "JSON 嵌套太深")
                continue
            try:
                yield record_from_mapping(data, source.name, position)
            except RecordError as error:
                yield Failure(source.name, position, str(error))


def _prefix(source):
    """ijson path of the article objects: the top-level array, or the "articles" array of an object."""
    head = source.head(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"["):
        return "item"
    if head.startswith(b"{"):
        return "articles.item"
    raise ImportFileError(f"{source.name}：不是 JSON 数组或对象")


def _items(source, prefix):
    with open(source.path, "rb") as handle:
        if handle.read(3) != b"\xef\xbb\xbf":
            handle.seek(0)
        # use_float keeps numbers JSON-native; Decimal would not serialise back.
        yield from ijson.items(handle, prefix, use_float=True)


def check_document(source):
    prefix = _prefix(source)
    keys = set()
    depth = 0
    # The first event of the top-level "articles" value: "start_array" when it is one.
    articles, after_articles = None, False
    try:
        with open(source.path, "rb") as handle:
            if handle.read(3) != b"\xef\xbb\xbf":
                handle.seek(0)
            # basic_parse: events without their paths. use_float as in _items, so that what
            # _items cannot read (an integer too large) is refused here, before anything is written.
            for event, value in ijson.basic_parse(handle, use_float=True):
                if after_articles:
                    articles, after_articles = event, False
                if event in ("start_map", "start_array"):
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise ImportFileError(f"{source.name}：JSON 嵌套超过 {MAX_DEPTH} 层，拒绝导入")
                elif event in ("end_map", "end_array"):
                    depth -= 1
                elif event == "map_key" and depth == 1:
                    keys.add(value)
                    after_articles = value == "articles"
    except ijson.JSONError as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        if "invalid bytes in UTF8" in detail:
            # yajl's own word for a GBK file (as bytes, in its message): say it as Python's decoder would.
            raise ImportFileError(f"{source.name}：不是 UTF-8 编码") from None
        raise ImportFileError(f"{source.name}：JSON 格式错误或文件不完整（{detail}）") from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{source.name}：不是 UTF-8 编码") from None
    if prefix == "articles.item" and "articles" not in keys:
        # An API dump ({"data": [...]}) or another kind of JSON: say so rather than import nothing.
        found = "、".join(sorted(map(str, keys))[:5]) or "无"
        raise ImportFileError(
            f"{source.name}：JSON 对象里没有 articles 数组（顶层的键：{found}；格式见 docs/importing.md）"
        )
    if prefix == "articles.item" and articles != "start_array":
        raise ImportFileError(f"{source.name}：JSON 里的 articles 不是数组（应为 [{{…}}, …]）")


def read_document(source):
    for number, data in enumerate(_items(source, _prefix(source)), start=1):
        position = f"第 {number} 条"
        try:
            yield record_from_mapping(data, source.name, position)
        except RecordError as error:
            yield Failure(source.name, position, str(error))
