"""Export the merged graph (every source file, as one graph) in an RDF serialisation."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import BadInputError, OutputError
from .results import GRAPH_FORMATS, serialize_triples
from .store import Store


PROFILES = ("dl", "rdf")


def default_profile(fmt: str) -> str:
    """OWL 2 DL for RDF/XML (what Protégé and owlready2 open), the data as it is for the other formats."""
    return "dl" if fmt == "xml" else "rdf"


def export_graph(store: Store, fmt: str, profile: str | None = None) -> str:
    """The union of the store's graphs as ``ttl``, ``nt``, ``jsonld`` or ``xml`` (RDF/XML); ``profile``
    ``rdf`` keeps every triple as it is (lossless), ``dl`` gives the OWL 2 DL view (:mod:`clausegraph.owl`)."""
    if fmt not in GRAPH_FORMATS:
        raise BadInputError(f"unknown export format {fmt!r}; use one of {', '.join(GRAPH_FORMATS)}")
    profile = profile or default_profile(fmt)
    if profile not in PROFILES:
        raise BadInputError(f"unknown profile {profile!r}; use dl (OWL 2 DL: Protégé, HermiT) or rdf (the data as it is)")
    triples = store.triples()
    if profile == "dl":
        from .owl import dl_triples

        triples = dl_triples(triples)
    return serialize_triples(triples, fmt)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file, so a failure never leaves half a file."""
    write_bytes_atomically(path, text.encode("utf-8"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_output_path(path: Path) -> None:
    """Refuse an output path that is not, or cannot become, a regular file of the user's: a folder, a
    symbolic link, a FIFO, a device or socket, a read-only file, a missing folder (checked before any work)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from exc
    if info is not None:
        kinds = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"),
                 (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
        for test, kind in kinds:
            if test(info.st_mode):
                raise OutputError(f"cannot write {path}: it is {kind}, not a regular file; give the path of a file to create or replace")
        if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
            raise OutputError(f"cannot write {path}: the file is read-only; choose another path or make it writable")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist")


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it into place.

    Only regular files are written (see :func:`check_output_path`); a new file gets the usual mode
    (0666 less the umask), a replaced one keeps its own."""
    check_output_path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise
