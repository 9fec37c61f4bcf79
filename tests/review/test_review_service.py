"""``POST /v1/review``: the same spec as /v1/assemble in, the findings out as JSON or as the memo; errors as JSON."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from clausegraph.service.app import create_app
from clausegraph.service.limits import Limits
from clausegraph.service.settings import ServiceSettings

from review_support import EXPECTED, expected_source


@pytest.fixture(scope="module")
def client():
    limits = Limits(query_timeout_s=5.0, max_results=50, max_body_bytes=20_000, max_query_bytes=10_000, workers=1)
    with TestClient(create_app(ServiceSettings(limits=limits)), base_url="http://127.0.0.1") as test_client:
        yield test_client


def _triples(body: dict) -> set:
    return {(f["code"], f["source_path"] or f["provision"].rsplit("/", 1)[-1],
             tuple(g["article"].replace("https://w3id.org/clausegraph/law/", "law:") for g in f["grounds"])) for f in body["findings"]}


def test_the_source(client):
    response = client.post("/v1/review?on=2026-12-01", json={})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.headers["x-clausegraph-findings"] == "29"
    assert _triples(response.json()) == expected_source()


@pytest.mark.parametrize("variant", EXPECTED["variant"][:3], ids=[v["id"] for v in EXPECTED["variant"][:3]])
def test_variants_as_the_cli_reviews_them(client, variant):
    body = client.post("/v1/review?on=2026-12-01", json=variant["spec"]).json()
    removed = {tuple(r) for r in variant["removed"]}
    expected = {t for t in expected_source() if t[:2] not in removed} | {(c, p, tuple(g)) for c, p, g in variant["added"]}
    assert _triples(body) == expected


def test_nested_keys_as_assemble_takes_them(client):
    body = client.post("/v1/review?on=2026-12-01", json={"employer": {"name": "济南某科技有限公司"}}).json()
    assert body["values"] == {"employer.name": "济南某科技有限公司"}
    assert ("P25", "party-field-1") not in {(f["code"], f["provision"].rsplit("/", 1)[-1]) for f in body["findings"]}


def test_a_refused_legal_limit_is_reviewed_with_its_refusal(client):
    body = client.post("/v1/review?on=2026-12-01", json={"non_compete_months": 36}).json()
    assert [r["option"] for r in body["refusals"]] == ["non_compete_months"]
    assert body["findings"][0]["code"] == "P20" and body["findings"][0]["severity"] == "void"


def test_memo_formats(client):
    md = client.post("/v1/review?format=md&on=2026-12-01", json={})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# 法律审查意见：离职保密协议")
    html = client.post("/v1/review?format=html", json={"employee.name": "<img src=x onerror=alert(1)>"})
    assert "<img" not in html.text and "&lt;img src=x onerror=alert(1)&gt;" in html.text
    docx = client.post("/v1/review?format=docx", json={})
    assert docx.content.startswith(b"PK") and "review.docx" in docx.headers["content-disposition"]


@pytest.mark.parametrize(
    ("url", "body", "status", "error", "detail"),
    [
        ("/v1/review?format=pdf", {}, 400, "bad-request", "format 'pdf' is not one of json, md, html, docx"),
        ("/v1/review?on=yesterday", {}, 400, "bad-request", "on 'yesterday' is not a day"),
        ("/v1/review?on=2026-12-01&on=2026-12-02", {}, 400, "bad-request", "given more than once"),
        ("/v1/review", {"no_such_option": 1}, 422, "invalid-spec", "unknown option 'no_such_option'"),
        ("/v1/review", {"non_compete_months": 0}, 422, "variant-refused", "must be at least 1"),
        ("/v1/review", [1, 2], 422, "invalid-spec", "must be a JSON object"),
    ],
)
def test_bad_requests(client, url, body, status, error, detail):
    response = client.post(url, json=body)
    assert response.status_code == status
    assert response.json()["error"] == error and detail in response.json()["detail"]
