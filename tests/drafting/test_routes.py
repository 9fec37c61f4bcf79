"""The drafting routes of the service: the same three steps as the CLI (parse, check, assemble), one spec schema,
and /v1/check that checks without assembling."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from clausegraph.service.app import create_app
from clausegraph.service.limits import Limits
from clausegraph.service.settings import ServiceSettings
from clausegraph.sources import GRAPH_BASE, graph_sources
from clausegraph.store import open_store

# A text variation whose anchor words are not in 第九条's text: a defect of the template's data that only
# assembling meets (the checks in queries/checks would report it; here it proves what /v1/check does not run).
BROKEN_EDIT = """
@prefix cg: <https://w3id.org/clausegraph/ontology#> .
@prefix ag: <https://w3id.org/clausegraph/agreement/departure-confidentiality/> .
@prefix opt: <https://w3id.org/clausegraph/option#> .
ag:variation-broken a cg:TextVariation ;
    cg:ofComponent ag:art-9 ;
    cg:whenOption opt:modern_legal_bases ; cg:whenValue true ;
    cg:anchorText "本协议没有的文字"@zh , "words this agreement does not have"@en ;
    cg:replacement ""@zh , ""@en .
"""


@pytest.fixture(scope="module")
def client():
    app = create_app(ServiceSettings(limits=Limits(workers=1)))
    yield TestClient(app, base_url="http://127.0.0.1")
    app.state.pool.close()


def test_a_nested_spec_is_the_same_spec_as_a_dotted_one(client):
    nested = client.post("/v1/assemble?format=txt", json={"employee": {"name": "张三"}, "non_compete_months": 12})
    dotted = client.post("/v1/assemble?format=txt", json={"employee.name": "张三", "non_compete_months": "12"})
    assert nested.status_code == dotted.status_code == 200
    assert nested.content == dotted.content
    assert "乙      方：张三" in nested.text and "自离开公司之日起一年内不得自营" in nested.text


def test_check_gives_structural_findings_in_both_languages(client):
    body = client.post("/v1/check", json={"omit": ["5"]}).json()
    assert body["valid"] is False
    assert [(v["option"], v["rule"], v["message_zh"]) for v in body["violations"]] == [
        ("omit", "an omitted provision may not be referred to by a kept provision", "不能删除5：3.6引用了5；请一并删除，或保留5。")]
    # the source's court-first clause and its 合同法 citation stay warnings, with their grounds
    assert sorted((w["option"], w["ground_zh"]) for w in body["warnings"]) == [
        ("dispute_forum", "劳动争议调解仲裁法第五条"), ("modern_legal_bases", "民法典第一千二百六十条")]


def test_a_refusal_names_the_rule_its_ground_and_the_value(client):
    response = client.post("/v1/assemble?format=txt", json={"non_compete_months": 30})
    assert response.status_code == 422
    [violation] = response.json()["violations"]
    assert violation["shape"] == "https://w3id.org/clausegraph/variant-shapes#NonCompeteMaximum"
    assert violation["ground_iri"] == "https://w3id.org/clausegraph/law/labour-contract-law-art-24"
    assert violation["value"] == 30


def test_check_does_not_assemble(tmp_path):
    """A store whose template has an edit with missing anchor words: assembling the variant that triggers it fails
    (500, the template's defect), while /v1/check answers from the rules alone."""
    extra = tmp_path / "broken-edit.ttl"
    extra.write_text(BROKEN_EDIT, encoding="utf-8")
    store = open_store(f"oxigraph:{tmp_path / 'db'}")
    for source in graph_sources():
        store.load(source.path, source.graph)
    store.load(extra, GRAPH_BASE + "test/broken-edit")
    store.close()
    app = create_app(ServiceSettings(store=f"oxigraph:{tmp_path / 'db'}", limits=Limits(workers=1)))
    try:
        client = TestClient(app, base_url="http://127.0.0.1")
        spec = {"modern_legal_bases": True, "dispute_forum": "arbitration"}
        assert client.post("/v1/check", json=spec).json() == {"valid": True, "violations": [], "warnings": []}
        failed = client.post("/v1/assemble?format=txt", json=spec)
        assert failed.status_code == 500
        assert failed.json()["detail"] == "ag:variation-broken: anchor not found in the zh text of ag:art-9"
    finally:
        app.state.pool.close()


# ------------------------------------------------------------------ a firm's reference .docx over HTTP


def _firm_docx() -> bytes:
    """A firm's template (python-docx's, Normal at 10.5 pt) as bytes."""
    import io

    from docx import Document as new_docx
    from docx.shared import Pt

    reference = new_docx()
    reference.styles["Normal"].font.size = Pt(10.5)
    buffer = io.BytesIO()
    reference.save(buffer)
    return buffer.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_assemble_takes_a_reference_docx_as_multipart(client):
    import io

    from docx import Document as read_docx
    from docx.shared import Pt

    answer = client.post("/v1/assemble?format=docx", data={"spec": '{"employee.name": "张三", "signature_block": "seal"}'},
                         files={"reference": ("firm.docx", _firm_docx(), DOCX)})
    assert answer.status_code == 200, answer.text
    docx = read_docx(io.BytesIO(answer.content))
    assert docx.styles["Normal"].font.size == Pt(10.5)  # the firm's style
    assert docx.tables[0].rows[0].cells[1].text == "乙方（签字）：张三"  # the spec's variant


def test_a_reference_that_is_not_a_docx_gets_400(client):
    answer = client.post("/v1/assemble?format=docx", data={"spec": "{}"}, files={"reference": ("firm.docx", b"plain text", DOCX)})
    assert answer.status_code == 400
    assert answer.json()["error"] == "bad-request" and "is not a Word document" in answer.json()["detail"]
    text = client.post("/v1/assemble?format=txt", files={"reference": ("firm.docx", _firm_docx(), DOCX)})
    assert text.status_code == 400 and "for format docx" in text.json()["detail"]
    extra = client.post("/v1/assemble?format=docx", data={"spec": "{}", "style": "x"})
    assert extra.status_code == 400 and "unknown form field 'style'" in extra.json()["detail"]
    bad_spec = client.post("/v1/assemble?format=docx", data={"spec": "{not json"}, files={"reference": ("f.docx", _firm_docx(), DOCX)})
    assert bad_spec.status_code == 400 and bad_spec.json()["error"] == "bad-json"


def test_a_decimal_number_in_a_spec_is_read_as_written(client):
    """{"omit": [3.10]} names no provision (it is not read as the float 3.1, which would drop 3.1); {"omit": [3.4]}
    omits 3.4, as "3.4" does."""
    headers = {"content-type": "application/json"}
    refused = client.post("/v1/check", content=b'{"omit": [3.10]}', headers=headers).json()
    assert refused["valid"] is False
    assert [v["message"] for v in refused["violations"]][0].startswith("omit: unknown provision '3.10'")
    as_number = client.post("/v1/assemble?format=txt", content=b'{"omit": [3.4]}', headers=headers)
    as_text = client.post("/v1/assemble?format=txt", content=b'{"omit": ["3.4"]}', headers=headers)
    assert as_number.status_code == 200 and as_number.text == as_text.text
    assert as_number.text != client.post("/v1/assemble?format=txt", content=b"{}", headers=headers).text
