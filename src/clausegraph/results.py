"""Query results rendered at the edge: a readable table, W3C SPARQL JSON/CSV/TSV, or RDF for graphs."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import BadInputError
from .sources import PREFIXES

SELECT_FORMATS = ("table", "json", "csv", "tsv")
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


@dataclass(frozen=True)
class Table:
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
    """Columns the text takes in a terminal: wide and full-width characters (汉字) count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """The text padded with spaces to ``width`` terminal columns."""
    return text + " " * (width - display_width(text))


def render_table(table: Table, *, max_width: int = 60) -> str:
    """A plain-text table; wide Chinese characters count as two columns; long cells are cut with …."""
    cells = [[_cut(v or "", max_width) for v in row.values()] for row in table.values()]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(table.variables)]
    lines = [" | ".join(pad(h, w) for h, w in zip(table.variables, widths)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if display_width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


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
