"""The crosswalk's reads of the graph: every SPARQL it runs, from ``queries/crosswalk/`` with bound values.

- :func:`read_scheme`: a dataset's labels with their mappings or the reason they are unmapped (``mappings.rq``),
  read once per store and kept (:func:`scheme_for`);
- :func:`read_typings`: the clause types of an agreement's parts, derived by rules or asserted (``clause-types.rq``);
- :func:`read_hypotheses`: the ContractNLI label of each hypothesis, one query per hypothesis
  (``contractnli/nda-N.rq``); no row is NotMentioned, and a query whose rows disagree is a defect of the rules;
- :func:`read_spans`: where the parts of an ingested agreement stand in its source text (``spans.rq``,
  ``source-text.rq``).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .. import queries
from ..errors import DataError, UnknownNameError
from ..sources import QUERIES_DIR
from ..store import Store
from .model import (CONTRADICTION, ENTAILMENT, NOT_MENTIONED, RELATIONS, Concept, Evidence, HypothesisLabel, Match, Scheme,
                    Typing, notation_key)

DATASET = "https://w3id.org/clausegraph/dataset/"
#: The datasets the crosswalk knows, by the name the CLI and the service use.
SCHEMES = {"contractnli": DATASET + "contractnli", "cuad": DATASET + "cuad", "ledgar": DATASET + "ledgar"}
SKOS = "http://www.w3.org/2004/02/skos/core#"
FOLDER = QUERIES_DIR / "crosswalk"


@lru_cache(maxsize=None)
def query_file(name: str) -> queries.QueryFile:
    """A query of queries/crosswalk/ (``NAME.rq``, ``NAME.ru``, ``contractnli/nda-1.rq``), read once."""
    path = FOLDER / name
    if not path.is_file():
        raise DataError(f"missing query file {path}; reinstall clausegraph")
    return queries.read_query(path)


def hypothesis_files() -> list[str]:
    """The ContractNLI rule files, one per hypothesis, in key order."""
    names = [p.name for p in (FOLDER / "contractnli").glob("nda-*.rq")]
    return ["contractnli/" + n for n in sorted(names, key=lambda n: notation_key(Path(n).stem))]


def _solutions(store: Store, name: str, params: dict[str, ox.NamedNode]) -> Iterator[ox.QuerySolution]:
    query = query_file(name)
    return iter(queries.run(store, query.text, {ox.Variable(k): v for k, v in params.items()}))  # type: ignore[arg-type]


def _text(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    return term.value if term is not None else ""


def _optional(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return term.value if term is not None else None


# ------------------------------------------------------------------ schemes, read once per store


def read_scheme(store: Store, name: str) -> Scheme:
    """The labels of dataset ``name`` (contractnli, cuad, ledgar) with their mappings, from the store."""
    if name not in SCHEMES:
        raise UnknownNameError(f"unknown scheme {name!r}; use one of {', '.join(SCHEMES)}")
    rows: dict[str, dict] = {}
    for s in _solutions(store, "mappings.rq", {"scheme": ox.NamedNode(SCHEMES[name])}):
        iri = s["concept"].value
        entry = rows.setdefault(iri, {
            "notation": s["notation"].value, "label_en": _text(s["labelEn"]), "label_zh": _text(s["labelZh"]),
            "definition_en": _text(s["definitionEn"]), "definition_zh": _text(s["definitionZh"]),
            "mappings": [], "unmapped": ("", ""),
        })
        if s["relation"] is not None:
            relation = s["relation"].value.removeprefix(SKOS)
            entry["mappings"].append(Match(s["type"].value, relation, _text(s["justificationEn"]), _text(s["justificationZh"])))
        else:
            entry["unmapped"] = (_text(s["justificationEn"]), _text(s["justificationZh"]))
    if not rows:
        raise DataError(f"the store holds no labels of {name}; is ontology/crosswalk/ loaded (clausegraph load)?")
    concepts = tuple(sorted(
        (Concept(iri, e["notation"], e["label_en"], e["label_zh"], e["definition_en"], e["definition_zh"],
                 tuple(sorted(e["mappings"], key=lambda m: (RELATIONS.index(m.relation), m.clause_type))), *e["unmapped"])
         for iri, e in rows.items()),
        key=lambda c: notation_key(c.notation)))
    by_type: dict[str, list[tuple[Concept, Match]]] = {}
    for concept in concepts:
        for match in concept.mappings:
            by_type.setdefault(match.clause_type, []).append((concept, match))
    return Scheme(name, SCHEMES[name], concepts, {k: tuple(v) for k, v in by_type.items()})


_SCHEMES: weakref.WeakKeyDictionary[Store, dict[str, Scheme]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def scheme_for(store: Store, name: str) -> Scheme:
    """The scheme ``name`` of ``store``, read on first use and kept while the store lives."""
    with _LOCK:
        schemes = _SCHEMES.setdefault(store, {})
        if name not in schemes:
            schemes[name] = read_scheme(store, name)
        return schemes[name]


# ------------------------------------------------------------------ per agreement (or a variant's working copy)


def read_typings(store: Store, agreement: str) -> tuple[Typing, ...]:
    """The clause types of every part of ``agreement``, each with its bases (rule names, ``parts``, ``asserted``)."""
    grouped: dict[tuple[str, str], dict] = {}
    for s in _solutions(store, "clause-types.rq", {"agreement": ox.NamedNode(agreement)}):
        key = (s["component"].value, s["type"].value)
        entry = grouped.setdefault(key, {"path": _optional(s["path"]), "kind": _optional(s["kind"]),
                                         "zh": _text(s["typeZh"]), "en": _text(s["typeEn"]), "bases": []})
        if s["basis"].value not in entry["bases"]:
            entry["bases"].append(s["basis"].value)
    return tuple(Typing(component, e["path"], e["kind"], clause_type, e["zh"], e["en"], tuple(sorted(e["bases"])))
                 for (component, clause_type), e in grouped.items())


def read_hypotheses(store: Store, agreement: str, scheme: Scheme) -> tuple[HypothesisLabel, ...]:
    """The label of every ContractNLI hypothesis for ``agreement``: the rows of its rule file, or NotMentioned."""
    out = []
    for name in hypothesis_files():
        key = Path(name).stem
        labels: set[str] = set()
        evidence: dict[tuple[str, str], Evidence] = {}
        for s in _solutions(store, name, {"agreement": ox.NamedNode(agreement)}):
            labels.add(s["label"].value)
            span = (int(s["start"].value), int(s["end"].value)) if s["start"] is not None and s["end"] is not None else None
            item = Evidence(s["provision"].value, _optional(s["path"]), s["evidence"].value, span)
            evidence[(item.provision, item.via)] = item
        if len(labels) > 1:
            raise DataError(f"the rules of {key} give both {' and '.join(sorted(labels))} for {agreement}: "
                            f"fix queries/crosswalk/{name} so that one label wins")
        label = labels.pop() if labels else NOT_MENTIONED
        assert label in (ENTAILMENT, CONTRADICTION, NOT_MENTIONED), label
        try:
            concept = scheme.concept(key)
        except KeyError:
            raise DataError(f"queries/crosswalk/{name} answers {key}, which the ContractNLI scheme does not hold") from None
        out.append(HypothesisLabel(concept, label, tuple(evidence.values())))
    return tuple(out)


def read_spans(store: Store, agreement: str) -> tuple[str | None, dict[str, dict[str, int]]]:
    """An ingested agreement's source text (None for a hand-made one) and each part's offsets in it."""
    content = next((s["content"].value for s in _solutions(store, "source-text.rq", {"agreement": ox.NamedNode(agreement)})), None)
    spans: dict[str, dict[str, int]] = {}
    if content is None:
        return None, spans
    for s in _solutions(store, "spans.rq", {"agreement": ox.NamedNode(agreement)}):
        found = {name: int(s[name].value) for name in ("textStart", "textEnd", "extentStart", "extentEnd", "headingStart", "headingEnd")
                 if s[name] is not None}
        if found:
            spans[s["component"].value] = found
    return content, spans


def update(store: Store, name: str, **params: str) -> None:
    """Run the SPARQL Update ``queries/crosswalk/NAME.ru`` with bound IRIs (only ever on a working copy)."""
    from ..bindings import inline_bindings

    text = query_file(name).text
    if params:
        text = inline_bindings(text, {ox.Variable(k): ox.NamedNode(v) for k, v in params.items()})
    store.update(text)
