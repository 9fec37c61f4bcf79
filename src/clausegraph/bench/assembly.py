"""Assembly benchmark: one warm process (store loaded once), each format rendered repeatedly for a
fixed set of variant specs; the time covers validation, assembly and rendering, as the service spends it."""

from __future__ import annotations

import statistics
import time

from ..assemble import assemble
from ..graph import load_store
from ..render import FORMATS, render
from ..sources import assembly_sources
from .report import machine, percentile

SPECS = [
    {},
    {"language": "en"},
    {"language": "zh-en", "modern_legal_bases": True, "dispute_forum": "arbitration"},
    {"omit": ["4", "5.3.3"], "employee.name": "张三", "non_compete_months": 12, "agreement_years": 2},
]


def bench_assembly(rounds: int = 50) -> list[tuple[str, float, float, int]]:
    """(format, median ms, p95 ms, samples) for validate + assemble + render."""
    store = load_store(assembly_sources())
    for spec in SPECS:  # warm up caches (shapes graph, templates, query plans)
        for fmt in FORMATS:
            render(assemble(store, spec), fmt)
    rows = []
    for fmt in FORMATS:
        samples = []
        for _ in range(rounds):
            for spec in SPECS:
                started = time.perf_counter()
                render(assemble(store, spec), fmt)
                samples.append((time.perf_counter() - started) * 1000)
        rows.append((fmt, statistics.median(samples), percentile(samples, 95), len(samples)))
    return rows


def assembly_section(rounds: int = 50) -> str:
    """The Markdown section for docs/performance.md."""
    rows = bench_assembly(rounds)
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return "\n".join(
        [
            "## Assembly (validate + assemble + render, warm process)",
            "",
            f"Measured {stamp} by `make bench` (`python -m clausegraph.bench`) on: {machine()}.",
            f"Each format: {len(SPECS)} variant specs × {rounds} rounds, one process with the store loaded once.",
            "",
            "| format | median (ms) | p95 (ms) | samples |",
            "|---|---:|---:|---:|",
            *[f"| {fmt} | {median:.2f} | {p95:.2f} | {n} |" for fmt, median, p95, n in rows],
        ]
    )
