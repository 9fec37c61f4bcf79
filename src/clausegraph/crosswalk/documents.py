"""The text a dataset file carries, and where each part of the agreement stands in it.

A variant of the template is assembled and rendered as plain text by the drafting package
(:func:`clausegraph.drafting.render`, the same text ``clausegraph assemble`` writes); each part's words
are then found in that text in document order. An ingested agreement has its own source text and the
offsets ingestion recorded (cg:textStart/cg:textEnd, cg:headingStart/cg:headingEnd). Either way the
result is a :class:`DocumentText`: the text and its segments, every one of which slices back to the
words of its part (``text[start:end]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..drafting import Spec, Template, assemble, render
from ..drafting.render import languages
from ..errors import DataError
from ..results import compact

#: The roles a segment plays: the agreement's title, an article's heading, a part's own words, a line
#: (a party field or signature line, from its label to the end of the line).
ROLES = ("title", "heading", "text", "line")


@dataclass(frozen=True)
class Segment:
    """Where the words of one part (``component``, the agreement itself for the title) stand in the text."""

    component: str
    role: str
    lang: str
    start: int
    end: int


@dataclass(frozen=True)
class DocumentText:
    """A document of a dataset file: a name, the text, its language(s), and the segments in text order."""

    name: str
    text: str
    langs: tuple[str, ...]
    segments: tuple[Segment, ...]
    parts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # a component's parts, all levels down

    def indices(self, components: set[str] | frozenset[str], roles: tuple[str, ...] = ("text",)) -> list[int]:
        """The indices of the segments of ``components`` (in the roles given), in text order."""
        return [i for i, s in enumerate(self.segments) if s.component in components and s.role in roles]

    def covering(self, component: str) -> list[int]:
        """The segments of a component and of its parts (a party block is its fields' lines), headings left out."""
        members = {component, *self.parts.get(component, ())}
        return self.indices(members, ("title", "text", "line"))

    def words(self, segment: Segment) -> str:
        return self.text[segment.start:segment.end]


def variant_text(template: Template, spec: Spec, name: str) -> DocumentText:
    """The variant ``spec`` of ``template`` rendered as plain text, with the segment of every part."""
    document = assemble(template, spec)
    text = render(document, "txt").decode("utf-8")
    langs = languages(document)
    segments: list[Segment] = []
    cursor = 0

    def find(needle: str, component: str, role: str, lang: str) -> None:
        nonlocal cursor
        if not needle:
            return
        at = text.find(needle, cursor)
        if at < 0:
            raise DataError(f"the words of {compact(component)} ({lang}) are not in the rendered text of {name}: "
                            "the layout templates and the crosswalk disagree")
        end = at + len(needle)
        if role == "line":
            newline = text.find("\n", at)
            end = len(text) if newline < 0 else newline
        segments.append(Segment(component, role, lang, at, end))
        cursor = end

    for lang in langs:
        find(document.title.get(lang, ""), template.agreement, "title", lang)
    for block in document.walk():
        if block.kind in ("PartyField", "SignatureLine"):
            for lang in langs:
                find(block.text.get(lang, ""), block.iri, "line", lang)
        elif block.kind == "Article":
            for lang in langs:
                find(block.heading.get(lang, "") if block.heading else "", block.iri, "heading", lang)
            for lang in langs:
                find(block.text.get(lang, "") if block.text else "", block.iri, "text", lang)
        elif block.kind in ("Preamble", "Paragraph", "Item"):
            for lang in langs:
                find(block.text.get(lang, ""), block.iri, "text", lang)
    parts = {block.iri: tuple(b.iri for b in block.walk() if b is not block) for block in document.walk() if block.children}
    return DocumentText(name, text, tuple(langs), tuple(segments), parts)


def ingested_text(agreement: str, content: str, spans: dict[str, dict[str, int]], name: str) -> DocumentText:
    """An ingested agreement's source text with the segments its offsets give (Chinese: offsets index the source)."""
    segments = []
    for component, found in spans.items():
        if "headingStart" in found and "headingEnd" in found:
            segments.append(Segment(component, "title" if component == agreement else "heading", "zh",
                                    found["headingStart"], found["headingEnd"]))
        if "textStart" in found and "textEnd" in found:
            segments.append(Segment(component, "text", "zh", found["textStart"], found["textEnd"]))
    segments.sort(key=lambda s: (s.start, s.end))
    return DocumentText(name, content, ("zh",), tuple(segments))
