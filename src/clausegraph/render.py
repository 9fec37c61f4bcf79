"""Render an assembled :class:`~clausegraph.assemble.Document` as txt, md, html or docx.

One layout template (templates/agreement.lines.j2) decides the lines and their styles; the format
templates and the DOCX writer only present those lines, so every format holds the same text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import jinja2
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .assemble import Document
from .errors import BadInputError

FORMATS = ("txt", "md", "html", "docx")
TEMPLATES = Path(__file__).parent / "templates"
US = "\x1f"
EAST_ASIAN_FONT = "宋体"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")

Lines = list[tuple[str, list[str]]]


def _env(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_escape"] = lambda text: _MD_SPECIAL.sub(r"\\\1", text)
    return env


_PLAIN = _env(autoescape=False)
_HTML = _env(autoescape=True)


def languages(document: Document) -> list[str]:
    return ["zh", "en"] if document.language == "zh-en" else [document.language]


def layout(document: Document) -> Lines:
    """The agreement's lines: (style, [the line in each language])."""
    langs = languages(document)
    text = _PLAIN.get_template("agreement.lines.j2").render(doc=document, langs=langs, US=US)
    rows: Lines = []
    for raw in text.split("\n"):
        if not raw.strip():
            continue
        style, *texts = raw.split(US)
        if len(texts) != len(langs):
            raise BadInputError("a value contains a control character (U+001F) that cannot be laid out; remove it")
        rows.append((style, texts))
    return rows


def render_text(document: Document, fmt: str) -> str:
    """txt, md or html as a string."""
    lines = layout(document)
    langs = languages(document)
    if fmt == "txt":
        return _PLAIN.get_template("agreement.txt.j2").render(lines=lines)
    if fmt == "md":
        return _PLAIN.get_template("agreement.md.j2").render(lines=lines)
    if fmt == "html":
        return _HTML.get_template("agreement.html.j2").render(lines=lines, langs=langs, html_lang="zh-CN" if langs[0] == "zh" else "en")
    raise BadInputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _east_asian(style, font: str = EAST_ASIAN_FONT) -> None:
    """Set the East Asian font and language on a style; drop theme fonts that would override them."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def render_docx(document: Document) -> bytes:
    """A DOCX: the title as Title, articles as Heading 1, other lines as paragraphs; zh-en as a two-column table."""
    lines = layout(document)
    docx = DocxDocument()
    for name in ("Normal", "Title", "Heading 1"):
        style = docx.styles[name]
        style.font.name = "Times New Roman"
        _east_asian(style)
    docx.styles["Normal"].font.size = Pt(11)
    side_by_side = len(lines[0][1]) > 1
    table = docx.add_table(rows=0, cols=len(lines[0][1])) if side_by_side else None
    for style, texts in lines:
        cells = table.add_row().cells if table is not None else [None]
        for cell, text in zip(cells, texts):
            if cell is None:
                if style == "title":
                    paragraph = docx.add_paragraph(text, style="Title")
                elif style == "article":
                    paragraph = docx.add_paragraph(text, style="Heading 1")
                else:
                    paragraph = docx.add_paragraph(text if style != "blank" else "")
            else:
                paragraph = cell.paragraphs[0]
                paragraph.add_run(text)
                if style in ("title", "article"):
                    paragraph.runs[0].bold = True
            if style == "title":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    docx.core_properties.title = lines[0][1][0]
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def render(document: Document, fmt: str) -> bytes:
    """The document in ``fmt`` as bytes (UTF-8 for the text formats)."""
    if fmt == "docx":
        return render_docx(document)
    return render_text(document, fmt).encode("utf-8")
