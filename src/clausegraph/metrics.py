"""Research metrics of the dependency graph (networkx): degrees per provision, the most depended-on
definitions, cycles, and the longest dependency chain."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .deps import PROVISION_KINDS, display_name
from .ordering import natural_key

SHOWN_CYCLES = 8


@dataclass(frozen=True)
class Metrics:
    """What ``clausegraph deps --metrics`` reports."""

    degrees: list[tuple[str, int, int]]  # (provision number, in-degree, out-degree), in source order
    terms: list[tuple[str, int]]  # (term, how many things depend on it), most first
    cycles: list[list[str]]  # each as display names, in dependency order, shortest first
    cyclic_groups: list[list[str]]  # strongly connected groups of more than one node
    longest_chain: list[str]  # display names, dependent first


def compute(graph: nx.MultiDiGraph) -> Metrics:
    """The metrics of the whole dependency graph (edges of different kinds between two nodes count once)."""
    simple = nx.DiGraph(graph)
    name = {n: display_name(a) for n, a in graph.nodes(data=True)}
    provisions = [n for n, a in graph.nodes(data=True) if a.get("kind") in PROVISION_KINDS and a.get("path")]
    provisions.sort(key=lambda n: natural_key(graph.nodes[n]["path"]))
    degrees = [(name[n], simple.in_degree(n), simple.out_degree(n)) for n in provisions]
    terms = sorted(((name[n], simple.in_degree(n)) for n, a in graph.nodes(data=True) if a.get("kind") == "term"),
                   key=lambda t: (-t[1], t[0]))
    cycles = sorted(([name[n] for n in _rotate(c)] for c in nx.simple_cycles(simple)), key=lambda c: (len(c), c))
    condensed = nx.condensation(simple)
    chain_components = nx.dag_longest_path(condensed)
    members = condensed.graph["mapping"]
    by_component: dict[int, list[str]] = {}
    for node, component in members.items():
        by_component.setdefault(component, []).append(node)
    longest = [name[sorted(by_component[c])[0]] if len(by_component[c]) == 1 else "{" + ", ".join(sorted(name[n] for n in by_component[c])) + "}"
               for c in chain_components]
    groups = sorted((sorted(name[n] for n in group) for group in nx.strongly_connected_components(simple) if len(group) > 1),
                    key=lambda g: (-len(g), g))
    return Metrics(degrees, terms, cycles, groups, longest)


def _rotate(cycle: list[str]) -> list[str]:
    """A cycle starting at its smallest node, so that the report is the same on every run."""
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


def render(metrics: Metrics) -> str:
    """The metrics as text: the degrees and the definitions as tables (:mod:`clausegraph.tables`), then the cycles
    and the longest chain."""
    from .tables import render as table

    lines = ["Provisions: in-degree (what depends on it) / out-degree (what it rests on)",
             table(("provision", "in", "out"), metrics.degrees, count=None)]
    lines += ["", "Most depended-on definitions", table(("definition", "depended on by"), metrics.terms, count=None)]
    lines += ["", f"Cycles: {len(metrics.cycles)}, in {len(metrics.cyclic_groups)} strongly connected group(s)"]
    lines += [f"  group of {len(group)}: {', '.join(group)}" for group in metrics.cyclic_groups]
    lines += [f"  {' → '.join([*cycle, cycle[0]])}" for cycle in metrics.cycles[:SHOWN_CYCLES]]
    if len(metrics.cycles) > SHOWN_CYCLES:
        lines.append(f"  … and {len(metrics.cycles) - SHOWN_CYCLES} longer ones (--format json lists them all)")
    lines += ["", f"Longest dependency chain ({len(metrics.longest_chain)} nodes)", f"  {' → '.join(metrics.longest_chain)}"]
    return "\n".join(lines) + "\n"
