"""The dataset schemes hold exactly the label sets of shared/datasets/ with their sources; the clause types and the
mappings are complete, bilingual and justified (the SKOS checks of queries/checks/ run in tests/test_checks.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from clausegraph.crosswalk.graph import SCHEMES, read_scheme

DATASETS = Path("/work/shared/datasets")
FILES = {"contractnli": "contractnli-hypotheses.tsv", "cuad": "cuad-categories.tsv", "ledgar": "ledgar-labels.tsv"}
SKOS = "http://www.w3.org/2004/02/skos/core#"
CG = "https://w3id.org/clausegraph/ontology#"


def tsv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    lines = (DATASETS / FILES[name]).read_text(encoding="utf-8").splitlines()
    comments = [line[2:] for line in lines if line.startswith("# ")]
    return comments, list(csv.DictReader([line for line in lines if not line.startswith("#")], delimiter="\t"))


def literals(store, subject: str, predicate: str) -> set[str]:
    return {s["o"].value for s in store.query(f"SELECT ?o WHERE {{ <{subject}> <{predicate}> ?o }}")}


@pytest.mark.parametrize("name", list(SCHEMES))
def test_scheme_holds_the_datasets_labels_exactly(store, name):
    scheme = read_scheme(store, name)
    _, rows = tsv(name)
    if name == "contractnli":
        expected = {r["key"]: (r["short_description"], r["hypothesis"]) for r in rows}
        assert {c.notation: (c.label_en, c.definition_en) for c in scheme.concepts} == expected
        assert len(expected) == 17
    elif name == "cuad":
        expected = {r["category"]: (r["category"], r["description"]) for r in rows}
        assert {c.notation: (c.label_en, c.definition_en) for c in scheme.concepts} == expected
        assert len(expected) == 41
    else:
        expected = {r["id"]: r["label"] for r in rows}
        assert {c.notation: c.label_en for c in scheme.concepts} == expected
        assert len(expected) == 100
    assert all(c.label_zh and c.definition_zh and c.definition_en for c in scheme.concepts)


@pytest.mark.parametrize("name", list(SCHEMES))
def test_scheme_keeps_the_source_of_its_label_set(store, name):
    comments, _ = tsv(name)
    notes = literals(store, SCHEMES[name], SKOS + "historyNote")
    assert set(comments) <= notes  # the TSV's source and note lines, verbatim
    assert literals(store, SCHEMES[name], "http://purl.org/dc/terms/source")


@pytest.mark.parametrize("name", list(SCHEMES))
def test_every_label_is_mapped_with_a_reason_or_listed_unmapped_with_one(store, name):
    for concept in read_scheme(store, name).concepts:
        if concept.mapped:
            assert all(m.justification_en and m.justification_zh for m in concept.mappings), concept.notation
            assert not concept.unmapped_en
        else:
            assert concept.unmapped_en and concept.unmapped_zh, concept.notation


def test_mappings_as_written(store):
    cuad = read_scheme(store, "cuad")
    ct = "https://w3id.org/clausegraph/clause-type/"
    assert [(m.clause_type, m.relation) for m in cuad.concept("Non-Compete").mappings] == [(ct + "non-compete", "exactMatch")]
    assert [(m.clause_type, m.relation) for m in cuad.concept("Post-Termination Services").mappings] == \
        [(ct + "non-compete-compensation", "broadMatch"), (ct + "return-of-materials", "broadMatch")]
    assert cuad.concept("Uncapped Liability").unmapped_en.startswith("第五条2 sets a floor on damages")
    nli = read_scheme(store, "contractnli")
    assert [(m.clause_type, m.relation) for m in nli.concept("nda-16").mappings] == [(ct + "return-of-materials", "closeMatch")]
    ledgar = read_scheme(store, "ledgar")
    assert [(m.clause_type, m.relation) for m in ledgar.concept("20").mappings][0] == (ct + "confidentiality", "exactMatch")
    assert {c.label_en for c in ledgar.concepts if c.mapped} == {
        "Amendments", "Arbitration", "Confidentiality", "Counterparts", "Definitions", "Duties", "Effective Dates", "Effectiveness",
        "Governing Laws", "Intellectual Property", "Jurisdictions", "Modifications", "Payments", "Remedies", "Representations",
        "Survival", "Terms"}


def test_clause_types_are_bilingual_and_defined(store):
    rows = list(store.query(f"SELECT ?t WHERE {{ ?t a <{CG}ClauseType> }}"))
    assert {row["t"].value.rsplit("/", 1)[-1] for row in rows} == {
        "title", "parties", "recitals", "definition", "confidential-information-definition", "confidentiality", "leak-notification",
        "return-of-materials", "ip-ownership", "non-compete", "non-compete-compensation", "non-solicitation-of-employees",
        "non-solicitation-of-customers", "best-efforts", "authorised-disclosure", "survival", "liability-for-breach",
        "liquidated-damages", "damages", "damages-calculation", "dispute-resolution", "forum-selection", "arbitration",
        "governing-law", "acknowledgement", "effectiveness", "amendment", "term", "counterparts", "signatures"}
    for row in rows:
        iri = row["t"].value
        labels = {s["l"].language for s in store.query(f"SELECT ?l WHERE {{ <{iri}> <{SKOS}prefLabel> ?l }}")}
        definitions = {s["d"].language for s in store.query(f"SELECT ?d WHERE {{ <{iri}> <{SKOS}definition> ?d }}")}
        assert labels == {"zh", "en"} and definitions == {"zh", "en"}, iri
        assert literals(store, iri, SKOS + "inScheme") == {CG + "clauseTypes"}
