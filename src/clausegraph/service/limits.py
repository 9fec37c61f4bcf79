"""The service's limits, configurable from ``clausegraph serve`` options. Every query path (``/sparql``, the
named questions, the page's console) runs under the same ones."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """How long a query may run, how many rows (or triples) it may return, how big a request body and a
    query text may be, how much memory one query worker may use, how many workers run queries and how
    many queries may wait for one before the next is turned away (503 with Retry-After)."""

    query_timeout_s: float = 10.0
    max_results: int = 10_000
    max_body_bytes: int = 1_000_000
    max_query_bytes: int = 100_000
    max_memory_mb: int = 1024
    workers: int = max(2, os.cpu_count() or 2)
    max_queue: int = 32

    @property
    def max_url_bytes(self) -> int:
        """The longest request target (path and query string) served: a GET query percent-encoded."""
        return 3 * self.max_query_bytes + 4096
