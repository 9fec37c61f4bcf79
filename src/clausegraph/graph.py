"""Load the graph's source files: into a pyoxigraph store (for SPARQL) or an rdflib graph (for SHACL and export)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BadInputError, DataError
from .sources import PREFIXES, Source, graph_sources
from .store import Store, open_store

if TYPE_CHECKING:
    import rdflib


def load_store(sources: Iterable[Source] | None = None, *, spec: str = "memory", read_only: bool = False) -> Store:
    """A store holding the given sources (default: the project's graph), each in its own named graph.

    ``memory``, ``rdflib`` and ``oxrdflib`` stores are filled now; a persistent or remote store is opened as it is
    (fill it with ``clausegraph load``).
    """
    try:
        return open_store(spec, sources=list(sources) if sources is not None else graph_sources(), read_only=read_only)
    except BadInputError as exc:
        if spec in ("memory", "rdflib", "oxrdflib"):
            raise DataError(str(exc)) from exc
        raise


def load_rdflib(paths: Iterable[Path] | None = None) -> rdflib.Graph:
    """The merged graph of the given Turtle files (default: every graph source) as one rdflib graph."""
    import rdflib  # imported here: only SHACL validation, reasoning and export use rdflib

    graph = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, replace=True)
    for path in paths if paths is not None else [s.path for s in graph_sources()]:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types for bad syntax
            raise DataError(f"{path} is not valid Turtle: {exc}") from exc
    return graph


def store_to_rdflib(store: Store) -> rdflib.Graph:
    """The union of a store's named graphs as one rdflib graph (for pySHACL)."""
    import pyoxigraph as ox

    graph = load_rdflib([])
    graph.parse(data=ox.serialize(store.triples(), format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph
