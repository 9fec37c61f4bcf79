"""The lines of a text and what each looks like: a title, a party field, a signature line, English.

A line here is a physical line with its surrounding whitespace (and conversion artefacts such as
``[bookmark: _GoBack]``) left out; its offsets stay those of the source text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Note, Span
from .numbering import ENGLISH_MARKER

ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")
CJK = re.compile(r"[\u3400-\u9fff]")
SENTENCE_END = re.compile(r"[。；;！？!?]")
PUNCTUATION = re.compile(r"[。；;！？!?，,：:、]")
FIELD_WORDS = re.compile(
    r"甲方|乙方|丙方|地址|住所|住址|证件|身份证|号码|代表人|电话|名称|姓名|编号|邮编|邮箱|传真|联系人|用人单位|劳动者|员工|单位|代码|部门|职务|岗位"
)
FIELD = re.compile(r"(?P<label>(?:[\u3400-\u9fff（）()]\s*){1,16}?)[：:]")
PARTY_LABEL = re.compile(r"^(?P<party>[甲乙丙])\s*方")
SIGNATURE_WORDS = re.compile(r"签字|签章|盖章|签名|签订|签署|日期|年\s*月\s*日|以下无正文|公章")
SIGNATURE_START = re.compile(r"(?<=[。；])\s*(?=[（(]?(?:[甲乙丙]\s*方|签字|签章|日期|以下无正文)[^。；，,]*$)")
SIGNATURE_SPLIT = re.compile(r"\s+(?=[甲乙丙]\s*方|签订|签署|日期)")


@dataclass(frozen=True)
class TextLine:
    """A non-empty line: its span with surrounding whitespace and artefacts left out."""

    start: int
    end: int

    def span(self) -> Span:
        return Span(self.start, self.end)


def text_lines(text: str, notes: list[Note]) -> list[TextLine]:
    """The non-empty lines of the text; conversion artefacts at a line's start are left out and reported."""
    lines = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while True:
            artefact = ARTEFACT.match(text, start, end)
            if artefact is None:
                break
            notes.append(Note("conversion-artefact", f"left out {artefact.group(0)!r}, a mark left by a document converter, not words of the agreement",
                              Span(artefact.start(), artefact.end())))
            start = artefact.end()
            while start < end and text[start].isspace():
                start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            lines.append(TextLine(start, end))
    return lines


def strip_span(text: str, start: int, end: int) -> Span | None:
    """The span with surrounding whitespace left out, or None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def is_english(words: str) -> bool:
    """A line of English (the translation under a Chinese line): it starts with a Latin letter once an
    English marker (Article 3, 1., (1)) is left out."""
    rest = ENGLISH_MARKER.sub("", words, count=1)
    return bool(rest) and rest[0].isascii() and rest[0].isalpha() and bool(re.search(r"[A-Za-z]{2}", rest))


def english_text(words: str) -> str:
    """An English line without its marker."""
    return ENGLISH_MARKER.sub("", words, count=1).strip()


def is_title(words: str) -> bool:
    """A short line of Chinese without sentence punctuation (离职保密协议)."""
    return len(words) <= 40 and bool(CJK.search(words)) and not PUNCTUATION.search(words)


def field_label(words: str) -> re.Match | None:
    """The label of a party field (甲      方：, 证件号码：, 甲方（用人单位）：) at the start of the words."""
    m = FIELD.match(words)
    if m is None:
        return None
    label = re.sub(r"\s", "", m.group("label"))
    if len(label) > 14 or not FIELD_WORDS.search(label) or label.startswith(("鉴于", "根据", "为了", "经")):
        return None
    return m


def party_of(label: str) -> str | None:
    """The designation (甲方, 乙方, 丙方) a field label names, if any."""
    m = PARTY_LABEL.match(label)
    return f"{m.group('party')}方" if m else None


def is_signature(words: str) -> bool:
    """A line of the signature block: a party label or the words of signing and dating, no sentence."""
    if SENTENCE_END.search(words.rstrip("。")) or re.search(r"[，,]|。$", words):
        return False
    return bool(PARTY_LABEL.match(words) or SIGNATURE_WORDS.search(words))


def is_heading(words: str) -> bool:
    """Words after 第X条 that are its heading rather than its text: short, no punctuation."""
    return 0 < len(words) <= 25 and not PUNCTUATION.search(words)
