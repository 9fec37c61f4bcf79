"""The binding experiment of the bench (python -m clausegraph.bench.binding) compares like with like: with the day
bound each way, non-compete-running gives the rows of the question clausegraph answers."""

from __future__ import annotations

from clausegraph import queries
from clausegraph.bench import binding
from clausegraph.corpus import generate
from clausegraph.store import OxigraphStore


def test_every_binding_gives_the_rows_of_the_question(monkeypatch):
    monkeypatch.setattr(binding, "RUNS", 1)
    results = binding.measure(300, "2026-11-25")
    assert [b for b, _, _ in results] == list(binding.FORMS)
    store = OxigraphStore()
    store.load_triples(generate(300, 2026), "urn:test:corpus")
    expected = len(list(queries.ask(store, "non-compete-running", {"on": "2026-11-25"})))
    assert expected > 0 and {rows for *_, rows in results} == {expected}
