"""The read-only guard: what the SPARQL endpoint refuses, and the only text it runs.

A query is parsed once, by rdflib's SPARQL 1.1 grammar, and refused with 400 when that parse holds
an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``…), a ``SERVICE`` clause (the server would
fetch another URL) or a dataset clause (``FROM``/``FROM NAMED``: rdflib would read files and URLs).
What runs is not the client's text but the text :mod:`clausegraph.service.canonical` writes from
that same parse, so the engine cannot read the query differently from the guard (a comment that one
parser ends at ``\\r`` and the other does not, say). Behind this wall stands a second one: the query
workers have no network (:mod:`clausegraph.service.sandbox`).

The guard runs inside a query worker, under the time and memory limits, never on the event loop.
Its cache is keyed by a digest of the text and bounded in bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cachetools import LRUCache

from ..errors import QueryError, QueryTooLarge, Refused, TooDeep
from .canonical import write_query

#: Bytes of canonical text the guard cache may hold in one worker.
CACHE_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class CheckedQuery:
    """A query the endpoint will run: its form and the canonical text written from the checked parse."""

    form: str
    text: str


_cache: LRUCache = LRUCache(maxsize=CACHE_BYTES, getsizeof=lambda checked: len(checked.text) + 64)


def _names(node) -> set[str]:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            found.add(item.name)
            stack.extend(dict.values(item))
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
    return found


def check_query(text: str, *, max_bytes: int) -> CheckedQuery:
    """Parse, check and rewrite a query; raise :class:`Refused`, :class:`QueryTooLarge`, :class:`TooDeep` or QueryError."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise QueryTooLarge(f"the query is {size:,} bytes, more than the limit of {max_bytes:,}; shorten it "
                            "(a large VALUES block is better loaded into the store)")
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    cached = _cache.get(key)
    if cached is not None:
        return cached
    checked = _check(text)
    _cache[key] = checked
    return checked


def _check(text: str) -> CheckedQuery:
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(text)
    except RecursionError:
        raise TooDeep("the query nests brackets or groups deeper than this endpoint's parser follows "
                      f"(about {MAX_NESTING} levels); flatten it") from None
    except Exception as query_exc:  # noqa: BLE001 - pyparsing's ParseException and friends
        try:
            update = parseUpdate(text)
        except Exception:  # noqa: BLE001 - neither a query nor an update: report the query's syntax error
            raise QueryError(f"SPARQL syntax error: {str(query_exc).splitlines()[0]}") from query_exc
        if "Load" in _names(update):
            raise Refused("LOAD is refused: this endpoint never fetches other URLs, and it is read-only") from None
        raise Refused("SPARQL Update is refused: this endpoint is read-only (use clausegraph load to change the graph)") from None
    names = _names(parsed)
    if "ServiceGraphPattern" in names:
        raise Refused("SERVICE is refused: this endpoint does not run federated queries (it never fetches other URLs)")
    if "DatasetClause" in names:
        raise Refused("FROM and FROM NAMED are refused: queries run over the union of the store's graphs; "
                      "pick a graph with GRAPH <iri> { … } instead")
    try:
        form, canonical = write_query(parsed)
    except RecursionError:
        raise TooDeep(f"the query nests deeper than this endpoint follows (about {MAX_NESTING} levels); flatten it") from None
    return CheckedQuery(form, canonical)


#: Brackets the parser follows in the worker's parsing thread (its stack and recursion limit are raised).
MAX_NESTING = 200
