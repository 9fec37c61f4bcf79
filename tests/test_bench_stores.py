"""The store benchmark's measuring rules (src/clausegraph/bench/stores.py): how many samples a question gets, which
cap stops it, and what the tables say of a question stopped at its cap."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausegraph.bench.stores import CAP_S, CORPUS_CAP_S, Latency, Run, measure, stores_section
from clausegraph.corpus import write_corpus
from clausegraph.sources import GRAPH_BASE, Source, graph_sources
from clausegraph.store import open_store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "corpus-3.nt"
    write_corpus(path, 3, 2026)
    return path


def test_a_run_longer_than_the_budget_is_its_questions_only_sample(corpus):
    measured = measure("oxrdflib", corpus, budget_s=0.0)
    assert {name: entry["samples"] for name, entry in measured["latency"].items()} == dict.fromkeys(measured["latency"], 1)


def test_a_question_within_the_budget_gets_at_least_three_samples(corpus):
    measured = measure("oxrdflib", corpus, budget_s=0.05)
    assert min(entry["samples"] for entry in measured["latency"].values()) >= 3


def test_the_load_counts_the_triples_the_store_holds(corpus):
    """The triples are counted after the clock stops, by the store: the same count Store.load returns file by file."""
    sources = [*graph_sources(), Source(corpus, GRAPH_BASE + "corpus")]
    store = open_store("memory")
    assert measure("oxrdflib", corpus, budget_s=0.0)["triples"] == sum(store.load(s.path, s.graph) for s in sources)


def test_a_question_over_its_cap_shows_the_cap_of_its_scope():
    """rdflib over the cap: a corpus-wide question shows the corpus cap and a ratio bounded by it, a question about the
    template the template cap."""
    fast = {"review-findings": Latency(400.0, 450.0, 7), "provision-dependencies": Latency(0.5, 0.6, 30)}
    runs = [Run("memory", 10_000, 293_135, 1.0, 200.0, latency=fast),
            Run("rdflib", 10_000, 293_135, 10.0, 600.0, latency=dict.fromkeys(fast))]
    section = stores_section(runs, "now", "this machine")
    assert f"| review-findings | corpus | 400.00 / 450.00 | > {CORPUS_CAP_S} s | > {CORPUS_CAP_S * 1000 / 400:,.0f}× |" in section
    assert f"| provision-dependencies | template | 0.50 / 0.60 | > {CAP_S} s | > {CAP_S * 1000 / 0.5:,.0f}× |" in section
    assert (f"- met: corpus-wide review-findings ≥ 100× faster than rdflib (> {CORPUS_CAP_S * 1000 / 400:,.0f}× "
            f"(rdflib over the {CORPUS_CAP_S} s cap)) at N = 10,000") in section
