"""Assemble an agreement variant from the graph: select, omit, renumber, edit text, rewrite references.

Everything comes from the graph through queries/assembly/*.rq: the components and their text, the
options, the text variations and slots, the numbered cross-references and what each provision is
needed by. This module only applies them. The result is a :class:`Document`, a tree of blocks
with their new numbers, which renderers lay out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from .errors import DataError, SpecError
from .numerals import chinese_numeral, period_in_words, years_in_words
from .options import AGREEMENT_IRI, OptionDef, option_definitions, resolve_spec
from .queries import QUERIES_DIR, read_query, run
from .results import compact
from .variant import RuleIssue, VariantRefused, check_variant
from .store import Store

LANGS = ("zh", "en")


@dataclass
class Block:
    """One component of the assembled agreement, with its new number and edited text."""

    iri: str
    kind: str  # PartyBlock, PartyField, Preamble, Article, Paragraph, Item, SignatureBlock, SignatureLine
    path: str | None  # the source's number (3.5), stable across variants
    number: int | None  # the new number within its parent
    heading: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    value: str | None = None  # a party field's filled-in value
    children: list[Block] = field(default_factory=list)

    def label(self, lang: str) -> str:
        """The block's number as the source writes it: 第三条 / 3、 / （2） (Article 3 / 3. / (2) in English)."""
        return number_label(self.kind, self.number, lang) if self.number is not None else ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Document:
    """An assembled agreement."""

    title: dict[str, str]
    blocks: list[Block]
    language: str
    values: dict[str, Any]
    warnings: list[RuleIssue]

    def walk(self):
        for block in self.blocks:
            yield from block.walk()

    def provisions(self) -> list[Block]:
        return [b for b in self.walk() if b.kind in ("Article", "Paragraph", "Item")]


def number_label(kind: str, number: int, lang: str) -> str:
    """How a provision's number is written before its text and in references to it."""
    if kind == "Article":
        return f"第{chinese_numeral(number)}条" if lang == "zh" else f"Article {number}"
    if kind == "Paragraph":
        return f"{number}、" if lang == "zh" else f"{number}."
    if kind == "Item":
        return f"（{number}）" if lang == "zh" else f"({number})"
    return ""


def reference_label(kind: str, number: int, lang: str) -> str:
    """How the text names a provision by number: 第五条 / Article 5, （1） / (1), 第2款 / paragraph 2."""
    if kind == "Paragraph":
        return f"第{chinese_numeral(number)}款" if lang == "zh" else f"paragraph {number}"
    return number_label(kind, number, lang)


def _rows(store: Store, name: str, agreement: ox.NamedNode) -> list[dict[str, Any]]:
    query = read_query(QUERIES_DIR / "assembly" / f"{name}.rq")
    solutions = run(store, query.text, {ox.Variable("agreement"): agreement})
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names} for s in solutions]


def _value(term: ox.NamedNode | ox.Literal | None) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt.endswith("#boolean"):
            return term.value == "true"
        if dt.endswith("#integer"):
            return int(term.value)
    return term.value


class _Text:
    """Text being edited: anchors are replaced by tokens, so inserted values are never edited again."""

    def __init__(self, text: str):
        self.text = text
        self.tokens: dict[str, str] = {}

    def replace(self, anchor: str, new: str, *, literal: bool) -> bool:
        if not anchor or anchor not in self.text:
            return False
        if literal:
            token = f"\x00{len(self.tokens)}\x00"
            self.tokens[token] = new
            new = token
        self.text = self.text.replace(anchor, new, 1)
        return True

    def result(self) -> str:
        out = self.text
        for token, new in self.tokens.items():
            out = out.replace(token, new)
        return out


def _format(fmt: str, value: Any, lang: str) -> str:
    if fmt == "FormatYears":
        return years_in_words(int(value), lang)
    if fmt == "FormatMonthsPeriod":
        return period_in_words(int(value), lang)
    return str(value)


def _omission_issues(
    store: Store, agreement: ox.NamedNode, omitted: set[str], parents: dict[str, str], paths: dict[str, str], kinds: dict[str, str]
) -> list[RuleIssue]:
    def omitted_by(iri: str) -> str | None:
        """The omitted provision that takes ``iri`` with it (itself or an ancestor), if any."""
        while iri:
            if iri in omitted:
                return iri
            iri = parents.get(iri, "")
        return None

    def gone(iri: str) -> bool:
        return omitted_by(iri) is not None

    needed: dict[str, list[str]] = {}
    for row in _rows(store, "omission-dependencies", agreement):
        dependant = row["dependant"].value
        provision = omitted_by(row["provision"].value)
        if provision is None or gone(dependant):
            continue
        also = row["alsoDefinedIn"]
        if also is not None and not gone(also.value):
            continue
        reason = row["reason"].value
        label = row["reasonLabel"].value if row["reasonLabel"] is not None else compact(reason)
        why = f"refers to {paths.get(reason, label)}" if reason in kinds else f"uses the term {label}"
        who = paths.get(dependant) or compact(dependant)
        needed.setdefault(provision, [])
        entry = f"{who} ({why})"
        if entry not in needed[provision]:
            needed[provision].append(entry)
    issues = []
    for provision, dependants in needed.items():
        message = (
            f"cannot omit {paths[provision]}: still needed by {', '.join(dependants)}; omit those too, or keep {paths[provision]}"
        )
        issues.append(RuleIssue("omit", "an omitted provision must not be needed by a kept one", "删除的条款不得为保留的条款所需要", None, None, "violation", message, ""))
    return issues


def assemble(store: Store, spec: Mapping[str, Any], *, agreement: ox.NamedNode = AGREEMENT_IRI) -> Document:
    """Validate the spec and assemble the variant it describes. Raises VariantRefused or BadInputError."""
    options: list[OptionDef] = option_definitions(store, agreement)
    if not options:
        raise DataError(f"{compact(agreement.value)} has no options in the graph; is it an agreement template?")
    values = resolve_spec(options, spec)
    defaults = {o.key: o.default for o in options}

    rows = _rows(store, "components", agreement)
    blocks: dict[str, Block] = {}
    parents: dict[str, str] = {}
    top: list[Block] = []
    for row in rows:
        iri = row["component"].value
        block = Block(
            iri=iri,
            kind=row["kind"].value,
            path=_value(row["path"]),
            number=_value(row["number"]),
            heading={lang: row[f"heading{lang.title()}"].value for lang in LANGS if row[f"heading{lang.title()}"] is not None},
            text={lang: row[f"text{lang.title()}"].value for lang in LANGS if row[f"text{lang.title()}"] is not None},
        )
        if row["fieldKey"] is not None:
            field_value = values.get(row["fieldKey"].value)
            block.value = str(field_value) if field_value not in (None, "") else None
        blocks[iri] = block
        if row["depth"].value == "1":
            top.append(block)
        else:
            parents[iri] = row["parent"].value
            blocks[row["parent"].value].children.append(block)
    paths = {b.iri: b.path for b in blocks.values() if b.path}
    kinds = {b.iri: b.kind for b in blocks.values()}
    by_path = {b.path: b for b in blocks.values() if b.path}

    # omissions: known paths only, then the dependency closure
    unknown = [p for p in values["omit"] if p not in by_path]
    if unknown:
        raise SpecError([("omit", f"omit: unknown provision {', '.join(repr(p) for p in unknown)}; "
                                  f"provisions are named by their number in the source: {', '.join(by_path)}")])
    omitted = {by_path[p].iri for p in values["omit"]}
    issues = _omission_issues(store, agreement, omitted, parents, paths, kinds)
    for block in blocks.values():
        if block.kind in ("Article", "Paragraph") and block.children and block.iri not in omitted and all(c.iri in omitted for c in block.children):
            issues.append(
                RuleIssue("omit", "a kept provision keeps at least one of its parts", "保留的条款至少保留一个下级条款", None, None, "violation",
                          f"omitting every part of {block.path} leaves it empty; omit {block.path} itself instead", "")
            )
    issues += check_variant(store, options, values)
    violations = [i for i in issues if i.severity == "violation"]
    if violations:
        raise VariantRefused(violations, [i for i in issues if i.severity == "warning"])

    def prune(children: list[Block]) -> list[Block]:
        kept = [c for c in children if c.iri not in omitted]
        for c in kept:
            c.children = prune(c.children)
        return kept

    top = prune(top)
    old_numbers = {b.iri: b.number for b in blocks.values()}
    for parent_children in [top] + [b.children for b in blocks.values()]:
        numbered = [c for c in parent_children if c.number is not None and c.kind in ("Article", "Paragraph", "Item")]
        for new, child in enumerate(numbered, start=1):
            child.number = new

    # text edits: variations, then slots (when the value differs from the default), then numbered references
    texts: dict[str, dict[str, _Text]] = {iri: {lang: _Text(t) for lang, t in b.text.items()} for iri, b in blocks.items()}
    edited: set[tuple[str, str]] = set()
    for row in _rows(store, "text-edits", agreement):
        component, key = row["component"].value, row["key"].value
        value = values[key]
        if row["kind"].value == "TextVariation":
            if value != _value(row["whenValue"]):
                continue
            for lang in LANGS:
                replacement = row[f"replacement{lang.title()}"]
                applied = texts[component][lang].replace(row[f"anchor{lang.title()}"].value, replacement.value if replacement else "", literal=False)
                if not applied and (component, lang) not in edited:
                    raise DataError(f"{compact(row['edit'].value)}: anchor not found in the {lang} text of {compact(component)}")
                edited.add((component, lang))
        elif value != defaults[key] and value is not None:
            for lang in LANGS:
                anchor = row[f"anchor{lang.title()}"].value
                found = texts[component][lang].replace(anchor, _format(row["format"].value, value, lang), literal=True)
                if not found and (component, lang) not in edited:
                    raise DataError(f"{compact(row['edit'].value)}: anchor {anchor!r} not found in the {lang} text of {compact(component)}")
    for row in _rows(store, "cross-references", agreement):
        source, target = row["source"].value, row["target"].value
        if source in omitted or target not in blocks:
            continue
        old, new = old_numbers[target], blocks[target].number
        if old == new:
            continue
        for lang in LANGS:
            anchor = row[f"anchor{lang.title()}"].value
            kind = blocks[target].kind
            if anchor != reference_label(kind, old, lang):
                raise DataError(f"{compact(row['reference'].value)}: anchor {anchor!r} does not name {reference_label(kind, old, lang)!r}")
            texts[source][lang].replace(anchor, reference_label(kind, new, lang), literal=True)
    for iri, block in blocks.items():
        block.text = {lang: t.result() for lang, t in texts[iri].items()}

    title = agreement_title(store, agreement)
    warnings = [i for i in issues if i.severity == "warning"]
    return Document(title=title, blocks=top, language=values["language"], values=values, warnings=warnings)


def agreement_title(store: Store, agreement: ox.NamedNode = AGREEMENT_IRI) -> dict[str, str]:
    """The agreement's title by language."""
    query = read_query(QUERIES_DIR / "assembly" / "title.rq")
    return {s["title"].language: s["title"].value for s in run(store, query.text, {ox.Variable("agreement"): agreement})}

