"""SHACL validation of an agreement graph against ontology/shapes.ttl, as typed results."""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
import rdflib
from rdflib.namespace import SH

from .graph import load_rdflib
from .sources import CG, ONTOLOGY_DIR, SHAPES_FILE


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result."""

    severity: str
    focus: str
    path: str | None
    value: str | None
    shape: str
    message: str


@dataclass(frozen=True)
class ValidationReport:
    """Whether the graph conforms, and every result when it does not."""

    conforms: bool
    violations: tuple[Violation, ...]


def _short(graph: rdflib.Graph, term: rdflib.term.Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return graph.namespace_manager.normalizeUri(term)
    return str(term)


def validate_graph(data: rdflib.Graph, *, shapes: rdflib.Graph | None = None) -> ValidationReport:
    """Validate ``data`` against the shapes (default ontology/shapes.ttl), with the TBox for RDFS inference."""
    shapes_graph = shapes if shapes is not None else load_rdflib([SHAPES_FILE])
    tbox = load_rdflib([ONTOLOGY_DIR / "clausegraph.ttl"])
    conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes_graph, ont_graph=tbox, inference="rdfs", allow_warnings=True
    )
    results.namespace_manager = data.namespace_manager
    violations = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        violations.append(
            Violation(
                severity=_short(results, results.value(result, SH.resultSeverity)) or "sh:Violation",
                focus=_short(results, results.value(result, SH.focusNode)) or "",
                path=_short(results, results.value(result, SH.resultPath)),
                value=_short(results, results.value(result, SH.value)),
                shape=_short(results, results.value(result, SH.sourceShape)) or "",
                message=str(message) if message is not None else "",
            )
        )
    violations.sort(key=lambda v: (v.focus, v.shape, v.path or "", v.value or ""))
    return ValidationReport(conforms=bool(conforms), violations=tuple(violations))


def validate_project() -> ValidationReport:
    """Validate the project's own merged graph (its source files)."""
    return validate_graph(load_rdflib())


__all__ = ["CG", "ValidationReport", "Violation", "validate_graph", "validate_project"]
