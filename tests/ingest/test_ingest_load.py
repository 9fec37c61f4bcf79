"""Loading ingested agreements into a store: a corpus goes in as one load, each agreement in its own named
graph, whole or not at all — in memory, in a persistent Oxigraph store (also under kill -9) and through a
real Oxigraph server by SPARQL."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clausegraph.errors import BadInputError
from clausegraph.graph import load_store
from clausegraph.ingest import Ingested, ingest_file, load_into
from clausegraph.ingest.rdf import INGESTED, graph_iri
from clausegraph.store import OxigraphStore, SparqlStore, Store

from ingest_support import FIXTURES, SOURCE, clock, ontology_sources
from servers import serve_oxigraph

TITLE = "http://purl.org/dc/terms/title"
# The first line of each fixture (what its agreement is called), written from the texts
TITLES = {"01-arabic-articles.txt": "竞业限制协议", "02-cjk-comma.txt": "员工保密协议", "05-reversed-parties.txt": "离职竞业限制协议"}


def agreement(fixture: str, agreement_id: str) -> Ingested:
    return ingest_file(FIXTURES / fixture, agreement_id=agreement_id, now=clock)


@pytest.fixture(params=["memory", "oxigraph", "sparql"])
def store(request, tmp_path) -> Store:
    """An empty store of each kind that loads in one piece: memory (with the ontology), on disk, a real server."""
    if request.param == "memory":
        opened: Store = load_store(ontology_sources())
        yield opened
    elif request.param == "oxigraph":
        opened = OxigraphStore(tmp_path / "db")
        yield opened
        opened.close()
    else:
        with serve_oxigraph(tmp_path / "server") as url:
            yield SparqlStore(url)


def ingested_graphs(store: Store) -> dict[str, int]:
    """Triples per named graph of an ingested agreement, by agreement id."""
    prefix = graph_iri("")
    return {graph.removeprefix(prefix): size for graph, size in store.graph_sizes() if graph.startswith(prefix)}


def titles(store: Store) -> dict[str, str]:
    """The title of each ingested agreement in the store, by agreement id."""
    return {t.subject.value.removeprefix(INGESTED).removesuffix("/agreement"): t.object.value
            for t in store.triples() if t.predicate.value == TITLE and t.subject.value.startswith(INGESTED)}


def test_a_corpus_loads_each_agreement_into_its_own_graph(store):
    items = [agreement("01-arabic-articles.txt", "a"), agreement("02-cjk-comma.txt", "b"), agreement("05-reversed-parties.txt", "c")]
    count = load_into(store, items)
    sizes = {item.agreement_id: len(set(item.triples)) for item in items}
    assert ingested_graphs(store) == sizes
    assert count == sum(sizes.values())
    assert titles(store) == {"a": "竞业限制协议", "b": "员工保密协议", "c": "离职竞业限制协议"}


def test_loading_again_replaces_each_agreement_and_keeps_the_others(store):
    load_into(store, [agreement("01-arabic-articles.txt", "a"), agreement("02-cjk-comma.txt", "b")])
    again = [agreement("05-reversed-parties.txt", "a"), agreement("01-arabic-articles.txt", "c")]
    load_into(store, again)
    assert titles(store) == {"a": "离职竞业限制协议", "b": "员工保密协议", "c": "竞业限制协议"}
    sizes = ingested_graphs(store)
    assert sizes["a"] == len(set(again[0].triples))  # the old agreement a is gone, not merged with the new one
    assert sizes["c"] == len(set(again[1].triples))


def test_a_corpus_load_that_fails_writes_nothing_and_keeps_what_it_would_replace(store):
    """The corpus's third graph cannot be named (its id is not an IRI segment: only a hand-made Ingested
    can be so named, ingest_file percent-encodes file names); the first two, a replacement and a new
    agreement, must not be written either."""
    first = agreement("01-arabic-articles.txt", "a")
    load_into(store, [first])
    unnameable = dataclasses.replace(agreement("02-cjk-comma.txt", "x"), agreement_id="no name", graph=graph_iri("no name"))
    with pytest.raises(BadInputError, match="not an IRI.*nothing was loaded"):
        load_into(store, [agreement("05-reversed-parties.txt", "a"), agreement("02-cjk-comma.txt", "b"), unnameable])
    assert titles(store) == {"a": "竞业限制协议"}
    assert ingested_graphs(store) == {"a": len(set(first.triples))}


def test_the_same_agreement_twice_in_a_corpus_is_refused_before_loading(store):
    item = agreement("01-arabic-articles.txt", "a")
    with pytest.raises(BadInputError, match="agreement 'a' comes twice"):
        load_into(store, [item, agreement("02-cjk-comma.txt", "b"), item])
    assert ingested_graphs(store) == {}


# ------------------------------------------------------------------------------------------------ kill -9

FRACTIONS = [0.2, 0.5, 0.8]
AGREEMENTS = 60


def _ingest(folder: Path, db: Path) -> subprocess.Popen:
    cli = [sys.executable, "-m", "clausegraph.cli", "ingest", str(folder), "--store", f"oxigraph:{db}"]
    return subprocess.Popen(cli, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _load_begins(process: subprocess.Popen, db: Path) -> float:
    """Wait until the command opens the store (it reads every file first): the time the load began."""
    while not db.exists() and process.poll() is None:
        time.sleep(0.005)
    return time.monotonic()


def _sizes_on_disk(db: Path) -> dict[str, int]:
    opened = OxigraphStore(db)
    try:
        return ingested_graphs(opened)
    finally:
        opened.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, int], float]:
    """A folder of agreements, the graphs an uninterrupted `clausegraph ingest` loads from it, and how long its load takes."""
    folder = tmp_path_factory.mktemp("corpus")
    texts = [SOURCE, *sorted(p for p in FIXTURES.glob("*.txt"))]
    for i in range(AGREEMENTS):
        (folder / f"agreement-{i:03d}{texts[i % len(texts)].suffix}").write_bytes(texts[i % len(texts)].read_bytes())
    db = tmp_path_factory.mktemp("whole") / "db"
    process = _ingest(folder, db)
    began = _load_begins(process, db)
    assert process.wait() == 0
    seconds = time.monotonic() - began
    sizes = _sizes_on_disk(db)
    assert sorted(sizes) == [f"agreement-{i:03d}" for i in range(AGREEMENTS)]
    return folder, sizes, seconds


@pytest.mark.parametrize("fraction", FRACTIONS)
def test_kill_9_while_a_corpus_loads_leaves_all_of_it_or_none(corpus, fraction, tmp_path):
    folder, whole, seconds = corpus
    db = tmp_path / "db"
    process = _ingest(folder, db)
    began = _load_begins(process, db)
    time.sleep(max(0.0, began + seconds * fraction - time.monotonic()))
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    loaded = _sizes_on_disk(db) if db.exists() else {}
    assert loaded in ({}, whole), f"after SIGKILL at {fraction:.0%} of the load: {len(loaded)} of {len(whole)} agreements"


def test_an_endpoint_gets_a_large_corpus_in_requests_of_whole_agreements(tmp_path):
    """A corpus over the request size goes to the endpoint in several update requests (Oxigraph's server
    refuses a body over 128 MiB), each of whole graphs; here the size is one agreement, so one request each,
    the first replacing an agreement already there."""
    first = agreement("01-arabic-articles.txt", "a")
    corpus = [agreement("02-cjk-comma.txt", "a"), agreement("05-reversed-parties.txt", "b"), agreement("01-arabic-articles.txt", "c")]
    with serve_oxigraph(tmp_path / "server") as url:
        endpoint = SparqlStore(url)
        endpoint.UPDATE_BYTES = 1
        load_into(endpoint, [first])
        sizes = {item.agreement_id: len(set(item.triples)) for item in corpus}
        assert load_into(endpoint, corpus) == sum(sizes.values())
        assert titles(endpoint) == {"a": "员工保密协议", "b": "离职竞业限制协议", "c": "竞业限制协议"}
        assert ingested_graphs(endpoint) == sizes


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_oxigraph_loads_a_corpus_over_the_transaction_size_in_transactions_of_whole_agreements(where, tmp_path):
    """A corpus larger than one transaction's size (here one agreement) goes in as several transactions, each of
    whole graphs, the first replacing an agreement already there: the store's memory for a transaction is bounded."""
    store = OxigraphStore(tmp_path / "db" if where == "disk" else None)
    store.TRANSACTION_BYTES = 1
    load_into(store, [agreement("01-arabic-articles.txt", "a")])
    corpus = [agreement("02-cjk-comma.txt", "a"), agreement("05-reversed-parties.txt", "b"), agreement("01-arabic-articles.txt", "c")]
    sizes = {item.agreement_id: len(set(item.triples)) for item in corpus}
    assert load_into(store, corpus) == sum(sizes.values())
    assert titles(store) == {"a": "员工保密协议", "b": "离职竞业限制协议", "c": "竞业限制协议"}
    assert ingested_graphs(store) == sizes
    store.close()
