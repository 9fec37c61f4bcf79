"""The rules on variants, compiled from their SHACL shapes, and a spec checked against them.

``ontology/variant-shapes.ttl`` is the source of truth. :func:`compile_rules` (run once, when the
template is read) turns each node shape that constrains an option into a :class:`Rule` whose checks
are Python closures over the spec's typed values: SHACL Core's value constraints (``sh:in``,
``sh:hasValue``, ``sh:minInclusive`` …), the logical ones (``sh:or``, ``sh:and``, ``sh:not``,
``sh:xone``) and property shapes, each with the shape's message, severity and legal ground joined
once. A SPARQL-based constraint (``sh:sparql``) runs, with ``$this`` pre-bound as SHACL says, in a
private in-memory Oxigraph store that holds nothing but the variant's own triples. A shape that
uses anything else is refused when the template is read, so a new kind of rule cannot be skipped
silently. The deactivated shapes are rules over the template's structure (what an omitted
provision is still needed by): they are checked here from :attr:`Template.needs`, worded by their
``sh:message``.

:func:`check` returns :class:`Findings`; it never raises for a refusal (assembling refuses).
pySHACL, validating the same variant node against the same file, is the oracle the tests hold the
compiled rules to.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from ..errors import DataError
from ..results import compact
from .spec import Spec
from .template import PROVISION_KINDS, Option, Template, python_value

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
CG = "https://w3id.org/clausegraph/ontology#"
CGV = "https://w3id.org/clausegraph/variant-shapes#"
SEVERITIES = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}
_RANK = {"violation": 0, "warning": 1, "info": 2}
_PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")
#: shape parameters that are not constraints
_PARAMETERS = {SH + p for p in ("path", "message", "severity", "name", "description", "order", "group", "deactivated",
                                 "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "prefixes", "declare",
                                 "select", "defaultValue")}

Term = tuple[str, str]  # an RDF literal as (lexical form, datatype IRI)
#: one result of a check: the offending value (None for the variant as a whole) and, per language, the words that
#: fill the message's {?name} placeholders (None when the message has none)
Result = tuple[Any, Mapping[str, Mapping[str, str]] | None]


@dataclass(frozen=True)
class Finding:
    """One broken rule: the option, the rule and its legal ground (labels in en and zh), severity, the message in
    en and zh, the rule's IRI (its SHACL shape), the ground's IRI, and the offending value (None when the finding is
    about the variant as a whole)."""

    option: str
    rule: str
    rule_zh: str
    ground: str | None
    ground_zh: str | None
    severity: str  # violation, warning or info
    message: str
    message_zh: str
    shape: str
    ground_iri: str | None
    value: Any = None


@dataclass(frozen=True)
class Findings:
    """What :func:`check` found, violations first."""

    items: tuple[Finding, ...]

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.items if f.severity == "violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.items if f.severity != "violation")

    @property
    def refused(self) -> bool:
        """Whether the variant breaks a rule whose severity is violation (it is not assembled)."""
        return any(f.severity == "violation" for f in self.items)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Variant:
    """A spec as the shapes see it: the cg:Variant node's literal values per option IRI."""

    values: Mapping[str, tuple[Term, ...]]
    python: Mapping[str, tuple[Any, ...]]  # the same values as the spec holds them (bool, int, str)
    template: Template
    spec: Spec


Check = Callable[[Variant], list[Result]]


@dataclass(frozen=True)
class Rule:
    """One rule (a node shape), compiled: who it concerns, its words, and its checks."""

    shape: str
    option: str
    label: Mapping[str, str]
    ground: str | None
    ground_label: Mapping[str, str]
    checks: tuple[tuple[str, Mapping[str, str], Check], ...]  # (severity, message by language, check)

    @property
    def name(self) -> str:
        return self.label.get("en") or compact(self.shape)


# ------------------------------------------------------------------ the variant as literals


def literal(option: Option, value: Any) -> Term:
    """An option value as the literal of the cg:Variant node (``true``^^xsd:boolean, ``24``^^xsd:integer, text)."""
    if option.datatype == "boolean":
        return ("true" if value else "false", XSD + "boolean")
    if option.datatype == "integer":
        return (str(int(value)), XSD + "integer")
    return (str(value), XSD + "string")


