"""Soak of the service: a real ``clausegraph serve`` on loopback, thousands of mixed requests from
concurrent clients (every endpoint that touches the store or the workers), then ``/healthz`` timed
while slow queries hold every query worker. It counts failures, samples the memory of the server and
its query workers, and stops by itself (fixed request counts, slow queries bounded by the time limit).
"""

from __future__ import annotations

import json
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import psutil

from ..loopback import serve_clausegraph
from .report import percentile

CLIENTS = 8
SLOW_QUERIES = 20
HEALTH_PROBES = 200
SLOW_LIMIT_S = 3  # the soak's query time limit: each runaway query ends at it
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ARTICLES = "SELECT ?a ?path WHERE { ?a a <https://w3id.org/clausegraph/ontology#Article> ; <https://w3id.org/clausegraph/ontology#path> ?path } ORDER BY ?path"


def _mix(base: str) -> list[tuple[str, str, bytes | None, str | None]]:
    """(method, url, body, content type) of each kind of request in the mix."""
    def get(path: str, **params: str) -> tuple[str, str, None, None]:
        return ("GET", f"{base}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else ""), None, None)

    spec = json.dumps({"employee.name": "张三", "non_compete_months": 12}).encode()
    return [
        get("/healthz"),
        get("/v1/variants"),
        get("/v1/questions/survival"),
        get("/v1/questions/in-force-at", at="P30M"),
        get("/v1/questions/provision-dependencies", provision="3.5"),
        get("/sparql", query=ARTICLES),
        get("/sparql", query="ASK { ?s ?p ?o }"),
        ("POST", f"{base}/sparql", ARTICLES.encode(), "application/sparql-query"),
        ("POST", f"{base}/sparql", urllib.parse.urlencode({"query": "CONSTRUCT WHERE { ?s a <https://w3id.org/clausegraph/ontology#Item> }"}).encode(),
         "application/x-www-form-urlencoded"),
        ("POST", f"{base}/v1/check", spec, "application/json"),
        ("POST", f"{base}/v1/assemble?format=txt", spec, "application/json"),
    ]


def _send(method: str, url: str, body: bytes | None, kind: str | None, timeout: float = 60) -> tuple[float, int]:
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": kind} if kind else {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0
    return (time.perf_counter() - started) * 1000, status


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of the server and every process under it (fork server, query workers), in MB."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20


def _sampling(pid: int) -> tuple[list[float], Callable[[], None]]:
    samples: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            samples.append(_tree_rss_mb(pid))

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    return samples, lambda: (stop.set(), thread.join())


def soak(store: str, requests: int) -> dict:
    """Mixed requests, then health under slow queries, against one server on ``store``."""
    with serve_clausegraph("--store", store, "--query-timeout", str(SLOW_LIMIT_S)) as (base, process):
        mix = _mix(base)
        for item in mix:  # warm up every path once
            _send(*item)
        samples, stop_sampling = _sampling(process.pid)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = list(pool.map(lambda i: _send(*mix[i % len(mix)]), range(requests)))
        wall = time.perf_counter() - started
        failures = sum(1 for _, status in results if not 200 <= status < 300)
        after_mix = _tree_rss_mb(process.pid)
        # /healthz while the slow queries hold every worker and fill the queue
        with ThreadPoolExecutor(max_workers=SLOW_QUERIES) as slow_pool:
            slow = [slow_pool.submit(_send, "POST", f"{base}/sparql", RUNAWAY.encode(), "application/sparql-query", 120)
                    for _ in range(SLOW_QUERIES)]
            time.sleep(0.5)
            health = []
            for _ in range(HEALTH_PROBES):
                health.append(_send("GET", f"{base}/healthz", None, None, 10)[0])
                time.sleep(0.02)
            slow_statuses = [future.result()[1] for future in slow]
        stop_sampling()
    latencies = [ms for ms, _ in results]
    return {"store": store, "requests": requests, "clients": CLIENTS, "failures": failures, "per_second": requests / wall,
            "p50": statistics.median(latencies), "p99": percentile(latencies, 99),
            "rss_max": max(samples, default=after_mix), "rss_after": after_mix,
            "health_p50": statistics.median(health), "health_p99": percentile(health, 99),
            "slow": {status: slow_statuses.count(status) for status in sorted(set(slow_statuses))}}


def soak_section(stamp: str, machine_line: str) -> str:
    """The Markdown section for docs/performance.md."""
    runs = [soak("memory", 5_000), soak("rdflib", 1_000)]
    lines = [
        "## Service soak: mixed requests, then health under slow queries (loopback)",
        "",
        f"Measured {stamp} by `make bench` (`python -m clausegraph.bench soak`) on: {machine_line}.",
        f"A real `clausegraph serve` (query workers = cores, queue 32, `--query-timeout {SLOW_LIMIT_S}`); {CLIENTS} clients send",
        "a fixed number of requests cycling through eleven kinds (health, variants, three named questions, SPARQL",
        "SELECT/ASK/CONSTRUCT by GET and both POST forms, check, txt assembly). A failure is any answer that is not 2xx.",
        "Memory is the resident size of the server, its fork server and its query workers together, sampled every 0.5 s.",
        f"Then {SLOW_QUERIES} runaway queries (a four-way cross product) are sent at once and `/healthz` is timed {HEALTH_PROBES} times",
        "while they hold every worker; each slow query ends at the time limit (503 query-timeout), or at once with",
        "503 busy if the queue is full.",
        "",
        "| store | requests | failures | requests/s | p50 (ms) | p99 (ms) | memory max (MB) | memory after (MB) | /healthz p50 (ms) | /healthz p99 (ms) | slow queries answered |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in runs:
        slow = ", ".join(f"{count}× {status}" for status, count in r["slow"].items())
        lines.append(f"| {r['store']} | {r['requests']:,} | {r['failures']} | {r['per_second']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
                     f"{r['rss_max']:.0f} | {r['rss_after']:.0f} | {r['health_p50']:.1f} | {r['health_p99']:.1f} | {slow} |")
    return "\n".join(lines)
