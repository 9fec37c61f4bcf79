"""Assemble a variant: a template and a checked spec in, a :class:`Document` out. Pure: no store, no SPARQL.

The spec is checked against the template's rules first (:func:`clausegraph.drafting.rules.check`);
a violation refuses the variant (:class:`~clausegraph.errors.VariantRefused`), nothing is built.
Then omitted provisions are left out, the rest renumbered within their parents, the options' text
edits applied (variations, then slots whose value differs from the default), and numbered
cross-references rewritten to their targets' new numbers. The result is a tree of blocks with their
new numbers, which the renderers lay out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import DataError, VariantRefused
from ..results import compact
from .columns import columns
from .numerals import chinese_numeral, period_in_words, years_in_words
from .rules import Finding, Findings, check
from .spec import Spec
from .template import LANGS, PROVISION_KINDS, Template


#: between a label and the value that fills it, by language (甲方：张三, Party A: Zhang San)
VALUE_SEPARATOR = {"zh": "", "en": " "}


@dataclass(frozen=True)
class Cell:
    """One cell of the signature block's table: its label by language and the value that follows it (a party's name)."""

    text: Mapping[str, str]
    value: str | None = None

    def line(self, lang: str) -> str:
        """The cell as written: its label, then the value."""
        label = self.text.get(lang, "")
        return f"{label}{VALUE_SEPARATOR[lang]}{self.value}" if self.value else label


@dataclass
class Block:
    """One component of the assembled agreement, with its new number and edited text."""

    iri: str
    kind: str  # PartyBlock, PartyField, Preamble, Article, Paragraph, Item, SignatureBlock, SignatureLine
    path: str | None  # the source's number (3.5), stable across variants
    number: int | None  # the new number within its parent
    heading: Mapping[str, str]
    text: Mapping[str, str]
    value: str | None = None  # a party field's filled-in value
    children: list[Block] = field(default_factory=list)
    labels: Mapping[str, str] = field(default_factory=dict)  # the number as written before the text, by language
    #: the signature block's table (SignatureBlock only): rows of cells, one per column (an empty Cell where none)
    rows: tuple[tuple[Cell, ...], ...] = ()

    def label(self, lang: str) -> str:
        """The block's number as the source writes it: 第三条 / 3、 / （2） (Article 3 / 3. / (2) in English)."""
        return number_label(self.kind, self.number, lang) if self.number is not None else ""

    def walk(self) -> Iterator[Block]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Document:
    """An assembled agreement: title by language, the kept blocks, the spec and the findings that did not refuse it."""

    title: Mapping[str, str]
    blocks: list[Block]
    spec: Spec
    warnings: tuple[Finding, ...]

    @property
    def language(self) -> str:
        return self.spec.language

    @property
    def values(self) -> Mapping[str, Any]:
        return self.spec.values

    def walk(self) -> Iterator[Block]:
        for block in self.blocks:
            yield from block.walk()

    def provisions(self) -> list[Block]:
        return [b for b in self.walk() if b.kind in PROVISION_KINDS]


_NO_LABELS: Mapping[str, str] = {lang: "" for lang in LANGS}
_EMPTY_TEXT: Mapping[str, str] = {}


@lru_cache(maxsize=4096)
def number_label(kind: str, number: int, lang: str) -> str:
    """How a provision's number is written before its text and in references to it (each written once per process)."""
    if kind == "Article":
        return f"第{chinese_numeral(number)}条" if lang == "zh" else f"Article {number}"
    if kind == "Paragraph":
        return f"{number}、" if lang == "zh" else f"{number}."
    if kind == "Item":
        return f"（{number}）" if lang == "zh" else f"({number})"
    return ""


@lru_cache(maxsize=4096)
def reference_label(kind: str, number: int, lang: str) -> str:
    """How the text names a provision by number: 第五条 / Article 5, （1） / (1), 第2款 / paragraph 2."""
    if kind == "Paragraph":
        return f"第{chinese_numeral(number)}款" if lang == "zh" else f"paragraph {number}"
    return number_label(kind, number, lang)


class _Text:
    """Text being edited: inserted values become tokens, so that later edits never edit them again."""

    def __init__(self, text: str):
        self.text = text
        self.tokens: list[str] = []

    def replace(self, anchor: str, new: str, *, literal: bool) -> bool:
        if not anchor or anchor not in self.text:
            return False
        if literal:
            token = f"\x00{len(self.tokens)}\x00"
            self.tokens.append(new)
            new = token
        self.text = self.text.replace(anchor, new, 1)
        return True

    def result(self) -> str:
        out = self.text
        for index, new in enumerate(self.tokens):
            out = out.replace(f"\x00{index}\x00", new)
        return out


def _format(fmt: str | None, value: Any, lang: str) -> str:
    if fmt == "FormatYears":
        return years_in_words(int(value), lang)
    if fmt == "FormatMonthsPeriod":
        return period_in_words(int(value), lang)
    return str(value)


