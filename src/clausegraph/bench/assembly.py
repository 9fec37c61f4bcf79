"""Assembly benchmark: one warm process (the store loaded and the template read once), each format assembled for a
fixed set of variant specs, with a bare Jinja2 render of the same text timed beside it.

One sample is what the service spends on a request besides HTTP: parse the spec, check it against the
rules, assemble, render. The bare render is Jinja2 writing the same output lines with no work at all
(``{% for line in lines %}{{ line }}`` plus a newline, autoescaped for html), the floor a renderer cannot go
below; the two are timed in turn so that both see the same machine. A second series gives every sample a spec
not seen before (a new employee name), so that no per-variant memo helps.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from ..drafting import assemble, parse_spec, read_template, render
from ..drafting.render import layout
from ..graph import load_store
from .report import percentile

SPECS = [
    {},
    {"language": "en"},
    {"language": "zh-en", "modern_legal_bases": True, "dispute_forum": "arbitration"},
    {"omit": ["4", "5.3.3"], "employee.name": "张三", "non_compete_months": 12, "agreement_years": 2},
]
FORMATS = ("txt", "md", "html", "docx")
TARGETS = {"txt": 1.0, "md": 1.0, "html": 1.0, "docx": 5.0}  # ms, warm median
RATIO_TARGET = 40.0
BARE = {"txt": ("{% for line in lines %}{{ line }}\n{% endfor %}", False),
        "md": ("{% for line in lines %}{{ line }}\n\n{% endfor %}", False),
        "html": ("{% for line in lines %}<p>{{ line }}</p>\n{% endfor %}", True)}


def _ms(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def bench_assembly(rounds: int = 200, log: Callable[[str], None] = print) -> dict:
    """Per format: median and p95 ms of parse + check + assemble + render, the bare render's median, their ratio,
    and the median with a new spec each time; plus the time to read the template."""
    import jinja2

    store = load_store()
    started = time.perf_counter()
    template = read_template(store)
    read_ms = (time.perf_counter() - started) * 1000

    def run(spec: dict, fmt: str) -> bytes:
        return render(assemble(template, parse_spec(template, spec)), fmt)

    results = {}
    for fmt in FORMATS:
        log(f"  {fmt} …")
        bare = None
        if fmt in BARE:
            source, autoescape = BARE[fmt]
            bare = jinja2.Environment(autoescape=autoescape).from_string(source)
        lines = {i: [text for _style, texts in layout(assemble(template, parse_spec(template, spec))) for text in texts]
                 for i, spec in enumerate(SPECS)}
        for spec in SPECS:  # warm: compiled templates, the rules' memo, the DOCX package
            run(spec, fmt)
        samples, bare_samples, fresh = [], [], []
        for round_ in range(rounds):
            for i, spec in enumerate(SPECS):
                samples.append(_ms(lambda: run(spec, fmt)))
                if bare is not None:
                    bare_samples.append(_ms(lambda: bare.render(lines=lines[i])))
                new = {**spec, "employee.name": f"张{fmt}{round_}-{i}", "agreement_years": 3 + (round_ * len(SPECS) + i) % 90}
                fresh.append(_ms(lambda: run(new, fmt)))
        median = statistics.median(samples)
        bare_median = statistics.median(bare_samples) if bare_samples else None
        results[fmt] = {"median": median, "p95": percentile(samples, 95), "samples": len(samples), "bare": bare_median,
                        "ratio": median / bare_median if bare_median else None, "fresh": statistics.median(fresh)}
    return {"read_ms": read_ms, "formats": results}


def assembly_section(stamp: str, machine_line: str, rounds: int = 200, log: Callable[[str], None] = print) -> str:
    """The Markdown section for docs/performance.md."""
    data = bench_assembly(rounds, log)
    rows = []
    for fmt, r in data["formats"].items():
        target = f"≤ {TARGETS[fmt]:g} ms" + (f", ≤ {RATIO_TARGET:g}× bare" if r["ratio"] is not None else "")
        met = r["median"] <= TARGETS[fmt] and (r["ratio"] is None or r["ratio"] <= RATIO_TARGET)
        bare = f"{r['bare'] * 1000:.0f} µs" if r["bare"] is not None else "–"
        ratio = f"{r['ratio']:.0f}×" if r["ratio"] is not None else "–"
        rows.append(f"| {fmt} | {r['median']:.3f} | {r['p95']:.3f} | {bare} | {ratio} | {r['fresh']:.3f} | {r['samples']} | "
                    f"{target}: {'met' if met else 'MISSED'} |")
    return "\n".join([
        "## Assembly (parse + check + assemble + render, warm process)",
        "",
        f"Measured {stamp} by `make bench` (`python -m clausegraph.bench assembly`) on: {machine_line}.",
        f"Each format: {len(SPECS)} variant specs × {rounds} rounds in one process; the template was read from the store once "
        f"({data['read_ms']:.1f} ms, every query of `queries/drafting/` and the rules compiled). \"bare\" is Jinja2 writing the same "
        "output lines and nothing else, timed in turn with each sample; \"new spec\" gives every sample a spec not seen before.",
        "",
        "| format | median (ms) | p95 (ms) | bare Jinja2 (median) | median ÷ bare | new spec, median (ms) | samples | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        *rows,
    ])
