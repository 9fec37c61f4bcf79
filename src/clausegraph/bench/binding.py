"""How the way a parameter is bound changes Oxigraph's plan: ``non-compete-running`` at 10,000 agreements.

``python -m clausegraph.bench.binding [--agreements 10000] [--day 2026-11-25]``: the corpus of ``clausegraph corpus
generate N --seed 2026`` in a pyoxigraph store, and the question in two shapes (``queries/questions/non-compete-running.rq``
as shipped; ``queries/bench/non-compete-running-dates-first.rq``) with the day bound three ways: a VALUES block (what
clausegraph sends, :func:`clausegraph.store.inline_bindings`), pyoxigraph's ``substitutions=``, and the day written into
the text as a constant. The last is what clausegraph never does (values are bound, never pasted into query strings):
it is measured only to show what the plan could be. Median of 30 runs after one; every form must give the same rows.
"""

from __future__ import annotations

import argparse
import statistics
import time

import pyoxigraph as ox

from ..corpus import generate
from ..queries import read_query
from ..sources import QUERIES_DIR
from ..store import inline_bindings

SHAPES = {"the query as shipped": QUERIES_DIR / "questions" / "non-compete-running.rq",
          "the date patterns first": QUERIES_DIR / "bench" / "non-compete-running-dates-first.rq"}
RUNS = 30


def _median_ms(run) -> tuple[float, int]:
    rows = len(list(run()))
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        list(run())
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), rows


def measure(agreements: int, day: str) -> list[tuple[str, str, float, int]]:
    """(binding, shape, median ms, rows) for every binding and shape."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("urn:bench:corpus")) for t in generate(agreements, 2026))
    term = ox.Literal(day, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    variable = ox.Variable("on")
    out = []
    for shape, path in SHAPES.items():
        text = read_query(path).text
        forms = {
            "a VALUES block (what clausegraph sends)": (inline_bindings(text, {variable: term}), None),
            "pyoxigraph `substitutions=`": (text, {variable: term}),
            # measurement only: the day pasted where the variable stands (the projection keeps the name ?on)
            "a constant written in the text": (text.replace("?on", str(term)).replace(f"?nonCompeteEndsOn {term}\n", "?nonCompeteEndsOn\n"), None),
        }
        for binding, (query, substitutions) in forms.items():
            extra = {"substitutions": substitutions} if substitutions else {}
            ms, rows = _median_ms(lambda q=query, e=extra: store.query(q, use_default_graph_as_union=True, **e))
            out.append((binding, shape, ms, rows))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m clausegraph.bench.binding", description=__doc__.split("\n\n")[0])
    parser.add_argument("--agreements", type=int, default=10_000)
    parser.add_argument("--day", default="2026-11-25")
    args = parser.parse_args()
    results = measure(args.agreements, args.day)
    rows = {r for *_, r in results}
    if len(rows) != 1:
        raise SystemExit(f"the forms disagree: {sorted(rows)} rows")
    print(f"{args.agreements:,} agreements, on {args.day}: {rows.pop()} rows for every form (median of {RUNS} runs, ms)\n")
    print("| the day bound as | " + " | ".join(SHAPES) + " |")
    print("|---|" + "---:|" * len(SHAPES))
    for binding in dict.fromkeys(b for b, *_ in results):
        print(f"| {binding} | " + " | ".join(f"{ms:.1f}" for b, _, ms, _ in results if b == binding) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
