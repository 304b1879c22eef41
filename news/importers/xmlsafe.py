"""Streaming, safe XML: no entity expansion, no external entities or DTDs fetched.

defusedxml refuses entity declarations outright, which stops "billion
laughs" and external-entity (XXE) files before anything is expanded or read.
"""

from xml.etree.ElementTree import ParseError
from xml.parsers.expat import errors as expat_errors

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse

from .records import ImportFileError

UNDEFINED_ENTITY = expat_errors.codes[expat_errors.XML_ERROR_UNDEFINED_ENTITY]


def safe_iterparse(source, events=("end",)):
    """defusedxml's iterparse over `source.path`, with its refusals turned into ImportFileError."""
    try:
        yield from iterparse(
            str(source.path), events=events, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
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
    return ImportFileError(f"{source.name}：XML 格式错误或文件不完整（第 {line} 行第 {column} 列）")


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
