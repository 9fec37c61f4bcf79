"""The HTTP service through FastAPI's test client: every endpoint, every refusal, every 4xx path."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
import rdflib
from docx import Document as DocxDocument
from fastapi.testclient import TestClient

from clausegraph import queries
from clausegraph.drafting import assemble, parse_spec, read_template, render
from clausegraph.graph import load_store
from clausegraph.results import read_table
from clausegraph.service.app import create_app
from clausegraph.service.limits import Limits
from clausegraph.service.settings import ServiceSettings
from clausegraph.sources import graph_sources

COUNT_ARTICLES = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://w3id.org/clausegraph/ontology#Article> }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def service_store():
    return load_store()


def assembled(store, spec: dict, fmt: str) -> bytes:
    template = read_template(store)
    return render(assemble(template, parse_spec(template, spec)), fmt)


@pytest.fixture(scope="module")
def client():
    limits = Limits(query_timeout_s=2.0, max_results=50, max_body_bytes=20_000, max_query_bytes=10_000)
    return TestClient(create_app(ServiceSettings(limits=limits)), base_url="http://127.0.0.1")


def test_healthz(client, service_store):
    body = client.get("/healthz").json()
    assert body.pop("sandbox") in ("netns", "seccomp")  # the query workers' network wall (netns where permitted)
    assert body == {"status": "ok", "store": "memory", "graphs": len(graph_sources()), "triples": sum(n for _, n in service_store.graph_sizes())}


def test_variants_schema_comes_from_the_graph(client):
    body = client.get("/v1/variants").json()
    assert body["title"] == {"zh": "离职保密协议", "en": "Departure Confidentiality Agreement"}
    keys = [o["key"] for o in body["options"]]
    assert set(keys) == set(body["schema"]["properties"])
    months = body["schema"]["properties"]["non_compete_months"]
    assert months["type"] == "integer" and months["default"] == 24
    assert body["schema"]["properties"]["dispute_forum"]["enum"] == ["arbitration", "court"]
    assert body["schema"]["properties"]["omit"]["type"] == "array"
    assert body["schema"]["additionalProperties"] is False


def test_variants_name_each_choice(client):
    """A choice's values come with the labels a form shows (ontology: cg:OptionValue), in the order of ``allowed``."""
    options = {o["key"]: o for o in client.get("/v1/variants").json()["options"]}
    forum = options["dispute_forum"]
    assert [c["value"] for c in forum["choices"]] == forum["allowed"] == ["arbitration", "court"]
    labels = {c["value"]: (c["label_zh"], c["label_en"]) for c in forum["choices"]}
    # 第六条 as written goes to the court; the arbitration variant goes to labour arbitration first (劳动争议调解仲裁法第五条)
    assert "劳动争议仲裁" in labels["arbitration"][0] and "arbitration" in labels["arbitration"][1]
    assert "法院" in labels["court"][0] and "court" in labels["court"][1]
    language = {c["value"]: (c["label_zh"], c["label_en"]) for c in options["language"]["choices"]}
    assert language == {"zh": ("中文", "Chinese"), "en": ("英文译本", "English translation"),
                        "zh-en": ("中英对照", "Chinese and English side by side")}
    assert options["employee.name"]["choices"] == []


def test_the_page_allows_only_its_own_resources(client):
    """The page's Content-Security-Policy: scripts, requests and frames from the service only, no inline script."""
    response = client.get("/")
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'" and policy["connect-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("fmt, media", [("txt", "text/plain"), ("md", "text/markdown"), ("html", "text/html")])
def test_assemble_text_formats_equal_the_library(client, service_store, fmt, media):
    spec = {"employee.name": "张三", "non_compete_months": 12}
    response = client.post(f"/v1/assemble?format={fmt}", json=spec)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    assert response.content == assembled(service_store, spec, fmt)


def test_assemble_by_accept_header(client, service_store):
    response = client.post("/v1/assemble", json={}, headers={"Accept": "text/markdown"})
    assert response.status_code == 200
    assert response.content == assembled(service_store, {}, "md")
    assert client.post("/v1/assemble", json={}, headers={"Accept": "image/png"}).status_code == 406


def test_assemble_docx(client):
    response = client.post("/v1/assemble?format=docx", json={"language": "zh-en"})
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="agreement.docx"'
    first_row = DocxDocument(io.BytesIO(response.content)).tables[0].rows[0].cells
    assert [cell.text for cell in first_row] == ["离职保密协议", "Departure Confidentiality Agreement"]


