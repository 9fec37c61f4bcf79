"""Export the merged graph (every source file, as one graph) in an RDF serialisation."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import BadInputError
from .results import GRAPH_FORMATS, serialize_triples
from .store import Store

def export_graph(store: Store, fmt: str) -> str:
    """The union of the store's graphs as ``ttl``, ``nt``, ``jsonld`` or ``xml`` (RDF/XML)."""
    if fmt not in GRAPH_FORMATS:
        raise BadInputError(f"unknown export format {fmt!r}; use one of {', '.join(GRAPH_FORMATS)}")
    return serialize_triples(store.triples(), fmt)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file, so a failure never leaves half a file."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it into place."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise BadInputError(f"cannot write {path}: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
