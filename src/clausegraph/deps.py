"""The clause dependency graph: built from the agreement graph by queries/deps/*.rq, held in networkx.

An edge goes from what depends to what it rests on (3.1 → 商业秘密 → 1.1), typed by a
``cg:DependencyKind`` from the graph and, when it passes through a norm or a cross-reference record,
naming it (``via``). Nothing here lists a dependency: every edge comes from the CONSTRUCT query.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pyoxigraph as ox

from .errors import BadInputError
from .formats import choices
from .ordering import natural_key
from .queries import QUERIES_DIR, expand_iri, read_query, run
from .results import compact
from .store import Store

CG = "https://w3id.org/clausegraph/ontology#"
PROVISION_KINDS = ("article", "paragraph", "item", "preamble")
_DEPENDENT = ox.NamedNode(CG + "dependent")
_DEPENDS_ON = ox.NamedNode(CG + "dependsOn")
_KIND = ox.NamedNode(CG + "dependencyKind")
_VIA = ox.NamedNode(CG + "via")


@dataclass(frozen=True)
class Kind:
    """A kind of dependency, as the graph names and defines it."""

    id: str  # uses-term, refers-to, …
    label_zh: str
    label_en: str
    definition: str


def _query(name: str) -> str:
    return read_query(QUERIES_DIR / "deps" / f"{name}.rq").text


def dependency_kinds(store: Store) -> dict[str, Kind]:
    """Every kind of dependency, by its short id (``uses-term``)."""
    kinds = {}
    for row in run(store, _query("kinds")):
        kind_id = row["kind"].value.removeprefix(CG + "dep-")
        kinds[kind_id] = Kind(kind_id, row["labelZh"].value, row["labelEn"].value, row["definition"].value)
    return kinds


def display_name(attrs: dict[str, Any]) -> str:
    """How a node is named to a reader: a provision by its number, anything else by its Chinese label."""
    if attrs.get("kind") in PROVISION_KINDS and attrs.get("path"):
        return str(attrs["path"])
    return str(attrs.get("label_zh") or attrs.get("label_en") or attrs.get("id"))


def dependency_graph(store: Store) -> nx.MultiDiGraph:
    """The whole dependency graph: nodes keyed by compact IRI (``ag:art-3-para-5``), one edge per
    (dependent, depends-on, kind), with the kind's labels and the ``via`` records."""
    nodes = {}
    for row in run(store, _query("nodes")):
        node = compact(row["node"].value)
        nodes[node] = {
            "id": node,
            "iri": row["node"].value,
            "kind": row["kind"].value,
            "kind_zh": row["kindZh"].value,
            "kind_en": row["kindEn"].value,
            "label_zh": row["labelZh"].value if row["labelZh"] is not None else "",
            "label_en": row["labelEn"].value if row["labelEn"] is not None else "",
            "path": row["path"].value if row["path"] is not None else "",
        }
    kinds = dependency_kinds(store)
    edges: dict[ox.BlankNode | ox.NamedNode, dict[str, Any]] = {}
    for triple in run(store, _query("dependencies")):
        record = edges.setdefault(triple.subject, {"via": []})
        if triple.predicate == _DEPENDENT:
            record["source"] = compact(triple.object.value)
        elif triple.predicate == _DEPENDS_ON:
            record["target"] = compact(triple.object.value)
        elif triple.predicate == _KIND:
            record["kind"] = triple.object.value.removeprefix(CG + "dep-")
        elif triple.predicate == _VIA:
            record["via"].append(compact(triple.object.value))
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes.items())  # every provision, term, sanction, event and instrument, with or without edges
    for record in edges.values():
        source, target, kind = record["source"], record["target"], record["kind"]
        for node in (source, target):
            if node not in graph:
                graph.add_node(node, **nodes.get(node, {"id": node, "kind": "other", "label_zh": "", "label_en": "", "path": ""}))
        if graph.has_edge(source, target, key=kind):
            data = graph.edges[source, target, kind]
            data["via"] = sorted(set(data["via"]) | set(record["via"]))
            continue
        graph.add_edge(source, target, key=kind, kind=kind, kind_zh=kinds[kind].label_zh, kind_en=kinds[kind].label_en,
                       via=sorted(record["via"]))
    return graph


