"""The pool of query workers the service hands every query to (pebble's ProcessPool over a fork server).

The server's event loop only waits on futures: no query, no parse and no thread of the server is
held while a query runs, so ``/healthz`` and the page answer while the workers are busy. At most
``workers`` queries run and ``max_queue`` wait; the next one is turned away at once with 503 and
``Retry-After`` instead of queueing without end. A query past the time limit has its worker stopped
(pebble terminates the process) and replaced; a worker that dies of its memory cap is replaced too.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import dataclasses
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import AsyncIterator, Callable
from typing import Any

import pebble

from ..errors import Busy, ClauseGraphError, EngineFailure, QueryError, QueryMemory, QueryTimeout
from . import worker
from .worker import WorkerConfig


class QueryPool:
    """Query workers for one store, with the service's limits."""

    def __init__(self, config: WorkerConfig):
        self.stderr_dir = tempfile.mkdtemp(prefix="clausegraph-workers-")
        config = dataclasses.replace(config, stderr_dir=self.stderr_dir)
        self.config = config
        limits = config.limits
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["clausegraph.service.worker", "clausegraph.queries", "rdflib.plugins.sparql.parser"])
        self.pool = pebble.ProcessPool(max_workers=limits.workers, initializer=worker.start, initargs=(config,), context=context)
        self.capacity = limits.workers + limits.max_queue
        self.pending = 0
        atexit.register(self.close)

    def ready(self, timeout_s: float = 120.0) -> dict[str, Any]:
        """Wait until a worker has started (its store opened, its wall up) and describe it; raise if it cannot."""
        try:
            return self.pool.schedule(worker.describe).result(timeout=timeout_s)
        except ClauseGraphError:
            raise
        except Exception as exc:  # noqa: BLE001 - pebble reports a failed initializer in several ways
            raise QueryError(f"the query workers did not start: {exc or type(exc).__name__}") from exc

    def _admit(self) -> None:
        limits = self.config.limits
        if self.pending >= self.capacity:
            raise Busy(f"all {limits.workers} query workers are busy and {limits.max_queue} queries are waiting; try again in a second")
        self.pending += 1

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold a place among the running and waiting queries (for work done outside the workers: a remote store)."""
        self._admit()
        try:
            yield
        finally:
            self.pending -= 1

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run ``function(*args)`` in a worker within the time limit; raise Busy when the queue is full."""
        limits = self.config.limits
        self._admit()
        try:
            future = self.pool.schedule(function, args, timeout=limits.query_timeout_s)
            try:
                return await asyncio.wrap_future(future)
            except asyncio.CancelledError:  # the client went away: stop the work too
                future.cancel()
                raise
        except concurrent.futures.TimeoutError:
            raise QueryTimeout(f"the query ran past the {limits.query_timeout_s:g} s limit and was stopped; narrow it or add a LIMIT") from None
        except MemoryError:
            raise QueryMemory(self._memory_message()) from None
        except pebble.ProcessExpired as exc:
            panic = self._panic_of(exc.pid)
            if panic is not None:
                hint = (" ORDER BY over values of different kinds (numbers, dates, text) is the known cause in Oxigraph 0.5: "
                        "order by STR(?x), or by values of one kind." if "total order" in panic else "")
                raise EngineFailure(f"the query engine failed on this query and its worker was replaced ({panic}).{hint}") from None
            if exc.exitcode in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
                raise QueryMemory(self._memory_message()) from None
            raise QueryError(f"the query worker ended unexpectedly (exit code {exc.exitcode})") from None
        finally:
            self.pending -= 1

    def _panic_of(self, pid: int | None) -> str | None:
        """What a dead worker wrote to its standard error, passed on to the server's; the engine's panic message
        (``panicked at …:`` and the line after it) when it panicked, else None (a memory cap, a kill)."""
        if pid is None:
            return None
        path = os.path.join(self.stderr_dir, f"worker-{pid}.err")
        try:
            with open(path, "rb") as handle:
                handle.seek(max(0, os.path.getsize(path) - 16384))
                text = handle.read().decode("utf-8", "replace")
            os.unlink(path)
        except OSError:
            return None
        sys.stderr.write(text)
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if " panicked at " in line:
                return lines[i + 1].strip() if i + 1 < len(lines) and lines[i + 1].strip() else line.split(" panicked at ", 1)[1]
        return None

    def _memory_message(self) -> str:
        return (f"the query needed more than the {self.config.limits.max_memory_mb:,} MB a query may use and was stopped; "
                "narrow it or add a LIMIT")

    def close(self) -> None:
        """Stop the workers (idempotent)."""
        if self.pool.active:
            self.pool.stop()
            self.pool.join(timeout=10)
        shutil.rmtree(self.stderr_dir, ignore_errors=True)
