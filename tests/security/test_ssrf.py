"""Finding 1: SSRF through a carriage return. The guard parsed with rdflib (a ``#`` comment ends at
``\\n``), Oxigraph ran the original text (its comments end at ``\\r`` too), so a SERVICE clause hidden
in a "comment" made the server connect anywhere. Now the text that runs is written from the parse the
guard checked, the query workers have no network, the Host header is checked and cross-site browser
requests are refused."""

from __future__ import annotations

import multiprocessing

import pytest

from clausegraph.service import worker
from clausegraph.service.guard import check_query
from clausegraph.service.limits import Limits
from clausegraph.sources import graph_sources


def smuggled(listener) -> str:
    return f"SELECT * WHERE {{ # x\r SERVICE <{listener.url}> {{ ?a ?b ?c }}\n }}"


FORMS = ["get", "form", "direct"]


def send(client, form: str, query: str, headers: dict[str, str] | None = None):
    """The query by one of the SPARQL Protocol's three forms: GET, form POST, direct POST."""
    headers = dict(headers or {})
    if form == "get":
        return client.get("/sparql", params={"query": query}, headers=headers)
    if form == "form":
        return client.post("/sparql", data={"query": query}, headers=headers)
    headers["content-type"] = "application/sparql-query"
    return client.post("/sparql", content=query.encode("utf-8"), headers=headers)


@pytest.mark.parametrize("form", FORMS)
def test_a_service_clause_behind_a_carriage_return_never_connects(service, listener, form):
    before = len(listener.connections)
    response = send(service, form, smuggled(listener))
    assert response.status_code == 200
    # what ran is what the guard read: a comment, then an empty group — one empty solution, nothing fetched
    assert response.json() == {"head": {"vars": []}, "results": {"bindings": [{}]}}
    assert len(listener.connections) == before


def test_what_runs_is_the_text_written_from_the_checked_parse(listener):
    checked = check_query(smuggled(listener), max_bytes=10_000)
    assert checked.text == "SELECT * WHERE {  }"
    assert "SERVICE" not in checked.text and str(listener.port) not in checked.text


def _run_unguarded(config, text, results) -> None:
    """A query worker started as the pool starts it, made to run SERVICE with the guard bypassed."""
    worker.start(config)
    try:
        results.put(("rows", len(list(worker._state["store"].query(text)))))
    except Exception as exc:  # noqa: BLE001 - the store's refusal is the expected outcome
        results.put(("error", str(exc)))


@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_the_second_wall_a_worker_cannot_connect_even_without_the_guard(listener, store):
    config = worker.WorkerConfig(store, tuple(graph_sources()), Limits())
    context = multiprocessing.get_context("forkserver")
    results = context.Queue()
    before = len(listener.connections)
    process = context.Process(target=_run_unguarded, args=(config, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}", results))
    process.start()
    process.join(timeout=60)
    outcome = results.get(timeout=5)
    assert outcome[0] == "error"
    assert len(listener.connections) == before


def _connect_under_seccomp(port, results) -> None:
    import socket

    from clausegraph.service.sandbox import _seccomp

    results.put(("applied", _seccomp()))
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        results.put(("connected", None))
    except OSError as exc:
        results.put(("refused", exc.errno))


def test_the_seccomp_wall_where_no_network_namespace_is_allowed(listener):
    """Unprivileged platforms get the seccomp filter instead of a namespace: socket() itself fails."""
    import errno

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    before = len(listener.connections)
    process = context.Process(target=_connect_under_seccomp, args=(listener.port, results))
    process.start()
    process.join(timeout=60)
    assert results.get(timeout=5) == ("applied", True)
    assert results.get(timeout=5) == ("refused", errno.EACCES)
    assert len(listener.connections) == before


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost.:8000", ""])
def test_a_host_header_that_does_not_name_the_service_is_refused(memory_service, host):
    response = memory_service.get("/healthz", headers={"host": host})
    assert response.status_code == 400
    assert response.json()["error"] == "bad-host"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000", "[::1]:8000"])
def test_the_loopback_names_are_served(memory_service, host):
    assert memory_service.get("/healthz", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("headers", [
    {"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
    {"origin": "https://evil.example"},
    {"sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors"},
    {"origin": "null"},
])
@pytest.mark.parametrize("form", FORMS)
def test_a_cross_site_browser_request_is_refused(memory_service, listener, headers, form):
    response = send(memory_service, form, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", headers=headers)
    assert response.status_code == 403
    assert response.json()["error"] == "cross-site-refused"


def test_the_page_itself_and_clients_that_are_not_browsers_are_served(memory_service):
    same_origin = {"origin": "http://127.0.0.1", "sec-fetch-site": "same-origin"}
    assert send(memory_service, "form", "ASK { }", headers=same_origin).status_code == 200
    assert send(memory_service, "direct", "ASK { }").status_code == 200  # curl, SPARQLWrapper: no Origin
    navigation = {"sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate"}
    assert memory_service.get("/", headers=navigation).status_code == 200  # following a link to the page
