"""How the SPARQL endpoint answers: media types, content negotiation, and serialisation that stops at
the result limit (solutions and triples are read one at a time; the answer is refused as soon as one
more than the limit arrives, never after collecting all of them)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import BadInputError, NotAcceptable, TooManyResults
from ..sources import PREFIXES
from .negotiation import negotiate

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
# the ?format= shorthands many endpoints accept
FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
                "tsv": "text/tab-separated-values", "ttl": "text/turtle", "turtle": "text/turtle",
                "nt": "application/n-triples", "jsonld": "application/ld+json"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Answer:
    """A serialised answer and its media type."""

    body: bytes
    media_type: str


def media_types(form: str) -> list[str]:
    """What a query of this form can be answered as, preferred first."""
    return list(GRAPH_TYPES) if form in ("CONSTRUCT", "DESCRIBE") else list(RESULT_TYPES)


def choose_media_type(form: str, fmt: str | None, accept: str | None) -> str:
    """The media type of the answer: from ``?format=`` if given, else negotiated from the Accept header."""
    offers = media_types(form)
    if fmt:
        media_type = FORMAT_NAMES.get(fmt)
        if media_type not in offers:
            raise BadInputError(f"format {fmt!r} cannot answer a {form} query; use one of "
                                f"{', '.join(k for k, v in FORMAT_NAMES.items() if v in offers)}")
        return media_type
    chosen = negotiate(accept, offers)
    if chosen is None:
        raise NotAcceptable(f"a {form} query can be answered as {', '.join(offers)}; the request accepts {accept!r}")
    return chosen


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            cell["datatype"] = term.datatype.value
        return cell
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def solutions_json(variables: list[str], rows: Iterable[ox.QuerySolution]) -> dict:
    """SELECT solutions as a W3C SPARQL 1.1 Query Results JSON document."""
    bindings = []
    for row in rows:
        bindings.append({v: _json_term(row[v]) for v in variables if row[v] is not None})
    return {"head": {"vars": variables}, "results": {"bindings": bindings}}


def _capped(items: Iterable, limit: int, what: str) -> list:
    kept = []
    for item in items:
        kept.append(item)
        if len(kept) > limit:
            raise TooManyResults(f"the result has more than {limit:,} {what}; narrow the query or add a LIMIT")
    return kept


def select_document(result: ox.QuerySolutions, max_results: int) -> dict:
    """SELECT solutions as a W3C JSON results document, refused with TooManyResults past ``max_results`` rows."""
    variables = [v.value for v in result.variables]
    return solutions_json(variables, _capped(result, max_results, "rows"))


def serialize_limited(result, form: str, media_type: str, max_results: int) -> bytes:
    """A query result serialised as ``media_type``, refused with TooManyResults past ``max_results`` rows or triples."""
    if form == "ASK":
        return result.serialize(format=RESULT_TYPES[media_type])
    if form in ("CONSTRUCT", "DESCRIBE"):
        triples = _capped(result, max_results, "triples")
        prefixes = PREFIXES if media_type != "application/n-triples" else None
        return ox.serialize(triples, format=GRAPH_TYPES[media_type], prefixes=prefixes)
    document = json.dumps(select_document(result, max_results), ensure_ascii=False).encode("utf-8")
    if media_type == "application/sparql-results+json":
        return document
    return ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON).serialize(format=RESULT_TYPES[media_type])
