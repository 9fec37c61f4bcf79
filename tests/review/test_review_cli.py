"""``clausegraph review``: formats, output through the atomic writers, the review day, exit codes, a spec file, an
ingested agreement in a persistent store; and ``assemble`` printing the review's findings as warnings."""

from __future__ import annotations

import json

from cli_runner import invoke

from review_support import FIXTURES


def _review(*args: str):
    return invoke(["review", "--on", "2026-12-01", *args])


def test_table_by_default():
    result = _review()
    assert result.exit_code == 0, result.output
    assert "(29 findings: 1 void, 2 unenforceable, 12 risky, 14 drafting)" in result.stdout


def test_json_to_a_file(tmp_path):
    target = tmp_path / "review.json"
    result = _review("--set", "dispute_forum=arbitration", "-f", "json", "-o", str(target))
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["values"] == {"dispute_forum": "arbitration"} and len(data["findings"]) == 28
    assert not list(tmp_path.glob(".*")), "the atomic writer leaves no temporary file behind"


def test_spec_file_and_set_flags(tmp_path):
    spec = tmp_path / "variant.yaml"
    spec.write_text("non_compete: false\nomit: ['5.3.2']\n", encoding="utf-8")
    result = _review(str(spec), "--set", "modern_legal_bases=true", "-f", "json")
    data = json.loads(result.stdout)
    assert data["values"] == {"non_compete": False, "omit": ["5.3.2"], "modern_legal_bases": True}
    codes = {(f["code"], f["source_path"]) for f in data["findings"]}
    assert ("P23", "5.1") in codes and ("P13", "5.3.2") not in codes and ("P1", None) not in codes


def test_docx_memo(tmp_path):
    target = tmp_path / "memo.docx"
    result = _review("-f", "docx", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"PK")


def test_bad_input_exits_2_with_nothing_written(tmp_path):
    target = tmp_path / "memo.docx"
    for args, message in [
        (["-f", "docx"], "docx is binary: give --output FILE.docx"),
        (["-f", "pdf"], "--format 'pdf' is not one of table, json, csv, md, html, docx"),
        (["--on", "2026-13-01"], "--on '2026-13-01' is not a day"),
        (["--fail-on", "severe"], "--fail-on 'severe' is not one of void, unenforceable, risky, drafting"),
        (["--set", "no_such_option=1", "-o", str(target)], "unknown option 'no_such_option'"),
        (["--set", "dispute_forum"], "--set 'dispute_forum' is not KEY=VALUE"),
    ]:
        result = invoke(["review", *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
    assert not target.exists()


def test_a_malformed_variant_is_refused_with_exit_1():
    result = _review("--set", "non_compete_months=0")
    assert result.exit_code == 1
    assert "non_compete_months must be at least 1" in result.output


def test_fail_on_a_severity():
    assert _review("--fail-on", "void").exit_code == 1
    assert _review("--fail-on", "void", "--set", "omit=5.1").exit_code == 0
    assert _review("--fail-on", "drafting", "--set", "omit=5.1").exit_code == 1


def test_an_ingested_agreement_in_a_persistent_store(tmp_path):
    store = f"oxigraph:{tmp_path / 'db'}"
    loaded = invoke(["load", "ontology/clausegraph.ttl", "ontology/acts.ttl", "ontology/legal-bases.ttl", "--store", store])
    assert loaded.exit_code == 0, loaded.output
    ingested = invoke(["ingest", str(FIXTURES / "waiver.txt"), "--id", "waiver", "--store", store])
    assert ingested.exit_code == 0, ingested.output
    agreement = "https://w3id.org/clausegraph/ingested/waiver/agreement"
    result = _review("--agreement", agreement, "--store", store, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(f["code"], f["severity"], f["source_path"]) for f in data["findings"]] == [("P28", "void", "2")]
    assert "liquidated-damages-outside-non-compete" in data["skipped"]
    refused = _review("--agreement", agreement, "--store", store, "--set", "non_compete=false")
    assert refused.exit_code == 2 and "has no options" in refused.output


def test_assemble_prints_the_findings_as_warnings():
    result = invoke(["assemble", "--set", "non_compete=false"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: review ")]
    assert len(warnings) == 24  # the source's 29, less 6 that hang on the non-compete, plus P23 (expected.toml)
    assert "warning: review P23 (void) 5.1: Liquidated damages with no non-compete left to secure [劳动合同法第二十五条] fix: omit=5.1" in warnings
    assert "离职保密协议" in result.stdout


def test_assemble_says_each_warning_once():
    """The legal limits that only warn (arbitration first, the repealed 合同法) are said by the review's findings that
    fix the same options (P9, P1), with their grounds and fixes, and not a second time in the limits' own words."""
    lines = invoke(["assemble"]).stderr.splitlines()
    assert [line for line in lines if not line.startswith("warning: review ")] == []
    assert sum(line.startswith("warning: review P9 ") and line.endswith("fix: dispute_forum=arbitration") for line in lines) == 1
    assert sum(line.startswith("warning: review P1 ") and line.endswith("fix: modern_legal_bases=true") for line in lines) == 1


def test_party_fields_are_named_as_the_text_writes_them():
    """A blank party field is named by its label without the padding: 甲方 in Chinese, and the English label with its
    spaces ("ID document number", not "IDdocumentnumber")."""
    result = _review("-f", "json")
    findings = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "P25"]
    assert [f["provision_en"] for f in findings] == [f"the party field “{name}”" for name in
                                                     ("Party A", "Address", "Party B", "Domicile", "ID document number")]
    assert [f["provision_zh"] for f in findings] == [f"当事人信息栏“{name}”" for name in ("甲方", "地址", "乙方", "住所", "证件号码")]
