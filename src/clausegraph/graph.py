"""Load the graph's source files: into a pyoxigraph store (for SPARQL) or an rdflib graph (for SHACL and export)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from .errors import DataError
from .sources import PREFIXES, Source, graph_sources


def load_store(sources: Iterable[Source] | None = None) -> ox.Store:
    """An in-memory Oxigraph store holding each source file in its own named graph."""
    store = ox.Store()
    for source in sources if sources is not None else graph_sources():
        try:
            store.bulk_load(path=str(source.path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(source.graph))
        except (SyntaxError, ValueError) as exc:
            raise DataError(f"{source.path} is not valid Turtle: {exc}") from exc
    return store


def load_rdflib(paths: Iterable[Path] | None = None) -> rdflib.Graph:
    """The merged graph of the given Turtle files (default: every graph source) as one rdflib graph."""
    graph = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, replace=True)
    for path in paths if paths is not None else [s.path for s in graph_sources()]:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types for bad syntax
            raise DataError(f"{path} is not valid Turtle: {exc}") from exc
    return graph
