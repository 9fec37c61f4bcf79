"""Render an assembled :class:`~clausegraph.drafting.assemble.Document` as txt, md, html or docx.

One layout template (``templates/agreement.lines.j2``) decides the lines and their styles; the
format templates (and the DOCX body template, :mod:`clausegraph.drafting.docx`) only present those
lines, so every format holds the same text. The templates are compiled once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BadInputError, UnknownNameError
from ..formats import choices
from .assemble import Document
from .columns import columns

FORMATS = choices("assemble")
TEXT_FORMATS = ("txt", "md", "html")
TEMPLATES = Path(__file__).parent / "templates"
#: separates a line's style and its texts in the layout template's output (never part of a field: spec.text_problem)
US = "\x1f"
#: separates the cells of a signature row (the signature block's table) within a line's text
RS = "\x1e"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")

Lines = list[tuple[str, list[str]]]

if TYPE_CHECKING:
    import jinja2

    from .docx import DocxPackage


@lru_cache(maxsize=None)
def environment(kind: str) -> jinja2.Environment:
    """The template environment: ``plain`` (txt, md, the layout) or ``markup`` (html and docx's XML, autoescaped)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=kind == "markup",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["md_escape"] = lambda text: _MD_SPECIAL.sub(r"\\\1", text)
    return env


@lru_cache(maxsize=None)
def template(name: str, kind: str = "plain") -> jinja2.Template:
    """A template beside this module, compiled once."""
    return environment(kind).get_template(name)


def languages(document: Document) -> list[str]:
    return ["zh", "en"] if document.language == "zh-en" else [document.language]


def layout(document: Document) -> Lines:
    """The agreement's lines: (style, [the line in each language])."""
    langs = languages(document)
    text = template("agreement.lines.j2").render(doc=document, langs=langs, US=US, RS=RS)
    rows: Lines = []
    for raw in text.split("\n"):
        if not raw.strip():
            continue
        style, *texts = raw.split(US)
        if len(texts) != len(langs):
            raise BadInputError("a value contains a control character (U+001F) that cannot be laid out; remove it")
        rows.append((style, texts))
    return rows


def render_lines(lines: Lines, fmt: str, langs: list[str]) -> str:
    """txt, md or html of laid-out lines (a signature row's cells as columns of one line)."""
    lines = [(style, [columns(t.split(RS)) for t in texts]) if style == "signature" else (style, texts) for style, texts in lines]
    if fmt == "txt":
        return template("agreement.txt.j2").render(lines=lines)
    if fmt == "md":
        return template("agreement.md.j2").render(lines=lines)
    if fmt == "html":
        return template("agreement.html.j2", "markup").render(lines=lines, langs=langs, html_lang="zh-CN" if langs[0] == "zh" else "en")
    raise UnknownNameError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def render_text(document: Document, fmt: str) -> str:
    """txt, md or html as a string."""
    if fmt not in TEXT_FORMATS:
        raise UnknownNameError(f"unknown text format {fmt!r}; use one of {', '.join(TEXT_FORMATS)}")
    return render_lines(layout(document), fmt, languages(document))


def render(document: Document, fmt: str, *, package: DocxPackage | None = None) -> bytes:
    """The document in ``fmt`` as bytes (UTF-8 for the text formats); a DOCX in the styles of ``package`` (a firm's
    reference document, :func:`clausegraph.drafting.docx.package_from_docx`) or the house style."""
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(document, package)
    return render_text(document, fmt).encode("utf-8")
