"""Streaming, safe XML: no entity expansion, no external entities or DTDs fetched.

defusedxml refuses entity declarations outright, which stops "billion
laughs" and external-entity (XXE) files before anything is expanded or read.
"""

import codecs
import re
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import errors as expat_errors

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse

from .records import ImportFileError

UNDEFINED_ENTITY = expat_errors.codes[expat_errors.XML_ERROR_UNDEFINED_ENTITY]
MAX_DEPTH = 256
# What expat's commonest complaints mean for someone holding the file.
PARSE_ERRORS = {
    expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_TOKEN]: "文件不完整",
    expat_errors.codes[expat_errors.XML_ERROR_TAG_MISMATCH]: "标签不配对",
    expat_errors.codes[expat_errors.XML_ERROR_INVALID_TOKEN]: "含有无效的字符，可能不是 XML 文件，或编码与声明不符",
    expat_errors.codes[expat_errors.XML_ERROR_PARTIAL_CHAR]: "含有不完整的字符，编码可能与声明不符",
    expat_errors.codes[expat_errors.XML_ERROR_UNKNOWN_ENCODING]: "声明了无法识别的编码",
    expat_errors.codes[expat_errors.XML_ERROR_INCORRECT_ENCODING]: "编码与声明不符",
}
_DECLARATION = re.compile(rb"""^(\s*<\?xml\b[^>]*?\bencoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""")
# Encodings expat reads itself; every other one (GB2312, GBK, Big5...) makes it fail outright.
EXPAT_ENCODINGS = {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "ascii", "latin-1", "iso8859-1"}
# Chinese sites label GBK files "gb2312"; GB18030 is the superset that decodes them all.
GB_LABELS = {"gb2312", "gbk", "gb18030", "cp936", "euc-cn", "x-gbk", "gb_2312-80"}


def transcoding(head):
    """The Python codec to decode a document whose XML declaration names an encoding expat cannot read.

    None when expat reads it itself (or the label is unknown: expat then
    reports "unknown encoding" as a parse error).
    """
    match = _DECLARATION.match(head.removeprefix(codecs.BOM_UTF8))
    if not match:
        return None
    label = match.group(2).decode("ascii").lower()
    if label in GB_LABELS:
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return None if name in EXPAT_ENCODINGS else name


def as_utf8(data):
    """`data` (a whole XML document) re-encoded as UTF-8, its declaration saying so; raise ImportFileError."""
    codec = transcoding(data[:1024])
    if codec is None:
        return data
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        raise ImportFileError(f"文件内容不是它声明的编码（{codec}）") from None
    return _DECLARATION.sub(rb"\1utf-8\3", text.encode("utf-8"), count=1)


def safe_iterparse(source, events=("end",)):
    """defusedxml's iterparse over `source.path`, with its refusals turned into ImportFileError.

    A document in a multi-byte encoding expat cannot read (a GB2312 feed) is
    decoded by Python and fed to expat as text, still streamed.
    """
    codec = transcoding(source.head(1024))
    handle = open(source.path, encoding=codec, newline="") if codec else open(source.path, "rb")
    depth = 0
    try:
        with handle:
            parsed = iterparse(
                handle, events=("start", "end"), forbid_dtd=False, forbid_entities=True, forbid_external=True
            )
            for event, element in parsed:
                depth += 1 if event == "start" else -1
                if depth > MAX_DEPTH:
                    # Feeds and WXR nest a dozen levels; thousands only make parsers slow.
                    raise ImportFileError(f"{source.name}：XML 元素嵌套超过 {MAX_DEPTH} 层，拒绝导入")
                if event in events:
                    yield event, element
    except UnicodeDecodeError:
        raise ImportFileError(f"{source.name}：文件内容不是它声明的编码（{codec}）") from None
    except EntitiesForbidden as error:
        if error.sysid or error.pubid:
            raise ImportFileError(f"{source.name}：XML 引用了外部实体或文件，拒绝导入") from None
        raise ImportFileError(f"{source.name}：XML 中声明了实体（可能是“billion laughs”攻击），拒绝导入") from None
    except ExternalReferenceForbidden:
        raise ImportFileError(f"{source.name}：XML 引用了外部实体或文件，拒绝导入") from None
    except (DTDForbidden, DefusedXmlException):
        raise ImportFileError(f"{source.name}：XML 含有不安全的声明，拒绝导入") from None


def parse_error(source, error):
    line, column = getattr(error, "position", (0, 0))
    reason = PARSE_ERRORS.get(getattr(error, "code", None), "格式错误或文件不完整")
    return ImportFileError(f"{source.name}：XML {reason}（第 {line} 行第 {column} 列）")


def check_feed(source):
    """Refuse hostile or broken feeds; tolerate undefined HTML entities (&nbsp;), which feedparser handles."""
    try:
        for _event, element in safe_iterparse(source):
            element.clear()
    except ParseError as error:
        if error.code != UNDEFINED_ENTITY:
            raise parse_error(source, error) from None


def local_name(tag):
    """("namespace", "name") of an ElementTree tag."""
    if isinstance(tag, str) and tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag
