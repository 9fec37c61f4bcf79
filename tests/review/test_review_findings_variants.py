"""The corpus question review-findings on variants the test corpus does not hold: provisions omitted (a whole
article, a paragraph, the paragraph's article) and options left to their defaults. Expected from reading
劳动合同法: 5.1's liquidated damages for breach of confidentiality are void (第二十五条, P4); a non-compete over
two years is void beyond them (第二十四条, P20); 5.1's damages for the non-compete secure nothing once the
variant keeps no non-compete (第二十五条, P23). The review computed in Python for each variant must agree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clausegraph import queries
from clausegraph.drafting import template_for
from clausegraph.graph import load_store
from clausegraph.results import read_table
from clausegraph.review import review_spec, rules_for
from clausegraph.sources import GRAPH_BASE, Source, graph_sources

EX = "https://w3id.org/clausegraph/executed/variants/"
# agreement → (employee, the variant's option values as a spec: what is not set is the option's default)
VARIANTS = {
    "o1": ("周一", {"omit": ["3.6", "5"]}),  # article 5 out (and 3.6, which refers to it): no liquidated damages left
    "o2": ("吴二", {"non_compete": True, "non_compete_months": 36, "omit": ["3.5"]}),  # the non-compete paragraph out
    "o3": ("郑三", {"non_compete_months": 36}),  # non_compete left to its default (true): kept, for three years
    "o4": ("冯四", {"non_compete": False, "omit": ["5.1"]}),  # no non-compete, and 5.1 out with it
    "o5": ("陈五", {"non_compete_months": 36, "omit": ["3"]}),  # the whole of article 3 out, the non-compete with it
}
EXPECTED = {
    ("o2", "P4", "5.1"), ("o2", "P23", "5.1"),
    ("o3", "P4", "5.1"), ("o3", "P20", "3.5"),
    ("o5", "P4", "5.1"), ("o5", "P23", "5.1"),
}


def _literal(value: bool | int | str) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value) if isinstance(value, int) else f'"{value}"'


def _turtle() -> str:
    """The agreements as a corpus holds them: each variant node carries the option values set, one omit value per provision."""
    lines = ["@prefix cg: <https://w3id.org/clausegraph/ontology#> .",
             "@prefix ag: <https://w3id.org/clausegraph/agreement/departure-confidentiality/> .",
             "@prefix opt: <https://w3id.org/clausegraph/option#> .",
             f"@prefix ex: <{EX}> ."]
    for name, (employee, spec) in VARIANTS.items():
        values = [f"opt:{key} {_literal(item)}" for key, value in spec.items() for item in (value if isinstance(value, list) else [value])]
        lines.append(f"ex:{name} a cg:ExecutedAgreement ; cg:basedOnTemplate ag:agreement ; cg:variant ex:{name}-variant ; "
                     f"cg:employee ex:{name}-employee .")
        lines.append(f"ex:{name}-variant a cg:Variant" + "".join(f" ; {v}" for v in values) + " .")
        lines.append(f'ex:{name}-employee a cg:Party ; cg:name "{employee}" ; cg:hasRole cg:EmployeeRole .')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("variants") / "variants.ttl"
    path.write_text(_turtle(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(corpus):
    return load_store([*graph_sources(), Source(corpus, GRAPH_BASE + "variants")])


@pytest.mark.parametrize("engine", ["memory", "rdflib"])
def test_review_findings_on_omitted_provisions_and_default_options(corpus, engine):
    """The same answers from Oxigraph and rdflib's own engine (the query is shaped for the first; both must read it alike)."""
    store = load_store([*graph_sources(), Source(corpus, GRAPH_BASE + "variants")], spec=engine)
    rows = read_table(queries.ask(store, "review-findings")).values()
    found = {(row["agreement"].removeprefix(EX), row["code"], row["provision"]) for row in rows}
    assert found == EXPECTED
    assert {row["employee"] for row in rows} == {"吴二", "郑三", "陈五"}


def test_review_findings_agree_with_the_review_of_each_variant(store):
    ruleset, template = rules_for(store), template_for(store)
    computed = {(name, finding.code, finding.source_path)
                for name, (_, spec) in VARIANTS.items()
                for finding in review_spec(ruleset, template, spec, on=dt.date(2026, 12, 1)).findings
                if finding.severity == "void"}
    assert computed == EXPECTED
