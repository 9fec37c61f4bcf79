"""Review benchmark: one warm process (the store loaded, the template read and the rules run once), the review of
a fixed set of variants timed as the service does it per request (parse, check, assemble, evaluate the rules'
candidates), and the same with a new spec every time (no memo of worded findings helps), beside the time to
compile the rules.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

from ..drafting import template_for
from ..graph import load_store
from ..review import review_spec, rules_for
from .report import percentile

SPECS = [
    {},
    {"dispute_forum": "arbitration", "modern_legal_bases": True},
    {"non_compete": False, "omit": ["5.1"]},
    {"non_compete_months": 36, "employee.name": "张三"},
]
TARGET_MS = 3.0  # warm median: "a few milliseconds"
ON = dt.date(2026, 12, 1)


def _ms(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def bench_review(rounds: int = 300, log: Callable[[str], None] = print) -> dict:
    """Median and p95 ms of one review, per spec and with a new spec each time; the rules' compile time."""
    store = load_store()
    template = template_for(store)
    started = time.perf_counter()
    ruleset = rules_for(store)
    compile_ms = (time.perf_counter() - started) * 1000
    for spec in SPECS:  # warm: compiled patterns, worded findings
        review_spec(ruleset, template, spec, on=ON)
    samples: list[float] = []
    fresh: list[float] = []
    findings = {}
    for round_ in range(rounds):
        for i, spec in enumerate(SPECS):
            samples.append(_ms(lambda: review_spec(ruleset, template, spec, on=ON)))
            new = {**spec, "employee.name": f"张{round_}-{i}", "agreement_years": 3 + (round_ * len(SPECS) + i) % 90}
            fresh.append(_ms(lambda: review_spec(ruleset, template, new, on=ON)))
    for i, spec in enumerate(SPECS):
        findings[i] = len(review_spec(ruleset, template, spec, on=ON).findings)
    log(f"  review: median {statistics.median(samples):.3f} ms")
    return {"compile_ms": compile_ms, "candidates": len(ruleset.candidates), "rules": len(ruleset.rules),
            "median": statistics.median(samples), "p95": percentile(samples, 95), "fresh": statistics.median(fresh),
            "fresh_p95": percentile(fresh, 95), "samples": len(samples), "findings": findings}


def review_section(stamp: str, machine_line: str, rounds: int = 300, log: Callable[[str], None] = print) -> str:
    """The Markdown section for docs/performance.md."""
    data = bench_review(rounds, log)
    met = data["median"] <= TARGET_MS and data["fresh"] <= TARGET_MS
    specs = "; ".join(f"`{spec or '{}'}` ({data['findings'][i]} findings)" for i, spec in enumerate(SPECS))
    return "\n".join([
        "## Legal review of one variant (warm process)",
        "",
        f"Measured {stamp} by `make bench` (`python -m clausegraph.bench review`) on: {machine_line}.",
        f"The {data['rules']} rules of `queries/review/` ran once on the template ({data['compile_ms']:.1f} ms, "
        f"{data['candidates']} candidate findings); each sample is what `POST /v1/review` spends besides HTTP: parse the spec, "
        "check it, assemble the variant and evaluate the candidates on it. Specs: " + specs + ". \"new spec\" gives every "
        "sample a spec not seen before.",
        "",
        "| review | median (ms) | p95 (ms) | new spec, median (ms) | new spec, p95 (ms) | samples | target |",
        "|---|---:|---:|---:|---:|---:|---|",
        f"| one variant | {data['median']:.3f} | {data['p95']:.3f} | {data['fresh']:.3f} | {data['fresh_p95']:.3f} | {data['samples']} | "
        f"≤ {TARGET_MS:g} ms: {'met' if met else 'MISSED'} |",
    ])
