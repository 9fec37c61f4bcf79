"""`clausegraph serve --cors ORIGIN`: a hosted YASGUI (a page on another origin) may query the endpoint from a
browser; every other origin is refused, and without --cors every cross-site browser request is. Through
FastAPI's test client with the headers a browser sends (the browser itself: tests/test_browser.py,
test_a_hosted_yasgui_queries_through_cors)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from clausegraph.service.app import create_app
from clausegraph.service.settings import ServiceSettings

YASGUI = "https://yasgui.example.org"
OTHER = "https://evil.example"
# the query a YASGUI user runs first: the agreement's articles, 第一条 to 第九条 in the source
ARTICLES = "SELECT ?path WHERE { ?a a <https://w3id.org/clausegraph/ontology#Article> ; <https://w3id.org/clausegraph/ontology#path> ?path } ORDER BY ?path"
# what a browser adds to YASQE's POST from another site (a form body and this Accept need no preflight)
CROSS_SITE = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors", "Accept": "application/sparql-results+json,*/*;q=0.9"}


@pytest.fixture(scope="module")
def with_cors() -> Iterator[TestClient]:
    # named with a trailing slash and capitals, as a user may type it: browsers send https://yasgui.example.org
    yield TestClient(create_app(ServiceSettings(cors_origins=("https://YASGUI.example.org/",))), base_url="http://127.0.0.1:8000")


@pytest.fixture(scope="module")
def without_cors() -> Iterator[TestClient]:
    yield TestClient(create_app(ServiceSettings()), base_url="http://127.0.0.1:8000")


def preflight(client: TestClient, origin: str, **extra: str):
    headers = {"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type", **extra}
    return client.options("/sparql", headers=headers)


def test_the_preflight_of_the_named_origin_is_allowed(with_cors):
    response = preflight(with_cors, YASGUI)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == YASGUI
    assert "POST" in response.headers["access-control-allow-methods"].split(", ")
    assert "content-type" in response.headers["access-control-allow-headers"].lower()


def test_the_preflight_may_reach_a_service_on_this_machine(with_cors):
    """Chrome asks an https page's preflight to a local address for Private Network Access."""
    response = preflight(with_cors, YASGUI, **{"Access-Control-Request-Private-Network": "true"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-private-network"] == "true"


def test_a_cross_origin_query_from_the_named_origin_is_answered(with_cors):
    response = with_cors.post("/sparql", data={"query": ARTICLES}, headers={"Origin": YASGUI, **CROSS_SITE})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == YASGUI
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    paths = [row["path"]["value"] for row in response.json()["results"]["bindings"]]
    assert paths == [str(n) for n in range(1, 10)]


def test_an_error_reaches_the_named_origin_readable(with_cors):
    """A bad query's message carries the CORS header, so YASGUI shows it instead of a network error."""
    response = with_cors.post("/sparql", data={"query": "SELECT ?x WHERE { ?x"}, headers={"Origin": YASGUI, **CROSS_SITE})
    assert response.status_code == 400
    assert response.json()["error"] == "bad-query"
    assert response.headers["access-control-allow-origin"] == YASGUI


def test_another_origin_is_refused(with_cors):
    response = with_cors.post("/sparql", data={"query": ARTICLES}, headers={"Origin": OTHER, **CROSS_SITE})
    assert response.status_code == 403
    assert response.json()["error"] == "cross-site-refused"
    assert "access-control-allow-origin" not in response.headers
    refused = preflight(with_cors, OTHER)
    assert refused.status_code != 200 and "access-control-allow-origin" not in refused.headers


def test_without_cors_a_hosted_yasgui_is_refused(without_cors):
    response = without_cors.post("/sparql", data={"query": ARTICLES}, headers={"Origin": YASGUI, **CROSS_SITE})
    assert response.status_code == 403
    assert response.json()["error"] == "cross-site-refused"
    assert "--cors ORIGIN" in response.json()["detail"]
    assert "access-control-allow-origin" not in response.headers
    refused = preflight(without_cors, YASGUI)
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers


def test_the_named_origin_still_needs_a_host_of_this_service(with_cors):
    """--cors admits an origin, not a name: a request whose Host is another name (DNS rebinding) stays refused."""
    response = with_cors.post("/sparql", data={"query": ARTICLES}, headers={"Origin": YASGUI, "Host": "rebound.example", **CROSS_SITE})
    assert response.status_code == 400
    assert response.json()["error"] == "bad-host"
