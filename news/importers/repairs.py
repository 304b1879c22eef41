"""Sloppy but harmless XML, read the way feed readers and WordPress's importer read it.

Each repair is made only when the file needs it and is reported as a warning
that names it (`source.warnings`):

- whitespace (a blank line from a PHP include) before the XML declaration;
- a missing or wrong encoding declaration: the bytes decide, as in feedparser
  (the HTTP charset, the declaration, UTF-8, then a detected Chinese encoding
  or Windows-1252);
- HTML entities XML does not define (`&nbsp;`), bare `&` (`?a=1&b=2`),
  character references to no character (`&#1114112;`, which becomes U+FFFD
  as in feedparser) and control characters XML forbids;
- CDATA sections holding an unescaped `]]>`, which old WordPress versions
  wrote: as WordPress's fallback parser does, a section runs to the `]]>`
  that closes its element.

The text repairs rewrite the file into a scratch copy and parse it again with
the same safe parser, so entity declarations, external entities and
over-deep files are still refused: nothing hostile is ever repaired.
"""

import codecs
import html.entities
import re
import tempfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

from .records import ImportFileError
from .xmlsafe import parse_error

# The text repairs hold the document in memory; a real feed or an old WXR is far smaller.
REPAIR_LIMIT = 64 * 2**20
CHUNK = 2**20
XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
# Chinese sites label GBK files "gb2312"; GB18030 is the superset that decodes them all.
GB_LABELS = {"gb2312", "gbk", "gb18030", "cp936", "euc-cn", "x-gbk", "gb_2312-80"}
# Encodings charset_normalizer may name for East Asian text; anything else falls back to Windows-1252.
CJK_CODECS = {"gb18030", "big5", "big5hkscs", "cp950", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949"}
SINGLE_BYTE = {"latin_1", "iso8859-1", "cp1252", "ascii"}
_DECLARATION = re.compile(rb"""^<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_TEXT_DECLARATION = re.compile(r"""^(\ufeff?<\?xml\b[^>]*?\bencoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""")
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w:.-]+)", re.I)
_SKIPPED = re.compile(r"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.S)
_REFERENCE = re.compile(r"&(#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_IDEOGRAPHS = re.compile(r"[\u4e00-\u9fff]{2}")
_BARE_CDATA_END = re.compile(r"\]\]>(?!<!\[CDATA\[)")
_CDATA_END = re.compile(r"\]\]>(?=\s*</)")


def python_codec(label):
    """The Python codec for an encoding label, GB labels read as GB18030; None if unknown."""
    label = (label or "").strip().lower()
    if label in GB_LABELS:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def prepare(source):
    """Find where the document starts and how it is encoded; set source.offset and source.codec."""
    head = source.head(8192)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        source.codec, source.declared = "utf-16", "utf-16"
        return
    start = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    text = head[start:].lstrip()
    source.offset = len(head) - len(text)
    if source.offset > start:
        source.warnings.append("XML 声明前有空行或空格，已忽略")
    match = _DECLARATION.match(text)
    declared = python_codec(match.group(1).decode("ascii")) if match else None
    if match and declared is None:
        raise ImportFileError(f"{source.name}：XML 声明了无法识别的编码（{match.group(1).decode('ascii')}）")
    source.declared = declared or "utf-8"
    header = _HTTP_CHARSET.search(source.content_type or "")
    if header and python_codec(header.group(1)):
        stated = (python_codec(header.group(1)), f"HTTP 头声明的编码 {header.group(1)}")
    elif match:
        stated = (declared, f"文件声明的编码 {match.group(1).decode('ascii')}")
    else:
        stated = ("utf-8", "")
    source.codec = _choose_codec(source, *stated)


def _choose_codec(source, stated, label):
    """The codec that reads the whole file: the stated one, else UTF-8, else a detected one."""
    utf8 = None
    if stated in SINGLE_BYTE:
        # Latin-1 decodes any bytes: a file that is valid UTF-8 with non-ASCII text is UTF-8, whatever it says.
        utf8 = _decodes(source, "utf-8")
        if utf8[0] and utf8[1]:
            source.warnings.append(f"{label}与内容不符，按 UTF-8 读取")
            return "utf-8"
    ok, readable = _decodes(source, stated)
    if ok:
        return stated
    if stated != "utf-8" and (utf8 or _decodes(source, "utf-8"))[0]:
        source.warnings.append(f"{label}与内容不符，按 UTF-8 读取")
        return "utf-8"
    if readable:
        # Chinese text in the stated encoding, then bytes that are not: two programs wrote this
        # file, and no single encoding reads it. Guessing would garble the first part.
        raise ImportFileError(f"{source.name}：XML 编码与声明不符（{stated}），文件里混有其他编码的文字")
    detected = _detect(source)
    what = f"{label}与内容不符" if label else "文件没有声明编码，内容也不是 UTF-8"
    source.warnings.append(f"{what}，按 {detected.upper()} 读取")
    return detected


def _chunks(source):
    with open(source.path, "rb") as handle:
        handle.seek(source.offset)
        while chunk := handle.read(CHUNK):
            yield chunk


def _decodes(source, codec):
    """(whether the whole file decodes as `codec`, whether Chinese text decoded before it stopped).

    Two ideographs in a row are what GBK bytes read as UTF-8 practically never give:
    the part before the error was really written in `codec`.
    """
    decoder = codecs.getincrementaldecoder(codec)()
    readable = False
    try:
        for chunk in _chunks(source):
            text = decoder.decode(chunk)
            readable = readable or bool(_IDEOGRAPHS.search(text))
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        prefix = error.object[: error.start].decode(codec, "ignore")
        return False, readable or bool(_IDEOGRAPHS.search(prefix))
    return True, readable


def _detect(source):
    import charset_normalizer

    sample = next(_chunks(source), b"")
    best = charset_normalizer.from_bytes(sample).best()
    guess = python_codec(best.encoding) if best else None
    for codec in (guess if guess in CJK_CODECS else None, "cp1252"):
        if codec and _decodes(source, codec)[0]:
            return codec
    return "latin-1"


def checked(source, walk):
    """`walk()` (one streaming pass of the safe parser) after prepare(); once more after repairs if it fails.

    A file that still fails, or that has nothing repairable, is refused with
    the parser's reason and place.
    """
    prepare(source)
    try:
        return walk()
    except ParseError as error:
        if not repair(source):
            raise parse_error(source, error) from None
    try:
        return walk()
    except ParseError as error:
        raise parse_error(source, error) from None


def repair(source):
    """Write the document with its harmless faults repaired to a scratch file; False if none was found."""
    if source.path.stat().st_size > REPAIR_LIMIT:
        return False
    with open(source.path, "rb") as handle:
        handle.seek(source.offset)
        text = handle.read().decode(source.codec)
    text, sections = _repair_cdata(text)
    text, entities, ampersands, numbers = _repair_references(text)
    text, controls = _CONTROL.subn("", text)
    found = [
        (sections, "CDATA 段中未转义的“]]>”按 WordPress 的方式修复"),
        (entities, "XML 未定义的 HTML 实体（如 &nbsp;）换成了对应字符"),
        (ampersands, "未转义的“&”已转义"),
        (numbers, "指向无效字符的字符引用（如 &#1114112;）换成了 �"),
        (controls, "删除了 XML 不允许的控制字符"),
    ]
    if not any(count for count, _label in found):
        return False
    source.warnings += [f"{label}（{count} 处）" for count, label in found if count]
    handle = tempfile.NamedTemporaryFile(prefix="portal-repaired-", suffix=".xml", delete=False)
    with handle:
        handle.write(utf8_document(text))
    source.scratch.append(handle.name)
    source.path, source.offset, source.codec, source.declared = Path(handle.name), 0, "utf-8", "utf-8"
    return True


def _repair_cdata(text):
    """Each CDATA section read up to the "]]>" before an end tag, inner "]]>"s escaped as WordPress writes them."""
    parts, position, repaired = [], 0, 0
    while (start := text.find("<![CDATA[", position)) != -1:
        end = _CDATA_END.search(text, start + 9)
        if end is None:
            break
        inner = text[start + 9 : end.start()]
        parts.append(text[position:start])
        # "]]]]><![CDATA[>" is how a correct export escapes "]]>": a "]]>" not followed by a new section is not.
        if _BARE_CDATA_END.search(inner):
            repaired += 1
            content = inner.replace("]]><![CDATA[", "")
            parts.append("<![CDATA[" + content.replace("]]>", "]]]]><![CDATA[>") + "]]>")
        else:
            parts.append(text[start : end.end()])
        position = end.end()
    parts.append(text[position:])
    return "".join(parts), repaired


def _repair_references(text):
    """Entity references outside CDATA and comments: HTML ones as characters, bare "&" escaped,
    character references to no XML character as U+FFFD."""
    counts = {"entity": 0, "amp": 0, "number": 0}

    def replace(match):
        reference = match.group(1)
        if reference is None:
            counts["amp"] += 1
            return "&amp;"
        name = reference[:-1]
        if reference.startswith("#"):
            if _is_xml_character(int(name[2:], 16) if name[1] in "xX" else int(name[1:])):
                return match.group(0)
            counts["number"] += 1
            return "&#xFFFD;"
        if name in XML_ENTITIES:
            return match.group(0)
        value = html.entities.html5.get(reference)
        if value is None:
            counts["amp"] += 1
            return "&amp;" + reference
        counts["entity"] += 1
        return "".join(f"&#{ord(char)};" for char in value)

    parts, position = [], 0
    for skipped in _SKIPPED.finditer(text):
        parts.append(_REFERENCE.sub(replace, text[position : skipped.start()]))
        parts.append(skipped.group(0))
        position = skipped.end()
    parts.append(_REFERENCE.sub(replace, text[position:]))
    return "".join(parts), counts["entity"], counts["amp"], counts["number"]


def _is_xml_character(code):
    """Whether XML 1.0 allows the character (its Char production); tabs and line ends are the only controls."""
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def utf8_document(text):
    """A decoded XML document as UTF-8 bytes, its declaration saying so."""
    return _TEXT_DECLARATION.sub(r"\1utf-8\3", text.lstrip("\ufeff"), count=1).encode("utf-8")
