"""Store backends: all-or-nothing loads, and one-line errors for endpoints that are down or refuse."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import pyoxigraph as ox

from clausegraph.errors import BadInputError, QueryError
from clausegraph.store import SparqlStore, StoreError, open_store
from cli_runner import invoke

from servers import free_port, oxigraph_binary, serve_oxigraph

CORPUS = Path(__file__).parent / "cases" / "corpus" / "executed.ttl"
GRAPH = "https://example.org/graph/corpus"


@pytest.fixture(params=["memory", "rdflib", "oxrdflib", "oxigraph"])
def local_store(request, tmp_path):
    store = open_store(f"oxigraph:{tmp_path / 'db'}" if request.param == "oxigraph" else request.param)
    yield store
    store.close()


@pytest.fixture
def truncated(tmp_path) -> Path:
    """The corpus cut in the middle: the first part parses, the end does not (on a line of its own, so that a cut
    inside a comment does not make the garbage part of the comment)."""
    text = CORPUS.read_text(encoding="utf-8")
    bad = tmp_path / "truncated.ttl"
    bad.write_text(text[: len(text) // 2] + "\n <<< not turtle", encoding="utf-8")
    return bad


def test_a_bad_file_leaves_a_new_graph_absent(local_store, truncated):
    with pytest.raises(BadInputError, match="truncated.ttl is not valid RDF"):
        local_store.load(truncated, GRAPH)
    assert local_store.graph_sizes() == []


def test_a_bad_file_keeps_the_graph_it_would_replace(local_store, truncated):
    count = local_store.load(CORPUS, GRAPH)
    assert count == 92
    with pytest.raises(BadInputError):
        local_store.load(truncated, GRAPH)
    assert local_store.graph_sizes() == [(GRAPH, 92)]


def test_reloading_a_graph_replaces_it(local_store):
    local_store.load(CORPUS, GRAPH)
    assert local_store.load(CORPUS, GRAPH) == 92
    assert local_store.graph_sizes() == [(GRAPH, 92)]


def test_an_endpoint_that_is_down_is_a_one_line_store_error():
    store = SparqlStore(f"http://127.0.0.1:{free_port()}/query", timeout=2)
    with pytest.raises(StoreError, match=r"cannot reach the SPARQL endpoint .*is the server running\?"):
        store.query("ASK {}")
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        store.load(CORPUS, GRAPH)


def test_an_endpoint_that_refuses_a_query_names_its_reason(oxigraph_server):
    with pytest.raises(QueryError, match=r"the endpoint refused the query \(400\): error at 1:26"):
        SparqlStore(oxigraph_server).query("SELECT ?x WHERE { ?x ?p }")


@pytest.fixture(scope="module")
def read_only_server(tmp_path_factory):
    """``oxigraph serve-read-only`` over a store holding the test corpus: it answers queries, refuses writes."""
    location = tmp_path_factory.mktemp("read-only")
    subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", str(CORPUS), "--graph", GRAPH],
                   check=True, capture_output=True)
    with serve_oxigraph(location, read_only=True) as url:
        yield url


def test_cli_load_into_an_endpoint_that_refuses_writes(read_only_server):
    result = invoke(["load", str(CORPUS), "--store", f"sparql:{read_only_server}"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: the endpoint http://127.0.0.1:")
    assert "answered 403 Forbidden" in lines[0]
    sizes = invoke(["stats", "--store", f"sparql:{read_only_server}", "--format", "csv"])
    assert sizes.exit_code == 0, sizes.output
    assert sizes.stdout.splitlines() == ["graph,triples", f"{GRAPH},92"]


def test_cli_against_an_endpoint_that_is_down():
    url = f"sparql:http://127.0.0.1:{free_port()}/query"
    for args in (["ask", "survival"], ["query", "-"], ["stats"], ["load", str(CORPUS)]):
        result = invoke([*args, "--store", url], input="ASK {}")
        assert result.exit_code == 2, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (args, result.stderr)
        assert "cannot reach the SPARQL endpoint" in lines[0]


@pytest.mark.parametrize("url, cause", [
    ("sparql:ftp://example.org/query", "is not an http(s) URL of a SPARQL endpoint"),
    ("sparql:", "is not a store"),
    ("sparql:http://", "is not an http(s) URL of a SPARQL endpoint"),
    ("oxigraph:", "is not a store"),
])
def test_cli_store_specs_that_do_not_parse(url, cause):
    result = invoke(["ask", "survival", "--store", url])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert cause in result.stderr


def test_comments_with_update_words_do_not_turn_a_query_into_an_update(oxigraph_server):
    # SPARQLWrapper's own guess reads "adds" as ADD and posts the query as an update (415)
    text = "# one\n# this question adds and loads nothing\nASK { }"
    assert bool(SparqlStore(oxigraph_server).query(text)) is True


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_an_endpoint_that_answers_too_late_is_a_timeout_and_the_service_says_503(tmp_path):
    from fastapi.testclient import TestClient

    from clausegraph.service.app import create_app
    from clausegraph.service.limits import Limits
    from clausegraph.service.settings import ServiceSettings
    from clausegraph.sources import graph_sources
    from clausegraph.store import StoreTimeout

    # a server of its own: the runaway query keeps it busy until it is stopped
    with serve_oxigraph(tmp_path / "slow") as url:
        remote = SparqlStore(url, timeout=0.5)
        for source in graph_sources():
            remote.load(source.path, source.graph)
        with pytest.raises(StoreTimeout, match=r"did not answer within 0.5 s"):
            remote.query(RUNAWAY)
        app = create_app(ServiceSettings(store=f"sparql:{url}", limits=Limits(query_timeout_s=1.0)))
        service = TestClient(app, base_url="http://127.0.0.1")
        response = service.get("/sparql", params={"query": RUNAWAY})
        assert response.status_code == 503
        assert response.json() == {"error": "query-timeout", "detail": "the query ran past the 1 s limit"}


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_bound_values_open_the_where_group_whatever_the_line_endings(newline):
    """A query file saved with CRLF line endings gets its VALUES block where an LF file does: right after the
    outermost WHERE's brace (a comment that mentions WHERE { is skipped), and the query answers the same."""
    from clausegraph.store import inline_bindings

    text = newline.join(["# finds WHERE { … } in a comment first", "SELECT ?s WHERE {", "  ?s ?p ?o", "}", ""])
    bound = inline_bindings(text, {ox.Variable("s"): ox.NamedNode("urn:clausegraph:test:s")})
    assert bound.startswith(newline.join(["# finds WHERE { … } in a comment first", "SELECT ?s WHERE {"]) + "\n  VALUES (?s) { (<urn:clausegraph:test:s>) }")
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:clausegraph:test:s"), ox.NamedNode("urn:clausegraph:test:p"), ox.Literal("o")))
    store.add(ox.Quad(ox.NamedNode("urn:clausegraph:test:t"), ox.NamedNode("urn:clausegraph:test:p"), ox.Literal("o")))
    assert [row["s"].value for row in store.query(bound)] == ["urn:clausegraph:test:s"]