def variant_values(template: Template, spec: Spec) -> dict[str, tuple[Any, ...]]:
    """Per option IRI, the values the variant node has (a list option has one per element; unset text has none)."""
    out: dict[str, tuple[Any, ...]] = {}
    for option in template.options:
        value = spec.values[option.key]
        items = tuple(value) if option.is_list else (value,)
        out[option.iri] = tuple(item for item in items if item is not None)
    return out


def variant_triples(template: Template, spec: Spec, node: ox.BlankNode | ox.NamedNode) -> list[ox.Triple]:
    """The variant as RDF: ``node a cg:Variant ; opt:KEY VALUE …`` (what SHACL validates)."""
    return _triples(_variant(template, spec).values, node)


def _triples(values: Mapping[str, tuple[Term, ...]], node: ox.BlankNode | ox.NamedNode) -> list[ox.Triple]:
    triples = [ox.Triple(node, _RDF_TYPE, _CG_VARIANT)]
    for iri, terms in values.items():
        predicate = ox.NamedNode(iri)
        triples += [ox.Triple(node, predicate, ox.Literal(lexical, datatype=ox.NamedNode(datatype))) for lexical, datatype in terms]
    return triples


_RDF_TYPE = ox.NamedNode(RDF + "type")
_CG_VARIANT = ox.NamedNode(CG + "Variant")


def _variant(template: Template, spec: Spec) -> Variant:
    python = variant_values(template, spec)
    return Variant({o.iri: tuple(literal(o, v) for v in python[o.iri]) for o in template.options}, python, template, spec)


# ------------------------------------------------------------------ compiling the shapes


class _Shapes:
    """The shapes' triples, indexed by subject."""

    def __init__(self, triples: Iterable[ox.Triple]):
        self.by_subject: dict[Any, dict[str, list[Any]]] = {}
        for t in triples:
            self.by_subject.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)

    def values(self, node: Any, predicate: str) -> list[Any]:
        return self.by_subject.get(node, {}).get(predicate, [])

    def one(self, node: Any, predicate: str) -> Any:
        found = self.values(node, predicate)
        return found[0] if found else None

    def items(self, head: Any) -> list[Any]:
        """The members of an RDF list."""
        out, seen = [], set()
        while head is not None and head != ox.NamedNode(RDF + "nil") and head not in seen:
            seen.add(head)
            first = self.one(head, RDF + "first")
            if first is None:
                raise DataError(f"a shape's list node {head} has no rdf:first; is ontology/variant-shapes.ttl loaded whole?")
            out.append(first)
            head = self.one(head, RDF + "rest")
        return out

    def messages(self, node: Any) -> dict[str, str]:
        return {m.language or "en": m.value for m in self.values(node, SH + "message") if isinstance(m, ox.Literal)}

    def severity(self, node: Any) -> str:
        value = self.one(node, SH + "severity")
        return SEVERITIES.get(value.value, "violation") if value is not None else "violation"

    def deactivated(self, node: Any) -> bool:
        value = self.one(node, SH + "deactivated")
        return value is not None and value.value == "true"


def _term(node: Any, where: str) -> Term:
    if not isinstance(node, ox.Literal):
        raise DataError(f"{where}: the compiled rules compare option values with literals, not {node}")
    return (node.value, node.datatype.value)


def _number(term: Term) -> Decimal | None:
    lexical, datatype = term
    if datatype.removeprefix(XSD) not in ("integer", "decimal", "int", "long", "short", "byte", "nonNegativeInteger",
                                          "positiveInteger", "negativeInteger", "nonPositiveInteger", "double", "float"):
        return None
    try:
        return Decimal(lexical)
    except InvalidOperation:
        return None


def _compare(limit: Term, accept: Callable[[Decimal, Decimal], bool]) -> Callable[[Term], bool]:
    bound = _number(limit)
    if bound is None:
        raise DataError(f"a numeric range constraint needs a number, not {limit[0]!r}^^{compact(limit[1])}")

    def ok(value: Term) -> bool:
        number = _number(value)
        return number is not None and accept(number, bound)

    return ok


