"""Numbering markers of Chinese agreements and the numbers they stand for.

Styles: 第X条 (Chinese or Arabic numerals), 一、, 1、, 1. / 1．, （一） / (一), （1） / (1), ①, and decimal numbers
1.1 / 2.1.1, whose every part but the last names the provisions they are in (``Marker.path``). Full- and
half-width forms of one style are the same style. Numbers are read by cn2an (Chinese numerals) and
unicodedata (circled digits), never by a table of our own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_CN = "[一二三四五六七八九十百零〇两]+"

STYLES = ("article", "cjk-comma", "arabic-comma", "arabic-dot", "decimal", "cjk-paren", "arabic-paren", "circled")

MARKER = re.compile(
    rf"(?P<article>第\s*(?P<article_n>{_CN}|\d+)\s*条)"
    rf"|(?P<cjk_comma>(?P<cjk_comma_n>{_CN})\s*、)"
    rf"|(?P<arabic_comma>(?P<arabic_comma_n>\d{{1,3}})\s*、)"
    rf"|(?P<decimal>(?P<decimal_n>\d{{1,3}}(?:[.．]\d{{1,3}}){{1,3}})[.．]?(?![\d.．%％]))"
    rf"|(?P<arabic_dot>(?P<arabic_dot_n>\d{{1,3}})[.．](?![\d.．]))"
    rf"|(?P<cjk_paren>[（(]\s*(?P<cjk_paren_n>{_CN})\s*[）)])"
    rf"|(?P<arabic_paren>[（(]\s*(?P<arabic_paren_n>\d{{1,3}})\s*[）)])"
    rf"|(?P<circled>[\u2460-\u2473])"
)

# An English marker (bilingual texts put the English line under the Chinese one).
ENGLISH_MARKER = re.compile(r"^(?:Article\s+\d+|\d+\.|\(\d+\))\s*")

# What may stand just before a marker found in the middle of a line for it to start a provision.
BOUNDARY = set("。；;：:！？!?") | {" ", "\t", "\u3000"}


@dataclass(frozen=True)
class Marker:
    """A numbering marker found in the text."""

    style: str
    number: int
    start: int
    end: int
    written: str
    path: tuple[int, ...] = ()  # a decimal number's parts (2.1.1 → (2, 1, 1)); empty for the other styles


@lru_cache(maxsize=1024)
def chinese_number(written: str) -> int:
    """一 → 1, 十二 → 12, 九十九 → 99, 两 → 2 (cn2an)."""
    import cn2an

    return int(cn2an.cn2an(written, "smart"))


@lru_cache(maxsize=256)
def chinese_numeral(number: int) -> str:
    """1 → 一, 12 → 十二, 102 → 一百零二 (cn2an)."""
    import cn2an

    return str(cn2an.an2cn(number))


def numeral_value(written: str) -> int:
    """A number written in digits (half- or full-width: int() reads both) or in Chinese numerals: 12, １２, 十二 → 12."""
    return int(written) if written.isdigit() else chinese_number(written)


def decimal_path(written: str) -> tuple[int, ...]:
    """The parts of a decimal number: 2.1.1 → (2, 1, 1), full-width dots and digits too (２．１ → (2, 1))."""
    return tuple(int(part) for part in re.split("[.．]", written))


def _number(style: str, written: str) -> int:
    if style == "circled":
        return int(unicodedata.numeric(written))
    return numeral_value(written)


def match_marker(text: str, pos: int) -> Marker | None:
    """The marker starting exactly at ``pos``, if there is one."""
    m = MARKER.match(text, pos)
    if m is None:
        return None
    style = m.lastgroup
    assert style is not None
    if style.endswith("_n"):  # never the last group of a whole match, but keep the lookup honest
        style = style[:-2]
    name = style
    written = m.group(f"{name}_n") if name != "circled" else m.group(name)
    if name == "decimal":
        path = decimal_path(written)
        return Marker(name, path[-1], m.start(), m.end(), m.group(0), path)
    number = _number(name, written)
    return Marker(name.replace("_", "-"), number, m.start(), m.end(), m.group(0))


def find_markers(text: str, start: int, end: int) -> list[Marker]:
    """Every marker between ``start`` and ``end`` that follows a boundary (。；： or a space)."""
    found = []
    for m in MARKER.finditer(text, start, end):
        if m.start() > start and text[m.start() - 1] not in BOUNDARY:
            continue
        marker = match_marker(text, m.start())
        if marker is not None:
            found.append(marker)
    return found
