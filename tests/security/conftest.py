"""Fixtures for the security tests: the service on each local store, a listener that records every
connection made to it, and a file whose reading would be noticed. Everything binds to 127.0.0.1;
every loop is bounded."""

from __future__ import annotations

import os
import socket
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clausegraph.service.app import create_app
from clausegraph.service.limits import Limits
from clausegraph.service.settings import ServiceSettings
from clausegraph.sources import graph_sources
from clausegraph.store import open_store

LIMITS = Limits(query_timeout_s=5.0, max_results=200, max_body_bytes=200_000, max_query_bytes=50_000, workers=2, max_queue=8)
#: The number of connections a listener accepts before it stops (a bound on every loop).
MAX_ACCEPTS = 1_000


@dataclass
class Listener:
    """A TCP listener on 127.0.0.1 that answers like a SPARQL endpoint and counts who connected."""

    port: int
    connections: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.2)
    found = Listener(server.getsockname()[1])
    stopping = threading.Event()

    def accept() -> None:
        while not stopping.is_set() and len(found.connections) < MAX_ACCEPTS:
            try:
                conn, address = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            found.connections.append(f"{address[0]}:{address[1]}")
            body = b'{"head":{"vars":["leak"]},"results":{"bindings":[{"leak":{"type":"literal","value":"INTERNAL"}}]}}'
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield found
    stopping.set()
    thread.join(timeout=5)
    server.close()


@dataclass
class Secret:
    """A Turtle file holding a marker triple, and a FIFO: opening the FIFO for reading is noticed."""

    path: Path
    fifo: Path
    marker: str = "SECRET-MARKER-7f3a"

    def fifo_opened(self) -> bool:
        """True when a reader holds the FIFO open (a non-blocking open for writing succeeds only then)."""
        try:
            fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return False
        os.close(fd)
        return True


@pytest.fixture(scope="session")
def secret(tmp_path_factory) -> Secret:
    folder = tmp_path_factory.mktemp("secret")
    path = folder / "secret.ttl"
    path.write_text('<urn:secret> <urn:says> "SECRET-MARKER-7f3a" .\n', encoding="utf-8")
    fifo = folder / "secret-fifo.ttl"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    return Secret(path, fifo)


def _client(store: str) -> TestClient:
    return TestClient(create_app(ServiceSettings(store=store, limits=LIMITS)), base_url="http://127.0.0.1")


@pytest.fixture(scope="session")
def persistent_path(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("persistent") / "db"
    store = open_store(f"oxigraph:{path}")
    for source in graph_sources():
        store.load(source.path, source.graph)
    store.close()
    return f"oxigraph:{path}"


@pytest.fixture(scope="session", params=["memory", "rdflib", "persistent"])
def service(request, persistent_path) -> Iterator[TestClient]:
    """The service over each local store (a pool of real query workers each)."""
    client = _client(persistent_path if request.param == "persistent" else request.param)
    yield client
    client.app.state.pool.close()


@pytest.fixture(scope="session")
def memory_service() -> Iterator[TestClient]:
    client = _client("memory")
    yield client
    client.app.state.pool.close()