def _value_constraint(predicate: str, objects: list[Any], shapes: _Shapes, owner: Any, where: str) -> Callable[[tuple[Term, ...]], list[Any]]:
    """A constraint of the property shape ``owner`` on its path's values: returns the failing values (None for one
    result without a value)."""
    name = predicate.removeprefix(SH)
    node = objects[0]
    if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
        test = {"minInclusive": lambda v, b: v >= b, "maxInclusive": lambda v, b: v <= b,
                "minExclusive": lambda v, b: v > b, "maxExclusive": lambda v, b: v < b}[name]
        ok = _compare(_term(node, where), test)
        return lambda values: [v for v in values if not ok(v)]
    if name in ("minLength", "maxLength"):
        size = int(_term(node, where)[0])
        return (lambda values: [v for v in values if len(v[0]) < size]) if name == "minLength" else \
               (lambda values: [v for v in values if len(v[0]) > size])
    if name == "in":
        allowed = {_term(member, where) for member in shapes.items(node)}
        return lambda values: [v for v in values if v not in allowed]
    if name == "hasValue":
        wanted = _term(node, where)
        return lambda values: [] if wanted in values else [None]
    if name == "minCount":
        count = int(_term(node, where)[0])
        return lambda values: [None] if len(values) < count else []
    if name == "maxCount":
        count = int(_term(node, where)[0])
        return lambda values: [None] if len(values) > count else []
    if name == "datatype":
        datatype = node.value
        return lambda values: [v for v in values if v[1] != datatype]
    if name == "pattern":
        flags = shapes.one(owner, SH + "flags")
        pattern = re.compile(_term(node, where)[0], _regex_flags(flags.value if flags is not None else ""))
        return lambda values: [v for v in values if not pattern.search(v[0])]
    raise DataError(f"{where} uses sh:{name}, which the compiled rules do not support; supported: in, hasValue, "
                    "min/maxInclusive, min/maxExclusive, min/maxLength, min/maxCount, datatype, pattern, or, and, not, "
                    "xone, property, sparql")


def _regex_flags(flags: str) -> int:
    out = 0
    for flag in flags:
        out |= {"i": re.I, "s": re.S, "m": re.M, "x": re.X}.get(flag, 0)
    return out


