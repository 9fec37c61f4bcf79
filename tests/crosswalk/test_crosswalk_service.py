"""GET /v1/crosswalk: the same spec as assembly (as query parameters), answered in a query worker."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from clausegraph.service.app import create_app
from clausegraph.service.limits import Limits
from clausegraph.service.settings import ServiceSettings


@pytest.fixture(scope="module")
def client():
    limits = Limits(query_timeout_s=10.0, max_results=50, max_body_bytes=20_000, max_query_bytes=10_000, workers=1)
    with TestClient(create_app(ServiceSettings(limits=limits)), base_url="http://127.0.0.1") as test_client:
        yield test_client


def test_contractnli_labels_of_the_source_and_of_a_variant(client):
    source = client.get("/v1/crosswalk", params={"scheme": "contractnli"})
    assert source.status_code == 200
    body = source.json()
    assert body["scheme"] == "contractnli" and body["spec"] is None
    labels = {h["key"]: (h["label"], [e["path"] for e in h["evidence"]]) for h in body["hypotheses"]}
    assert labels["nda-16"] == ("Entailment", ["3.4"])
    assert labels["nda-17"] == ("Contradiction", ["3.2"])
    variant = client.get("/v1/crosswalk", params={"scheme": "contractnli", "omit": "3.4", "language": "en"}).json()
    assert variant["spec"]["omit"] == ["3.4"] and variant["spec"]["language"] == "en"
    assert {h["key"]: h["label"] for h in variant["hypotheses"]}["nda-16"] == "NotMentioned"


def test_cuad_categories_of_a_variant(client):
    body = client.get("/v1/crosswalk", params={"scheme": "cuad", "non_compete": "false"}).json()
    status = {c["notation"]: c["status"] for c in body["categories"]}
    assert status["Non-Compete"] == "absent" and status["Liquidated Damages"] == "present" and status["Insurance"] == "unmapped"


@pytest.mark.parametrize(
    ("params", "status", "error"),
    [
        ({}, 400, "bad-request"),
        ({"scheme": "squad"}, 404, "not-found"),
        ({"scheme": "cuad", "omit": "9.9"}, 422, "invalid-spec"),
        ({"scheme": "cuad", "colour": "red"}, 422, "invalid-spec"),
        ({"scheme": "cuad", "non_compete_months": "36"}, 422, "variant-refused"),
    ],
)
def test_bad_requests_get_a_json_4xx(client, params, status, error):
    response = client.get("/v1/crosswalk", params=params)
    assert response.status_code == status
    assert response.json()["error"] == error


def test_a_parameter_given_twice_is_refused(client):
    response = client.get("/v1/crosswalk?scheme=cuad&omit=3.4&omit=3.5")
    assert response.status_code == 400 and "more than once" in response.json()["detail"]
