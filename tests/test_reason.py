"""HermiT classifies norms from their descriptions; the classification agrees with the SPARQL answers.

The expected classes are read from the source agreement and the statutes: 第二条's best efforts binds
only during employment (a general post-employment duty in the employer's interest is not enforceable,
劳动合同法 第二十三条); 第三条4's return falls due at departure; 第五条1's liquidated damages for breach of
confidentiality are void (第二十五条) while those for the non-compete stand (第二十三条第二款); 第六条's
direct court route is overridden by labour arbitration first (劳动争议调解仲裁法 第五条).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clausegraph.reason import ReasoningReport, reason

CASES = Path(__file__).parent / "cases" / "reasoning"

ALL_NORMS = {
    "ag:norm-1-1-confidentiality", "ag:norm-2-best-efforts", "ag:norm-2-no-improper-use",
    "ag:norm-3-1-keep-secret", "ag:norm-3-2-no-disclosure-or-use", "ag:norm-3-2-no-third-party-disclosure",
    "ag:norm-3-2-no-copying", "ag:norm-3-3-report-leak", "ag:norm-3-4-return-materials",
    "ag:norm-3-5-ownership", "ag:norm-3-5-non-compete", "ag:norm-3-5-compensation", "ag:norm-3-6-liability",
    "ag:norm-4-1-authorise", "ag:norm-5-1-liquidated-damages", "ag:norm-5-1-non-compete-damages",
    "ag:norm-5-2-compensate-loss", "ag:norm-5-3-4-elect-remedy", "ag:norm-5-4-pursue-liability",
    "ag:norm-6-resolve-dispute", "ag:norm-8-2-written-amendment",
}
# windows closing at departure (best efforts) or no window at all (the one-off return of materials)
NOT_SURVIVING = {"ag:norm-2-best-efforts", "ag:norm-3-4-return-materials"}
REMEDIAL = {
    "ag:norm-3-6-liability", "ag:norm-5-1-liquidated-damages", "ag:norm-5-1-non-compete-damages",
    "ag:norm-5-2-compensate-loss", "ag:norm-5-3-4-elect-remedy", "ag:norm-5-4-pursue-liability",
}


@pytest.fixture(scope="module")
def report() -> ReasoningReport:
    return reason()


def test_project_graph_is_consistent_with_no_unsatisfiable_class(report):
    assert report.consistent
    assert report.unsatisfiable == ()


def test_surviving_norms_are_all_but_the_in_service_and_the_one_off(report):
    # The agreement's windows close after departure (D+24M, D+36M) or never (claims, disputes), except
    # best efforts (closes at departure) and the return of materials (due at departure, no window).
    assert set(report.members("SurvivingNorm")) == ALL_NORMS - NOT_SURVIVING


def test_post_employment_norms_are_those_that_open_at_departure(report):
    assert set(report.members("PostEmploymentNorm")) == {
        "ag:norm-2-no-improper-use", "ag:norm-3-2-no-disclosure-or-use", "ag:norm-3-2-no-third-party-disclosure",
        "ag:norm-3-2-no-copying", "ag:norm-3-5-ownership", "ag:norm-3-5-non-compete", "ag:norm-3-5-compensation",
    }


def test_in_service_one_off_remedial_void_and_overridden_norms(report):
    assert set(report.members("InServiceNorm")) == {"ag:norm-2-best-efforts"}
    assert set(report.members("OneOffNorm")) == {"ag:norm-3-4-return-materials"}
    assert set(report.members("RemedialNorm")) == REMEDIAL
    assert set(report.members("VoidNorm")) == {"ag:norm-5-1-liquidated-damages"}
    assert set(report.members("OverriddenNorm")) == {"ag:norm-6-resolve-dispute"}


def test_conditional_norms(report):
    # every remedy applies on a breach; 3.3 on a leak discovered; 第六条 when a dispute arises
    assert set(report.members("ConditionalNorm")) == REMEDIAL | {"ag:norm-3-3-report-leak", "ag:norm-6-resolve-dispute"}


def test_sanctioned_norms_are_the_duties_article_5_reaches(report):
    # 5.1 reaches the confidentiality duties, 3.6 every duty of 第三条; best efforts has no route to 第五条
    assert set(report.members("SanctionedNorm")) == {
        "ag:norm-1-1-confidentiality", "ag:norm-2-no-improper-use", "ag:norm-3-1-keep-secret",
        "ag:norm-3-2-no-disclosure-or-use", "ag:norm-3-2-no-third-party-disclosure", "ag:norm-3-2-no-copying",
        "ag:norm-3-3-report-leak", "ag:norm-3-4-return-materials", "ag:norm-3-5-ownership", "ag:norm-3-5-non-compete",
    }


def test_post_employment_events(report):
    assert set(report.members("PostEmploymentEvent")) == {"ag:dissolution", "ag:non-compete-expiry"}


def test_reasoner_agrees_with_the_survival_question(report, ask):
    rows = [row for row in ask("survival") if row["terminationIri"] == "ag:departure"]
    by_change = {change: {row["normIri"] for row in rows if row["change"] == change} for change in ("continues", "starts", "falls due", "ends")}
    # what survives the end of employment is what the reasoner calls surviving, less what the law voids
    assert by_change["continues"] | by_change["starts"] == set(report.members("SurvivingNorm")) - set(report.members("VoidNorm"))
    assert by_change["starts"] == set(report.members("PostEmploymentNorm"))
    assert by_change["ends"] == set(report.members("InServiceNorm"))
    assert by_change["falls due"] == set(report.members("OneOffNorm"))


def test_a_norm_ending_at_departure_is_not_surviving():
    extra = reason(extra=[CASES / "ends-at-departure.ttl"])
    assert "https://example.org/norm-in-service-only" not in extra.members("SurvivingNorm")
    assert "https://example.org/norm-in-service-only" in extra.members("InServiceNorm")
    assert set(extra.members("SurvivingNorm")) == ALL_NORMS - NOT_SURVIVING


def test_disjoint_deontic_types_make_the_graph_inconsistent():
    bad = reason(extra=[CASES / "inconsistent.ttl"])
    assert not bad.consistent
    assert bad.inferred == ()


def test_a_statutory_rule_typed_as_a_norm_makes_the_graph_inconsistent():
    bad = reason(extra=[CASES / "statutory-rule-as-norm.ttl"])
    assert not bad.consistent
