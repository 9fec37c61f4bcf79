"""What a query worker process is and runs.

Every query the service runs on a local store — a ``/sparql`` request, a named question, the page's
console — runs in one of these processes, never in the server:

- started by a fork server (``multiprocessing`` ``forkserver``), never forked from the threaded server,
  so no lock held by another thread is copied into it;
- cut off from the network (:mod:`clausegraph.service.sandbox`) before it opens the store;
- capped in memory (``RLIMIT_DATA``): a query that needs more makes the worker fail, not the machine;
- stopped by the pool when a query passes the time limit, and replaced.

The worker opens its own copy of the store: the project's graph loaded in memory (``memory``,
``rdflib``, ``oxrdflib``), or the persistent store opened read-only. A remote store is queried by
the server itself; its workers only check the query.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..sources import Source
from .guard import CheckedQuery, check_query
from .limits import Limits
from .sparql import Answer, choose_media_type, select_document, serialize_limited

T = TypeVar("T")
#: Stack of the thread that parses and writes a query: rdflib's parser recurses deeply on nested brackets.
PARSER_STACK_BYTES = 64 * 1024 * 1024
PARSER_RECURSION = 12_000


@dataclass(frozen=True)
class WorkerConfig:
    """What a worker needs to open its store and apply its limits (pickled to each worker)."""

    store: str
    sources: tuple[Source, ...] = field(default_factory=tuple)
    limits: Limits = field(default_factory=Limits)
    sandbox: bool = True
    #: a folder where each worker writes its standard error (worker-PID.err), so that the pool can say why a worker
    #: died (a panic of the engine or a memory cap); empty: the server's standard error
    stderr_dir: str = ""

    @property
    def remote(self) -> bool:
        return self.store.startswith("sparql:")


_state: dict[str, Any] = {}


def start(config: WorkerConfig) -> None:
    """Initialise this worker (the pool's initializer): memory cap, network wall, store."""
    # pebble stops a worker whose query ran out of time with SIGTERM (taking its channel lock first, so
    # no message is cut); its own handler could not run while Oxigraph's Rust code holds the thread,
    # and the worker would live 3 s more until SIGKILL: end at once instead
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if config.stderr_dir:
        log = os.open(os.path.join(config.stderr_dir, f"worker-{os.getpid()}.err"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(log, 2)
        os.close(log)
    cap = config.limits.max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    wall = "none"
    if config.sandbox:
        from .sandbox import isolate_network

        wall = isolate_network()
    from rdflib.plugins import sparql as rdflib_sparql

    rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # FROM never makes rdflib read a file or fetch a URL
    sys.setrecursionlimit(PARSER_RECURSION)
    store = None
    if not config.remote:
        from ..graph import load_store

        in_memory = config.store in ("memory", "rdflib", "oxrdflib")
        store = load_store(list(config.sources) if in_memory else None, spec=config.store, read_only=True)
    _state.update(config=config, store=store, wall=wall)


def describe() -> dict[str, Any]:
    """This worker's process id, network wall and store (the pool asks once, to know the workers started)."""
    return {"pid": os.getpid(), "sandbox": _state["wall"], "store": _state["config"].store}


def _in_parser_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``function`` in a thread with a large stack, so deep nesting meets the recursion limit, not a crash."""
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, function(*args, **kwargs)))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            outcome.append((False, exc))

    previous = threading.stack_size(PARSER_STACK_BYTES)
    try:
        thread = threading.Thread(target=run, name="query-parser")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def check(text: str, fmt: str | None, accept: str | None) -> tuple[CheckedQuery, str]:
    """The checked query and the media type of its answer (raises for refused, malformed or unacceptable)."""
    limits: Limits = _state["config"].limits
    checked = _in_parser_thread(check_query, text, max_bytes=limits.max_query_bytes)
    return checked, choose_media_type(checked.form, fmt, accept)


def answer_sparql(text: str, fmt: str | None, accept: str | None) -> Answer:
    """A ``/sparql`` request: check, run the canonical text, serialise within the result limit."""
    checked, media_type = check(text, fmt, accept)
    result = _state["store"].query(checked.text)
    return Answer(serialize_limited(result, checked.form, media_type, _state["config"].limits.max_results), media_type)


def answer_question(name: str, params: Mapping[str, str]) -> dict[str, Any]:
    """A named question with its parameters, as a W3C SPARQL JSON results document within the result limit."""
    from .. import queries

    return select_document(queries.ask(_state["store"], name, params), _state["config"].limits.max_results)


def crosswalk(scheme: str, spec: Mapping[str, str] | None) -> dict[str, Any]:
    """``GET /v1/crosswalk``: a dataset's labels for the template or a variant, over the variant's graph (JSON data)."""
    from ..crosswalk import answer_json, crosswalk as run_crosswalk

    return answer_json(run_crosswalk(_state["store"], scheme, spec=spec))
