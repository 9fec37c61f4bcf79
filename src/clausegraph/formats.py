"""The one vocabulary of ``--format``: every command's choices, the first its default.

========  =======================================================================================
table     a table for the terminal, as wide as the terminal (one renderer: :mod:`clausegraph.tables`)
json      JSON (W3C SPARQL JSON results for ``ask`` and ``query``)
csv       CSV with a header row (W3C SPARQL CSV for ``ask`` and ``query``)
tsv       SPARQL TSV results (``ask`` and ``query`` only)
txt md    documents: plain text, Markdown,
html docx HTML, Word
ttl nt    RDF: Turtle, N-Triples,
jsonld    JSON-LD,
xml       RDF/XML
svg png   pictures: SVG, PNG,
dot       Graphviz DOT,
graphml   GraphML
========  =======================================================================================

A command whose output depends on something else has one entry per case (``query`` for SELECT/ASK and
``query CONSTRUCT`` for CONSTRUCT/DESCRIBE; ``deps`` and ``deps --metrics``); its ``--format`` accepts the union,
and the command checks the case once it knows it. Capabilities take their tuples from here, so that a
format added to a command is added once, and ``--help`` shows what this module holds.
"""

from __future__ import annotations

from .errors import BadInputError

ROWS = ("table", "json", "csv")
SPARQL_ROWS = ("table", "json", "csv", "tsv")
RDF = ("ttl", "nt", "jsonld", "xml")
DOCUMENTS = ("txt", "md", "html", "docx")
#: formats that are not text: they need ``--output``
BINARY = ("png", "docx")

CHOICES: dict[str, tuple[str, ...]] = {
    "ask": SPARQL_ROWS,
    "query": SPARQL_ROWS,
    "query CONSTRUCT": RDF,
    "validate": ROWS,
    "check": ROWS,
    "reason": ROWS,
    "export": RDF,
    "variants": ROWS,
    "assemble": DOCUMENTS,
    "stats": ROWS,
    "deps": ("json", "graphml", "dot", "svg", "png"),
    "deps --metrics": ("table", "json"),
    "impact": ROWS,
    "timeline": ("txt", "svg", "png"),
    "ingest": ("ttl", "nt", "jsonld"),
    "curate": ROWS,
    "review": (*ROWS, "md", "html", "docx"),
    "crosswalk": ROWS,
}

#: the cases of a command whose formats depend on its input: (case, what decides it)
CASES: dict[str, tuple[tuple[str, str], ...]] = {
    "query": (("query", "SELECT/ASK"), ("query CONSTRUCT", "CONSTRUCT/DESCRIBE")),
    "deps": (("deps", "without --metrics"), ("deps --metrics", "with --metrics")),
}


def choices(command: str) -> tuple[str, ...]:
    """The formats of ``command`` (a key of :data:`CHOICES`), the default first."""
    return CHOICES[command]


def default(command: str) -> str:
    """The format ``command`` uses when ``--format`` is not given."""
    return CHOICES[command][0]


def accepted(command: str) -> tuple[str, ...]:
    """What ``--format`` of ``command`` accepts: its formats, or the union of its cases' formats."""
    cases = CASES.get(command, ((command, ""),))
    return tuple(dict.fromkeys(fmt for case, _ in cases for fmt in CHOICES[case]))


def check(command: str, value: str) -> str:
    """``value`` when ``command`` accepts it; else BadInputError ``--format 'X' is not one of …`` (exit 2)."""
    allowed = accepted(command)
    if value not in allowed:
        raise BadInputError(f"--format {value!r} is not one of {', '.join(allowed)}")
    return value


def _listed(values: tuple[str, ...]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def metavar(command: str) -> str:
    """``[table|json|csv]``: the accepted formats as ``--help`` shows them."""
    return "[" + "|".join(accepted(command)) + "]"


def help_text(command: str) -> str:
    """``table (default), json or csv.``; for a command with cases, each case with its default."""
    cases = CASES.get(command)
    if cases is None:
        values = CHOICES[command]
        return f"{_listed((f'{values[0]} (default)', *values[1:]))}."
    parts = []
    for case, when in cases:
        values = CHOICES[case]
        parts.append(f"{when}: {_listed((f'{values[0]} (default)', *values[1:]))}")
    return "; ".join(parts) + "."
