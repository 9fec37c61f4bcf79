"""The rule register (review.ttl) is what the rule files say, and the corpus question review-findings gives, for every
executed agreement of the test corpus, the void findings the review computes for its variant."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox

from clausegraph import queries
from clausegraph.drafting import template_for
from clausegraph.graph import load_store
from clausegraph.results import read_table
from clausegraph.review import review_spec, rules_for
from clausegraph.review.register import REGISTER, register_triples
from clausegraph.sources import GRAPH_BASE, Source, graph_sources

CORPUS = Path(__file__).parents[1] / "cases" / "corpus" / "executed.ttl"
OPT = "https://w3id.org/clausegraph/option#"


def test_the_register_is_current():
    committed = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(REGISTER), format=ox.RdfFormat.TURTLE)}
    assert committed == set(register_triples()), "run `python -m clausegraph.review.register` (make docs) and commit review.ttl"
    assert REGISTER.read_text(encoding="utf-8").startswith("# review.ttl — GENERATED")


def test_the_register_answers_which_rules_apply_an_article(store):
    rows = queries.run(store, """
        PREFIX cg: <https://w3id.org/clausegraph/ontology#>
        PREFIX law: <https://w3id.org/clausegraph/law/>
        SELECT ?code WHERE { ?rule cg:appliesArticle law:labour-contract-law-art-25 ; cg:code ?code } ORDER BY ?code""")
    assert sorted(row["code"].value for row in rows) == ["P11", "P23", "P4"]


def _variant_specs(store) -> dict[str, dict]:
    """Each executed agreement's option values as a spec (the corpus stores them on its cg:Variant node)."""
    rows = queries.run(store, """
        PREFIX cg: <https://w3id.org/clausegraph/ontology#>
        SELECT ?agreement ?option ?value WHERE { ?agreement a cg:ExecutedAgreement ; cg:variant ?variant . ?variant ?option ?value .
          FILTER(STRSTARTS(STR(?option), "https://w3id.org/clausegraph/option#")) }""")
    specs: dict[str, dict] = {}
    for row in rows:
        key = row["option"].value.removeprefix(OPT)
        value = row["value"]
        python = value.value == "true" if value.datatype.value.endswith("boolean") else value.value
        spec = specs.setdefault(row["agreement"].value, {})
        if key == "omit":
            spec.setdefault("omit", []).append(python)
        else:
            spec[key] = int(python) if value.datatype.value.endswith("integer") else python
    return specs


def test_the_corpus_question_agrees_with_the_review():
    store = load_store([*graph_sources(), Source(CORPUS, GRAPH_BASE + "test-corpus")])
    ruleset, template = rules_for(store), template_for(store)
    answered = {(row["agreement"], row["code"], row["provision"]) for row in read_table(queries.ask(store, "review-findings")).values()}
    computed = set()
    for agreement, spec in _variant_specs(store).items():
        for finding in review_spec(ruleset, template, spec, on=dt.date(2026, 12, 1)).findings:
            if finding.severity == "void":
                computed.add((agreement, finding.code, finding.source_path))
    assert answered == computed
    assert len({a for a, _, _ in answered}) == 5
