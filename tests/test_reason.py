"""HermiT classifies norms from their descriptions; the classification agrees with the SPARQL answers."""

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
    "ag:norm-4-1-authorise", "ag:norm-5-1-liquidated-damages", "ag:norm-5-2-compensate-loss",
    "ag:norm-5-3-4-elect-remedy", "ag:norm-5-4-pursue-liability", "ag:norm-6-resolve-dispute",
    "ag:norm-8-2-written-amendment",
}


@pytest.fixture(scope="module")
def report() -> ReasoningReport:
    return reason()


def test_project_graph_is_consistent_with_no_unsatisfiable_class(report):
    assert report.consistent
    assert report.unsatisfiable == ()


def test_every_norm_survives_termination_of_employment(report):
    # Every window of the agreement closes after departure (D+24M, D+36M) or never (liability):
    # the reading's "3.1, 3.2, 3.3, 3.5, 2 and 甲方's compensation run after it".
    assert set(report.members("SurvivingNorm")) == ALL_NORMS


def test_post_employment_norms_are_those_that_open_at_departure(report):
    assert set(report.members("PostEmploymentNorm")) == {
        "ag:norm-2-no-improper-use", "ag:norm-3-2-no-disclosure-or-use", "ag:norm-3-2-no-third-party-disclosure",
        "ag:norm-3-2-no-copying", "ag:norm-3-4-return-materials", "ag:norm-3-5-ownership",
        "ag:norm-3-5-non-compete", "ag:norm-3-5-compensation",
    }


def test_conditional_norms(report):
    assert set(report.members("ConditionalNorm")) == {
        "ag:norm-3-3-report-leak", "ag:norm-3-6-liability", "ag:norm-5-1-liquidated-damages",
        "ag:norm-5-2-compensate-loss", "ag:norm-5-3-4-elect-remedy", "ag:norm-5-4-pursue-liability",
        "ag:norm-6-resolve-dispute",
    }


def test_post_employment_events(report):
    assert set(report.members("PostEmploymentEvent")) == {"ag:dissolution", "ag:non-compete-expiry"}


def test_reasoner_agrees_with_the_survival_question(report, ask):
    duties = {row["normIri"] for row in ask("survival")}
    rights = {"ag:norm-4-1-authorise", "ag:norm-5-3-4-elect-remedy", "ag:norm-5-4-pursue-liability", "ag:norm-6-resolve-dispute"}
    assert duties | rights == set(report.members("SurvivingNorm"))


def test_a_norm_ending_at_departure_is_not_surviving():
    extra = reason(extra=[CASES / "ends-at-departure.ttl"])
    assert "https://example.org/norm-in-service-only" not in extra.members("SurvivingNorm")
    assert set(extra.members("SurvivingNorm")) == ALL_NORMS


def test_disjoint_deontic_types_make_the_graph_inconsistent():
    bad = reason(extra=[CASES / "inconsistent.ttl"])
    assert not bad.consistent
    assert bad.inferred == ()
