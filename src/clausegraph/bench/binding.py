"""How the way a parameter is bound changes Oxigraph's plan: ``non-compete-running`` at 10,000 agreements.

``python -m clausegraph.bench.binding [--agreements 10000] [--day 2026-11-25]``: the corpus of ``clausegraph corpus
generate N --seed 2026`` in a pyoxigraph store, and ``queries/questions/non-compete-running.rq`` with the day bound
four ways: a SPARQL 1.1 VALUES block opening the WHERE group (what a remote endpoint gets,
:func:`clausegraph.bindings.inline_bindings`), that block with the group LATERAL to it (what the embedded store sends,
:func:`clausegraph.bindings.lateral_bindings`), pyoxigraph's ``substitutions=``, and the day written into the group
as a constant. The last is what clausegraph never does (values are bound, never pasted into query strings): it is
measured only to show the plan the engine makes when it knows the value. Median of 30 runs after one; every form
must give the same rows.
"""

from __future__ import annotations

import argparse
import statistics
import time

import pyoxigraph as ox

from ..bindings import inline_bindings, lateral_bindings, where_group
from ..corpus import generate
from ..queries import read_query
from ..sources import QUERIES_DIR

QUESTION = QUERIES_DIR / "questions" / "non-compete-running.rq"
FORMS = ("a VALUES block (SPARQL 1.1, what a remote endpoint gets)",
         "the group LATERAL to a VALUES block (what the embedded store sends)",
         "pyoxigraph `substitutions=`",
         "a constant written in the group")
RUNS = 30


def _median_ms(run) -> tuple[float, int]:
    rows = len(list(run()))
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        list(run())
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), rows


def _constant(text: str, term: ox.Literal) -> str:
    """Measurement only: the day pasted where ``?on`` stands in the WHERE group (the projection's ``?on`` is left
    unbound, the rows are the same)."""
    start, end = where_group(text)
    return text[:start] + text[start:end].replace("?on", str(term)) + text[end:]


def measure(agreements: int, day: str) -> list[tuple[str, float, int]]:
    """(binding, median ms, rows) for every form."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("urn:bench:corpus")) for t in generate(agreements, 2026))
    term = ox.Literal(day, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    bindings = {ox.Variable("on"): term}
    text = read_query(QUESTION).text
    forms = dict(zip(FORMS, [(inline_bindings(text, bindings), None), (lateral_bindings(text, bindings), None),
                             (text, bindings), (_constant(text, term), None)]))
    out = []
    for binding, (query, substitutions) in forms.items():
        extra = {"substitutions": substitutions} if substitutions else {}
        ms, rows = _median_ms(lambda q=query, e=extra: store.query(q, use_default_graph_as_union=True, **e))
        out.append((binding, ms, rows))
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
    print(f"{args.agreements:,} agreements, on {args.day}: {rows.pop()} rows for every form (median of {RUNS} runs)\n")
    print("| the day bound as | ms |")
    print("|---|---:|")
    for binding, ms, _ in results:
        print(f"| {binding} | {ms:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
