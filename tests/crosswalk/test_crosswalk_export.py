"""The export in the datasets' own file layouts, and the crosswalk commands of the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest

from clausegraph.crosswalk import crosswalk, export
from clausegraph.drafting import assemble, parse_spec, template_for
from cli_runner import invoke

from crosswalk_support import SEED, ingested_store
from crosswalk_support import SOURCE as SOURCE_FILE

CONTRACTNLI_DOCUMENT_KEYS = {"id", "file_name", "text", "document_type", "url", "spans", "annotation_sets"}
TSV = "/work/shared/datasets/contractnli-hypotheses.tsv"


def texts_of(store, spec: dict) -> dict[str, dict[str, str]]:
    """Each provision's words in the variant, by IRI and language, as the assembler writes them."""
    template = template_for(store)
    document = assemble(template, parse_spec(template, spec))
    return {b.iri: dict(b.text) for b in document.walk() if b.text}


def check_spans(document: dict) -> None:
    ends = 0
    for start, end in document["spans"]:
        assert 0 <= ends <= start < end <= len(document["text"])  # in text order, not overlapping
        ends = end


@pytest.mark.parametrize(("spec", "language"), [({}, "zh"), ({}, "en"), ({}, "zh-en"), ({"omit": "3.4"}, "en"), ({"omit": "3.2,3.3"}, "zh")])
def test_contractnli_file_loads_and_its_spans_slice_back_to_the_evidence(store, spec, language):
    data = json.loads(export(store, "contractnli", [("variant", spec)], languages=[language]))  # a plain JSON reader
    assert set(data) == {"documents", "labels"}
    assert list(data["labels"]) == ["nda-1", "nda-2", "nda-3", "nda-4", "nda-5", "nda-7", "nda-8", "nda-10", "nda-11", "nda-12",
                                    "nda-13", "nda-15", "nda-16", "nda-17", "nda-18", "nda-19", "nda-20"]
    assert data["labels"]["nda-16"] == {"short_description": "Return of confidential information",
                                        "hypothesis": "Receiving Party shall destroy or return some Confidential Information upon the termination of Agreement."}
    [document] = data["documents"]
    assert set(document) == CONTRACTNLI_DOCUMENT_KEYS and document["id"] == 1 and document["file_name"] == f"variant-{language}"
    check_spans(document)
    annotations = document["annotation_sets"][0]["annotations"]
    answer = crosswalk(store, "contractnli", spec={**spec, "language": language})
    words = texts_of(store, {**spec, "language": language})
    langs = ["zh", "en"] if language == "zh-en" else [language]
    for h in answer.hypotheses:
        got = annotations[h.key]
        assert got["choice"] == h.label
        sliced = [document["text"][start:end] for start, end in (document["spans"][i] for i in got["spans"])]
        assert sliced == [words[p][lang] for p in h.provisions for lang in langs] if h.label != "NotMentioned" else sliced == []


def test_contractnli_file_of_several_variants_in_zh_and_en(store, tmp_path):
    data = json.loads(export(store, "contractnli", [("source", {}), ("no-return", {"omit": "3.4"})], languages=["zh", "en"]))
    names = [(d["id"], d["file_name"]) for d in data["documents"]]
    assert names == [(1, "source-zh"), (2, "source-en"), (3, "no-return-zh"), (4, "no-return-en")]
    choice = {d["file_name"]: d["annotation_sets"][0]["annotations"]["nda-16"]["choice"] for d in data["documents"]}
    assert choice == {"source-zh": "Entailment", "source-en": "Entailment", "no-return-zh": "NotMentioned", "no-return-en": "NotMentioned"}
    en = data["documents"][1]
    [span] = en["annotation_sets"][0]["annotations"]["nda-16"]["spans"]
    start, end = en["spans"][span]
    assert en["text"][start:end] == "Party B shall return to Party A the technical materials, equipment, customer lists and the like related to the work."


def test_hypotheses_of_the_export_are_the_datasets_own_text(store):
    data = json.loads(export(store, "contractnli"))
    rows = [line.split("\t") for line in open(TSV, encoding="utf-8").read().splitlines() if not line.startswith("#")][1:]
    assert {k: (v["short_description"], v["hypothesis"]) for k, v in data["labels"].items()} == {r[0]: (r[1], r[2]) for r in rows}


def test_cuad_file_is_squad_shaped_and_answers_slice_back(store):
    data = json.loads(export(store, "cuad", [("no-non-compete", {"non_compete": False}), ("source", {})], languages=["zh"]))
    assert set(data) == {"version", "data"}
    first, second = data["data"]
    for contract in data["data"]:
        [paragraph] = contract["paragraphs"]
        assert len(paragraph["qas"]) == 41
        for qa in paragraph["qas"]:
            assert set(qa) == {"answers", "id", "question", "is_impossible"}
            assert qa["id"].startswith(contract["title"] + "__")
            assert qa["is_impossible"] == (not qa["answers"])
            for a in qa["answers"]:
                assert paragraph["context"][a["answer_start"]:a["answer_start"] + len(a["text"])] == a["text"]
    qas = {qa["id"].split("__")[1]: qa for qa in second["paragraphs"][0]["qas"]}
    assert qas["Non-Compete"]["question"].startswith('Highlight the parts (if any) of this contract related to "Non-Compete" that should be reviewed by a lawyer. Details: Is there a restriction')
    assert [a["text"] for a in qas["Document Name"]["answers"]] == ["离职保密协议"]
    assert [a["text"] for a in qas["Effective Date"]["answers"]] == ["本协议自双方签字或盖章后生效。"]
    assert len(qas["Parties"]["answers"]) == 5 and qas["Parties"]["answers"][0]["text"].startswith("甲      方：")
    assert qas["Non-Compete"]["answers"][0]["text"].startswith("乙方在职期间，获得或制作的商业秘密")
    assert qas["Governing Law"]["is_impossible"]
    no_nc = {qa["id"].split("__")[1]: qa for qa in first["paragraphs"][0]["qas"]}
    assert no_nc["Non-Compete"]["is_impossible"] and "不得自营" not in first["paragraphs"][0]["context"]


