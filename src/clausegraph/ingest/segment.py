"""Segment an agreement's text into its structure: title, party block, preamble, articles with their
paragraphs and items, signature block — keeping the span of every part.

How the text is read:

- The top-level numbering style is 第X条 when the text has it (other numbers before the first
  article then belong to the preamble, e.g. numbered recitals), otherwise the style of the first
  number. Top-level provisions are articles; a style first met inside an article opens the next
  level (paragraph, then item), a style already open closes the levels below it. A fourth level
  is kept as text of its item and reported.
- A number at the start of a line always starts a provision; one in the middle of a line (a text with
  no line breaks) does when it follows 。；： or a space and continues the numbering exactly.
- Words after 第X条 are its heading when they are short and unpunctuated and more follows; otherwise
  its text. An article with several unnumbered paragraphs gets them as paragraphs numbered in order
  (as 款 are in statutes); lines after a numbered part continue that part.
- After the last provision, the first line that signs or dates (甲方：, 签字, 日期 …) opens the signature block.
- A line of English under a Chinese line is that part's English text (an assembled zh-en agreement).
- A line 第X章 with a short heading (第二章 竞业限制) is a chapter: it closes the open article, and the articles
  after it, up to the next chapter, are in it. It is never text of the article before it.
- A decimal number (1.1, 2.2.1) is a paragraph or an item by its number of parts, and opens only inside the
  provisions its leading parts name (2.2.1 under paragraph 2.2 of article 2); one that does not fit is text, reported.
- Gaps and repeats in the numbering are reported and kept as written, never renumbered.
"""

from __future__ import annotations

import re

from ..errors import NotAnAgreementError
from .lines import (SIGNATURE_SPLIT, SIGNATURE_START, TextLine, english_text, field_label, is_english, is_heading,
                    is_signature, is_title, party_of, strip_span, text_lines)
from .model import Chapter, Field, Layout, Line, Note, Provision, Span
from .numbering import Marker, find_markers, match_marker, numeral_value

KINDS = ("Article", "Paragraph", "Item")
#: a chapter heading line: 第二章 竞业限制 (the heading short and without sentence punctuation)
_CHAPTER = re.compile(r"[ \t\u3000]*(?P<marker>第(?P<number>[一二三四五六七八九十百零〇两]+|[0-9０-９]+)章)"
                      r"(?:[ \t\u3000]*(?P<heading>[^。；;：:，,\s][^。；;：:，,]{0,29}?))?[ \t\u3000]*$")


