"""SPARQL text written back from rdflib's parse tree: the query the endpoint runs is the query its guard read.

Two parsers may read one text in two ways (rdflib ends a ``#`` comment only at a line feed, Oxigraph
at a carriage return too), so a guard that inspects one parse and hands the original text to another
engine checks a query that never runs. The endpoint therefore never runs what the client sent: it
parses the text once (rdflib), checks that parse, and runs the text written here from it — no
comments, no prefixes, no escapes beyond those a string or IRI needs, every IRI absolute, every
expression bracketed — so the executing engine can read it only one way.

Anything in the parse tree this module does not know is refused (fail closed), never passed through.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pyparsing import ParseResults
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import RDF
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parserutils import CompValue

from ..errors import QueryError

#: Builtin calls written as NAME(arg, arg1, arg2, …) from the parse tree's argument names, in order.
_ARGUMENT_ORDER = ("arg", "arg1", "arg2", "arg3", "text", "start", "length", "pattern", "replacement", "flags")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_IRI_FORBIDDEN = set('<>"{}|^`\\')


class Unsupported(QueryError):
    """The parse holds a construct this endpoint does not run."""


def _string(value: str) -> str:
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or 0xD800 <= ord(char) <= 0xDFFF or ord(char) in (0x2028, 0x2029, 0x85, 0xFEFF):
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _iri(value: str) -> str:
    if any(c in _IRI_FORBIDDEN or ord(c) <= 0x20 or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise QueryError(f"the IRI <{value[:60]}> holds characters an IRI may not hold")
    return f"<{value}>"


class Writer:
    """Writes one parsed query (rdflib's ``parseQuery`` result) as canonical SPARQL 1.1 text."""

    def __init__(self, prologue) -> None:
        self.prologue = prologue

    # --- terms -----------------------------------------------------------------------------------
    def term(self, node: Any) -> str:
        if isinstance(node, Variable):
            return f"?{node}"
        if isinstance(node, BNode):
            return f"_:{node}"
        if isinstance(node, URIRef):
            return _iri(str(self.prologue.absolutize(node)))
        if isinstance(node, Literal):
            return self.literal(str(node), node.language, node.datatype)
        if isinstance(node, CompValue) and node.name == "pname":
            return self.term(self.prologue.absolutize(node))
        if isinstance(node, CompValue) and node.name == "literal":
            datatype = _get(node, "datatype")
            return self.literal(str(node["string"]), _get(node, "lang"), self.prologue.absolutize(datatype) if datatype is not None else None)
        raise Unsupported(f"cannot run a query holding {_name(node)}")

    def literal(self, lexical: str, language: str | None, datatype: URIRef | None) -> str:
        if language:
            if not all(part.isalnum() and part.isascii() for part in language.split("-")):
                raise QueryError(f"{language!r} is not a language tag")
            return f"{_string(lexical)}@{language}"
        if datatype is not None:
            return f"{_string(lexical)}^^{_iri(str(datatype))}"
        return _string(lexical)

    # --- triples and paths -----------------------------------------------------------------------
    def triples(self, flat: Iterable[Any]) -> str:
        items = list(flat)
        if len(items) % 3:
            raise Unsupported("cannot run a triple pattern that is not subject, predicate, object")
        return " ".join(f"{self.term(items[i])} {self.path(items[i + 1])} {self.term(items[i + 2])} ."
                        for i in range(0, len(items), 3))

    def triples_blocks(self, groups: Iterable[Any]) -> str:
        return " ".join(self.triples(group) for group in groups)

    def path(self, node: Any) -> str:
        if not isinstance(node, CompValue) or node.name == "pname":
            return self.term(node)
        name = node.name
        parts = _get(node, "part")
        if name in ("PathAlternative", "PathSequence"):
            written = [self.path(p) for p in parts]
            joiner = " | " if name == "PathAlternative" else " / "
            return written[0] if len(written) == 1 else "(" + joiner.join(written) + ")"
        if name == "PathElt":
            modifier = _get(node, "mod")
            return f"({self.path(parts)}){modifier}" if modifier else self.path(parts)
        if name in ("PathEltOrInverse", "InversePath"):
            if parts is None:  # rdflib's parse drops the IRI of ^iri inside !( … ): nothing to write back
                raise Unsupported("this endpoint cannot run an inverse step inside a negated property set (!^iri); "
                                  "write the pattern the other way round (?o !iri ?s)")
            return f"^({self.path(parts)})"
        if name == "PathNegatedPropertySet":
            return "!(" + " | ".join(self.path(p) for p in parts or []) + ")"
        raise Unsupported(f"cannot run a query holding the path form {name}")

    # --- graph patterns --------------------------------------------------------------------------
    def group(self, node: Any) -> str:
        if isinstance(node, CompValue) and node.name == "SubSelect":
            return "{ " + self.select(node, sub=True) + " }"
        if not isinstance(node, CompValue) or node.name not in ("GroupGraphPatternSub", "FakeGroupGraphPatten"):
            raise Unsupported(f"cannot run a query holding {_name(node)} where a group was expected")
        return "{ " + " ".join(self.part(p) for p in _get(node, "part") or []) + " }"

    def part(self, node: CompValue) -> str:
        name = node.name
        if name == "TriplesBlock":
            return self.triples_blocks(_get(node, "triples") or [])
        if name == "OptionalGraphPattern":
            return "OPTIONAL " + self.group(node["graph"])
        if name == "MinusGraphPattern":
            return "MINUS " + self.group(node["graph"])
        if name == "GroupOrUnionGraphPattern":
            return " UNION ".join(self.group(g) for g in node["graph"])
        if name == "GraphGraphPattern":
            return f"GRAPH {self.term(node['term'])} {self.group(node['graph'])}"
        if name == "Filter":
            return f"FILTER ({self.expr(node['expr'])})"
        if name == "Bind":
            return f"BIND ({self.expr(node['expr'])} AS {self.term(node['var'])})"
        if name == "InlineData":
            return self.values(node)
        raise Unsupported(f"cannot run a query holding {name}")

    def values(self, node: CompValue) -> str:
        variables = list(_get(node, "var") or [])
        rows = list(_get(node, "value") or [])
        def value(v: Any) -> str:
            return "UNDEF" if v == "UNDEF" else self.term(v)
        if rows and all(not isinstance(r, (ParseResults, list)) and r != RDF.nil for r in rows) and len(variables) == 1:
            return f"VALUES {self.term(variables[0])} {{ " + " ".join(value(r) for r in rows) + " }"
        written = []
        for row in rows:
            cells = [] if row == RDF.nil else list(row) if isinstance(row, (ParseResults, list)) else [row]
            written.append("(" + " ".join(value(c) for c in cells) + ")")
        return "VALUES (" + " ".join(self.term(v) for v in variables) + ") { " + " ".join(written) + " }"

    # --- expressions -----------------------------------------------------------------------------
    def expr(self, node: Any) -> str:
        if not isinstance(node, CompValue) or node.name in ("pname", "literal"):
            return self.term(node)
        name = node.name
        if name in ("ConditionalOrExpression", "ConditionalAndExpression"):
            joiner = " || " if name == "ConditionalOrExpression" else " && "
            return "(" + joiner.join(self.expr(e) for e in [node["expr"], *(_get(node, "other") or [])]) + ")"
        if name == "RelationalExpression":
            if _get(node, "op") is None:
                return self.expr(node["expr"])
            operator = str(node["op"])
            if operator in ("IN", "NOT IN"):
                other = node["other"]
                members = [] if other == RDF.nil else list(other)
                return f"({self.expr(node['expr'])} {operator} (" + ", ".join(self.expr(m) for m in members) + "))"
            return f"({self.expr(node['expr'])} {operator} {self.expr(node['other'])})"
        if name in ("AdditiveExpression", "MultiplicativeExpression"):
            text = self.expr(node["expr"])
            for operator, other in zip(_get(node, "op") or [], _get(node, "other") or []):
                text = f"({text} {operator} {self.expr(other)})"
            return text
        if name in ("UnaryNot", "UnaryPlus", "UnaryMinus"):
            return {"UnaryNot": "!", "UnaryPlus": "+", "UnaryMinus": "-"}[name] + f"({self.expr(node['expr'])})"
        if name == "Function":
            args = _get(node, "expr") or []
            distinct = "DISTINCT " if _get(node, "distinct") else ""
            return f"{self.term(node['iri'])}({distinct}" + ", ".join(self.expr(a) for a in args) + ")"
        if name.startswith("Aggregate_"):
            return self.aggregate(node)
        if name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            return ("EXISTS " if name == "Builtin_EXISTS" else "NOT EXISTS ") + self.group(node["graph"])
        if name in ("Builtin_CONCAT", "Builtin_COALESCE"):
            args = _get(node, "arg")
            members = [] if args is None or args == RDF.nil else list(args)
            return f"{name[8:]}(" + ", ".join(self.expr(a) for a in members) + ")"
        if name.startswith("Builtin_"):
            args = [node[key] for key in _ARGUMENT_ORDER if _get(node, key) is not None]
            return f"{name[8:]}(" + ", ".join(self.expr(a) for a in args) + ")"
        raise Unsupported(f"cannot run a query holding the expression {name}")

    def aggregate(self, node: CompValue) -> str:
        function = {"Aggregate_GroupConcat": "GROUP_CONCAT"}.get(node.name, node.name[10:].upper())
        distinct = "DISTINCT " if _get(node, "distinct") else ""
        argument = "*" if _get(node, "vars") == "*" else self.expr(node["vars"])
        separator = _get(node, "separator")
        tail = f"; SEPARATOR = {_string(str(separator))}" if separator is not None else ""
        return f"{function}({distinct}{argument}{tail})"

    # --- queries ---------------------------------------------------------------------------------
    def modifiers(self, node: CompValue) -> str:
        out = []
        if _get(node, "groupby") is not None:
            conditions = []
            for c in node['groupby']["condition"]:
                if isinstance(c, CompValue) and c.name == "GroupAs":
                    alias = f" AS {self.term(c['var'])}" if _get(c, "var") is not None else ""
                    conditions.append(f"({self.expr(c['expr'])}{alias})")
                elif isinstance(c, Variable):
                    conditions.append(self.term(c))
                else:
                    conditions.append(f"({self.expr(c)})")
            out.append("GROUP BY " + " ".join(conditions))
        if _get(node, "having") is not None:
            out.append("HAVING " + " ".join(f"({self.expr(c)})" for c in node["having"]["condition"]))
        if _get(node, "orderby") is not None:
            conditions = []
            for c in node["orderby"]["condition"]:
                order = _get(c, "order")
                conditions.append(f"{order}({self.expr(c['expr'])})" if order else f"({self.expr(c['expr'])})")
            out.append("ORDER BY " + " ".join(conditions))
        limits = _get(node, "limitoffset")
        if limits is not None:
            if _get(limits, "limit") is not None:
                out.append(f"LIMIT {int(limits['limit'])}")
            if _get(limits, "offset") is not None:
                out.append(f"OFFSET {int(limits['offset'])}")
        if _get(node, "valuesClause") is not None:
            out.append(self.values(node["valuesClause"]))
        return " ".join(out)

    def where(self, node: CompValue) -> str:
        return "WHERE " + self.group(node["where"]) if _get(node, "where") is not None else ""

    def select(self, node: CompValue, *, sub: bool = False) -> str:
        modifier = f" {node['modifier']}" if _get(node, "modifier") else ""
        projection = _get(node, "projection")
        if projection:
            items = []
            for v in projection:
                items.append(self.term(v["var"]) if _get(v, "var") is not None else f"({self.expr(v['expr'])} AS {self.term(v['evar'])})")
            head = " ".join(items)
        else:
            head = "*"
        return " ".join(s for s in (f"SELECT{modifier} {head}", self.where(node), self.modifiers(node)) if s)

    def query(self, node: CompValue) -> str:
        name = node.name
        if name == "SelectQuery":
            return self.select(node)
        if name == "AskQuery":
            return " ".join(s for s in ("ASK", self.where(node), self.modifiers(node)) if s)
        if name == "ConstructQuery":
            if _get(node, "template") is None:  # CONSTRUCT WHERE { triples }: the template is the pattern
                return " ".join(s for s in ("CONSTRUCT", self.where(node), self.modifiers(node)) if s)
            template = "{ " + self.triples_blocks(node["template"]) + " }"
            return " ".join(s for s in (f"CONSTRUCT {template}", self.where(node), self.modifiers(node)) if s)
        if name == "DescribeQuery":
            targets = _get(node, "var")
            head = " ".join(self.term(t) for t in targets) if targets else "*"
            return " ".join(s for s in (f"DESCRIBE {head}", self.where(node), self.modifiers(node)) if s)
        raise Unsupported(f"cannot run a {name}")


def _get(node: CompValue, key: str) -> Any:
    """A parameter of a parse-tree node, or None (CompValue.get answers the key itself when it is missing)."""
    return dict.get(node, key)


def _name(node: Any) -> str:
    return node.name if isinstance(node, CompValue) else type(node).__name__


FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


def write_query(parsed: ParseResults) -> tuple[str, str]:
    """(form, canonical text) of a query parsed by rdflib's ``parseQuery``."""
    prologue_parts, query = parsed[0], parsed[1]
    try:
        prologue = translatePrologue(prologue_parts, None)
    except Exception as exc:  # noqa: BLE001 - rdflib raises bare Exception for an unknown prefix
        raise QueryError(f"SPARQL error: {exc}") from exc
    writer = Writer(prologue)
    try:
        return FORMS[query.name], writer.query(query)
    except KeyError as exc:
        raise QueryError(f"SPARQL error: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - rdflib's absolutize raises bare Exception for an unknown prefix
        if isinstance(exc, QueryError):
            raise
        raise QueryError(f"SPARQL error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc
