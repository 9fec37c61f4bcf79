"""Ingest benchmark: one ten-article agreement ingested in a warm process (target ≤ 100 ms), and a corpus
of 1,000 agreements ingested and loaded into the default store, each into its own named graph
(target ≥ 50 agreements/s).

The corpus is made of the test fixtures, the source agreement and assembled variants of it (txt),
each file with its own title line (the same text twice would be the same agreement); making it is
not timed. The texts come from the checkout (tests/), so this benchmark runs from it, as `make bench` does.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from ..sources import DATA_ROOT, GRAPH_BASE, ONTOLOGY_DIR, Source
from .report import machine, percentile

FIXTURES = DATA_ROOT / "tests" / "ingest" / "fixtures"
SOURCE = DATA_ROOT / "tests" / "cases" / "source" / "000_fbae400574137c56.txt"
TEN_ARTICLES = FIXTURES / "10-ten-articles.txt"
VARIANTS = [
    {"omit": ["4"]}, {"language": "zh-en"}, {"non_compete": False}, {"omit": ["5.3.3", "7"]},
    {"dispute_forum": "arbitration", "modern_legal_bases": True}, {"non_compete_months": 12, "agreement_years": 2},
    {"omit": ["8.2"], "employee.name": "张三"}, {"language": "zh-en", "omit": ["4.1"]},
]


def bench_single(rounds: int = 50) -> tuple[float, float, int]:
    """(median ms, p95 ms, rounds) for ingesting the ten-article agreement from its bytes, warm."""
    from ..ingest import ingest_source, source_from_bytes

    data = TEN_ARTICLES.read_bytes()
    for _ in range(3):  # warm: imports, the legal-bases index, compiled patterns
        ingest_source(source_from_bytes(TEN_ARTICLES.name, data), agreement_id="warm")
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        ingest_source(source_from_bytes(TEN_ARTICLES.name, data), agreement_id="ten")
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), percentile(samples, 95), rounds


def make_corpus(folder: Path, n: int) -> list[Path]:
    """N agreement files in ``folder``: fixtures, the source and assembled variants, each with its own title."""
    from ..drafting import assemble, parse_spec, read_template, render
    from ..graph import load_store

    template = read_template(load_store())
    texts = [SOURCE.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8-sig") for p in sorted(FIXTURES.glob("*.txt")) if "gbk" not in p.name]
    texts += [render(assemble(template, parse_spec(template, spec)), "txt").decode("utf-8") for spec in VARIANTS]
    paths = []
    for i in range(n):
        text = texts[i % len(texts)]
        title, _, rest = text.partition("\n")
        path = folder / f"agreement-{i:04d}.txt"
        path.write_text(f"{title}（第{i + 1}号）\n{rest}" if rest else text, encoding="utf-8")
        paths.append(path)
    return paths


def bench_corpus(n: int = 1000) -> tuple[int, float, float, int]:
    """(agreements, seconds to ingest and load, agreements per second, triples loaded) into a memory store."""
    from ..graph import load_store
    from ..ingest import ingest_files, load_into

    with tempfile.TemporaryDirectory(prefix="clausegraph-bench-ingest-") as folder:
        paths = make_corpus(Path(folder), n)
        store = load_store([Source(ONTOLOGY_DIR / f, GRAPH_BASE + Path(f).stem) for f in ("clausegraph.ttl", "acts.ttl", "legal-bases.ttl")])
        ingest_files(paths[:5])  # warm
        started = time.perf_counter()
        items = ingest_files(paths)
        triples = load_into(store, items)
        seconds = time.perf_counter() - started
    return n, seconds, n / seconds, triples


def ingest_section(rounds: int = 50, n: int = 1000) -> str:
    """The Markdown section for docs/performance.md."""
    if not TEN_ARTICLES.is_file():
        return "## Ingest\n\nNot measured: the benchmark reads its agreements from the checkout's tests/ folder."
    median, p95, samples = bench_single(rounds)
    count, seconds, rate, triples = bench_corpus(n)
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return "\n".join(
        [
            "## Ingest (read, segment, resolve, build the graph)",
            "",
            f"Measured {stamp} by `make bench` (`python -m clausegraph.bench ingest`) on: {machine(('pyoxigraph', 'charset-normalizer', 'cn2an', 'python-docx'))}.",
            "",
            "| what | target | measured |",
            "|---|---|---:|",
            f"| one ten-article agreement (tests/ingest/fixtures/10-ten-articles.txt), warm, {samples} rounds | ≤ 100 ms | median {median:.1f} ms, p95 {p95:.1f} ms |",
            f"| {count:,} agreements ingested and loaded into the memory store, one named graph each ({triples:,} triples) | ≥ 50 agreements/s | {rate:.0f} agreements/s ({seconds:.1f} s) |",
        ]
    )
