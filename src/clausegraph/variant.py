"""Legal limits on a variant: the option values as one cg:Variant node, validated by
ontology/variant-shapes.ttl before anything is rendered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyshacl
import rdflib
from rdflib.namespace import RDF, SH, XSD

from .errors import ViolationsFound
from .graph import load_rdflib
from .options import OptionDef
from .queries import QUERIES_DIR, read_query, run
from .sources import CG, ONTOLOGY_DIR
from .locks import RDFLIB_SPARQL
from .store import Store

VARIANT_SHAPES = ONTOLOGY_DIR / "variant-shapes.ttl"


@dataclass(frozen=True)
class RuleIssue:
    """One broken rule: the option, the rule, its legal ground (if any), severity and message."""

    option: str
    rule: str
    rule_zh: str
    ground: str | None
    ground_zh: str | None
    severity: str  # "violation" or "warning"
    message: str
    message_zh: str


class VariantRefused(ViolationsFound):
    """The variant breaks legal limits or the dependency rules; nothing is rendered."""

    code = "variant-refused"

    def __init__(self, issues: list[RuleIssue], warnings: list[RuleIssue] | None = None):
        self.issues = issues
        self.warnings = warnings or []
        lines = [f"{i.option}: {i.message}" + (f" [{i.rule}; ground: {i.ground}]" if i.ground else f" [{i.rule}]") for i in issues]
        super().__init__(f"the variant is refused ({len(issues)} violation{'s' if len(issues) != 1 else ''}):\n  " + "\n  ".join(lines))


@lru_cache(maxsize=1)
def _shapes() -> rdflib.Graph:
    return load_rdflib([VARIANT_SHAPES])


def variant_graph(options: list[OptionDef], values: Mapping[str, Any]) -> rdflib.Graph:
    """The variant as RDF: ``[] a cg:Variant ; opt:<key> <value> …`` (unset blank fields omitted)."""
    graph = rdflib.Graph()
    node = rdflib.BNode()
    graph.add((node, RDF.type, rdflib.URIRef(CG + "Variant")))
    for option in options:
        value = values.get(option.key)
        items = value if option.is_list else [value]
        for item in items or []:
            if item is None:
                continue
            if option.datatype == "boolean":
                literal = rdflib.Literal(bool(item), datatype=XSD.boolean)
            elif option.datatype == "integer":
                literal = rdflib.Literal(int(item), datatype=XSD.integer)
            else:
                literal = rdflib.Literal(str(item))
            graph.add((node, rdflib.URIRef(option.iri), literal))
    return graph


def rule_metadata(store: Store) -> dict[str, dict[str, str | None]]:
    """Per shape IRI: its labels, the option key it constrains, and its legal ground's labels."""
    query = read_query(QUERIES_DIR / "assembly" / "variant-rules.rq")
    out: dict[str, dict[str, str | None]] = {}
    for s in run(store, query.text):
        out[s["shape"].value] = {
            name: (s[name].value if s[name] is not None else None)
            for name in ("key", "ruleEn", "ruleZh", "groundEn", "groundZh")
        }
    return out


def check_variant(store: Store, options: list[OptionDef], values: Mapping[str, Any]) -> list[RuleIssue]:
    """Every violation and warning of the variant, violations first."""
    with RDFLIB_SPARQL:  # pySHACL parses SPARQL constraints with rdflib's parser (not thread-safe)
        _conforms, results, _ = pyshacl.validate(variant_graph(options, values), shacl_graph=_shapes(), allow_warnings=True)
    meta = rule_metadata(store)
    issues = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = results.value(result, SH.sourceShape)
        # property shapes are blank nodes inside a named node shape
        owner = shape
        while isinstance(owner, rdflib.BNode):
            owner = _shapes().value(predicate=SH.property, object=owner) or _shapes().value(predicate=SH.sparql, object=owner)
            if owner is None:
                break
        info = meta.get(str(owner), {})
        messages = {m.language: str(m) for m in results.objects(result, SH.resultMessage)}
        severity = "warning" if results.value(result, SH.resultSeverity) == SH.Warning else "violation"
        issues.append(
            RuleIssue(
                option=info.get("key") or "",
                rule=info.get("ruleEn") or str(owner),
                rule_zh=info.get("ruleZh") or "",
                ground=info.get("groundEn"),
                ground_zh=info.get("groundZh"),
                severity=severity,
                message=messages.get("en", next(iter(messages.values()), "")),
                message_zh=messages.get("zh", ""),
            )
        )
    issues.sort(key=lambda i: (i.severity != "violation", i.option, i.rule))
    return issues