class _Compiler:
    def __init__(self, shapes: _Shapes):
        self.shapes = shapes

    def constraints(self, node: Any, where: str, *, skip: set[str]) -> list[tuple[str, list[Any]]]:
        out = []
        for predicate, objects in self.shapes.by_subject.get(node, {}).items():
            if not predicate.startswith(SH) or predicate in _PARAMETERS or predicate in skip:
                continue
            out.append((predicate, objects))
        return out

    def property_check(self, node: Any, where: str) -> Check:
        """A property shape: its path's values against each of its constraints; one result per failing value."""
        path = self.shapes.one(node, SH + "path")
        if not isinstance(path, ox.NamedNode):
            raise DataError(f"{where}: the compiled rules support property shapes whose sh:path is an IRI, not {path}")
        tests = [_value_constraint(p, [obj], self.shapes, node, where)
                 for p, objs in self.constraints(node, where, skip={SH + "flags"}) for obj in objs]

        def check(variant: Variant) -> list[Result]:
            values = variant.values.get(path.value, ())
            python = variant.python.get(path.value, ())
            results: list[Result] = []
            for test in tests:
                for failing in test(values):
                    results.append((python[values.index(failing)] if failing is not None else None, None))
            return results

        return check

    def conforms(self, node: Any, where: str) -> Callable[[Variant], bool]:
        """Whether the variant node conforms to the shape ``node`` (no result of any severity)."""
        checks = self.node_checks(node, where)
        return lambda variant: not any(check(variant) for _severity, _messages, check in checks)

    def node_checks(self, node: Any, where: str) -> list[tuple[str, Mapping[str, str], Check]]:
        """The checks of a shape on the variant node: its property shapes, its node-level constraints."""
        checks: list[tuple[str, Mapping[str, str], Check]] = []
        if self.shapes.one(node, SH + "path") is not None:  # a property shape used as a member of sh:or etc.
            checks.append((self.shapes.severity(node), self.shapes.messages(node), self.property_check(node, where)))
            return checks
        severity, messages = self.shapes.severity(node), self.shapes.messages(node)
        for predicate, objects in self.constraints(node, where, skip=set()):
            name = predicate.removeprefix(SH)
            for obj in objects:
                if name == "property":
                    if not self.shapes.deactivated(obj):
                        checks.append((self.shapes.severity(obj), self.shapes.messages(obj), self.property_check(obj, where)))
                elif name == "node":
                    member = self.conforms(obj, where)
                    checks.append((severity, messages, lambda v, m=member: [] if m(v) else [(None, None)]))
                elif name in ("or", "and", "xone"):
                    members = [self.conforms(m, where) for m in self.shapes.items(obj)]
                    need = {"or": lambda n, total: n >= 1, "and": lambda n, total: n == total, "xone": lambda n, total: n == 1}[name]
                    checks.append((severity, messages, lambda v, ms=members, need=need:
                                   [] if need(sum(1 for m in ms if m(v)), len(ms)) else [(None, None)]))
                elif name == "not":
                    member = self.conforms(obj, where)
                    checks.append((severity, messages, lambda v, m=member: [(None, None)] if m(v) else []))
                elif name == "sparql":
                    if not self.shapes.deactivated(obj):
                        checks.append((severity, self.shapes.messages(obj) or messages, self.sparql_check(obj, where)))
                else:
                    raise DataError(f"{where} uses sh:{name} on the variant node itself, which the compiled rules do not support")
        return checks

    def sparql_check(self, node: Any, where: str) -> Check:
        """A SPARQL-based constraint: its SELECT over the variant's own triples, ``$this`` pre-bound; one result per row."""
        select = self.shapes.one(node, SH + "select")
        if select is None:
            raise DataError(f"{where}: a sh:sparql constraint without sh:select")
        prefixes = []
        for source in self.shapes.values(node, SH + "prefixes"):
            for declaration in self.shapes.values(source, SH + "declare"):
                prefix, namespace = self.shapes.one(declaration, SH + "prefix"), self.shapes.one(declaration, SH + "namespace")
                if prefix is None or namespace is None:
                    raise DataError(f"{where}: a sh:declare without sh:prefix and sh:namespace")
                prefixes.append(f"PREFIX {prefix.value}: <{namespace.value}>")
        text = "\n".join(prefixes) + "\n" + select.value
        this = ox.BlankNode()
        try:  # a syntax error is the shape's, found when the template is read
            ox.Store().query(text, substitutions={ox.Variable("this"): this})
        except SyntaxError as exc:
            raise DataError(f"{where}: its sh:select is not valid SPARQL: {exc}") from exc

        @lru_cache(maxsize=4096)
        def evaluate(values: tuple[tuple[str, tuple[Term, ...]], ...]) -> tuple[Result, ...]:
            # the answer depends on nothing but the variant's triples: each distinct variant is evaluated once
            store = ox.Store()
            store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in _triples(dict(values), this))
            results: list[Result] = []
            solutions = store.query(text, substitutions={ox.Variable("this"): this})
            names = [v.value for v in solutions.variables]
            for solution in solutions:
                bound = {name: solution[name] for name in names if solution[name] is not None}
                value = bound.get("value")
                words = {name: term.value for name, term in bound.items()}
                results.append((python_value(value) if isinstance(value, ox.Literal) else None, {"en": words, "zh": words}))
            return tuple(results)

        def check(variant: Variant) -> list[Result]:
            return list(evaluate(tuple(variant.values.items())))

        return check


def compile_rules(metadata: list[Mapping[str, Any]], triples: Iterable[ox.Triple]) -> tuple[Rule, ...]:
    """The rules of a template: ``metadata`` rows of queries/drafting/rules.rq, ``triples`` of rule-shapes.rq."""
    shapes = _Shapes(triples)
    compiler = _Compiler(shapes)
    rules = []
    for row in metadata:
        iri = row["shape"].value
        where = f"shape {compact(iri)} (ontology/variant-shapes.ttl)"
        label = {lang: row[f"rule{lang.title()}"].value for lang in ("zh", "en") if row[f"rule{lang.title()}"] is not None}
        ground_label = {lang: row[f"ground{lang.title()}"].value for lang in ("zh", "en") if row[f"ground{lang.title()}"] is not None}
        ground = row["ground"].value if row["ground"] is not None else None
        node = ox.NamedNode(iri)
        if row["deactivated"].value == "true":
            structural = STRUCTURAL.get(iri)
            if structural is None:
                continue  # deactivated for SHACL and not a structural rule: nothing checks it, as SHACL says
            checks = ((shapes.severity(node), shapes.messages(node), lambda v, f=structural: f(v.template, v.spec)),)
        elif row["targetsVariants"].value != "true":
            continue  # a shape that does not target cg:Variant never sees a variant node
        else:
            checks = tuple(compiler.node_checks(node, where))
        for _severity, messages, _check in checks:
            missing = [lang for lang in ("en", "zh") if lang not in messages]
            if missing:
                raise DataError(f"{where}: every rule needs its sh:message in en and zh (missing: {', '.join(missing)})")
        rules.append(Rule(iri, row["key"].value, label, ground, ground_label, checks))
    return tuple(rules)


