"""Shared fixtures: the project graph in the embedded store, and the same graph (plus a small corpus
of executed agreements) in every store backend, including a real Oxigraph server on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from clausegraph import queries
from clausegraph.graph import load_store
from clausegraph.results import read_table
from clausegraph.sources import GRAPH_BASE, Source, assembly_sources
from clausegraph.store import SparqlStore, Store, open_store

CORPUS = Path(__file__).parent / "cases" / "corpus" / "executed.ttl"
BACKENDS = ["memory", "oxigraph", "sparql"]


@pytest.fixture(scope="session")
def store() -> Store:
    return load_store()


@pytest.fixture(scope="session")
def ask(store):
    """Run a named question with string parameters; rows as dicts of strings (IRIs compacted)."""

    def _ask(name: str, **params: str) -> list[dict[str, str | None]]:
        return read_table(queries.ask(store, name, params)).values()

    return _ask


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    assert Path(found).exists(), "the Oxigraph server is needed: pip install oxigraph (make test installs it)"
    return found


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph server on a free loopback port, serving the union of its named graphs; stopped after."""
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"oxigraph serve did not start: {process.stderr.read().decode() if process.stderr else ''}")
            time.sleep(0.05)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory) -> Store:
    """The project graph plus tests/cases/corpus/executed.ttl in one backend."""
    sources = [*assembly_sources(), Source(CORPUS, GRAPH_BASE + "test-corpus")]
    if request.param in ("memory", "rdflib"):
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
