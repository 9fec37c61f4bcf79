"""Finding 4: named questions ran in the server process with no time, row or memory limit (108 s and
810 MB on a large store; OOM with four copies), and /healthz recounted every graph on each call.
Now a named question runs in a query worker under the same limits as /sparql, and /healthz answers
from the counts taken when the service started."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from clausegraph.corpus import write_corpus
from clausegraph.service.app import create_app
from clausegraph.service.limits import Limits
from clausegraph.service.settings import ServiceSettings
from clausegraph.store import open_store



@pytest.fixture(scope="module")
def corpus_service(tmp_path_factory):
    """A persistent store holding the project's graph and the same corpus twice (joins multiply)."""
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder / "corpus.nt", 1500, seed=5)
    store = open_store(f"oxigraph:{folder / 'db'}")
    from clausegraph.sources import graph_sources

    for source in graph_sources():
        store.load(source.path, source.graph)
    store.load(folder / "corpus.nt", "urn:copy:1")
    store.load(folder / "corpus.nt", "urn:copy:2")
    store.close()

    def make(limits: Limits) -> TestClient:
        return TestClient(create_app(ServiceSettings(store=f"oxigraph:{folder / 'db'}", limits=limits)), base_url="http://127.0.0.1")

    clients = []

    def client(limits: Limits) -> TestClient:
        clients.append(make(limits))
        return clients[-1]

    yield client
    for made in clients:
        made.app.state.pool.close()


def test_a_named_question_is_held_to_the_row_limit(corpus_service):
    service = corpus_service(Limits(query_timeout_s=120, max_results=200))  # time enough on a loaded machine: the rows decide
    response = service.get("/v1/questions/repealed-citations")  # 971 rows on this store
    assert response.status_code == 400
    assert response.json() == {"error": "result-too-large", "detail": "the result has more than 200 rows; narrow the query or add a LIMIT"}


def test_a_named_question_is_held_to_the_time_limit(corpus_service):
    service = corpus_service(Limits(query_timeout_s=0.05, max_results=1_000_000, workers=1))
    response = service.get("/v1/questions/non-compete-running", params={"on": "2026-11-25"})  # 13,056 rows, ~0.3 s
    assert response.status_code == 503
    assert response.json()["error"] == "query-timeout"
    assert service.get("/healthz").status_code == 200


def test_healthz_does_not_count_the_store_on_each_call(memory_service, monkeypatch):
    expected = memory_service.get("/healthz").json()

    def refuse():
        raise AssertionError("healthz counted the store")

    monkeypatch.setattr(memory_service.app.state.store, "graph_sizes", refuse)
    monkeypatch.setattr(memory_service.app.state.store, "query", lambda *a, **k: refuse())
    assert memory_service.get("/healthz").json() == expected
