"""Shared pieces of the crosswalk tests: the ingested source agreement, bare and as a curator would finish it.

A curator promotes an ingested agreement's candidate norms into norms "as in norms.ttl" (docs/ingesting.md).
:func:`curated_norms` does exactly that for the ingested source: the norms, events, windows, conditions,
sanctions and dispute resolution of the hand-made ``norms.ttl``, with their IRIs moved to the ingested
agreement (same local names) and the hand-made defined terms replaced by the ones ingestion extracted.
What ingestion already reads (defined terms, their uses, parties, cross-references, citations) is left out.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from clausegraph.graph import load_store
from clausegraph.ingest import Ingested, ingest_file, load_into
from clausegraph.sources import AGREEMENT, CG, GRAPH_BASE, ONTOLOGY_DIR, Source

HERE = Path(__file__).parent
SOURCE = HERE.parent / "cases" / "source" / "000_fbae400574137c56.txt"
SEED = "https://w3id.org/clausegraph/ingested/seed/"
#: The hand-made agreement's terms and the ones ingestion extracts from the same text (in order of definition).
TERMS = {"term-trade-secret": "term-1", "term-technical-information": "term-2", "term-know-how": "term-3",
         "term-business-information": "term-4", "term-obligor": "term-5"}
_READ_BY_INGEST = {CG + p for p in ("usesTerm", "refersTo", "cites", "hasParty")}


def ontology_sources() -> list[Source]:
    """What a store of ingested agreements needs for the crosswalk: the TBox, acts, legal bases, clause types and
    the dataset schemes with their mappings."""
    files = ["clausegraph.ttl", "acts.ttl", "legal-bases.ttl", "clause-types.ttl",
             *(f"crosswalk/{p.name}" for p in sorted((ONTOLOGY_DIR / "crosswalk").glob("*.ttl")))]
    return [Source(ONTOLOGY_DIR / f, GRAPH_BASE + Path(f).with_suffix("").as_posix()) for f in files]


def ingested_source() -> Ingested:
    return ingest_file(SOURCE, agreement_id="seed")


def _moved(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, ox.NamedNode) and term.value.startswith(AGREEMENT):
        local = term.value[len(AGREEMENT):]
        return ox.NamedNode(SEED + TERMS.get(local, local))
    return term


def curated_norms() -> list[ox.Triple]:
    """The hand-made norm model of the source, moved onto the ingested agreement (see the module's docstring)."""
    path = ONTOLOGY_DIR / "agreements" / "departure-confidentiality" / "norms.ttl"
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    skipped_subjects = {t.subject for t in triples if isinstance(t.subject, ox.NamedNode)
                        and t.subject.value[len(AGREEMENT):].split("-")[0] in ("term", "party", "xref")}
    return [ox.Triple(_moved(t.subject), t.predicate, _moved(t.object)) for t in triples
            if t.subject not in skipped_subjects and t.predicate.value not in _READ_BY_INGEST]


def ingested_store(*, curated: bool):
    """A memory store with the ontology, the crosswalk's schemes and the ingested source (curated or not)."""
    store = load_store(ontology_sources())
    load_into(store, [ingested_source()])
    if curated:
        store.load_triples(curated_norms(), GRAPH_BASE + "ingested/seed-curation")
    return store
