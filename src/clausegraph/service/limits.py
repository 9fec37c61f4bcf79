"""The service's limits, configurable from ``clausegraph serve`` options."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """How long a SPARQL query may run, how many rows (or triples) it may return, how big a request body may be."""

    query_timeout_s: float = 10.0
    max_results: int = 10_000
    max_body_bytes: int = 1_000_000
