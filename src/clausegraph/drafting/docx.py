"""DOCX: the document body rendered by Jinja2 into a package whose other parts are built once.

A :class:`DocxPackage` holds what does not depend on the agreement: every part of a reference document (styles,
settings, fonts, footers, numbering, theme, relationships, content types) zipped once, the opening and closing of
``word/document.xml`` (its namespaces), its section properties (``w:sectPr``: page size, margins, header and footer
references) and the style ids the layout's line styles take. Per document only ``word/document.xml``
(``templates/docx/body.xml.j2``, XML autoescaped) and ``docProps/core.xml`` (``templates/docx/core.xml.j2``: title,
parties, author, created) are written and appended to a copy of the prebuilt zip.

:func:`default_package` is the house style of a Chinese contract, kept as source files in
``templates/docx/package/`` (its README says what each holds): A4 with the margins of GB/T 9704-2012, 宋体 小四 body
and 黑体 headings (title 二号 centred, articles 四号), all black, 1.5 lines, a 第X页 共Y页 footer, zh-CN. A firm's own
``.docx`` is the style source instead through :func:`package_from_docx` / :func:`package_from_bytes`: its styles (found
by name, so a Chinese Word's ids such as ``1`` for heading 1 work), numbering, theme, headers, footers and page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from ..errors import BadInputError
from .assemble import Document
from .render import RS, TEMPLATES, Lines, languages, layout, template

DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
STYLES = "word/styles.xml"
PACKAGE_DIR = TEMPLATES / "docx" / "package"
#: each line style of the layout → the name (w:name) of the paragraph style it takes, looked up in the package's
#: styles.xml; a line style whose style the package lacks is left in the package's default paragraph style
STYLE_NAMES = {"title": "Title", "article": "heading 1", "preamble": "Body Text", "body": "Body Text",
               "paragraph": "Body Text", "item": "Body Text", "signature": "Signature"}
#: a reference document larger than this once unzipped is refused (a zip bomb never gets unpacked)
MAX_REFERENCE_BYTES = 50_000_000
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_BODY = re.compile(rb"(?s)^(.*?<w:body>)(.*)(</w:body>.*)$")
_SECT_PR = re.compile(rb"(?s)<w:sectPr\b.*</w:sectPr>|<w:sectPr\b[^>]*/>")
_TWIPS = re.compile(rb"<w:(pgSz|pgMar)\b([^>]*)/>")
_STYLE = re.compile(r'(?s)<w:style\b([^>]*)>(.*?)</w:style>')
_STYLE_ID = re.compile(r'w:styleId="([^"]*)"')
_STYLE_NAME = re.compile(r'<w:name\s+w:val="([^"]*)"')
_CORE_REL = ('<Relationship Id="rIdClausegraphCore" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
             'metadata/core-properties" Target="docProps/core.xml"/>')
_CORE_TYPE = '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'


@dataclass(frozen=True)
class DocxPackage:
    """The parts of a DOCX that do not depend on the agreement, prebuilt."""

    static_zip: bytes  # every part but word/document.xml and docProps/core.xml, zipped once
    document_head: str  # word/document.xml up to and including <w:body>
    document_tail: str  # from </w:body> to the end
    sections: Mapping[str, str]  # the body's last child by language (zh, en, zh-en): page, margins, header and footer
    text_width: int  # twips between the margins (for table columns)
    styles: Mapping[str, str]  # the layout's line styles → style ids of the package's styles.xml


def _text_width(sect_pr: bytes) -> int:
    attrs = {name.decode(): dict(re.findall(rb'w:(\w+)="(\d+)"', body)) for name, body in _TWIPS.findall(sect_pr)}
    try:
        return int(attrs["pgSz"][b"w"]) - int(attrs["pgMar"][b"left"]) - int(attrs["pgMar"][b"right"])
    except (KeyError, ValueError):
        return 8640  # US Letter less 1.25 in margins, Word's default page when a document states none


def style_ids(styles_xml: bytes) -> dict[str, str]:
    """The layout's line styles → the ids of the paragraph styles named as :data:`STYLE_NAMES` says (case-insensitive)."""
    by_name: dict[str, str] = {}
    for attrs, inner in _STYLE.findall(styles_xml.decode("utf-8", errors="replace")):
        style_id, name = _STYLE_ID.search(attrs), _STYLE_NAME.search(inner)
        if style_id and name and 'w:type="paragraph"' in attrs:
            by_name.setdefault(name.group(1).casefold(), style_id.group(1))
    return {line: by_name[name.casefold()] for line, name in STYLE_NAMES.items() if name.casefold() in by_name}


def _with_core_properties(parts: dict[str, bytes]) -> None:
    """Make sure the package declares docProps/core.xml (a reference document saved without properties does not)."""
    rels, types = parts["_rels/.rels"], parts["[Content_Types].xml"]
    if b"metadata/core-properties" not in rels:
        parts["_rels/.rels"] = rels.replace(b"</Relationships>", _CORE_REL.encode() + b"</Relationships>")
    if b'PartName="/docProps/core.xml"' not in types:
        parts["[Content_Types].xml"] = types.replace(b"</Types>", _CORE_TYPE.encode() + b"</Types>")


