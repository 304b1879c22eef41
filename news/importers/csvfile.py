"""CSV with a header row, in UTF-8 (with or without BOM) or, failing that, GB18030.

Chinese spreadsheet programs save CSV as GBK by default; GB18030 is its
superset, so it decodes GBK and GB2312 files too. The encoding is decided by a
streaming pass over the bytes, so the file is never held in memory.

Columns are separated by commas, or by tabs or semicolons where the header
row splits into our columns with one of those instead (a spreadsheet's "text,
tab-separated" export, or Excel in locales where the comma is the decimal
sign).
"""

import codecs
import csv
import io

from .records import Failure, ImportFileError, RecordError
from .schema import canonical_field, record_from_mapping

# Article bodies are long; the csv module's default field limit (128 KiB) is not.
csv.field_size_limit(16 * 2**20)

DELIMITERS = (",", "\t", ";")


def _columns(line):
    """(delimiter, canonical column names) of a header line: the first delimiter that finds title and body."""
    comma = set()
    for delimiter in DELIMITERS:
        try:
            header = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
        except csv.Error:
            continue
        found = {canonical_field(name) for name in header}
        if {"title", "body"} <= found:
            return delimiter, found
        if delimiter == ",":
            comma = found
    return ",", comma


def _reader(handle, **options):
    """A csv reader over `handle`, with the delimiter its first line uses."""
    delimiter = _columns(handle.readline())[0]
    handle.seek(0)
    return csv.reader(handle, delimiter=delimiter, **options)


def detect_encoding(path):
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        try:
            while chunk := handle.read(1 << 16):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8-sig"


def check(source):
    encoding = detect_encoding(source.path)
    try:
        with open(source.path, encoding=encoding, newline="") as handle:
            header = next(_reader(handle), None)
            # GB18030 maps every byte sequence; a binary file still fails on NULs here.
            while chunk := handle.read(1 << 16):
                if "\x00" in chunk:
                    raise ImportFileError(f"{source.name}：不是文本文件")
    except UnicodeDecodeError:
        raise ImportFileError(f"{source.name}：既不是 UTF-8 也不是 GBK/GB18030 编码") from None
    except csv.Error as error:
        raise ImportFileError(f"{source.name}：CSV 格式错误（{error}）") from None
    fields = {canonical_field(name) for name in header or []}
    missing = [name for name in ("title", "body") if name not in fields]
    if missing:
        raise ImportFileError(f"{source.name}：表头缺少列 {', '.join(missing)}（第一行应为列名，见 docs/importing.md）")


def read(source):
    encoding = detect_encoding(source.path)
    with open(source.path, encoding=encoding, newline="") as handle:
        reader = _reader(handle, strict=True)
        header = [canonical_field(name) for name in next(reader)]
        while True:
            position = f"第 {reader.line_num + 1} 行"
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield Failure(source.name, position, f"CSV 格式错误：{error}")
                return
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                yield Failure(source.name, position, f"列数（{len(row)}）多于表头（{len(header)}）")
                continue
            try:
                yield record_from_mapping(dict(zip(header, row, strict=False)), source.name, position)
            except RecordError as error:
                yield Failure(source.name, position, str(error))


def sniff(head):
    """Whether the start of a file looks like one of our CSV files (a header with title and body)."""
    line = head.split(b"\n", 1)[0]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = line.decode(encoding)
        except UnicodeDecodeError:
            continue
        return {"title", "body"} <= _columns(text)[1]
    return False
