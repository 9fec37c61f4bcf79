"""Questions through clausegraph against raw pyoxigraph on the same store, the same query text and the same bound values.

For each competency question, ``queries.ask`` (the parsed query file, its parameters bound, lookups of provisions
and terms, the store's binding of values, the rows read) is timed in turn with ``pyoxigraph.Store.query`` given
the text clausegraph sends (:meth:`OxigraphStore.bound`: its values in a VALUES block, with the group LATERAL to
it where the query's header says ``# bind: lateral``; made once before timing) and its rows read. Runs in the
stores benchmark's child process for the ``memory`` backend, at every corpus size.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping

import pyoxigraph as ox

from .. import queries
from ..store import OxigraphStore

TARGET_RATIO = 1.2


def _ms(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def compare(store: OxigraphStore, name: str, params: Mapping[str, str], *, budget_s: float = 2.0,
            min_samples: int = 15, max_samples: int = 400) -> dict[str, float | int]:
    """Median ms of clausegraph and of raw pyoxigraph for one question, sampled in turn (ABBA) within the budget, and
    the median of the pairs' ratios."""
    question = queries.get_question(name)
    bindings = queries.bind_params(store, question, params)
    text = store.bound(question.text, bindings) if bindings else question.text

    def raw() -> None:
        for _row in store.store.query(text, use_default_graph_as_union=True):
            pass

    def ours() -> None:
        result = queries.ask(store, name, params)
        if isinstance(result, ox.QuerySolutions):
            for _row in result:
                pass

    raw(), ours()  # warm: the parsed file, the lookups, the store's caches
    raw_samples: list[float] = []
    our_samples: list[float] = []
    spent = 0.0
    while len(raw_samples) < max_samples and (len(raw_samples) < min_samples or spent < budget_s * 1000):
        first, second = (raw, ours) if len(raw_samples) % 2 == 0 else (ours, raw)
        a, b = _ms(first), _ms(second)
        raw_ms, our_ms = (a, b) if first is raw else (b, a)
        raw_samples.append(raw_ms)
        our_samples.append(our_ms)
        spent += raw_ms + our_ms
    raw_median, our_median = statistics.median(raw_samples), statistics.median(our_samples)
    # the ratio is the median of each pair's ratio (the two calls of a pair run back to back, so a burst of load from
    # other jobs on the machine slows both), not the ratio of the two medians, which such a burst can tilt either way
    ratio = statistics.median(ours / raw for raw, ours in zip(raw_samples, our_samples))
    return {"raw": raw_median, "clausegraph": our_median, "ratio": ratio, "samples": len(raw_samples)}


def compare_all(store: OxigraphStore, params_of: Callable[[queries.QueryFile], dict[str, str]]) -> dict[str, dict]:
    """Every question, compared (a question that fails is reported with its error)."""
    out: dict[str, dict] = {}
    for question in queries.list_queries("questions"):
        try:
            out[question.name] = compare(store, question.name, params_of(question))
        except Exception as exc:  # noqa: BLE001 - reported in the table, not fatal
            out[question.name] = {"error": f"{type(exc).__name__}: {exc}"}
    return out