def package_from_parts(parts: Mapping[str, bytes], *, name: str = "the reference document") -> DocxPackage:
    """A package from the parts of a reference document: its body is dropped, its section properties, styles and
    every other part kept."""
    if DOCUMENT not in parts or "_rels/.rels" not in parts or "[Content_Types].xml" not in parts \
            or _CONTENT_TYPE.encode() not in parts["[Content_Types].xml"]:
        raise BadInputError(f"{name} is not a Word document (no word/document.xml in it); give a .docx saved by Word, WPS or LibreOffice")
    match = _BODY.match(parts[DOCUMENT])
    if match is None:
        raise BadInputError(f"{name} has no document body (word/document.xml without <w:body>); give a .docx saved by Word, WPS or LibreOffice")
    head, body, tail = match.groups()
    sect = _SECT_PR.findall(body)
    sect_pr = sect[-1] if sect else b""
    kept = {part: data for part, data in parts.items() if part not in (DOCUMENT, CORE)}
    _with_core_properties(kept)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in kept.items():
            archive.writestr(part, data)
    section = sect_pr.decode("utf-8")
    return DocxPackage(buffer.getvalue(), head.decode("utf-8"), tail.decode("utf-8"),
                       MappingProxyType({"zh": section, "en": section, "zh-en": section}), _text_width(sect_pr),
                       MappingProxyType(style_ids(parts.get(STYLES, b""))))


@lru_cache(maxsize=8)
def package_from_bytes(data: bytes, *, name: str = "the reference document") -> DocxPackage:
    """A package whose styles, page and other parts come from a reference ``.docx`` given as bytes (e.g. uploaded)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_REFERENCE_BYTES:
                raise BadInputError(f"{name} unzips to more than {MAX_REFERENCE_BYTES // 1_000_000} MB; give a smaller .docx")
            parts = {info.filename: archive.read(info) for info in infos if not info.is_dir()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError) as exc:
        raise BadInputError(f"{name} is not a Word document (not a zip archive: {exc}); give a .docx saved by Word, WPS or LibreOffice") from exc
    return package_from_parts(parts, name=name)


def package_from_docx(path: Path) -> DocxPackage:
    """A package whose styles, page and other parts come from a reference ``.docx`` (e.g. a firm's template)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BadInputError(f"cannot read the reference document {path}: {exc.strerror or exc}; give a .docx file") from exc
    return package_from_bytes(data, name=str(path))


@lru_cache(maxsize=1)
def default_package() -> DocxPackage:
    """The house style (``templates/docx/package/``), built once per process; English documents take the English
    footer (Page X of Y)."""
    parts = {path.relative_to(PACKAGE_DIR).as_posix(): path.read_bytes()
             for path in sorted(PACKAGE_DIR.rglob("*")) if path.is_file() and path.name != "README.md"}
    package = package_from_parts(parts, name="the default package")
    zh = package.sections["zh"]
    sections = {"zh": zh, "zh-en": zh, "en": zh.replace('r:id="rIdFooterZh"', 'r:id="rIdFooterEn"')}
    return DocxPackage(package.static_zip, package.document_head, package.document_tail, MappingProxyType(sections),
                       package.text_width, package.styles)


def _blocks(lines: Lines) -> list[tuple[str, list]]:
    """The lines with consecutive signature rows gathered into one table: ("signatures", [[cells by language], …])."""
    blocks: list[tuple[str, list]] = []
    for style, texts in lines:
        if style != "signature":
            blocks.append((style, texts))
        elif blocks and blocks[-1][0] == "signatures":
            blocks[-1][1].append([text.split(RS) for text in texts])
        else:
            blocks.append(("signatures", [[text.split(RS) for text in texts]]))
    return blocks


def parties(document: Document) -> list[str]:
    """The parties' names the spec gives, as the signature block shows them (Party A first)."""
    names: list[str] = []
    for block in document.blocks:
        for row in block.rows:
            names.extend(cell.value for cell in row if cell.value and cell.value not in names)
    return names


def render_docx(document: Document, package: DocxPackage | None = None, *, now: dt.datetime | None = None) -> bytes:
    """The agreement as a DOCX in the package's styles: the title, articles as headings, the clauses, the signature
    block as a table; zh-en as a two-column table. ``now`` (default: the current time) is its creation time."""
    package = package or default_package()
    lines = layout(document)
    langs = languages(document)
    body = template("docx/body.xml.j2", "markup").render(blocks=_blocks(lines), langs=langs, styles=package.styles,
                                                         text_width=package.text_width)
    created = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = template("docx/core.xml.j2", "markup").render(
        title=lines[0][1][0], parties=parties(document), created=created, language="en-US" if langs == ["en"] else "zh-CN")
    section = package.sections[document.language]
    buffer = io.BytesIO(package.static_zip)
    buffer.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DOCUMENT, package.document_head + body + section + package.document_tail)
        archive.writestr(CORE, core)
    return buffer.getvalue()