def explain(graph: nx.MultiDiGraph, source: str, target: str, kind: str) -> str:
    """One edge in words: ``3.5 uses term 商业秘密``."""
    data = graph.edges[source, target, kind]
    via = f" (via {', '.join(data['via'])})" if data["via"] else ""
    return f"{display_name(graph.nodes[source])} {data['kind_en']} {display_name(graph.nodes[target])}{via}"


def provision_parts(store: Store, provision: ox.NamedNode) -> list[str]:
    """The provision and every part under it, as compact IRIs."""
    rows = run(store, _query("parts"), {ox.Variable("provision"): provision})
    return [compact(provision.value), *(compact(row["part"].value) for row in rows)]


def neighbourhood(graph: nx.MultiDiGraph, centre: list[str]) -> nx.MultiDiGraph:
    """The centre nodes (a provision and its parts) with every edge into or out of them."""
    keep = set(centre)
    for node in centre:
        if node in graph:
            keep |= set(graph.successors(node)) | set(graph.predecessors(node))
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, graph.nodes[n]) for n in keep if n in graph)
    for source, target, key, data in graph.edges(keys=True, data=True):
        if source in centre or target in centre:
            sub.add_edge(source, target, key=key, **data)
    for node in centre:  # a provision with no edges still shows
        if node not in sub and node in graph:
            sub.add_node(node, **graph.nodes[node])
    return sub


def resolve_node(graph: nx.MultiDiGraph, store: Store, name: str) -> str:
    """A node named by a provision number (3.5), a term or instrument label (经营信息, 合同法, Contract Law)
    or an IRI (ag:art-3-para-5); the error lists what can be named."""
    wanted = name.strip()
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") in PROVISION_KINDS and attrs.get("path") == wanted:
            return node
    for node, attrs in graph.nodes(data=True):
        if wanted in (attrs.get("label_zh"), attrs.get("label_en")) or wanted.casefold() == str(attrs.get("label_en", "")).casefold():
            return node
    if ":" in wanted:
        try:
            node = compact(expand_iri(wanted).value)
        except BadInputError:
            node = ""
        if node in graph:
            return node
    provisions = sorted((a["path"] for _, a in graph.nodes(data=True) if a.get("kind") in PROVISION_KINDS and a.get("path")),
                        key=natural_key)
    terms = sorted(a["label_zh"] for _, a in graph.nodes(data=True) if a.get("kind") == "term")
    instruments = sorted(a["label_zh"] for _, a in graph.nodes(data=True) if a.get("kind") == "instrument")
    raise BadInputError(
        f"{name!r} names nothing in the dependency graph; name a provision ({', '.join(provisions)}), "
        f"a defined term ({', '.join(terms)}) or a legal instrument ({', '.join(instruments)})"
    )


# --- exports -------------------------------------------------------------------------------------


