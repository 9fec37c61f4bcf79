"""Shared pieces of the ingest tests: the fixtures' paths, a fixed clock, stores of ingested agreements.

The stores that answer questions about an ingested agreement hold the ontology, the acts, the legal
bases and that agreement only — as a user's store would after `clausegraph load` of the ontology and
`clausegraph ingest --store` — so that a provision path or a term names one thing.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from clausegraph.graph import load_store
from clausegraph.ingest import Ingested, ingest_file, load_into
from clausegraph.queries import QUERIES_DIR, read_query, run
from clausegraph.results import read_table
from clausegraph.sources import GRAPH_BASE, ONTOLOGY_DIR, Source

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
MANIFEST = tomllib.loads((FIXTURES / "manifest.toml").read_text(encoding="utf-8"))
SOURCE = HERE.parent / "cases" / "source" / "000_fbae400574137c56.txt"
MOMENT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone.utc)


def clock() -> dt.datetime:
    return MOMENT


def fixture_path(name: str) -> Path:
    return FIXTURES / name


def ontology_sources() -> list[Source]:
    """The TBox, the act scheme and the legal bases: what every store of ingested agreements needs."""
    return [Source(ONTOLOGY_DIR / f, GRAPH_BASE + Path(f).stem) for f in ("clausegraph.ttl", "acts.ttl", "legal-bases.ttl")]


def store_of(*items: Ingested):
    """A memory store with the ontology and the given ingested agreements, each in its named graph."""
    store = load_store(ontology_sources())
    load_into(store, list(items))
    return store


def rows(store, name: str, **params) -> list[dict[str, str | None]]:
    """The rows of queries/ingest/NAME.rq (or a question, as questions/NAME) with IRI parameters bound."""
    import pyoxigraph as ox

    query = read_query(QUERIES_DIR / f"{name}.rq")
    return read_table(run(store, query.text, {ox.Variable(k): ox.NamedNode(v) for k, v in params.items()})).values()
