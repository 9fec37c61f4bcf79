"""Shared fixtures: the project graph in the embedded store, and the same graph (plus a small corpus
of executed agreements) in every store backend, including a real Oxigraph server on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausegraph import queries
from clausegraph.graph import load_store
from clausegraph.results import read_table
from clausegraph.sources import GRAPH_BASE, Source, graph_sources
from clausegraph.store import SparqlStore, Store, open_store

from servers import serve_oxigraph

CORPUS = Path(__file__).parent / "cases" / "corpus" / "executed.ttl"
BACKENDS = ["memory", "rdflib", "oxrdflib", "oxigraph", "sparql"]


@pytest.fixture(scope="session")
def store() -> Store:
    return load_store()


@pytest.fixture(scope="session")
def ask(store):
    """Run a named question with string parameters; rows as dicts of strings (IRIs compacted)."""

    def _ask(name: str, **params: str) -> list[dict[str, str | None]]:
        return read_table(queries.ask(store, name, params)).values()

    return _ask


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph server on a free loopback port, serving the union of its named graphs; stopped after."""
    with serve_oxigraph(tmp_path_factory.mktemp("oxigraph-server")) as url:
        yield url


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory) -> Store:
    """The project graph plus tests/cases/corpus/executed.ttl in one backend."""
    sources = [*graph_sources(), Source(CORPUS, GRAPH_BASE + "test-corpus")]
    if request.param in ("memory", "rdflib", "oxrdflib"):
        backend_store = load_store(sources, spec=request.param)
    else:
        if request.param == "oxigraph":
            backend_store = open_store(f"oxigraph:{tmp_path_factory.mktemp('oxigraph-store') / 'db'}")
        else:
            backend_store = SparqlStore(request.getfixturevalue("oxigraph_server"))
        for source in sources:
            backend_store.load(source.path, source.graph)
    yield backend_store
    backend_store.close()
