"""The binding experiment of the bench (python -m clausegraph.bench.binding) compares like with like: both shapes of
non-compete-running, with the day bound each way, give the same rows as the question clausegraph answers."""

from __future__ import annotations

import pyoxigraph as ox

from clausegraph.bench import binding
from clausegraph.corpus import generate
from clausegraph.queries import read_query
from clausegraph.sources import QUERIES_DIR
from clausegraph.store import inline_bindings


def test_every_binding_and_shape_gives_the_rows_of_the_question(monkeypatch):
    monkeypatch.setattr(binding, "RUNS", 1)
    results = binding.measure(300, "2026-11-25")
    assert [(b, s) for b, s, _, _ in results] == [(b, s) for s in binding.SHAPES for b in (
        "a VALUES block (what clausegraph sends)", "pyoxigraph `substitutions=`", "a constant written in the text")]
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("urn:test:corpus")) for t in generate(300, 2026))
    question = read_query(QUERIES_DIR / "questions" / "non-compete-running.rq").text
    day = ox.Literal("2026-11-25", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    expected = len(list(store.query(inline_bindings(question, {ox.Variable("on"): day}), use_default_graph_as_union=True)))
    assert expected > 0 and {rows for *_, rows in results} == {expected}