def _edited_texts(template: Template, spec: Spec, numbers: dict[str, int | None], kept: set[str]) -> dict[str, dict[str, str]]:
    """The new text of every kept component an option or a renumbered reference changes (the others keep theirs)."""
    values = spec.values
    texts: dict[str, dict[str, _Text]] = {}

    def text_of(iri: str) -> dict[str, _Text]:
        if iri not in texts:
            texts[iri] = {lang: _Text(t) for lang, t in template.component[iri].text.items()}
        return texts[iri]

    for iri, edits in template.edits_of.items():
        if iri not in kept:
            continue
        edited: set[str] = set()
        for edit in edits:
            value = values[edit.key]
            if edit.kind == "TextVariation":
                if value != edit.when:
                    continue
                for lang in LANGS:
                    applied = text_of(iri)[lang].replace(edit.anchor.get(lang, ""), edit.replacement.get(lang, ""), literal=False)
                    if not applied and lang not in edited:
                        raise DataError(f"{compact(edit.iri)}: anchor not found in the {lang} text of {compact(iri)}")
                    edited.add(lang)
            elif value is not None and value != template.option[edit.key].default:
                for lang in LANGS:
                    anchor = edit.anchor.get(lang, "")
                    found = text_of(iri)[lang].replace(anchor, _format(edit.format, value, lang), literal=True)
                    if not found and lang not in edited:
                        raise DataError(f"{compact(edit.iri)}: anchor {anchor!r} not found in the {lang} text of {compact(iri)}")
    for reference in template.references:
        if reference.source not in kept or reference.target not in kept:
            continue
        target = template.component[reference.target]
        old, new = target.number, numbers.get(reference.target)
        if old == new or old is None or new is None:
            continue
        for lang in LANGS:
            anchor = reference.anchor.get(lang, "")
            if anchor != reference_label(target.kind, old, lang):
                raise DataError(f"{compact(reference.iri)}: anchor {anchor!r} does not name {reference_label(target.kind, old, lang)!r}")
            text_of(reference.source)[lang].replace(anchor, reference_label(target.kind, new, lang), literal=True)
    return {iri: {lang: t.result() for lang, t in by_lang.items()} for iri, by_lang in texts.items()}


_EMPTY_CELL = Cell({lang: "" for lang in LANGS})


def _signature_rows(template: Template, values: Mapping[str, Any]) -> tuple[tuple[Cell, ...], ...]:
    """The signature block's table for the chosen signature block: its cells by row and column, names filled in."""
    chosen = [c for c in template.cells if values.get(c.key) == c.when]
    if not chosen:
        return ()
    grid = [[_EMPTY_CELL] * max(c.column for c in chosen) for _ in range(max(c.row for c in chosen))]
    for c in chosen:
        given = values.get(c.fill) if c.fill else None
        grid[c.row - 1][c.column - 1] = Cell(c.text, str(given) if given not in (None, "") else None)
    return tuple(tuple(row) for row in grid)


def _signature_lines(template: Template, block: Block, values: Mapping[str, Any]) -> list[Block]:
    """The signature block's lines as its table lays them out: one per row, its cells as columns of one line. A row
    keeps the IRI of the source's line of that number (the first cell's where the source has fewer lines)."""
    source = {template.component[iri].number: iri for iri in template.children.get(block.iri, ())
              if template.component[iri].kind == "SignatureLine"}
    chosen = {(c.row, c.column): c.iri for c in template.cells if values.get(c.key) == c.when}
    lines = []
    for number, row in enumerate(block.rows, start=1):
        iri = source.get(number) or next(iri for (r, _), iri in sorted(chosen.items()) if r == number)
        text = {lang: columns([cell.line(lang) for cell in row]) for lang in LANGS}
        lines.append(Block(iri, "SignatureLine", None, number, _EMPTY_TEXT, text, None, [], _NO_LABELS))
    return lines


def assemble(template: Template, spec: Spec, *, findings: Findings | None = None) -> Document:
    """The variant ``spec`` describes. Raises VariantRefused when the spec breaks a rule of severity violation
    (``findings``, when given, are the spec's findings already computed by :func:`~clausegraph.drafting.rules.check`)."""
    findings = findings if findings is not None else check(template, spec)
    if findings.refused:
        raise VariantRefused(findings.violations, findings.warnings)
    omitted = spec.omitted
    kept = {c.iri for c in template.components if not any(a in omitted for a in template.lineage[c.iri])}
    # renumber: the kept numbered provisions of each parent, from 1
    numbers: dict[str, int | None] = {}
    for siblings in template.children.values():
        n = 0
        for iri in siblings:
            component = template.component[iri]
            if iri in kept and component.number is not None and component.kind in PROVISION_KINDS:
                n += 1
                numbers[iri] = n
            else:
                numbers[iri] = component.number
    texts = _edited_texts(template, spec, numbers, kept)
    values = spec.values
    blocks: dict[str, Block] = {}
    top: list[Block] = []
    for component in template.components:
        if component.iri not in kept:
            continue
        if component.kind == "SignatureLine" and component.parent in blocks and blocks[component.parent].rows:
            continue  # a signature block laid out as a table: its lines are the table's rows (below)
        value = None
        if component.field_key is not None:
            given = values.get(component.field_key)
            value = str(given) if given not in (None, "") else None
        number = numbers[component.iri]
        labels = {lang: number_label(component.kind, number, lang) for lang in LANGS} if number is not None else _NO_LABELS
        block = Block(component.iri, component.kind, component.path, number, component.heading,
                      texts.get(component.iri, component.text), value, [], labels)
        if component.kind == "SignatureBlock":
            block.rows = _signature_rows(template, values)
        blocks[component.iri] = block
        if component.depth == 1:
            top.append(block)
        else:
            blocks[component.parent].children.append(block)  # type: ignore[index]
    for block in top:
        if block.rows:
            block.children = _signature_lines(template, block, values)
    return Document(template.title, top, spec, findings.warnings)