def test_ledgar_lines_are_lexglue_rows(store):
    text = export(store, "ledgar", [("source", {})], languages=["zh-en"])
    rows = [json.loads(line) for line in text.splitlines()]
    labels = {line.split("\t")[1] for line in open("/work/shared/datasets/ledgar-labels.tsv", encoding="utf-8").read().splitlines()[3:]}
    assert all(set(r) == {"text", "clause_type", "data_type", "source"} and r["data_type"] == "test" for r in rows)
    assert {r["clause_type"] for r in rows} <= labels
    assert len(rows) == 2 * 28  # 28 provisions with a label (every provision but the five articles with parts), zh and en
    by_source = {r["source"]: (r["clause_type"], r["text"]) for r in rows}
    assert by_source["source-zh-en#9@zh"] == ("Counterparts", "本协议一式二份，甲乙双方各执一份。")
    assert by_source["source-zh-en#4.2@en"][0] == "Survival"


def test_an_ingested_agreement_is_exported_from_its_own_source_text():
    store = ingested_store(curated=True)
    data = json.loads(export(store, "contractnli", agreement=SEED + "agreement"))
    [document] = data["documents"]
    assert document["text"] == SOURCE_FILE.read_text(encoding="utf-8") and document["file_name"] == "seed"
    check_spans(document)
    [span] = document["annotation_sets"][0]["annotations"]["nda-16"]["spans"]
    start, end = document["spans"][span]
    assert document["text"][start:end] == "乙方应将与工作有关的技术资料、设备、客户名单等交还甲方。"


# ------------------------------------------------------------------ the CLI


def test_cli_labels_in_every_format(tmp_path):
    table = invoke(["crosswalk", "--set", "omit=3.4", "--scheme", "contractnli"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    line = next(row for row in table.output.splitlines() if row.startswith("nda-16 "))
    assert [cell.strip() for cell in line.split("|")] == ["nda-16", "Return of confidential information", "NotMentioned", "", ""]
    spec = tmp_path / "variant.yaml"
    spec.write_text("omit: [3.4]\nlanguage: en\n", encoding="utf-8")
    as_json = invoke(["crosswalk", str(spec), "--scheme", "contractnli", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    body = json.loads(as_json.output)
    assert body["spec"]["omit"] == ["3.4"] and body["spec"]["language"] == "en"
    assert {h["key"]: h["label"] for h in body["hypotheses"]}["nda-16"] == "NotMentioned"
    as_csv = invoke(["crosswalk", "--scheme", "cuad", "-f", "csv"])
    rows = list(csv.reader(io.StringIO(as_csv.output)))
    assert rows[0] == ["category", "status", "evidence", "clause types"] and len(rows) == 42
    assert ["Liquidated Damages", "present", "5.1", "liquidated-damages (exactMatch)"] in rows


def test_cli_export_writes_the_file(tmp_path):
    spec = tmp_path / "no-return.yaml"
    spec.write_text("omit: [\"3.4\"]\n", encoding="utf-8")
    out = tmp_path / "contractnli.json"
    result = invoke(["crosswalk", "export", "--scheme", "contractnli", str(spec), "--language", "zh", "--language", "en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["file_name"] for d in data["documents"]] == ["no-return-zh", "no-return-en"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crosswalk", "--scheme", "squad"], "--scheme 'squad' is not one of contractnli, cuad, ledgar"),
        (["crosswalk", "--set", "omit=3.4"], "give --scheme"),
        (["crosswalk", "--scheme", "cuad", "--format", "xml"], "--format 'xml' is not one of table, json, csv"),
        (["crosswalk", "--scheme", "cuad", "--set", "omit"], "--set 'omit' is not KEY=VALUE"),
        (["crosswalk", "--scheme", "cuad", "--set", "colour=red"], "unknown option 'colour'"),
        (["crosswalk", "export", "--scheme", "ledgar", "--language", "fr"], "--language 'fr' is not one of zh, en, zh-en"),
        (["crosswalk", "export", "--scheme", "cuad", "--agreement", "ag:agreement-x"], "has no source text (cg:sourceText) to export"),
        (["crosswalk", "--scheme", "cuad", "--agreement", "ag:agreement-x"], "the store holds no agreement"),
        (["crosswalk", "--scheme", "cuad", "--agreement", "https://w3id.org/clausegraph/ingested/seed/agreement", "--set", "omit=3.4"], "applies to the agreement template only"),
    ],
)
def test_cli_refuses_bad_input_with_exit_2(args, message):
    result = invoke(args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_cli_refused_variant_exits_1_and_writes_nothing(tmp_path):
    out = tmp_path / "out.json"
    result = invoke(["crosswalk", "export", "--scheme", "contractnli", "--set", "non_compete_months=30", "-o", str(out)])
    assert result.exit_code == 1 and "at most 24" in result.output
    assert not out.exists()
    folder = invoke(["crosswalk", "export", "--scheme", "contractnli", "-o", str(tmp_path)])
    assert folder.exit_code == 2 and "a folder" in folder.output
