"""Real servers for tests: the Oxigraph SPARQL server on a free loopback port."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    assert Path(found).exists(), "the Oxigraph server is needed: pip install oxigraph (make test installs it)"
    return found


@contextlib.contextmanager
def serve_oxigraph(location: Path, *, read_only: bool = False) -> Iterator[str]:
    """Run ``oxigraph serve`` (or ``serve-read-only``) on a free loopback port; yield its query URL."""
    port = free_port()
    command = "serve-read-only" if read_only else "serve"
    extra = [] if read_only else ["--union-default-graph"]
    process = subprocess.Popen(
        [oxigraph_binary(), command, "--location", str(location), "--bind", f"127.0.0.1:{port}", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"oxigraph {command} did not start: {process.stderr.read().decode() if process.stderr else ''}")
            time.sleep(0.05)
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
