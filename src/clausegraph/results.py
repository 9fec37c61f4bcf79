"""Query results rendered at the edge: a readable table, W3C SPARQL JSON/CSV/TSV, or RDF for graphs."""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox

from . import formats
from .errors import BadInputError
from .sources import PREFIXES

SELECT_FORMATS = formats.choices("query")
_RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
GRAPH_FORMATS = {name: _RDF_FORMATS[name] for name in formats.choices("query CONSTRUCT")}
_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


class Table(NamedTuple):
    """SELECT results read into memory: the projected variables and the rows of terms (None = unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...], ...]

    def values(self) -> list[dict[str, str | None]]:
        """Rows as dicts of plain strings (IRIs compacted with the project prefixes)."""
        return [{v: (term_text(t) if t is not None else None) for v, t in zip(self.variables, row)} for row in self.rows]


def read_table(solutions: ox.QuerySolutions) -> Table:
    """Read SELECT solutions into a :class:`Table`, keeping the query's projection order."""
    variables = tuple(v.value for v in solutions.variables)
    rows = tuple(tuple(s[v] for v in variables) for s in solutions)
    return Table(variables, rows)


def compact(iri: str) -> str:
    """An IRI as a prefixed name when a project prefix matches, else the full IRI."""
    best = max(((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)), key=lambda x: len(x[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def term_text(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """The text of a term for people: a compacted IRI, a blank node id, or a literal's lexical form."""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def display_width(text: str) -> int:
    """Columns the text takes in a terminal: wide and full-width characters (汉字) count two (rich's cell widths)."""
    from rich.cells import cell_len

    return cell_len(text)


def pad(text: str, width: int) -> str:
    """The text padded with spaces to ``width`` terminal columns."""
    return text + " " * (width - display_width(text))


def render_table(table: Table, *, width: int | None = None) -> str:
    """SELECT rows as a text table as wide as the terminal, with a ``(N rows)`` line (:func:`clausegraph.tables.render`)."""
    from .tables import render

    return render(table.variables, [tuple(row.values()) for row in table.values()], width=width)


def serialize_select(solutions: ox.QuerySolutions, fmt: str) -> str:
    """SELECT results as a ``table`` or, with pyoxigraph's serialisers, W3C SPARQL ``json``, ``csv``, ``tsv``."""
    if fmt == "table":
        return render_table(read_table(solutions))
    if fmt not in _RESULT_FORMATS:
        raise BadInputError(f"unknown result format {fmt!r} for SELECT; use one of {', '.join(SELECT_FORMATS)}")
    return solutions.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")


def serialize_boolean(value: bool, fmt: str) -> str:
    """An ASK answer: ``true``/``false`` for table, csv and tsv; the W3C JSON document for json."""
    if fmt == "json":
        import json

        return json.dumps({"head": {}, "boolean": value})
    if fmt in ("table", "csv", "tsv"):
        return "true" if value else "false"
    raise BadInputError(f"unknown result format {fmt!r} for ASK; use one of {', '.join(SELECT_FORMATS)}")


def serialize_triples(triples: list[ox.Triple], fmt: str) -> str:
    """Triples of a CONSTRUCT/DESCRIBE or an export as Turtle (``ttl``), ``nt``, ``jsonld`` or RDF/XML (``xml``)."""
    if fmt not in GRAPH_FORMATS:
        raise BadInputError(f"unknown RDF format {fmt!r}; use one of {', '.join(GRAPH_FORMATS)}")
    prefixes = PREFIXES if fmt in ("ttl", "xml", "jsonld") else None
    data = ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes)
    return data.decode("utf-8")


def render_markdown(table: Table) -> str:
    """A Markdown table (pipes in cells escaped, line breaks folded)."""

    def cell(value: str | None) -> str:
        return " ".join((value or "").split()).replace("|", "\\|")

    lines = ["| " + " | ".join(table.variables) + " |", "|" + "---|" * len(table.variables)]
    lines += ["| " + " | ".join(cell(v) for v in row.values()) + " |" for row in table.values()]
    return "\n".join(lines)
