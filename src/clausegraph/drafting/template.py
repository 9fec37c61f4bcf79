"""An agreement template as the drafting package uses it, read from the store once.

:func:`read_template` runs the queries of ``queries/drafting/`` (bound like every question, by
:func:`clausegraph.queries.bind_params`) and returns a frozen :class:`Template`: the options, the
components in document order, the text edits the options make, the signature block's table cells,
the numbered cross-references, what each provision is needed by, the rules on variants compiled from
their SHACL shapes, and the title. This is the only drafting module that runs SPARQL; checking a spec, assembling and
rendering use the template alone.

:func:`template_for` caches the template per store (and agreement); :func:`forget` drops what was read
from a store after it was loaded or updated (a front end that changes a store calls it).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import pyoxigraph as ox

from .. import queries
from ..errors import DataError
from ..results import compact
from ..sources import AGREEMENT, QUERIES_DIR
from ..store import Store

#: The agreement template of this project (the departure confidentiality agreement).
AGREEMENT_IRI = AGREEMENT + "agreement"
LANGS = ("zh", "en")
PROVISION_KINDS = ("Article", "Paragraph", "Item")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Option:
    """One option of the template, as the graph defines it (``variants.ttl``)."""

    key: str
    iri: str
    datatype: str  # boolean, integer or string
    default: Any
    allowed: tuple[str, ...]
    is_list: bool
    fills: str | None
    label_zh: str
    label_en: str
    definition_zh: str
    definition_en: str
    #: the labels (zh, en) of each allowed value, in the order of ``allowed``, as a form shows the choices ("" where none)
    allowed_labels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Component:
    """One part of the agreement in document order: party block and fields, preamble, article, paragraph,
    item, signature block and lines. ``number`` is its number in the source within its parent, ``path`` its
    source number (3.5), stable across variants."""

    iri: str
    kind: str
    parent: str | None
    depth: int
    number: int | None
    path: str | None
    heading: Mapping[str, str]
    text: Mapping[str, str]
    field_key: str | None


@dataclass(frozen=True)
class Edit:
    """A change an option makes to a component's text: a variation (replaces its anchor words when the option has
    the value ``when``) or a slot (replaces its anchor words by the option's value, written in ``format``)."""

    iri: str
    kind: str  # TextVariation or Slot
    component: str
    key: str
    when: Any
    format: str | None
    anchor: Mapping[str, str]
    replacement: Mapping[str, str]


@dataclass(frozen=True)
class SignatureCell:
    """One cell of the signature block's table, used when the option ``key`` has the value ``when``: its row and
    column (1 is Party A's side), its label by language, and the option whose value follows the label (``fill``)."""

    iri: str
    key: str
    when: Any
    row: int
    column: int
    text: Mapping[str, str]
    fill: str | None


@dataclass(frozen=True)
class Reference:
    """A cross-reference that names its target by number: its anchor words are rewritten when the target is renumbered."""

    iri: str
    source: str
    target: str
    anchor: Mapping[str, str]


@dataclass(frozen=True)
class Need:
    """``dependant`` needs ``provision``: it uses a term the provision defines (``kind`` term; one kept definition
    among ``also_defined_in`` is enough), or refers to it or a part of it (``kind`` reference)."""

    dependant: str
    provision: str
    reason: str
    kind: str  # term or reference
    label: Mapping[str, str]
    also_defined_in: frozenset[str]


@dataclass(frozen=True)
class Template:
    """Everything drafting needs from the graph for one agreement template, read once."""

    agreement: str
    title: Mapping[str, str]
    options: tuple[Option, ...]
    components: tuple[Component, ...]
    edits: tuple[Edit, ...]
    references: tuple[Reference, ...]
    needs: tuple[Need, ...]
    rules: tuple[Any, ...]  # clausegraph.drafting.rules.Rule, compiled from the shapes
    cells: tuple[SignatureCell, ...] = ()  # the signature block's table, for each choice of signature block
    # indexes, derived from the fields above when the template is built
    option: Mapping[str, Option] = field(init=False, repr=False, compare=False)
    component: Mapping[str, Component] = field(init=False, repr=False, compare=False)
    by_path: Mapping[str, Component] = field(init=False, repr=False, compare=False)
    children: Mapping[str | None, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    lineage: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    edits_of: Mapping[str, tuple[Edit, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        component = {c.iri: c for c in self.components}
        children: dict[str | None, list[str]] = {}
        for c in self.components:
            children.setdefault(c.parent if c.depth > 1 else None, []).append(c.iri)
        lineage: dict[str, tuple[str, ...]] = {}
        for c in self.components:  # document order: a parent comes before its parts
            lineage[c.iri] = (c.iri, *lineage[c.parent]) if c.depth > 1 and c.parent in lineage else (c.iri,)
        edits_of: dict[str, list[Edit]] = {}
        for edit in self.edits:
            edits_of.setdefault(edit.component, []).append(edit)
        set_ = object.__setattr__
        set_(self, "option", MappingProxyType({o.key: o for o in self.options}))
        set_(self, "component", MappingProxyType(component))
        set_(self, "by_path", MappingProxyType({c.path: c for c in self.components if c.path}))
        set_(self, "children", MappingProxyType({k: tuple(v) for k, v in children.items()}))
        set_(self, "lineage", MappingProxyType(lineage))
        set_(self, "edits_of", MappingProxyType({k: tuple(v) for k, v in edits_of.items()}))

    def name(self, iri: str) -> str:
        """How findings name a component: its source number (3.5), else its compact IRI."""
        component = self.component.get(iri)
        return component.path if component is not None and component.path else compact(iri)


# ------------------------------------------------------------------ reading


def python_value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> Any:
    """A literal as the Python value a spec uses (bool for xsd:boolean, int for xsd:integer, else its lexical form);
    an IRI as its string; None for an unbound variable. The one conversion drafting and the review share."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == _XSD + "boolean":
            return term.value == "true"
        if datatype == _XSD + "integer":
            return int(term.value)
    return term.value


def _text(term: ox.Literal | None) -> str:
    return term.value if term is not None else ""


def _by_lang(row: Mapping[str, Any], stem: str) -> Mapping[str, str]:
    found = {lang: row[f"{stem}{lang.title()}"].value for lang in LANGS if row.get(f"{stem}{lang.title()}") is not None}
    return MappingProxyType(found) if found else _EMPTY


def _solutions(store: Store, name: str, agreement: str):
    query = queries.read_query(QUERIES_DIR / "drafting" / f"{name}.rq")
    return queries.run(store, query.text, queries.bind_params(store, query, {"agreement": f"<{agreement}>"}))


def _rows(store: Store, name: str, agreement: str) -> list[dict[str, Any]]:
    solutions = _solutions(store, name, agreement)
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names} for s in solutions]


def _options(rows: list[dict[str, Any]]) -> tuple[Option, ...]:
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = grouped.setdefault(row["key"].value, {"row": row, "allowed": [], "labels": []})
        if row["allowed"] is not None and row["allowed"].value not in entry["allowed"]:
            entry["allowed"].append(row["allowed"].value)
            entry["labels"].append((_text(row["allowedZh"]), _text(row["allowedEn"])))
    options = []
    for key, entry in grouped.items():
        row = entry["row"]
        options.append(Option(
            key=key,
            iri=row["option"].value,
            datatype=row["datatype"].value.removeprefix(_XSD),
            default=python_value(row["default"]),
            allowed=tuple(entry["allowed"]),
            is_list=row["listOf"] is not None,
            fills=compact(row["fills"].value) if row["fills"] is not None else None,
            label_zh=_text(row["labelZh"]), label_en=_text(row["labelEn"]),
            definition_zh=_text(row["definitionZh"]), definition_en=_text(row["definitionEn"]),
            allowed_labels=tuple(entry["labels"]),
        ))
    return tuple(options)


def _components(rows: list[dict[str, Any]]) -> tuple[Component, ...]:
    return tuple(
        Component(
            iri=row["component"].value,
            kind=row["kind"].value,
            parent=row["parent"].value,
            depth=int(row["depth"].value),
            number=python_value(row["number"]),
            path=python_value(row["path"]),
            heading=_by_lang(row, "heading"),
            text=_by_lang(row, "text"),
            field_key=python_value(row["fieldKey"]),
        )
        for row in rows
    )


def _edits(rows: list[dict[str, Any]]) -> tuple[Edit, ...]:
    return tuple(
        Edit(
            iri=row["edit"].value,
            kind=row["kind"].value,
            component=row["component"].value,
            key=row["key"].value,
            when=python_value(row["whenValue"]),
            format=python_value(row["format"]),
            anchor=_by_lang(row, "anchor"),
            replacement=MappingProxyType({lang: _text(row[f"replacement{lang.title()}"]) for lang in LANGS}),
        )
        for row in rows
    )


def _cells(rows: list[dict[str, Any]]) -> tuple[SignatureCell, ...]:
    return tuple(SignatureCell(row["cell"].value, row["key"].value, python_value(row["whenValue"]), int(row["row"].value),
                               int(row["column"].value), _by_lang(row, "text"), python_value(row["fillKey"])) for row in rows)


def _references(rows: list[dict[str, Any]]) -> tuple[Reference, ...]:
    return tuple(Reference(row["reference"].value, row["source"].value, row["target"].value, _by_lang(row, "anchor")) for row in rows)


def _needs(rows: list[dict[str, Any]]) -> tuple[Need, ...]:
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["dependant"].value, row["provision"].value, row["reason"].value)
        entry = grouped.setdefault(key, {"kind": row["reasonKind"].value, "label": _by_lang(row, "label"), "also": set()})
        if row["alsoDefinedIn"] is not None:
            entry["also"].add(row["alsoDefinedIn"].value)
    return tuple(Need(dependant, provision, reason, entry["kind"], entry["label"], frozenset(entry["also"]))
                 for (dependant, provision, reason), entry in grouped.items())


def read_template(store: Store, *, agreement: str = AGREEMENT_IRI) -> Template:
    """Read the agreement template ``agreement`` (an IRI) from the store: every query of ``queries/drafting/`` once.

    Raises DataError when the store holds no such template, or when a rule's shape cannot be compiled."""
    from .rules import compile_rules

    if agreement == AGREEMENT_IRI:  # the project's template: a store without it says how to load it
        queries.require_template(store, asked_by="drafting", agreement=agreement)
    options = _options(_rows(store, "options", agreement))
    if not options:
        raise DataError(f"{compact(agreement)} has no options in the store; is it an agreement template, and is its "
                        "graph loaded (clausegraph load)?")
    title = MappingProxyType({s["title"].language: s["title"].value for s in _solutions(store, "title", agreement)})
    rules = compile_rules(_rows(store, "rules", agreement), list(_solutions(store, "rule-shapes", agreement)))
    return Template(
        agreement=agreement,
        title=title,
        options=options,
        components=_components(_rows(store, "components", agreement)),
        edits=_edits(_rows(store, "text-edits", agreement)),
        references=_references(_rows(store, "cross-references", agreement)),
        needs=_needs(_rows(store, "needs", agreement)),
        rules=rules,
        cells=_cells(_rows(store, "signature-cells", agreement)),
    )


# ------------------------------------------------------------------ the cache per store

_LOCK = threading.Lock()


def template_for(store: Store, *, agreement: str = AGREEMENT_IRI) -> Template:
    """The template of ``agreement`` in ``store``, read on first use and kept while the store lives
    (:func:`clausegraph.queries.per_store`; :func:`forget` drops it)."""
    cache = queries.per_store(store)
    key = f"drafting:template:{agreement}"
    template = cache.get(key)
    if template is None:
        with _LOCK:
            template = cache.get(key)
            if template is None:
                template = cache[key] = read_template(store, agreement=agreement)
    return template


def forget(store: Store) -> None:
    """Drop the templates (and everything else) read from ``store``: call it after loading into or updating it."""
    queries.forget(store)
