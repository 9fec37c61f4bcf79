"""DOCX: the document body rendered by Jinja2 into a package whose other parts are built once.

A :class:`DocxPackage` holds what does not depend on the agreement: every part of a reference
document (styles, theme, settings, fonts, numbering, relationships, content types) zipped once,
the opening and closing of ``word/document.xml`` (its namespaces) and its section properties
(``w:sectPr``: page size, margins, header and footer references), and the style ids the layout's
line styles use. Per document only ``word/document.xml`` (``templates/docx/body.xml.j2``, XML
autoescaped) and ``docProps/core.xml`` (``templates/docx/core.xml.j2``: the title) are written and
appended to a copy of the prebuilt zip.

:func:`default_package` builds the package from python-docx's default template with the Chinese
font set on the styles the agreement uses; :func:`package_from_docx` takes the parts of any
reference ``.docx`` (a firm's own template), so styles, page and footer can come from there.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from ..errors import BadInputError
from .assemble import Document
from .render import languages, layout, template

EAST_ASIAN_FONT = "宋体"
BODY_FONT = "Times New Roman"
DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
#: the layout's line styles (agreement.lines.j2) → the style each takes in the document (a style id of styles.xml)
DEFAULT_STYLES = {"title": "Title", "article": "Heading1"}
_BODY = re.compile(rb"(?s)^(.*?<w:body>)(.*)(</w:body>.*)$")
_SECT_PR = re.compile(rb"(?s)<w:sectPr\b.*</w:sectPr>|<w:sectPr\b[^>]*/>")
_TWIPS = re.compile(rb'<w:(pgSz|pgMar)\b([^>]*)/>')


@dataclass(frozen=True)
class DocxPackage:
    """The parts of a DOCX that do not depend on the agreement, prebuilt."""

    static_zip: bytes  # every part but word/document.xml and docProps/core.xml, zipped once
    document_head: str  # word/document.xml up to and including <w:body>
    document_tail: str  # from </w:body> to the end
    sect_pr: str  # the body's last child: page size, margins, header and footer references
    text_width: int  # twips between the margins (for table columns)
    styles: Mapping[str, str] = field(default_factory=lambda: MappingProxyType(dict(DEFAULT_STYLES)))


def _text_width(sect_pr: bytes) -> int:
    attrs = {name.decode(): dict(re.findall(rb'w:(\w+)="(\d+)"', body)) for name, body in _TWIPS.findall(sect_pr)}
    try:
        return int(attrs["pgSz"][b"w"]) - int(attrs["pgMar"][b"left"]) - int(attrs["pgMar"][b"right"])
    except (KeyError, ValueError):
        return 8640  # US Letter less 1.25 in margins, Word's default


def package_from_parts(parts: Mapping[str, bytes], styles: Mapping[str, str] | None = None) -> DocxPackage:
    """A package from the parts of a reference document (its body is dropped; its section properties kept)."""
    if DOCUMENT not in parts or "[Content_Types].xml" not in parts:
        raise BadInputError("a reference document needs [Content_Types].xml and word/document.xml; is it a .docx?")
    match = _BODY.match(parts[DOCUMENT])
    if match is None:
        raise BadInputError("the reference document's word/document.xml has no <w:body>; is it a .docx?")
    head, body, tail = match.groups()
    sect = _SECT_PR.findall(body)
    sect_pr = sect[-1] if sect else b""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name not in (DOCUMENT, CORE):
                archive.writestr(name, data)
    return DocxPackage(buffer.getvalue(), head.decode("utf-8"), tail.decode("utf-8"), sect_pr.decode("utf-8"),
                       _text_width(sect_pr), MappingProxyType(dict(styles or DEFAULT_STYLES)))


def package_from_docx(path: Path, styles: Mapping[str, str] | None = None) -> DocxPackage:
    """A package whose styles, page and other parts come from a reference ``.docx`` (e.g. a firm's template)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()}
    except (OSError, zipfile.BadZipFile) as exc:
        raise BadInputError(f"cannot read the reference document {path}: {exc}; give a .docx file") from exc
    return package_from_parts(parts, styles)


@lru_cache(maxsize=1)
def default_package() -> DocxPackage:
    """python-docx's default template, with the body font, the East Asian font (宋体) and zh-CN set on the styles
    the agreement uses (Word's theme fonts removed: they would override them). Built once per process."""
    from docx import Document as new_document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = new_document()
    for name in ("Normal", "Title", "Heading 1"):
        style = doc.styles[name]
        style.font.name = BODY_FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")
    from docx.shared import Pt

    doc.styles["Normal"].font.size = Pt(11)
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    return package_from_parts(parts)


def render_docx(document: Document, package: DocxPackage | None = None) -> bytes:
    """The agreement as a DOCX: the title in the title style, articles as headings, the other lines as paragraphs;
    zh-en as a two-column table (title and articles bold, the title centred)."""
    package = package or default_package()
    lines = layout(document)
    langs = languages(document)
    body = template("docx/body.xml.j2", "markup").render(
        lines=lines, langs=langs, styles=package.styles, column=package.text_width // len(langs))
    core = template("docx/core.xml.j2", "markup").render(title=lines[0][1][0])
    buffer = io.BytesIO(package.static_zip)
    buffer.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DOCUMENT, package.document_head + body + package.sect_pr + package.document_tail)
        archive.writestr(CORE, core)
    return buffer.getvalue()
