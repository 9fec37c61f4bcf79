"""Impact analysis: everything that rests, transitively, on a provision, a defined term or a legal
instrument, each with the chain of dependencies that explains why; on a corpus, the executed
agreements whose text cites a changed instrument."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from .deps import PROVISION_KINDS, display_name, provision_parts
from .ordering import natural_key
from .queries import QUERIES_DIR, read_query, run
from .results import read_table
from .store import Store


@dataclass(frozen=True)
class Step:
    """One link of an explaining chain: ``dependent`` rests on ``depends_on`` because of ``kind``."""

    dependent: str
    depends_on: str
    kind: str
    kind_en: str
    kind_zh: str


@dataclass(frozen=True)
class Affected:
    """One affected node and the chain from the target to it (target first)."""

    node: str
    name: str
    kind: str
    distance: int
    path: tuple[str, ...]  # display names, target first
    steps: tuple[Step, ...]

    def explanation(self) -> str:
        return " → ".join(self.path)


def _sort_key(graph: nx.MultiDiGraph, node: str) -> tuple:
    attrs = graph.nodes[node]
    if attrs.get("kind") in PROVISION_KINDS and attrs.get("path"):
        return (0, natural_key(attrs["path"]), "")
    return (1, natural_key(""), display_name(attrs))


def impact(graph: nx.MultiDiGraph, store: Store, target: str) -> list[Affected]:
    """Everything that depends on ``target`` (a node id; a provision brings its parts), nearest first.
    Each chain is a shortest one, read from the target to the affected node."""
    attrs = graph.nodes[target]
    sources = [target]
    if attrs.get("kind") in PROVISION_KINDS:
        sources = [n for n in provision_parts(store, ox.NamedNode(attrs["iri"])) if n in graph] or [target]
    reverse = graph.reverse(copy=False)
    distances, paths = nx.multi_source_dijkstra(reverse, set(sources))
    affected = []
    for node, hops in paths.items():
        if node in sources:
            continue
        steps = []
        for near, far in zip(hops, hops[1:]):
            kind = min(graph[far][near])  # the edge far → near (far depends on near); the first kind by name
            data = graph.edges[far, near, kind]
            steps.append(Step(far, near, kind, data["kind_en"], data["kind_zh"]))
        affected.append(
            Affected(node, display_name(graph.nodes[node]), graph.nodes[node].get("kind", ""), int(distances[node]),
                     tuple(display_name(graph.nodes[n]) for n in hops), tuple(steps))
        )
    affected.sort(key=lambda a: (a.distance, _sort_key(graph, a.node)))
    return affected


def executed_citing(store: Store, instrument_iri: str):
    """Executed agreements (in the store's corpus) whose text cites the instrument or one of its articles."""
    query = read_query(QUERIES_DIR / "deps" / "executed-citing.rq")
    return read_table(run(store, query.text, {ox.Variable("instrument"): ox.NamedNode(instrument_iri)}))


def instrument_of(graph: nx.MultiDiGraph, node: str) -> str | None:
    """The instrument IRI a node names (itself, or the instrument a statute article belongs to)."""
    attrs = graph.nodes[node]
    if attrs.get("kind") == "instrument":
        return attrs["iri"]
    if attrs.get("kind") == "statute-article":
        for _, parent, kind in graph.out_edges(node, keys=True):
            if kind == "part-of":
                return graph.nodes[parent]["iri"]
    return None