def to_json(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as a JSON document (schema: docs/dependency-graph.schema.json)."""
    nodes = [
        {"id": n, "iri": a.get("iri", ""), "kind": a["kind"], "label_zh": a["label_zh"], "label_en": a["label_en"],
         "path": a["path"] or None, "name": display_name(a)}
        for n, a in sorted(graph.nodes(data=True))
    ]
    edges = [
        {"source": s, "target": t, "kind": d["kind"], "kind_zh": d["kind_zh"], "kind_en": d["kind_en"], "via": d["via"],
         "explanation": explain(graph, s, t, k)}
        for s, t, k, d in sorted(graph.edges(keys=True, data=True))
    ]
    return {"nodes": nodes, "edges": edges}


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """GraphML (networkx's writer): node and edge attributes as strings, ``via`` joined by spaces."""
    plain = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        plain.add_node(node, **{k: str(v) for k, v in attrs.items()}, name=display_name(attrs))
    for source, target, key, data in graph.edges(keys=True, data=True):
        plain.add_edge(source, target, key=key, **{k: (" ".join(v) if isinstance(v, list) else str(v)) for k, v in data.items()})
    return "\n".join(nx.generate_graphml(plain, prettyprint=True))


EDGE_STYLES: dict[str, dict[str, str]] = {
    "uses-term": {"color": "#1f77b4"},
    "defined-in": {"color": "#1f77b4", "style": "dashed"},
    "includes-term": {"color": "#1f77b4", "style": "dotted"},
    "refers-to": {"color": "#d62728", "penwidth": "2"},
    "sanctioned-by": {"color": "#9467bd"},
    "stated-in": {"color": "#9467bd", "style": "dashed"},
    "legal-basis": {"color": "#2ca02c"},
    "cites": {"color": "#2ca02c", "style": "dashed"},
    "part-of": {"color": "#2ca02c", "style": "dotted"},
    "timed-by": {"color": "#ff7f0e"},
    "relative-to": {"color": "#ff7f0e", "style": "dotted"},
}
NODE_STYLES: dict[str, dict[str, str]] = {
    "article": {"shape": "box", "style": "filled", "fillcolor": "#e8eef7"},
    "paragraph": {"shape": "box", "style": "filled", "fillcolor": "#f3f6fb"},
    "item": {"shape": "box", "style": "filled", "fillcolor": "#fbfcfe"},
    "preamble": {"shape": "box", "style": "filled", "fillcolor": "#f3f6fb"},
    "term": {"shape": "ellipse", "style": "filled", "fillcolor": "#dbeafe"},
    "sanction": {"shape": "octagon", "style": "filled", "fillcolor": "#ede9fe"},
    "event": {"shape": "diamond", "style": "filled", "fillcolor": "#ffedd5"},
    "instrument": {"shape": "note", "style": "filled", "fillcolor": "#dcfce7"},
    "statute-article": {"shape": "note", "style": "filled", "fillcolor": "#f0fdf4"},
}
FONT = "Noto Sans CJK SC"


def to_dot(graph: nx.MultiDiGraph) -> str:
    """Graphviz DOT: nodes shaped by kind, edges coloured and dashed by kind, Chinese labels."""
    import graphviz

    dot = graphviz.Digraph("dependencies", graph_attr={"rankdir": "LR", "fontname": FONT, "charset": "UTF-8"},
                           node_attr={"fontname": FONT, "fontsize": "11"}, edge_attr={"fontname": FONT, "fontsize": "9"})
    ids = {node: f"n{index}" for index, node in enumerate(sorted(graph.nodes))}  # "ag:x" would read as node:port
    for node, attrs in sorted(graph.nodes(data=True)):
        label = display_name(attrs)
        if attrs.get("kind") in PROVISION_KINDS:
            label = f"{label}\n{attrs.get('label_zh', '')}"
        dot.node(ids[node], label=label, id=node, tooltip=f"{attrs.get('kind_en', '')}: {attrs.get('label_en', '')}",
                 **NODE_STYLES.get(attrs.get("kind", ""), {}))
    for source, target, key, data in sorted(graph.edges(keys=True, data=True)):
        dot.edge(ids[source], ids[target], label=data["kind_zh"], tooltip=explain(graph, source, target, key), **EDGE_STYLES.get(key, {}))
    return dot.source


def render_picture(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """SVG or PNG drawn by Graphviz's ``dot`` (a system package)."""
    import graphviz

    try:
        return graphviz.Source(to_dot(graph)).pipe(format=fmt)
    except graphviz.ExecutableNotFound as exc:
        raise BadInputError("drawing needs Graphviz's dot: apt-get install graphviz (.ci/run installs it)") from exc


EXPORT_FORMATS = choices("deps")


def export(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """The graph in one of EXPORT_FORMATS."""
    if fmt == "json":
        return (json.dumps(to_json(graph), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "graphml":
        return to_graphml(graph).encode("utf-8")
    if fmt == "dot":
        return to_dot(graph).encode("utf-8")
    if fmt in ("svg", "png"):
        return render_picture(graph, fmt)
    raise BadInputError(f"--format {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
