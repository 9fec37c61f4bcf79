"""Load test of the assembly service: a real ``clausegraph serve`` on a loopback port, a fixed number
of POST /v1/assemble requests from concurrent clients; it stops by itself when all are answered."""

from __future__ import annotations

import json
import statistics
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from ..loopback import serve_clausegraph
from .assembly import SPECS
from .report import percentile

REQUESTS = 400
CLIENTS = 8


def _assemble(url: str, spec: dict) -> tuple[float, bool]:
    request = urllib.request.Request(url, data=json.dumps(spec).encode(), headers={"Content-Type": "application/json"}, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            ok = response.status == 200 and len(response.read()) > 0
    except (urllib.error.URLError, OSError):
        ok = False
    return (time.perf_counter() - started) * 1000, ok


def load_test(requests: int = REQUESTS, clients: int = CLIENTS, fmt: str = "txt") -> dict:
    """Requests/s, p50/p99 latency (ms) and the number of errors."""
    with serve_clausegraph() as (base, _process):
        url = f"{base}/v1/assemble?format={fmt}"
        for spec in SPECS:  # warm up the server's caches
            _assemble(url, spec)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            results = list(pool.map(lambda i: _assemble(url, SPECS[i % len(SPECS)]), range(requests)))
        wall = time.perf_counter() - started
    latencies = [ms for ms, _ in results]
    return {"requests": requests, "clients": clients, "format": fmt, "errors": sum(1 for _, ok in results if not ok),
            "per_second": requests / wall, "p50": statistics.median(latencies), "p99": percentile(latencies, 99), "wall_s": wall}


def service_section(stamp: str, machine_line: str) -> str:
    """The Markdown section for docs/performance.md."""
    runs = [load_test(fmt="txt"), load_test(requests=200, fmt="docx")]
    lines = [
        "## Assembly service under load (loopback)",
        "",
        f"Measured {stamp} by `make bench` (`python -m clausegraph.bench`) on: {machine_line}.",
        f"A real `clausegraph serve` (one uvicorn process) and {CLIENTS} concurrent clients posting variant specs to",
        "`/v1/assemble` in turn (the four specs of the assembly benchmark); a fixed number of requests, so the test ends by itself.",
        "",
        "| format | requests | clients | errors | assemblies/s | p50 (ms) | p99 (ms) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {r['format']} | {r['requests']} | {r['clients']} | {r['errors']} | {r['per_second']:.1f} | {r['p50']:.1f} | {r['p99']:.1f} |"
              for r in runs]
    return "\n".join(lines)
