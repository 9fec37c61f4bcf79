"""Every rule has a failing and a passing case (tests/review/cases.toml), its header is complete, its articles are
quoted in the legal bases, and its severity is one the ontology defines."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

from clausegraph.errors import QueryError
from clausegraph.review import list_rules, review, review_spec
from clausegraph.review.rules import read_rule

from review_support import CASES, fixture_store, grounds, name

ON = dt.date(2026, 12, 1)
RULES = list_rules()


@cache
def _fixture(file: str):
    store, agreement = fixture_store(file)
    return review(store, agreement=agreement, on=ON)


def _review(case: dict, ruleset, template):
    if "file" in case:
        return _fixture(case["file"])
    return review_spec(ruleset, template, case["spec"], on=ON)


def test_every_rule_has_a_case():
    assert sorted(c["rule"] for c in CASES) == sorted(r.code for r in RULES)
    assert [r.code for r in RULES] == [f"P{n}" for n in range(1, len(RULES) + 1)], "codes run from P1 without gaps"


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_rule_fires_on_its_failing_case(case, ruleset, template):
    found = [f for f in _review(case["fail"], ruleset, template).findings if f.code == case["rule"]]
    assert sorted((name(f), grounds(f)) for f in found) == sorted((p, g) for p, g in case["findings"])


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_rule_is_silent_on_its_passing_case(case, ruleset, template):
    result = _review(case["pass"], ruleset, template)
    assert case["rule"] not in {f.code for f in result.findings}
    rule = next(r for r in RULES if r.code == case["rule"])
    assert rule.name not in result.skipped, "a passing case must run the rule, not skip it"


def test_a_well_drafted_agreement_has_no_finding():
    assert _fixture("well-drafted.txt").findings == ()
    assert _fixture("curated-good.ttl").findings == ()


def test_an_in_service_non_compete_without_pay_is_not_void():
    """劳动争议司法解释（二）第十四条: not void for want of in-service pay — no P21, nothing void, only P22's scope risk."""
    result = _fixture("in-service.ttl")
    assert {(f.code, f.severity) for f in result.findings} == {("P22", "risky")}
    assert _fixture("in-service-senior.ttl").findings == ()


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_header(rule, ruleset):
    assert rule.title["zh"] and rule.title["en"] and rule.query.row
    assert rule.severity in ruleset.severities
    assert rule.grounds and all(g in ruleset.articles for g in rule.grounds)
    for article in (ruleset.articles[g] for g in rule.grounds):
        assert article.quote and article.file, f"{article.iri}: a ground is quoted from a primary text file"
    assert "{provision}" in rule.explanation["zh"] and "{provision}" in rule.explanation["en"] or rule.code == "P25"
    assert rule.fix["zh"] and rule.fix["en"]


def test_a_rule_file_with_a_bad_header_is_refused(tmp_path):
    source = next(r for r in RULES if r.code == "P1").query.text
    (tmp_path / "no-code.rq").write_text(source.replace("# code: P1\n", ""), encoding="utf-8")
    with pytest.raises(QueryError, match="lacks code"):
        read_rule(tmp_path / "no-code.rq")
    (tmp_path / "bad-needs.rq").write_text(source.replace("# needs: text", "# needs: everything"), encoding="utf-8")
    with pytest.raises(QueryError, match="needs 'everything'"):
        read_rule(tmp_path / "bad-needs.rq")


def test_severities_are_defined_once_in_the_ontology(ruleset):
    keys = [s.key for s in sorted(ruleset.severities.values(), key=lambda s: s.rank)]
    assert keys == ["void", "unenforceable", "risky", "drafting"]
    for severity in ruleset.severities.values():
        assert severity.label["zh"] and severity.label["en"] and severity.definition["zh"] and severity.definition["en"]
