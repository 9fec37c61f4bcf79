"""The text of a DOCX file, one line per paragraph, with the numbers Word generates written out.

python-docx reads the paragraphs and tables in body order (a table row gives its cells' paragraphs in
turn, so a two-column Chinese/English table reads as the Chinese line, then the English one). Word's
automatic numbering (第%1条, %1、, （%1）…) is not in the paragraph's text: it is computed here from
numbering.xml — each level's start, format and level text — and written before the paragraph, because
that numbering counts as the agreement's text.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from ..errors import NotADocxError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "ideographDigital", "japaneseCounting",
                    "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting", "ideographTraditional"}


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "\t"


@dataclass
class _Numbering:
    """The numbering definitions of a document and the running counters of each list."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    starts: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, ilvl) → start override
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> tuple[str, str]:
        """The next label of list ``num_id`` at level ``ilvl`` and the suffix after it."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return "", ""
        counters = self.counters.setdefault(num_id, {})
        level = levels[ilvl]
        start = self.starts.get((num_id, ilvl), level.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt in ("bullet", "none"):
            return "", ""
        text = level.text
        for k in range(9):
            if f"%{k + 1}" in text:
                lvl = levels.get(k, _Level())
                value = counters.get(k, self.starts.get((num_id, k), lvl.start))
                text = text.replace(f"%{k + 1}", format_number(value, lvl.fmt))
        return text, level.suffix


def format_number(n: int, fmt: str) -> str:
    """A counter as Word writes it in the given numFmt (decimal, chineseCounting, decimalEnclosedCircle, …)."""
    import cn2an

    if fmt in _CHINESE_FORMATS:
        return str(cn2an.an2cn(n))
    if fmt == "chineseLegalSimplified":
        return str(cn2an.an2cn(n, "up"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x245F + n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    return str(n)


def _attr(element, tag: str) -> str | None:
    child = element.find(_W + tag) if element is not None else None
    return child.get(_W + "val") if child is not None else None


def _read_numbering(document) -> _Numbering:
    numbering = _Numbering()
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return numbering
    abstract: dict[str, dict[int, _Level]] = {}
    for node in root.findall(_W + "abstractNum"):
        levels = {}
        for lvl in node.findall(_W + "lvl"):
            start = _attr(lvl, "start")
            levels[int(lvl.get(_W + "ilvl", "0"))] = _Level(
                start=int(start) if start else 1,
                fmt=_attr(lvl, "numFmt") or "decimal",
                text=_attr(lvl, "lvlText") or "",
                suffix={"space": " ", "nothing": ""}.get(_attr(lvl, "suff") or "tab", "\t"),
            )
        abstract[node.get(_W + "abstractNumId", "")] = levels
    for num in root.findall(_W + "num"):
        num_id = num.get(_W + "numId", "")
        numbering.levels[num_id] = abstract.get(_attr(num, "abstractNumId") or "", {})
        for override in num.findall(_W + "lvlOverride"):
            start = _attr(override, "startOverride")
            if start:
                numbering.starts[(num_id, int(override.get(_W + "ilvl", "0")))] = int(start)
    return numbering


def _num_pr(paragraph) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph, from its own properties or its style's (and the styles it is based on)."""
    ppr = paragraph._p.pPr
    num_pr = ppr.find(_W + "numPr") if ppr is not None else None
    style = paragraph.style if num_pr is None else None
    while num_pr is None and style is not None:
        style_ppr = style.element.pPr
        num_pr = style_ppr.find(_W + "numPr") if style_ppr is not None else None
        style = style.base_style
    if num_pr is None:
        return None
    num_id = _attr(num_pr, "numId")
    if not num_id or num_id == "0":
        return None
    return num_id, int(_attr(num_pr, "ilvl") or 0)


def docx_text(name: str, data: bytes) -> str:
    """The document's text, one line per paragraph (tables row by row, cell by cell), numbering written out."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        reason = "not a zip archive" if not zipfile.is_zipfile(io.BytesIO(data)) else "a zip archive without a Word document in it"
        raise NotADocxError(f"{name} is not a Word document ({reason}); save the agreement as .docx from Word or LibreOffice, or give it as .txt") from exc
    numbering = _read_numbering(document)
    lines: list[str] = []

    def paragraph_line(paragraph: Paragraph) -> str:
        numbered = _num_pr(paragraph)
        label, suffix = numbering.label(*numbered) if numbered else ("", "")
        return f"{label}{suffix}{paragraph.text}" if label else paragraph.text

    body = document.element.body
    for child in body.iterchildren():
        if child.tag == _W + "p":
            lines.append(paragraph_line(Paragraph(child, document)))
        elif child.tag == _W + "tbl":
            for row in Table(child, document).rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    lines.extend(paragraph_line(p) for p in cell.paragraphs)
    return "\n".join(lines)
