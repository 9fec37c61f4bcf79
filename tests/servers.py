"""Real servers for tests (re-exported from clausegraph.loopback): Oxigraph and clausegraph on loopback."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from clausegraph.loopback import free_port, oxigraph_binary, serve_clausegraph
from clausegraph.loopback import serve_oxigraph as _serve_oxigraph

__all__ = ["free_port", "oxigraph_binary", "serve_clausegraph", "serve_oxigraph"]


@contextlib.contextmanager
def serve_oxigraph(location: Path, *, read_only: bool = False) -> Iterator[str]:
    """The query URL of an Oxigraph server on a free loopback port."""
    with _serve_oxigraph(location, read_only=read_only) as (url, _process):
        yield url