# ------------------------------------------------------------------ the structural rules


def _gone(template: Template, omitted: frozenset[str], iri: str) -> str | None:
    """The omitted component that takes ``iri`` with it (itself or an ancestor), if any."""
    for ancestor in template.lineage.get(iri, (iri,)):
        if ancestor in omitted:
            return ancestor
    return None


def _joined(names: list[str]) -> dict[str, str]:
    return {"en": ", ".join(names), "zh": "、".join(names)}


def _needed(template: Template, spec: Spec, kind: str) -> list[Result]:
    omitted = spec.omitted
    if not omitted:
        return []
    groups: dict[tuple[str, str], list[str]] = {}
    labels: dict[tuple[str, str], Mapping[str, str]] = {}
    for need in template.needs:
        if need.kind != kind:
            continue
        provision = _gone(template, omitted, need.provision)
        if provision is None or _gone(template, omitted, need.dependant) is not None:
            continue
        if any(_gone(template, omitted, other) is None for other in need.also_defined_in):
            continue  # another definition of the term is kept
        key = (provision, need.reason)
        names = groups.setdefault(key, [])
        name = template.name(need.dependant)
        if name not in names:
            names.append(name)
        labels[key] = need.label
    results: list[Result] = []
    for (provision, reason), names in groups.items():
        joined = _joined(names)
        words = {lang: {"provision": template.name(provision), "dependants": joined[lang]} for lang in ("en", "zh")}
        for lang in ("en", "zh"):
            if kind == "term":
                words[lang]["term"] = labels[(provision, reason)].get(lang) or labels[(provision, reason)].get("zh") or compact(reason)
            else:
                words[lang]["target"] = template.name(reason)
        results.append((None, words))
    return results


def _emptied(template: Template, spec: Spec) -> list[Result]:
    results: list[Result] = []
    if not spec.omitted:
        return results
    for component in template.components:
        if component.kind not in PROVISION_KINDS[:2]:
            continue
        parts = template.children.get(component.iri, ())
        if parts and _gone(template, spec.omitted, component.iri) is None and all(p in spec.omitted for p in parts):
            name = template.name(component.iri)
            results.append((None, {"en": {"provision": name}, "zh": {"provision": name}}))
    return results


STRUCTURAL: dict[str, Callable[[Template, Spec], list[Result]]] = {
    CGV + "OmittedDefinitionInUse": lambda template, spec: _needed(template, spec, "term"),
    CGV + "OmittedReferenceTarget": lambda template, spec: _needed(template, spec, "reference"),
    CGV + "KeptProvisionKeepsAPart": _emptied,
}


# ------------------------------------------------------------------ checking


def _fill(message: str, words: Mapping[str, str] | None) -> str:
    if not words:
        return message
    return _PLACEHOLDER.sub(lambda m: words.get(m.group(1), m.group(0)), message)


def check(template: Template, spec: Spec) -> Findings:
    """Every finding of the spec against the template's rules, violations first. Never raises for a refusal."""
    variant = _variant(template, spec)
    order = {o.key: i for i, o in enumerate(template.options)}
    found: list[Finding] = []
    for rule in template.rules:
        for severity, messages, run in rule.checks:
            for value, words in run(variant):
                found.append(Finding(
                    option=rule.option,
                    rule=rule.name,
                    rule_zh=rule.label.get("zh", ""),
                    ground=rule.ground_label.get("en"),
                    ground_zh=rule.ground_label.get("zh"),
                    severity=severity,
                    message=_fill(messages["en"], words and words.get("en")),
                    message_zh=_fill(messages["zh"], words and words.get("zh")),
                    shape=rule.shape,
                    ground_iri=rule.ground,
                    value=value,
                ))
    found.sort(key=lambda f: (_RANK.get(f.severity, 3), order.get(f.option, len(order)), f.rule, f.message))
    return Findings(tuple(found))
