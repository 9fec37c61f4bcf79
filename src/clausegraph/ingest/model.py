"""What ingestion reads out of a text, before it becomes RDF: spans, the layout tree, and the notes.

Every offset is a 0-based, end-exclusive index of Unicode code points into the source text (the
decoded file without its byte-order mark, or the text extracted from a DOCX or Markdown file), so
``text[span.start:span.end]`` gives back the words, and SPARQL ``SUBSTR(?content, ?start + 1,
?end - ?start)`` does too.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """Where some words stand in the source text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass
class Provision:
    """An article, paragraph or item found in the text, with the spans of its parts."""

    kind: str  # Article, Paragraph or Item
    number: int
    marker: str  # the number as the source writes it: 第三条, 1、, （1）, ① ("" for an unnumbered paragraph)
    style: str  # the numbering style (numbering.STYLES), or "unnumbered"
    start: int  # extent: from the marker to the end of the last part
    end: int
    heading: Span | None = None
    text: Span | None = None
    heading_en: str | None = None
    text_en: str | None = None
    children: list[Provision] = field(default_factory=list)
    parent: Provision | None = field(default=None, repr=False)
    path: str = ""
    local: str = ""  # the IRI's local name: art-3-para-5

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def article(self) -> Provision:
        node = self
        while node.parent is not None:
            node = node.parent
        return node


@dataclass
class Field:
    """One line of the party block: a label (甲方：) and, when filled in, its value."""

    number: int
    label: Span
    value: Span | None
    party: str | None  # designation of the party it describes (甲方, 乙方), if any
    text_en: str | None = None


@dataclass
class Line:
    """A line of the preamble or the signature block."""

    number: int
    text: Span
    text_en: str | None = None


@dataclass(frozen=True)
class Note:
    """Something ingestion reports rather than silently fixes: a numbering gap, an unresolved reference, …"""

    kind: str  # a local name of a cg:IngestIssueKind (numbering-gap, unresolved-reference, …)
    message: str
    span: Span | None = None
    path: str | None = None  # the provision it concerns


@dataclass
class Chapter:
    """A chapter heading line (第一章 总则): the articles after it, up to the next chapter, are in it."""

    number: int
    marker: Span  # 第一章, as the source writes it
    heading: Span | None = None  # 总则
    heading_en: str | None = None
    articles: list[Provision] = field(default_factory=list)
    local: str = ""  # the IRI's local name: chapter-1

    @property
    def end(self) -> int:
        """Where the chapter ends: the end of its last article, or of its own line when it has none."""
        return max([self.marker.end, *([self.heading.end] if self.heading else []), *(a.end for a in self.articles)])


@dataclass
class Layout:
    """The structure of one agreement's text."""

    text: str
    title: Span | None = None
    title_en: str | None = None
    fields: list[Field] = field(default_factory=list)
    preamble: Line | None = None
    articles: list[Provision] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    signatures: list[Line] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def provisions(self) -> list[Provision]:
        return [p for article in self.articles for p in article.walk()]
