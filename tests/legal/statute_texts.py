"""Read the primary statute texts (tests/legal/statutes/*.md) into articles, paragraphs and items.

The files are the national database's texts as mirrored by LawRefBook/Laws (see statutes/README.md).
In them an article starts a line with its number (``第二十三条 …``, also ``第二百一十九条之一 …``); each
further non-empty line is a paragraph (款), except lines numbered （一）（二）…, which are the items (项)
of the paragraph before them. Headings (``#``) and comments end an article.

A unit's text is what the graph quotes (cg:quote): its words without its own number marker, the
paragraphs of an article joined by a line break, a paragraph with its items (markers kept) joined
the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

STATUTES = Path(__file__).parent / "statutes"

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARTICLE = re.compile(r"^第([零〇一二三四五六七八九十百千]+)条(之[一二三四五六七八九])?[ \u3000]+(.*)$")
_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）(.*)$")


def chinese_number(text: str) -> int:
    """二百一十九 → 219, 十二 → 12, 一千二百六十 → 1260."""
    total, digit = 0, 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (digit or 1) * _UNITS[char]
            digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + digit


@dataclass
class Paragraph:
    lead: str
    items: list[str] = field(default_factory=list)  # each item's words without its （n） marker
    markers: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join([self.lead, *(f"（{m}）{t}" for m, t in zip(self.markers, self.items))])


@dataclass
class Article:
    key: str  # "23", "219之一"
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


def _clean(line: str) -> str:
    return line.rstrip(" \u3000\t")


@cache
def articles(file: str) -> dict[str, Article]:
    """Every article of a statutes file by its number as a string ("23", "219之一")."""
    result: dict[str, Article] = {}
    current: Article | None = None
    for raw in (STATUTES / file).read_text(encoding="utf-8").splitlines():
        line = _clean(raw)
        match = _ARTICLE.match(line)
        if match:
            key = str(chinese_number(match[1])) + (match[2] or "")
            current = Article(key, [Paragraph(match[3].strip(" \u3000"))])
            if key in result:
                raise ValueError(f"{file}: article {key} appears twice")
            result[key] = current
            continue
        if line.startswith("#") or line.startswith("<!--"):
            current = None
            continue
        if current is None or not line.strip():
            continue
        item = _ITEM.match(line.strip(" \u3000"))
        if item:
            current.paragraphs[-1].markers.append(item[1])
            current.paragraphs[-1].items.append(item[2])
        else:
            current.paragraphs.append(Paragraph(line.strip(" \u3000")))
    return result


def unit_text(file: str, article: int | str, paragraph: int | None = None, item: int | None = None) -> str:
    """The text of 第article条 [第paragraph款] [第item项] in ``file``; an item of a one-paragraph article
    may be given without its paragraph. KeyError when the file has no such unit."""
    art = articles(file)[str(article)]
    if paragraph is None and item is None:
        return art.text
    if paragraph is None:
        if len(art.paragraphs) != 1:
            raise KeyError(f"{file} 第{article}条 has {len(art.paragraphs)} paragraphs: name the paragraph of item {item}")
        paragraph = 1
    if not 1 <= paragraph <= len(art.paragraphs):
        raise KeyError(f"{file} 第{article}条 has no paragraph {paragraph}")
    para = art.paragraphs[paragraph - 1]
    if item is None:
        return para.text
    if not 1 <= item <= len(para.items):
        raise KeyError(f"{file} 第{article}条第{paragraph}款 has no item {item}")
    return para.items[item - 1]