class _Segmenter:
    def __init__(self, text: str, name: str):
        self.text = text
        self.name = name
        self.layout = Layout(text)
        self.notes = self.layout.notes
        self.lines = text_lines(text, self.notes)
        self.level1 = self._level_one_style()
        self.stack: list[Provision] = []
        self.bodies: dict[int, list[Span]] = {}
        self.body_en: dict[int, dict[int, list[str]]] = {}
        self.owner: tuple[str, object] | None = None
        self.signing = False
        self.one_line = not any(self._line_marker(line) for line in self.lines)

    # ----------------------------------------------------------------------------- the whole text

    def run(self) -> Layout:
        head_end = self._head_end()
        for line in self.lines:
            if line.end <= head_end:
                self._head_piece(Span(line.start, line.end))
            elif line.start < head_end:
                self._head_piece(Span(line.start, head_end))
                self._body(head_end, line.end, line_start=True)
            else:
                self._body(line.start, line.end, line_start=True)
        for article in self.layout.articles:
            self._finish(article)
        self._check_numbering(self.layout.articles, "the agreement")
        taken: set[str] = set()
        for article in self.layout.articles:
            self._name(article, None, taken)
        self._finish_chapters(taken)
        return self.layout

    def _finish_chapters(self, taken: set[str]) -> None:
        """Name each chapter (chapter-N) and report numbers out of order and chapters without articles."""
        previous = 0
        for chapter in self.layout.chapters:
            chapter.local = _unique(f"chapter-{chapter.number}", taken)
            if chapter.number != previous + 1:
                self.notes.append(Note("numbering-gap" if chapter.number > previous + 1 else "numbering-repeat",
                                       f"{chapter.marker.of(self.text)} follows chapter {previous}; kept as written, not renumbered",
                                       chapter.marker))
            if not chapter.articles:
                self.notes.append(Note("empty-provision", f"{chapter.marker.of(self.text)} has no articles", chapter.marker))
            previous = chapter.number

    def _chapter_line(self, start: int, end: int) -> re.Match[str] | None:
        return _CHAPTER.fullmatch(self.text, start, end)

    def _chapter(self, match: re.Match[str]) -> None:
        """A chapter heading: the open article ends here; the articles that follow are in the chapter."""
        number = numeral_value(match.group("number"))
        heading = Span(match.start("heading"), match.end("heading")) if match.group("heading") else None
        chapter = Chapter(number, Span(match.start("marker"), match.end("marker")), heading)
        self.layout.chapters.append(chapter)
        self.stack = []
        self.owner = ("chapter", chapter)

    def _line_marker(self, line: TextLine) -> Marker | None:
        words = self.text[line.start : line.end]
        return None if is_english(words) else match_marker(self.text, line.start)

    def _level_one_style(self) -> str:
        first: Marker | None = None
        for line in self.lines:
            if is_english(self.text[line.start : line.end]):
                continue
            for marker in find_markers(self.text, line.start, line.end):
                if marker.style == "article":
                    return "article"
                if marker.style == "decimal":  # 1.1 is a part of provision 1, never the top level
                    continue
                if first is None and marker.number == 1 and (marker.start == line.start or self._standalone(marker)):
                    first = marker
        if first is None:
            raise NotAnAgreementError(
                f"{self.name} has no numbered provisions (第一条, 一、, 1、 …), so it is not an agreement ingest can read; "
                "check that the file is the agreement's text"
            )
        return first.style

    def _standalone(self, marker: Marker) -> bool:
        return marker.start == 0 or self.text[marker.start - 1] in "。；;：: \t\u3000"

    def _head_end(self) -> int:
        for line in self.lines:
            if self._chapter_line(line.start, line.end):
                return line.start
            marker = self._line_marker(line)
            if marker is not None and marker.style == self.level1:
                return line.start
            if is_english(self.text[line.start : line.end]):
                continue
            for marker in find_markers(self.text, line.start, line.end):
                if marker.style == self.level1 and marker.number == 1:
                    return marker.start
        raise NotAnAgreementError(f"{self.name} has no first provision (第一条 or 1); check that the file is the agreement's text")

    # ----------------------------------------------------------------------------- title, parties, preamble

    def _head_piece(self, span: Span) -> None:
        words = span.of(self.text)
        if is_english(words):
            self._attach_english(words)
            return
        for piece in self._split_head(span):
            self._head_part(piece)

    def _split_head(self, span: Span) -> list[Span]:
        """One line, or several pieces of it when a text without line breaks runs title and fields together."""
        text = self.text
        starts = [span.start + m.end() for m in re.finditer(r"\s+", span.of(text)) if field_label(text[span.start + m.end() : span.end])]
        if not starts:
            return [span]
        pieces: list[Span | None] = []
        for a, b in zip([span.start, *starts], [*starts, span.end]):
            piece = strip_span(text, a, b)
            if piece is None:
                continue
            words = piece.of(text)
            label = field_label(words)
            value = strip_span(text, piece.start + label.end(), piece.end) if label else None
            gap = re.search(r"\s", value.of(text)) if value else (re.search(r"\s", words) if not pieces and label is None else None)
            if gap is not None and label is None and not is_title(words[: gap.start()]):
                gap = None
            if gap is None:
                pieces.append(piece)
                continue
            cut = (value.start if value else piece.start) + gap.start()
            pieces += [strip_span(text, piece.start, cut), strip_span(text, cut, piece.end)]
        return [p for p in pieces if p is not None]

    def _head_part(self, piece: Span) -> None:
        layout = self.layout
        words = piece.of(self.text)
        if layout.preamble is not None:
            layout.preamble = Line(1, Span(layout.preamble.text.start, piece.end), layout.preamble.text_en)
            self.owner = ("preamble", layout.preamble)
            return
        if layout.title is None and not layout.fields and is_title(words) and not field_label(words):
            layout.title = piece
            self.owner = ("title", layout)
            return
        label = field_label(words)
        if label is not None:
            label_span = Span(piece.start, piece.start + label.end())
            value = strip_span(self.text, label_span.end, piece.end)
            party = party_of(re.sub(r"\s", "", label.group("label")))
            if party is None and layout.fields:
                party = layout.fields[-1].party
            field = Field(len(layout.fields) + 1, label_span, value, party)
            layout.fields.append(field)
            self.owner = ("field", field)
            return
        layout.preamble = Line(1, piece)
        self.owner = ("preamble", layout.preamble)

    # ----------------------------------------------------------------------------- provisions

    def _body(self, start: int, end: int, *, line_start: bool) -> None:
        words = self.text[start:end]
        if is_english(words) and line_start:
            self._attach_english(words)
            return
        if self.signing:
            self._signature(start, end)
            return
        chapter = self._chapter_line(start, end) if line_start else None
        if chapter is not None:
            self._chapter(chapter)
            return
        marker = match_marker(self.text, start)
        node = self._open(marker, strict=not line_start) if marker is not None else None
        content = marker.end if node is not None and marker is not None else start
        if node is None and line_start and self.stack and is_signature(words) and not self._more_provisions_after(start):
            self.signing = True
            self._signature(start, end)
            return
        following = next((m for m in find_markers(self.text, content, end) if m.start > content and self._fits(m, strict=True)), None)
        stop = following.start if following is not None else end
        if self.one_line and following is None and self.stack:
            tail = SIGNATURE_START.search(self.text, content, stop)
            if tail is not None:
                self._content(node, content, tail.start(), end_of_line=False)
                self.signing = True
                self._signature(tail.end(), end)
                return
        self._content(node, content, stop, end_of_line=following is None)
        if following is not None:
            self._body(following.start, end, line_start=False)

    def _more_provisions_after(self, pos: int) -> bool:
        return any(line.start > pos and self._line_marker(line) is not None for line in self.lines)

    def _fits(self, marker: Marker, *, strict: bool) -> bool:
        """Whether a marker continues the numbering (exactly, when ``strict``) at some open level."""
        if marker.style == "decimal":
            return self._fits_decimal(marker, strict=strict)
        if marker.style == self.level1:
            last = self.layout.articles[-1].number if self.layout.articles else 0
            return marker.number == last + 1 or not strict
        for node in self.stack[1:]:
            if node.style == marker.style:
                return marker.number == node.number + 1 or not strict
        if not self.stack or len(self.stack) >= len(KINDS):
            return False
        return marker.number == 1 or not strict

    def _fits_decimal(self, marker: Marker, *, strict: bool) -> bool:
        """A decimal number (2.1, 2.1.1) names its level by its parts and the provisions it is in by all but its last:
        it fits when those are the open ones (article 2, then its paragraph 1) and it continues their numbering."""
        depth = len(marker.path) - 1
        if depth >= len(KINDS) or len(self.stack) < depth or [n.number for n in self.stack[:depth]] != list(marker.path[:-1]):
            return False
        last = self.stack[depth].number if len(self.stack) > depth and self.stack[depth].style == "decimal" else 0
        return marker.number == last + 1 or not strict

    def _decimal_note(self, marker: Marker) -> None:
        """Why a decimal number at the start of a line opens nothing: too deep, or not a part of the open provisions."""
        span = Span(marker.start, marker.end)
        if len(marker.path) > len(KINDS):
            self.notes.append(Note("deep-numbering", f"{marker.written} numbers a fourth level, which the model does not have: kept as text of {self.stack[-1].marker}", span))
        else:
            where = ".".join(str(n.number) for n in self.stack)
            self.notes.append(Note("numbering-mismatch", f"{marker.written} is not a part of the open provision ({where}): kept as text of it", span))

    def _open(self, marker: Marker, *, strict: bool) -> Provision | None:
        if not self._fits(marker, strict=strict):
            if marker.style == "decimal":
                if not strict and self.stack:
                    self._decimal_note(marker)
                return None
            if self.stack and len(self.stack) >= len(KINDS) and marker.style not in {n.style for n in self.stack}:
                self.notes.append(Note("deep-numbering", f"{marker.written} numbers a fourth level, which the model does not have: kept as text of {self.stack[-1].marker}",
                                       Span(marker.start, marker.end)))
            return None
        if marker.style == self.level1:
            depth = 0
        elif marker.style == "decimal":
            depth = len(marker.path) - 1
        else:
            depth = next(i for i, n in enumerate(self.stack) if n.style == marker.style) if marker.style in {n.style for n in self.stack[1:]} else len(self.stack)
        parent = self.stack[depth - 1] if depth else None
        node = Provision(KINDS[depth], marker.number, marker.written, marker.style, marker.start, marker.end, parent=parent)
        (parent.children if parent is not None else self.layout.articles).append(node)
        if depth == 0 and self.layout.chapters:
            self.layout.chapters[-1].articles.append(node)
        self.stack = self.stack[:depth] + [node]
        self.bodies[id(node)] = []
        self.owner = ("heading" if depth == 0 else "body", node)
        return node

    def _content(self, node: Provision | None, start: int, end: int, *, end_of_line: bool) -> None:
        span = strip_span(self.text, start, end)
        if span is None:
            return
        if node is not None and node.kind == "Article":
            words = span.of(self.text)
            if is_heading(words) and end_of_line:
                node.heading = span
                return
            gap = re.search(r"[ \t\u3000]+", words)
            if gap is not None and is_heading(words[: gap.start()]) and words[gap.end() :].strip():
                node.heading = Span(span.start, span.start + gap.start())
                span = Span(span.start + gap.end(), span.end)
        target = node or (self.stack[-1] if self.stack else None)
        if target is None:
            return
        self.bodies[id(target)].append(span)
        self.owner = ("body", target)

    def _signature(self, start: int, end: int) -> None:
        cuts = [start] + [m.end() for m in SIGNATURE_SPLIT.finditer(self.text, start, end)] if self.one_line else [start]
        for a, b in zip(cuts, cuts[1:] + [end]):
            span = strip_span(self.text, a, b)
            if span is not None:
                line = Line(len(self.layout.signatures) + 1, span)
                self.layout.signatures.append(line)
                self.owner = ("signature", line)

    # ----------------------------------------------------------------------------- English lines

    def _attach_english(self, words: str) -> None:
        if self.owner is None:
            return
        kind, target = self.owner
        english = english_text(words)
        if kind == "title":
            self.layout.title_en = english
        elif kind in ("field", "preamble", "signature"):
            if kind == "field":
                english = english.split(":", 1)[0] + ":" if ":" in english else english
            target.text_en = english if target.text_en is None else f"{target.text_en}\n{english}"  # type: ignore[union-attr]
        elif kind in ("heading", "chapter"):
            target.heading_en = english  # type: ignore[union-attr]
        else:
            node: Provision = target  # type: ignore[assignment]
            index = len(self.bodies[id(node)]) - 1
            self.body_en.setdefault(id(node), {}).setdefault(index, []).append(english)

    # ----------------------------------------------------------------------------- finishing

    def _finish(self, node: Provision) -> None:
        bodies = self.bodies.get(id(node), [])
        english = self.body_en.get(id(node), {})
        if node.kind == "Article" and not node.children and len(bodies) > 1:
            for i, body in enumerate(bodies, start=1):
                child = Provision("Paragraph", i, "", "unnumbered", body.start, body.end, text=body, parent=node,
                                  text_en="\n".join(english.get(i - 1, [])) or None)
                node.children.append(child)
        elif bodies:
            node.text = Span(bodies[0].start, bodies[-1].end)
            node.text_en = "\n".join(line for i in sorted(english) for line in english[i]) or None
        if node.kind == "Article" and node.heading is not None and node.text is None and not node.children:
            node.text, node.heading = node.heading, None  # a lone line after 第X条 is its text
            node.text_en, node.heading_en = node.heading_en, None
        for child in node.children:
            if child.style != "unnumbered":
                self._finish(child)
        node.end = max([node.end] + [s.end for s in (node.heading, node.text) if s is not None] + [c.end for c in node.children])
        if node.text is None and not node.children:
            self.notes.append(Note("empty-provision", f"{node.marker} has no words of its own and no parts", Span(node.start, node.end)))
        self._check_numbering(node.children, node.marker)

    def _check_numbering(self, parts: list[Provision], where: str) -> None:
        previous = 0
        for part in parts:
            if part.style == "unnumbered":
                return
            if part.number == previous + 1:
                pass
            elif part.number <= previous:
                self.notes.append(Note("numbering-repeat", f"in {where}, {part.marker} repeats or goes back after number {previous}; kept as written",
                                       Span(part.start, part.end)))
            else:
                missing = ", ".join(str(n) for n in range(previous + 1, part.number))
                self.notes.append(Note("numbering-gap", f"in {where}, {part.marker} follows number {previous}: number {missing} is missing; kept as written, not renumbered",
                                       Span(part.start, part.end)))
            previous = part.number

    def _name(self, node: Provision, parent: Provision | None, taken: set[str]) -> None:
        if parent is None:
            node.path, local = str(node.number), f"art-{node.number}"
        else:
            node.path = f"{parent.path}.{node.number}"
            local = f"{parent.local}-{'para' if node.kind == 'Paragraph' else 'item'}-{node.number}"
        node.local = _unique(local, taken)
        for child in node.children:
            self._name(child, node, taken)


def _unique(local: str, taken: set[str]) -> str:
    """``local``, or ``local-dup2``, ``-dup3`` … when a part of the same number came before (kept in ``taken``)."""
    name, k = local, 1
    while name in taken:
        k += 1
        name = f"{local}-dup{k}"
    taken.add(name)
    return name


def segment(text: str, *, name: str = "the text") -> Layout:
    """The structure of an agreement's text; raises NotAnAgreementError when it has no numbered provisions."""
    return _Segmenter(text, name).run()
