"""Streaming, safe XML: no entity expansion, no external entities or DTDs fetched.

defusedxml refuses entity declarations outright, which stops "billion
laughs" and external-entity (XXE) files before anything is expanded or read.
"""

import io
from xml.parsers.expat import errors as expat_errors

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse

from .records import ImportFileError

MAX_DEPTH = 256
ENTITIES_REFUSED = "XML 中声明了实体（可能是“billion laughs”攻击），拒绝导入"
# What expat's commonest complaints mean for someone holding the file.
PARSE_ERRORS = {
    expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_TOKEN]: "文件不完整",
    expat_errors.codes[expat_errors.XML_ERROR_TAG_MISMATCH]: "标签不配对",
    expat_errors.codes[expat_errors.XML_ERROR_INVALID_TOKEN]: "含有无效的字符，可能不是 XML 文件，或编码与声明不符",
    expat_errors.codes[expat_errors.XML_ERROR_PARTIAL_CHAR]: "含有不完整的字符，编码可能与声明不符",
    expat_errors.codes[expat_errors.XML_ERROR_UNKNOWN_ENCODING]: "声明了无法识别的编码",
    expat_errors.codes[expat_errors.XML_ERROR_INCORRECT_ENCODING]: "编码与声明不符",
}


def safe_iterparse(source, events=("end",)):
    """defusedxml's iterparse over `source.path`, with its refusals turned into ImportFileError.

    Reads from `source.offset` in `source.codec` as `repairs.prepare()` found
    them: a document expat cannot read itself (GB2312, or a wrong declaration)
    is decoded by Python and fed to expat as text, still streamed.
    """
    codec = source.codec
    handle = open(source.path, "rb")
    handle.seek(source.offset)
    if codec != "utf-8" or source.declared != "utf-8":
        handle = io.TextIOWrapper(handle, encoding=codec, newline="")
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
        raise ImportFileError(f"{source.name}：{ENTITIES_REFUSED}") from None
    except ExternalReferenceForbidden:
        raise ImportFileError(f"{source.name}：XML 引用了外部实体或文件，拒绝导入") from None
    except (DTDForbidden, DefusedXmlException):
        raise ImportFileError(f"{source.name}：XML 含有不安全的声明，拒绝导入") from None


class NotWellFormed(ImportFileError):
    """The file is broken XML, not hostile XML: `reason` says what and where."""

    def __init__(self, source, reason):
        super().__init__(f"{source.name}：{reason}")
        self.reason = reason


def parse_error(source, error):
    line, column = getattr(error, "position", (0, 0))
    reason = PARSE_ERRORS.get(getattr(error, "code", None), "格式错误或文件不完整")
    return NotWellFormed(source, f"XML {reason}（第 {line} 行第 {column} 列）")


def local_name(tag):
    """("namespace", "name") of an ElementTree tag."""
    if isinstance(tag, str) and tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag
