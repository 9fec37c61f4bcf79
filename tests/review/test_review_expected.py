"""The review gives exactly the findings written from reading (tests/review/expected.toml): on the source, on nine
variants, on an earlier day, and on the source ingested from its text; and the first review's P1–P19 are covered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clausegraph.graph import load_store
from clausegraph.ingest import ingest_file
from clausegraph.review import list_rules, review

from review_support import BASE, EXPECTED, expected_source, name, pairs, triples

VARIANTS = EXPECTED["variant"]
SOURCE_TEXT = Path(__file__).parents[1] / "cases" / "source" / "000_fbae400574137c56.txt"


def test_the_source_has_exactly_the_findings_a_lawyer_lists(reviewed):
    assert triples(reviewed().findings) == expected_source()


def test_no_finding_twice(reviewed):
    found = reviewed().findings
    assert len({(f.code, f.provision) for f in found}) == len(found)


def test_fixes_of_the_source(reviewed):
    found = {(f.code, name(f)): f.fix for f in reviewed().findings}
    for code, provision, option, value in EXPECTED["source"]["fixes"]:
        fix = found[(code, provision)]
        assert (fix.option, fix.value, fix.one_click) == (option, value, True), (code, provision)
    for code, provision, option in EXPECTED["source"]["user_fixes"]:
        fix = found[(code, provision)]
        assert (fix.option, fix.value, fix.one_click) == (option, None, False), (code, provision)
    listed = {(c, p) for c, p, *_ in EXPECTED["source"]["fixes"] + EXPECTED["source"]["user_fixes"]}
    for key, fix in found.items():
        if key not in listed:
            assert fix.option is None, f"{key} names option {fix.option}, which expected.toml does not list"
        assert fix.suggestion_zh and fix.suggestion_en


@pytest.mark.parametrize("variant", VARIANTS, ids=[v["id"] for v in VARIANTS])
def test_variants_move_the_review(reviewed, variant):
    result = reviewed(variant["spec"])
    source = expected_source()
    removed = {tuple(r) for r in variant["removed"]}
    assert removed <= {(c, p) for c, p, _ in source}, "a removed finding must be one of the source's"
    expected = {t for t in source if (t[0], t[1]) not in removed} | {(c, p, tuple(g)) for c, p, g in variant["added"]}
    assert triples(result.findings) == expected
    assert sorted(r.option for r in result.refusals) == sorted(variant.get("refused", []))


def test_the_issue_s_variants(reviewed):
    """dispute_forum=arbitration removes the arbitration finding, modern_legal_bases the repealed citation;
    non_compete=false makes 5.1's liquidated damages pointless; omitting 5.1 removes the liquidated-damages finding."""
    assert ("P9", "6") in pairs(reviewed().findings) and ("P9", "6") not in pairs(reviewed({"dispute_forum": "arbitration"}).findings)
    assert ("P1", "preamble") not in pairs(reviewed({"modern_legal_bases": True}).findings)
    assert ("P23", "5.1") in pairs(reviewed({"non_compete": False}).findings)
    assert not {f.code for f in reviewed({"omit": ["5.1"]}).findings} & {"P4", "P5", "P16", "P23"}


def test_a_renumbered_variant_names_provisions_as_it_numbers_them(reviewed):
    found = {(f.code, f.source_path): f for f in reviewed({"omit": ["5.1"]}).findings}
    item = found[("P13", "5.3.2")]
    assert (item.path, item.provision_zh, item.provision_en) == ("5.2.2", "第五条第2款第（2）项", "Art. 5(2)(2)")
    assert found[("P19", "5.4")].path == "5.3"


def test_an_earlier_day_applies_the_law_then_in_force(reviewed):
    earlier = EXPECTED["earlier"]
    changed = {(c, p): tuple(g) for c, p, g in earlier["changed"]}
    expected = {(c, p, changed.get((c, p), g)) for c, p, g in expected_source()}
    assert triples(reviewed(on=dt.date.fromisoformat(earlier["on"])).findings) == expected


def test_the_first_review_s_codes_are_covered_on_the_source(reviewed, ruleset):
    """P1–P12 of the facts file as the legal model corrected them, and P13–P19 it found missing, are computed."""
    codes = {f.code for f in reviewed().findings}
    assert {f"P{n}" for n in range(1, 20)} <= codes
    # the old scale became the four severities as review.ttl's header says
    severity = {r.code: r.severity for r in ruleset.rules}
    assert severity["P4"] == "void" and severity["P9"] == "unenforceable"
    assert {severity[f"P{n}"] for n in (5, 6, 7, 8, 10, 13, 14, 16, 18)} == {"risky"}
    assert {severity[f"P{n}"] for n in (1, 2, 3, 11, 12, 15, 17, 19)} == {"drafting"}


def test_the_ingested_source_is_reviewed_by_the_text_rules():
    store = load_store(BASE)
    item = ingest_file(SOURCE_TEXT, agreement_id="seed")
    store.load_triples(item.triples, item.graph)
    result = review(store, agreement=item.agreement.value, on=dt.date(2026, 12, 1))
    expected = EXPECTED["ingested"]
    assert pairs(result.findings) == {tuple(p) for p in expected["findings"]}
    codes = {r.name: r.code for r in list_rules()}
    assert {codes[n] for n in result.skipped} == set(expected["skipped"])
    assert result.values is None and all(f.fix.option is None for f in result.findings)