def test_refused_variant_lists_every_violation_with_its_legal_ground(client):
    response = client.post("/v1/assemble?format=txt", json={"non_compete_months": 30, "non_compete_compensation": False})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "variant-refused"
    grounds = sorted((v["option"], v["ground_zh"]) for v in body["violations"])
    assert grounds == [("non_compete_compensation", "劳动合同法第二十三条第二款"), ("non_compete_months", "劳动合同法第二十四条")]


def test_invalid_spec_names_each_option(client):
    response = client.post("/v1/assemble?format=txt", json={"non_compete_months": "two", "colour": "red"})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid-spec"
    assert sorted(v["option"] for v in body["violations"]) == ["colour", "non_compete_months"]


@pytest.mark.parametrize("body, status, error", [
    (b"{not json", 400, "bad-json"),
    (b"[1, 2]", 422, "invalid-spec"),
])
def test_assemble_bad_bodies(client, body, status, error):
    response = client.post("/v1/assemble?format=txt", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    assert response.json()["error"] == error


def test_assemble_unknown_format(client):
    response = client.post("/v1/assemble?format=pdf", json={})
    assert response.status_code == 400
    assert response.json() == {"error": "bad-request", "detail": "format 'pdf' is not one of txt, md, html, docx"}


def test_check_gives_violations_and_warnings(client):
    body = client.post("/v1/check", json={"non_compete_months": 30}).json()
    assert body["valid"] is False
    assert [v["ground_zh"] for v in body["violations"]] == ["劳动合同法第二十四条"]
    assert sorted(w["option"] for w in body["warnings"]) == ["dispute_forum", "modern_legal_bases"]
    ok = client.post("/v1/check", json={"modern_legal_bases": True, "dispute_forum": "arbitration"}).json()
    assert ok == {"valid": True, "violations": [], "warnings": []}


def test_questions_list_and_answers_match_the_library(client, service_store):
    listed = client.get("/v1/questions").json()
    assert [q["name"] for q in listed] == [q.name for q in queries.list_queries("questions")]
    body = client.get("/v1/questions/in-force-at", params={"at": "P30M"}).json()
    expected = read_table(queries.ask(service_store, "in-force-at", {"at": "P30M"}))
    assert body["results"]["head"]["vars"] == list(expected.variables)
    assert len(body["results"]["results"]["bindings"]) == len(expected.rows) == 18  # the manifest holds the rows themselves
    assert body["question"]["params"][0]["name"] == "at"


@pytest.mark.parametrize("path, status, error", [
    ("/v1/questions/no-such-question", 404, "not-found"),
    ("/v1/questions/in-force-at?at=thirty", 400, "bad-request"),
    ("/v1/questions/in-force-at?when=P1M", 400, "bad-request"),
    ("/v1/questions/term-usage", 400, "bad-request"),
    ("/v1/nothing-here", 404, "not-found"),
])
def test_question_errors(client, path, status, error):
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert "Traceback" not in response.text


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
])
def test_sparql_select_formats(client, accept, media):
    response = client.get("/sparql", params={"query": COUNT_ARTICLES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    if media == "text/csv":
        assert list(csv.reader(io.StringIO(response.text))) == [["n"], ["9"]]
    if media.endswith("json"):
        assert response.json()["results"]["bindings"][0]["n"]["value"] == "9"


def test_sparql_post_forms_and_ask(client):
    direct = client.post("/sparql", content=COUNT_ARTICLES, headers={"content-type": "application/sparql-query"})
    form = client.post("/sparql", data={"query": COUNT_ARTICLES})
    assert direct.json() == form.json()
    ask = client.get("/sparql", params={"query": "ASK { ?a a <https://w3id.org/clausegraph/ontology#Article> }"})
    assert ask.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")])
def test_sparql_construct_formats(client, accept, fmt):
    query = "CONSTRUCT { ?a a <https://w3id.org/clausegraph/ontology#Article> } WHERE { ?a a <https://w3id.org/clausegraph/ontology#Article> }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert len(rdflib.Graph().parse(data=response.text, format=fmt)) == 9


@pytest.mark.parametrize("request_kwargs, detail", [
    ({"params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, "SPARQL Update is refused"),
    ({"params": {"update": "CLEAR ALL"}}, "SPARQL Update is refused"),
    ({"params": {"query": "LOAD <http://example.org/data.ttl>"}}, "LOAD is refused"),
    ({"params": {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}}, "SERVICE is refused"),
    ({"params": {"query": "SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } } }"}}, "SERVICE is refused"),
])
def test_sparql_refusals(client, request_kwargs, detail):
    response = client.get("/sparql", **request_kwargs)
    assert response.status_code == 400
    assert response.json()["error"] == "refused"
    assert detail in response.json()["detail"]


def test_sparql_update_body_is_refused(client):
    response = client.post("/sparql", content="DELETE WHERE { ?s ?p ?o }", headers={"content-type": "application/sparql-update"})
    assert response.status_code == 400
    assert response.json()["error"] == "refused"


def test_words_in_strings_and_comments_are_not_refused(client):
    query = '# LOAD and SERVICE in a comment\nSELECT ("INSERT SERVICE" AS ?x) WHERE { }'
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "INSERT SERVICE"


@pytest.mark.parametrize("kwargs, status, error", [
    ({"params": {}}, 400, "bad-request"),
    ({"params": {"query": "SELECT ?x WHERE { ?x"}}, 400, "bad-query"),
    ({"params": {"query": COUNT_ARTICLES, "default-graph-uri": "urn:g"}}, 400, "bad-request"),
    ({"params": {"query": COUNT_ARTICLES}, "headers": {"Accept": "text/turtle"}}, 406, "not-acceptable"),
    ({"params": {"query": COUNT_ARTICLES, "format": "ttl"}}, 400, "bad-request"),
])
def test_sparql_bad_requests(client, kwargs, status, error):
    response = client.get("/sparql", **kwargs)
    assert response.status_code == status
    assert response.json()["error"] == error


def test_sparql_post_with_another_media_type(client):
    response = client.post("/sparql", content=COUNT_ARTICLES, headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert response.json()["error"] == "unsupported-media-type"


def test_result_size_limit(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 400
    assert response.json() == {"error": "result-too-large", "detail": "the result has more than 50 rows; narrow the query or add a LIMIT"}
    assert client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"}).status_code == 200


def test_a_runaway_query_is_stopped_at_the_time_limit(client):
    started = time.monotonic()
    response = client.get("/sparql", params={"query": RUNAWAY})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["error"] == "query-timeout"
    assert "2 s limit and was stopped" in response.json()["detail"]
    assert elapsed < 10  # stopped, not run to the end (it would take hours)
    assert client.get("/sparql", params={"query": COUNT_ARTICLES}).status_code == 200


def test_oversized_bodies_are_refused(client):
    big = json.dumps({"employee.name": "张" * 20_000})
    response = client.post("/v1/assemble?format=txt", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "body-too-large"

    def chunks():  # no Content-Length: streamed past the limit
        for _ in range(30):
            yield b" " * 1000

    streamed = client.post("/sparql", content=chunks(), headers={"content-type": "application/sparql-query"})
    assert streamed.status_code == 413
    assert streamed.json()["error"] == "body-too-large"


def test_method_not_allowed_is_json(client):
    response = client.delete("/sparql")
    assert response.status_code == 405
    assert response.json()["error"] == "method-not-allowed"


def test_openapi_lists_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/healthz", "/v1/variants", "/v1/check", "/v1/assemble", "/v1/questions", "/v1/questions/{name}", "/sparql"} <= set(paths)
    assert client.get("/docs").status_code == 200


def test_a_persistent_store_is_served_with_the_same_limits(tmp_path):
    from clausegraph.store import open_store

    store = open_store(f"oxigraph:{tmp_path / 'db'}")
    for source in graph_sources():
        store.load(source.path, source.graph)
    store.close()
    app = create_app(ServiceSettings(store=f"oxigraph:{tmp_path / 'db'}", limits=Limits(query_timeout_s=1.0)))
    persistent = TestClient(app, base_url="http://127.0.0.1")
    try:
        assert persistent.get("/sparql", params={"query": COUNT_ARTICLES}).json()["results"]["bindings"][0]["n"]["value"] == "9"
        assert persistent.get("/sparql", params={"query": RUNAWAY}).status_code == 503
        assert persistent.post("/v1/assemble?format=txt", json={}).status_code == 200
    finally:
        app.state.pool.close()
