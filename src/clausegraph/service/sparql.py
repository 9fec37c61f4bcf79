"""The read-only SPARQL 1.1 Protocol endpoint: what it refuses, how it answers, and its limits.

Refused with 400 before anything runs: SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``…),
and ``SERVICE`` (a federated query would make the server fetch other URLs). The check parses the
query with rdflib's SPARQL 1.1 grammar, not with a keyword search, so the words in strings, IRIs and
comments do not trip it.

A query on a local store runs in a forked child process: the child sees the parent's store as it is
(copy-on-write, nothing reloaded), counts and serialises the result, and is killed when it passes the
time limit, so a runaway query stops instead of holding a thread. A remote store gets the time limit
as its HTTP timeout.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from ..errors import BadInputError, ClauseGraphError, QueryError
from ..locks import RDFLIB_SPARQL
from ..sources import PREFIXES
from ..store import SparqlStore, Store, StoreTimeout, query_form
from .limits import Limits

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


class Refused(BadInputError):
    """A request the read-only endpoint does not serve (update, LOAD, SERVICE)."""

    code = "refused"


class TooManyResults(BadInputError):
    """The result passed the configured size limit."""

    code = "result-too-large"


class QueryTimeout(ClauseGraphError):
    """The query ran past the configured time limit and was stopped."""

    code = "query-timeout"


def _names(node) -> set[str]:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            found.add(item.name)
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
    return found


@lru_cache(maxsize=512)
def guard(text: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE) of a query this endpoint will run; raises otherwise."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with RDFLIB_SPARQL:
        try:
            parsed = parseQuery(text)
        except Exception as query_exc:  # noqa: BLE001 - pyparsing's ParseException and friends
            try:
                update = parseUpdate(text)
            except Exception:  # noqa: BLE001 - neither a query nor an update: report the query's syntax error
                raise QueryError(f"SPARQL syntax error: {str(query_exc).splitlines()[0]}") from query_exc
            if "Load" in _names(update):
                raise Refused("LOAD is refused: this endpoint never fetches other URLs, and it is read-only") from None
            raise Refused("SPARQL Update is refused: this endpoint is read-only (use clausegraph load to change the graph)") from None
    if "ServiceGraphPattern" in _names(parsed):
        raise Refused("SERVICE is refused: this endpoint does not run federated queries (it never fetches other URLs)")
    return query_form(text)


def media_types(form: str) -> list[str]:
    """What a query of this form can be answered as, preferred first."""
    return list(GRAPH_TYPES) if form in ("CONSTRUCT", "DESCRIBE") else list(RESULT_TYPES)


@dataclass(frozen=True)
class Answer:
    """A serialised answer and its media type."""

    body: bytes
    media_type: str


def _serialize(store: Store, text: str, form: str, media_type: str, max_results: int) -> bytes:
    result = store.query(text)
    if form == "ASK":
        return result.serialize(format=RESULT_TYPES[media_type])  # type: ignore[union-attr]
    if form in ("CONSTRUCT", "DESCRIBE"):
        triples = list(result)  # type: ignore[arg-type]
        if len(triples) > max_results:
            raise TooManyResults(f"the result has more than {max_results:,} triples; narrow the query or add a LIMIT")
        prefixes = PREFIXES if media_type != "application/n-triples" else None
        return ox.serialize(triples, format=GRAPH_TYPES[media_type], prefixes=prefixes)
    count = 0
    for _ in result:  # type: ignore[union-attr]
        count += 1
        if count > max_results:
            raise TooManyResults(f"the result has more than {max_results:,} rows; narrow the query or add a LIMIT")
    return store.query(text).serialize(format=RESULT_TYPES[media_type])  # type: ignore[union-attr]


def _child(connection, store: Store, text: str, form: str, media_type: str, max_results: int) -> None:
    try:
        connection.send(("ok", _serialize(store, text, form, media_type, max_results)))
    except ClauseGraphError as exc:
        connection.send(("error", exc))
    except Exception as exc:  # noqa: BLE001 - reported to the parent as a query error, never a trace
        connection.send(("error", QueryError(f"the store could not run the query: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")))
    finally:
        connection.close()
        os._exit(0)


def execute(store: Store, text: str, form: str, media_type: str, limits: Limits) -> Answer:
    """Run a guarded query within the limits and serialise it as ``media_type``."""
    if isinstance(store, SparqlStore):
        remote = copy.copy(store)  # the same endpoint and credentials, with the query's time limit
        remote.timeout = limits.query_timeout_s
        try:
            return Answer(_serialize(remote, text, form, media_type, limits.max_results), media_type)
        except StoreTimeout as exc:
            raise QueryTimeout(f"the query ran past the {limits.query_timeout_s:g} s limit") from exc
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, store, text, form, media_type, limits.max_results), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.query_timeout_s):
            raise QueryTimeout(f"the query ran past the {limits.query_timeout_s:g} s limit and was stopped; narrow it or add a LIMIT")
        status, payload = receiver.recv()
    except EOFError:
        raise QueryError("the query process ended without an answer") from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if status == "error":
        raise payload
    return Answer(payload, media_type)
