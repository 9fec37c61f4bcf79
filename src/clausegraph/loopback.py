"""Servers on the loopback interface for tests and benchmarks: a free port (portpicker), and ``oxigraph serve``
or ``clausegraph serve`` started, waited for until their health URL answers, and stopped."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from typing import IO
from pathlib import Path

from .errors import ServerError


def free_port() -> int:
    """A port nobody uses (portpicker: free for TCP and UDP, never the same one twice in this process, through a
    port server when ``PORTSERVER_ADDRESS`` names one, so that parallel test runs do not pick the same port)."""
    import portpicker

    return portpicker.pick_unused_port()


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary (``pip install oxigraph``, which ``make test`` and ``make bench`` install)."""
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        raise ServerError("the Oxigraph server is needed: pip install oxigraph (make test and make bench install it)")
    return found


def wait_until_up(process: subprocess.Popen, url: str, what: str, log: IO[bytes], timeout_s: float = 60) -> None:
    """Poll ``url`` until it answers; a process that exits or a timeout raises ServerError (the process
    killed, the end of its log quoted)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                log.seek(0)
                detail = log.read().decode("utf-8", "replace").strip().splitlines()[-5:]
                raise ServerError(f"{what} did not start: {' | '.join(detail)}") from None
            time.sleep(0.05)


def stop(process: subprocess.Popen) -> None:
    """Terminate, and kill when it does not end within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def _serve(command: list[str], probe: str, what: str, timeout_s: float) -> Iterator[subprocess.Popen]:
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        try:
            wait_until_up(process, probe, what, log, timeout_s)
            yield process
        finally:
            stop(process)


@contextlib.contextmanager
def serve_oxigraph(location: Path, *, read_only: bool = False) -> Iterator[tuple[str, subprocess.Popen]]:
    """``oxigraph serve`` (union default graph) or ``serve-read-only`` on a free port: (query URL, process)."""
    port = free_port()
    mode = ["serve-read-only"] if read_only else ["serve", "--union-default-graph"]
    command = [oxigraph_binary(), mode[0], "--location", str(location), "--bind", f"127.0.0.1:{port}", *mode[1:]]
    url = f"http://127.0.0.1:{port}/query"
    with _serve(command, f"{url}?query=ASK%7B%7D", f"oxigraph {mode[0]}", 30) as process:
        yield url, process


@contextlib.contextmanager
def serve_clausegraph(*args: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """``clausegraph serve ARGS`` on a free port: (base URL, process)."""
    port = free_port()
    command = [sys.executable, "-m", "clausegraph.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    base = f"http://127.0.0.1:{port}"
    with _serve(command, f"{base}/healthz", "clausegraph serve", 90) as process:
        yield base, process
