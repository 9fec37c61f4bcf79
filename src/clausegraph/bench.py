"""Benchmarks behind ``make bench``: results are written into docs/performance.md.

Assembly: one warm process (store loaded once), each format rendered repeatedly for a fixed set of
variant specs; the time covers validation, assembly and rendering, as the service would spend.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

from .assemble import assemble
from .graph import load_store
from .render import FORMATS, render
from .sources import DATA_ROOT, assembly_sources

PERFORMANCE = DATA_ROOT / "docs" / "performance.md"
SPECS = [
    {},
    {"language": "en"},
    {"language": "zh-en", "modern_legal_bases": True, "dispute_forum": "arbitration"},
    {"omit": ["4", "5.3.3"], "employee.name": "张三", "non_compete_months": 12, "agreement_years": 2},
]


def _percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


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
        rows.append((fmt, statistics.median(samples), _percentile(samples, 95), len(samples)))
    return rows


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    packages = ", ".join(f"{p} {version(p)}" for p in ("pyoxigraph", "rdflib", "pyshacl", "jinja2", "python-docx"))
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}; {packages}"


def _replace_section(text: str, name: str, body: str) -> str:
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        return text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    return text.rstrip() + "\n\n" + block + "\n"


def main() -> int:
    rows = bench_assembly()
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    body = "\n".join(
        [
            "## Assembly (validate + assemble + render, warm process)",
            "",
            f"Measured {stamp} by `make bench` (`python -m clausegraph.bench`) on: {machine()}.",
            f"Each format: {len(SPECS)} variant specs × 50 rounds, one process with the store loaded once.",
            "",
            "| format | median (ms) | p95 (ms) | samples |",
            "|---|---:|---:|---:|",
            *[f"| {fmt} | {median:.2f} | {p95:.2f} | {n} |" for fmt, median, p95, n in rows],
        ]
    )
    text = PERFORMANCE.read_text(encoding="utf-8") if PERFORMANCE.is_file() else "# Performance\n\nEvery table here is written by `make bench`; none is typed by hand.\n"
    PERFORMANCE.write_text(_replace_section(text, "assembly", body), encoding="utf-8")
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
