"""What the crosswalk answers with: typed results that the front ends render (table, JSON, CSV, the datasets' files)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..ordering import natural_key

ENTAILMENT, CONTRADICTION, NOT_MENTIONED = "Entailment", "Contradiction", "NotMentioned"
#: The mapping relations through which a component gets a dataset label, best first. A narrow match
#: (the dataset label is narrower than the clause type) does not label: a clause of the type may not be one.
LABELLING = ("exactMatch", "closeMatch", "broadMatch")
RELATIONS = (*LABELLING, "narrowMatch")


@dataclass(frozen=True)
class Match:
    """A mapping from a clause type to a dataset label (``relation`` is the SKOS property's local name)."""

    clause_type: str
    relation: str
    justification_en: str
    justification_zh: str


@dataclass(frozen=True)
class Concept:
    """One label of a dataset scheme, with the mappings to it or the reason it is unmapped."""

    iri: str
    notation: str
    label_en: str
    label_zh: str
    definition_en: str
    definition_zh: str
    mappings: tuple[Match, ...] = ()
    unmapped_en: str = ""
    unmapped_zh: str = ""

    @property
    def mapped(self) -> bool:
        return bool(self.mappings)


@dataclass(frozen=True)
class Scheme:
    """A dataset's label set as the graph holds it (ontology/crosswalk/NAME.ttl and mappings.ttl)."""

    name: str
    iri: str
    concepts: tuple[Concept, ...]
    by_type: Mapping[str, tuple[tuple[Concept, Match], ...]] = field(default_factory=dict)

    def concept(self, notation: str) -> Concept:
        for c in self.concepts:
            if c.notation == notation:
                return c
        raise KeyError(notation)


@dataclass(frozen=True)
class Typing:
    """A clause type of a component, with what types it: rule names, ``parts`` or ``asserted``."""

    component: str
    path: str | None
    kind: str | None
    clause_type: str
    label_zh: str
    label_en: str
    bases: tuple[str, ...]

    @property
    def own(self) -> bool:
        """The type is the component's own (not only inherited from its parts)."""
        return any(b != "parts" for b in self.bases)

    @property
    def asserted(self) -> bool:
        return "asserted" in self.bases


@dataclass(frozen=True)
class Evidence:
    """A provision that supports a hypothesis label, the norm or term it rests on, and its span in the source text
    (an ingested agreement's offsets; None for a hand-made agreement)."""

    provision: str
    path: str | None
    via: str
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class HypothesisLabel:
    """A ContractNLI hypothesis and its label for the agreement, computed by queries/crosswalk/contractnli/KEY.rq."""

    hypothesis: Concept
    label: str
    evidence: tuple[Evidence, ...]

    @property
    def key(self) -> str:
        return self.hypothesis.notation

    @property
    def provisions(self) -> tuple[str, ...]:
        """The evidence provisions, each once, in document order of their paths."""
        return tuple(dict.fromkeys(e.provision for e in sorted(self.evidence, key=lambda e: path_key(e.path))))

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.path or "" for e in sorted(self.evidence, key=lambda e: path_key(e.path))))


@dataclass(frozen=True)
class Assignment:
    """A dataset label a component gets from one of its clause types through a labelling mapping."""

    component: str
    path: str | None
    kind: str | None
    concept: Concept
    clause_type: str
    relation: str


@dataclass(frozen=True)
class Category:
    """A dataset label and how the agreement stands to it: ``present`` (components carry it), ``absent`` (a clause
    type maps to it but no component is of that type) or ``unmapped`` (no clause type maps to it)."""

    concept: Concept
    status: str
    assignments: tuple[Assignment, ...]


@dataclass(frozen=True)
class Answer:
    """The crosswalk of one agreement or variant to one dataset."""

    scheme: Scheme
    agreement: str
    values: Mapping[str, Any] | None
    typings: tuple[Typing, ...]
    hypotheses: tuple[HypothesisLabel, ...] = ()
    categories: tuple[Category, ...] = ()

    @property
    def assignments(self) -> tuple[Assignment, ...]:
        return tuple(a for c in self.categories for a in c.assignments)

    def lacking(self) -> tuple[Category, ...]:
        """The dataset labels no component of the agreement carries (absent or unmapped)."""
        return tuple(c for c in self.categories if c.status != "present")

    def hypothesis(self, key: str) -> HypothesisLabel:
        for h in self.hypotheses:
            if h.key == key:
                return h
        raise KeyError(key)

    def primary(self) -> dict[str, Assignment]:
        """One label per component (LEDGAR is single-label): the best relation (exact, close, broad), then the lowest
        class id."""
        best: dict[str, Assignment] = {}
        for a in self.assignments:
            rank = (LABELLING.index(a.relation), notation_key(a.concept.notation))
            held = best.get(a.component)
            if held is None or rank < (LABELLING.index(held.relation), notation_key(held.concept.notation)):
                best[a.component] = a
        return best


def path_key(path: str | None) -> Any:
    """Source paths in document order (3.5 before 3.10; no path first): natural order (:mod:`clausegraph.ordering`)."""
    return natural_key(path)


def notation_key(notation: str) -> Any:
    """nda-2 before nda-10; numeric class ids as numbers; other notations by text (natural order)."""
    return natural_key(notation)
