"""Curation: a person reviews the candidate norms ingestion extracted, and promotes or rejects them.

Promoting a candidate creates a norm of the model (cg:Obligation, cg:Prohibition or cg:Permission) in
the agreement's named graph, with the candidate's provision, sentence and bearer, derived from the
candidate (prov:wasDerivedFrom), which is marked cg:Promoted; from then on every question about norms
sees it. The updates are queries/ingest/promote.ru, reject.ru, add-bearer.ru and add-rests-on.ru (SPARQL Update
files, with the header of queries/), with bound values.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..bindings import inline_bindings
from ..errors import BadInputError, UnknownNameError
from ..sources import CG, QUERIES_DIR
from ..store import Store

CURATE_TYPES = {"obligation": "Obligation", "prohibition": "Prohibition", "permission": "Permission"}
DESIGNATIONS = {"甲方": "party-a", "乙方": "party-b", "丙方": "party-c"}


@dataclass(frozen=True)
class CandidateRow:
    """A candidate norm as the curator sees it."""

    iri: str
    agreement: str
    provision: str
    type: str
    modals: str
    bearer: str
    status: str
    sentence: str


def _query(name: str, suffix: str = ".rq") -> str:
    from ..queries import read_query

    return read_query(QUERIES_DIR / "ingest" / f"{name}{suffix}").text


def list_candidates(store: Store) -> list[CandidateRow]:
    """Every candidate norm in the store, in text order per agreement."""
    rows = []
    for s in store.query(_query("candidates")):  # type: ignore[union-attr]
        rows.append(CandidateRow(*(s[v].value if s[v] is not None else "" for v in
                                   ("candidate", "agreement", "provision", "type", "modals", "bearer", "status", "sentence"))))
    return rows


def _candidate(store: Store, iri: str) -> CandidateRow:
    rows = list_candidates(store)
    for row in rows:
        if row.iri == iri:
            return row
    known = ", ".join(r.iri.rsplit("/", 1)[-1] for r in rows[:12]) + (" …" if len(rows) > 12 else "")
    raise UnknownNameError(f"no candidate norm {iri}; list them with `clausegraph curate FILE` (e.g. {known or 'none in this graph'})")


def _update(store: Store, name: str, values: dict[str, ox.NamedNode]) -> None:
    store.update(inline_bindings(_query(name, ".ru"), {ox.Variable(k): v for k, v in values.items()}))


def promote(store: Store, candidate: str, *, as_type: str | None = None, bearer: str | None = None,
            rests_on: tuple[str, ...] = ()) -> str:
    """Promote a candidate norm; return the new norm's IRI. ``as_type`` overrides the proposed type
    (obligation, prohibition, permission); ``bearer`` (甲方, 乙方) the proposed bearer."""
    row = _candidate(store, candidate)
    if row.status != "Unreviewed":
        raise BadInputError(f"candidate {candidate} is already {row.status.lower()}; only an unreviewed candidate can be promoted")
    if as_type is not None and as_type not in CURATE_TYPES:
        raise BadInputError(f"--as {as_type!r} is not one of {', '.join(CURATE_TYPES)}")
    kind = CURATE_TYPES[as_type] if as_type else row.type
    base = candidate.rsplit("/", 1)[0] + "/"
    if bearer is not None:
        if bearer not in DESIGNATIONS:
            raise BadInputError(f"--bearer {bearer!r} is not one of {', '.join(DESIGNATIONS)}")
        bearers = [base + DESIGNATIONS[bearer]]
    else:
        bearers = [base + DESIGNATIONS[d] for d in row.bearer.split("、") if d in DESIGNATIONS]
    if not bearers:
        raise BadInputError(f"candidate {candidate} has no proposed bearer; give --bearer 甲方 or 乙方")
    local = candidate.rsplit("/", 1)[1]
    norm = base + (local.replace("candidate-", "norm-", 1) if local.startswith("candidate-") else f"{local}-norm")
    for party in bearers:
        _update(store, "promote" if party == bearers[0] else "add-bearer", {
            "candidate": ox.NamedNode(candidate), "type": ox.NamedNode(CG + kind), "norm": ox.NamedNode(norm), "bearer": ox.NamedNode(party)})
    for basis in rests_on:
        _update(store, "add-rests-on", {"norm": ox.NamedNode(norm), "basis": ox.NamedNode(basis)})
    return norm


def reject(store: Store, candidate: str) -> None:
    """Mark a candidate norm rejected."""
    row = _candidate(store, candidate)
    if row.status != "Unreviewed":
        raise BadInputError(f"candidate {candidate} is already {row.status.lower()}")
    _update(store, "reject", {"candidate": ox.NamedNode(candidate)})


GRAPH_SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld"}


def open_graph_file(path) -> Store:
    """An in-memory store holding an ingested agreement graph file (.ttl, .nt, .jsonld) in its own named graph."""
    from ..sources import GRAPH_BASE
    from ..store import open_store

    if path.suffix not in GRAPH_SUFFIXES:
        raise BadInputError(f"{path}: give an ingested agreement graph as .ttl, .nt or .jsonld (from clausegraph ingest -o)")
    store = open_store("memory")
    store.load(path, f"{GRAPH_BASE}ingested/{path.stem}")
    return store


def save_graph_file(store: Store, path) -> None:
    """Write the store's triples to ``path`` (atomically), in the format its suffix names."""
    from ..export import write_bytes_atomically
    from ..sources import PREFIXES

    fmt = GRAPH_SUFFIXES.get(path.suffix)
    if fmt is None:
        raise BadInputError(f"-o {path} must end in .ttl, .nt or .jsonld")
    formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    prefixes = {k: PREFIXES[k] for k in ("cg", "law", "rdfs", "xsd", "skos", "dcterms", "prov", "time")} if fmt == "ttl" else None
    write_bytes_atomically(path, ox.serialize(store.triples(), format=formats[fmt], prefixes=prefixes))


def resolve_candidate(store: Store, name: str) -> str:
    """A candidate's IRI from its IRI or its local name (candidate-3), which must be unique in the store."""
    if "://" in name:
        return name
    matches = [row.iri for row in list_candidates(store) if row.iri.rsplit("/", 1)[1] == name]
    if len(matches) != 1:
        problem = "no candidate norm" if not matches else f"{len(matches)} agreements have a candidate"
        raise UnknownNameError(f"{problem} named {name!r}; give its full IRI (list them with `clausegraph curate`)")
    return matches[0]
