"""Load test of the assembly service: a real ``clausegraph serve --workers 2`` on a loopback port and 8 concurrent
clients, each on its own keep-alive connection, posting variant specs to ``/v1/assemble`` in turn; a fixed number of
requests, so the test stops by itself. Beside the rate and the latencies it reports the CPU time the server
processes spent per request (read from the processes before and after) and every failed request."""

from __future__ import annotations

import http.client
import json
import statistics
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import psutil

from ..loopback import serve_clausegraph
from .assembly import SPECS
from .report import percentile

REQUESTS = 2_000
CLIENTS = 8
WORKERS = 2
TARGETS = {"txt": (1_000.0, 25.0), "docx": (300.0, None)}  # assemblies/s at least, p99 ms at most


def _client(base: str, fmt: str, indices: list[int]) -> list[tuple[float, bool]]:
    """One client: its share of the requests over one keep-alive connection (reopened after an error)."""
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    bodies = [json.dumps(spec).encode() for spec in SPECS]
    results = []
    for i in indices:
        started = time.perf_counter()
        try:
            connection.request("POST", f"/v1/assemble?format={fmt}", body=bodies[i % len(bodies)],
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            ok = response.status == 200 and len(response.read()) > 0
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        results.append(((time.perf_counter() - started) * 1000, ok))
    connection.close()
    return results


def _cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return total


def load_test(fmt: str = "txt", requests: int = REQUESTS, clients: int = CLIENTS, workers: int = WORKERS) -> dict:
    """Assemblies/s, p50/p99 latency (ms), server CPU ms per request and the number of failed requests."""
    with serve_clausegraph("--workers", str(workers)) as (base, process):
        servers = [child for child in psutil.Process(process.pid).children() if "multiprocessing.spawn" in " ".join(child.cmdline())]
        _client(base, fmt, list(range(len(SPECS) * 4)))  # warm each server process's templates and connections
        cpu_before = _cpu_seconds(servers)
        shares = [list(range(c, requests, clients)) for c in range(clients)]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            results = [r for share in pool.map(lambda indices: _client(base, fmt, indices), shares) for r in share]
        wall = time.perf_counter() - started
        cpu = _cpu_seconds(servers) - cpu_before
    latencies = [ms for ms, _ in results]
    return {"format": fmt, "requests": requests, "clients": clients, "workers": len(servers),
            "errors": sum(1 for _, ok in results if not ok), "per_second": requests / wall,
            "p50": statistics.median(latencies), "p99": percentile(latencies, 99), "wall_s": wall,
            "cpu_ms": cpu * 1000 / requests}


def service_section(stamp: str, machine_line: str, log: Callable[[str], None] = print) -> str:
    """The Markdown section for docs/performance.md."""
    runs = []
    for fmt in TARGETS:
        log(f"  {fmt}: {REQUESTS:,} requests from {CLIENTS} clients …")
        runs.append(load_test(fmt))
    lines = [
        "## Assembly service under load (loopback)",
        "",
        f"Measured {stamp} by `make bench` (`python -m clausegraph.bench service`) on: {machine_line}.",
        f"A real `clausegraph serve --workers {WORKERS}` and {CLIENTS} concurrent clients in one process (Python `http.client`, "
        "one keep-alive connection each) posting variant specs to `/v1/assemble` in turn (the four specs of the assembly "
        "benchmark). The clients share the machine's cores with the server. CPU is the user and system time of the "
        "server processes over the run, per request.",
        "",
        "| format | requests | clients | server processes | errors | assemblies/s | p50 (ms) | p99 (ms) | server CPU per request (ms) | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in runs:
        rate, p99 = TARGETS[r["format"]]
        target = f"≥ {rate:,.0f}/s" + (f", p99 ≤ {p99:g} ms" if p99 else "") + ", no errors"
        met = r["per_second"] >= rate and (p99 is None or r["p99"] <= p99) and r["errors"] == 0
        lines.append(f"| {r['format']} | {r['requests']:,} | {r['clients']} | {r['workers']} | {r['errors']} | {r['per_second']:,.0f} | "
                     f"{r['p50']:.1f} | {r['p99']:.1f} | {r['cpu_ms']:.2f} | {target}: {'met' if met else 'MISSED'} |")
    return "\n".join(lines)
