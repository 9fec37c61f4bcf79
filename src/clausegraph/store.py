"""Store backends behind one small interface: load files into named graphs, query with bound values,
update, and read back. Every backend answers in pyoxigraph's result types, so the rest of
clausegraph never knows which store it talks to.

========================  ==================================================================
``memory`` (default)      pyoxigraph in memory, loaded with the project's graph at start
``rdflib``                rdflib's own Dataset and SPARQL engine (kept for comparison)
``oxrdflib``              an rdflib Dataset kept in pyoxigraph by the oxrdflib plugin
``oxigraph:PATH``         a persistent pyoxigraph store on disk (one process owns it)
``sparql:URL``            a SPARQL 1.1 endpoint: queries by the Protocol (SPARQLWrapper),
                          loads by the Graph Store Protocol, updates by SPARQL Update
========================  ==================================================================

Values are bound, never formatted into the query text by hand: for Oxigraph and remote endpoints
they travel as SPARQL 1.1 inline data (a ``VALUES`` block opening the outermost WHERE group, terms
written by pyoxigraph), for rdflib as ``initBindings``. Parameters are projected variables used at
the top level of a query, so the three mean the same (docs/decisions/0003).
"""

from __future__ import annotations

import ast
import base64
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox

from .errors import BadInputError, ClauseGraphError, QueryError
from .locks import RDFLIB_SPARQL

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Bindings = Mapping[ox.Variable, Term]
Result = ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]


class StoreError(ClauseGraphError):
    """The store could not be opened or reached, or refused a request."""


class StoreTimeout(StoreError):
    """A remote endpoint did not answer within the store's timeout."""


_GRAPH_SIZES = "SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph ORDER BY ?graph"


def read_rdf(path: Path) -> Iterator[ox.Triple]:
    """The triples of an RDF file, streamed; a file that is missing or not RDF raises BadInputError."""
    if not path.is_file():
        raise BadInputError(f"no such file: {path}")
    try:
        yield from ox.parse(path=str(path), format=_format_of(path))
    except (SyntaxError, ValueError) as exc:
        raise BadInputError(f"{path} is not valid RDF: {str(exc).splitlines()[0]}") from exc


def check_rdf(path: Path) -> int:
    """Parse an RDF file completely (without storing it) and return its triple count; raise if it is not RDF."""
    return sum(1 for _ in read_rdf(path))


def _format_of(path: Path) -> ox.RdfFormat:
    formats = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML,
               ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD}
    if path.suffix not in formats:
        raise BadInputError(f"{path}: unknown RDF file type {path.suffix!r}; use one of {', '.join(formats)}")
    return formats[path.suffix]


class Store:
    """The interface every backend implements."""

    spec = "abstract"

    def load(self, path: Path, graph: str) -> int:
        """Load a whole file into the named graph (replacing it), all or nothing; return its triple count."""
        raise NotImplementedError

    def query(self, text: str, bindings: Bindings | None = None) -> Result:
        """Run a SPARQL query over the union of the named graphs."""
        raise NotImplementedError

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update."""
        raise NotImplementedError

    def graph_sizes(self) -> list[tuple[str, int]]:
        """(graph IRI, triple count) for every named graph."""
        # rdflib answers an aggregate over no graph with one row whose ?graph is unbound: skip it
        rows = self.query(_GRAPH_SIZES)
        return [(s["graph"].value, int(s["triples"].value)) for s in rows if s["graph"] is not None]  # type: ignore[union-attr]

    def triples(self) -> list[ox.Triple]:
        """Every triple of the union of the named graphs."""
        return list(self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))  # type: ignore[arg-type]

    def close(self) -> None:
        """Release the store (a persistent store's lock)."""


class OxigraphStore(Store):
    """pyoxigraph, in memory or persistent on disk."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self.spec = f"oxigraph:{path}" if path else "memory"
        try:
            self.store = ox.Store(str(path)) if path else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot open the Oxigraph store at {path}: {exc} (is another process using it?)") from exc

    def load(self, path: Path, graph: str) -> int:
        """One parse, in Rust, straight into the graph. A graph being replaced is checked first so that
        a bad file keeps it. In memory the load is a bulk load (checking first would halve the rate) and
        a new graph that fails is removed; on disk it is one transaction, so a crash (even kill -9)
        leaves the whole file or none of it."""
        target = ox.NamedNode(graph)
        rdf_format = _format_of(path)
        if not path.is_file():
            raise BadInputError(f"no such file: {path}")
        if target in self.store.named_graphs():
            check_rdf(path)
            self.store.remove_graph(target)
        before = len(self.store)
        try:
            if self.path is None:
                self.store.bulk_load(path=str(path), format=rdf_format, to_graph=target)
            else:
                self.store.load(path=str(path), format=rdf_format, to_graph=target)
                self.store.flush()
        except (SyntaxError, ValueError) as exc:
            if self.path is None:
                self.store.remove_graph(target)
            raise BadInputError(f"{path} is not valid RDF: {str(exc).splitlines()[0]}") from exc
        return len(self.store) - before

    def query(self, text: str, bindings: Bindings | None = None) -> Result:
        try:
            # bound as inline data, not substitutions=: pyoxigraph 0.5 plans a query with substitutions as
            # if the variables were free (82 ms against 0.8 ms for provision-dependencies at 10,000 agreements)
            if bindings:
                text = inline_bindings(text, bindings)
            result = self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"the store could not run the query: {exc}") from exc
        return list(result) if isinstance(result, ox.QueryTriples) else result

    def update(self, text: str) -> None:
        try:
            self.store.update(text)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL Update syntax error: {exc}") from exc

    def close(self) -> None:
        if self.path is not None:
            self.store.flush()
        del self.store


class RdflibStore(Store):
    """An rdflib Dataset: rdflib's own memory store and SPARQL engine (``rdflib``), or the oxrdflib
    plugin that keeps the triples in pyoxigraph and hands it the queries (``oxrdflib``)."""

    _FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}

    def __init__(self, engine: str = "rdflib") -> None:
        import rdflib

        self.rdflib = rdflib
        self.spec = engine
        self.native = engine == "oxrdflib"
        self.dataset = rdflib.Dataset(store="Oxigraph" if self.native else "default", default_union=True)

    def load(self, path: Path, graph: str) -> int:
        count = check_rdf(path)  # refuse a bad file before touching the graph
        target = self.dataset.graph(self.rdflib.URIRef(graph))
        target.remove((None, None, None))
        rdf_format = self._FORMATS[path.suffix]
        target.parse(path, format=f"ox-{rdf_format}" if self.native else rdf_format)
        return count

    def _to_rdflib(self, term: Term):
        r = self.rdflib
        if isinstance(term, ox.NamedNode):
            return r.URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return r.BNode(term.value)
        if term.language:
            return r.Literal(term.value, lang=term.language)
        return r.Literal(term.value, datatype=r.URIRef(term.datatype.value))

    def query(self, text: str, bindings: Bindings | None = None) -> Result:
        init = {self.rdflib.Variable(k.value): self._to_rdflib(v) for k, v in (bindings or {}).items()}
        with RDFLIB_SPARQL:  # rdflib's parser is not thread-safe (clausegraph.locks)
            try:
                result = self.dataset.query(text, initBindings=init)
                data = result.serialize(format="nt" if result.type in ("CONSTRUCT", "DESCRIBE") else "json")
            except Exception as exc:  # rdflib raises pyparsing and its own errors for bad queries
                raise QueryError(f"SPARQL error: {str(exc).splitlines()[0]}") from exc
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)

    def update(self, text: str) -> None:
        try:
            self.dataset.update(text)
        except Exception as exc:
            raise QueryError(f"SPARQL Update error: {str(exc).splitlines()[0]}") from exc


_FORM = re.compile(r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, read from the query text (comments ignored)."""
    stripped = "\n".join(line.split("#", 1)[0] if not re.search(r"<[^>]*#", line) else line for line in text.splitlines())
    match = _FORM.match(stripped)
    if not match:
        raise QueryError("cannot tell the query form: the query must be a SELECT, ASK, CONSTRUCT or DESCRIBE")
    return match.group(1).upper()


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def inline_bindings(text: str, bindings: Bindings) -> str:
    """The query with a VALUES block opening its outermost WHERE group, binding each parameter.

    SPARQL 1.1 inline data, placed where the group starts, is joined before the group's filters run,
    so a parameter used at the top level of the query (in patterns or filters) means what an
    Oxigraph substitution means. The terms are written in their N-Triples form by pyoxigraph.
    """
    body = [line if not line.lstrip().startswith("#") else " " * len(line) for line in text.splitlines()]
    match = _WHERE.search("\n".join(body))
    if match is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { … } group")
    names = " ".join(f"?{v.value}" for v in bindings)
    values = " ".join(str(t) for t in bindings.values())
    return f"{text[: match.end()]}\n  VALUES ({names}) {{ ({values}) }}{text[match.end():]}"


_WRAPPER_STATUS = {"QueryBadFormed": "400", "Unauthorized": "401", "EndPointNotFound": "404",
                   "URITooLong": "414", "EndPointInternalError": "500"}


def _endpoint_message(exc: Exception) -> str:
    """The first line the endpoint sent with an error SPARQLWrapper raised (it keeps the body in its message)."""
    text = str(exc)
    _, found, raw = text.partition("\n\nResponse:\n")
    if found:
        try:
            body = ast.literal_eval(raw)
            text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        except (ValueError, SyntaxError):
            text = raw
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


class SparqlStore(Store):
    """A remote SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, Neptune…).

    URL is the query endpoint. The update and Graph Store endpoints are derived from it (Oxigraph:
    /query → /update and /store; Fuseki: /sparql → /update and /data) or given explicitly. Basic auth
    comes from the URL's user info or CLAUSEGRAPH_SPARQL_USER / CLAUSEGRAPH_SPARQL_PASSWORD. The
    endpoint must query the union of its named graphs by default (oxigraph serve --union-default-graph).
    """

    def __init__(self, url: str, *, update_url: str | None = None, store_url: str | None = None, timeout: float = 30.0):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise BadInputError(f"sparql:{url} is not an http(s) URL of a SPARQL endpoint, e.g. sparql:http://127.0.0.1:7878/query")
        self.user = urllib.parse.unquote(parsed.username) if parsed.username else os.environ.get("CLAUSEGRAPH_SPARQL_USER")
        self.password = urllib.parse.unquote(parsed.password or "") if parsed.username else os.environ.get("CLAUSEGRAPH_SPARQL_PASSWORD", "")
        netloc = parsed.hostname + (f":{parsed.port}" if parsed.port else "")
        self.url = urllib.parse.urlunsplit((parsed.scheme, netloc, parsed.path, parsed.query, ""))
        base, _, last = self.url.rpartition("/")
        self.update_url = update_url or f"{base}/update"
        self.store_url = store_url or f"{base}/{'data' if last == 'sparql' else 'store'}"
        self.timeout = timeout
        self.spec = f"sparql:{self.url}"

    def _request(self, url: str, *, data: bytes | None, content_type: str | None, accept: str, method: str) -> bytes:
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", accept)
        if content_type:
            request.add_header("Content-Type", content_type)
        if self.user:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise StoreError(f"the endpoint {url} answered {exc.code} {exc.reason}: {detail[0] if detail else ''}".rstrip(": ")) from exc
        except OSError as exc:  # URLError, TimeoutError and connection errors
            raise self._unreachable(url, exc) from exc

    def _unreachable(self, url: str, exc: OSError) -> StoreError:
        """The error for an endpoint that did not answer: a StoreTimeout when the time ran out."""
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError):
            return StoreTimeout(f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s")
        return StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}; is the server running?")

    def load(self, path: Path, graph: str) -> int:
        count = check_rdf(path)
        data = ox.serialize(ox.parse(path=str(path), format=_format_of(path)), format=ox.RdfFormat.N_TRIPLES)
        url = f"{self.store_url}?{urllib.parse.urlencode({'graph': graph})}"
        self._request(url, data=data, content_type="application/n-triples", accept="*/*", method="PUT")
        return count

    def query(self, text: str, bindings: Bindings | None = None) -> Result:
        from SPARQLWrapper import SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        form = query_form(text)
        if bindings:
            text = inline_bindings(text, bindings)
        wrapper = SPARQLWrapper(self.url)
        wrapper.setMethod("POST")
        wrapper.setRequestMethod("postdirectly")
        wrapper.timeout = self.timeout  # setTimeout() truncates to whole seconds (0.5 → 0, no timeout); urlopen takes fractions
        wrapper.setQuery(text)
        # SPARQLWrapper guesses the form with a regex that misses every other comment line and matches
        # inside words ("adds" → ADD, then sent as an update): use the form read by query_form instead
        wrapper.queryType = form
        if self.user:
            wrapper.setCredentials(self.user, self.password)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        wrapper.setReturnFormat("n3" if graph else "json")
        if graph:
            wrapper.addCustomHttpHeader("Accept", "application/n-triples")
        try:
            body = wrapper.query().response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise QueryError(f"the endpoint refused the query ({exc.code}): {detail[0] if detail else exc.reason}") from exc
        except SPARQLWrapperException as exc:  # SPARQLWrapper turns 400, 401, 404, 414 and 500 into these
            status = _WRAPPER_STATUS.get(type(exc).__name__, "error")
            raise QueryError(f"the endpoint refused the query ({status}): {_endpoint_message(exc)}") from exc
        except OSError as exc:  # URLError, TimeoutError and connection errors
            raise self._unreachable(self.url, exc) from exc
        if graph:
            return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)

    def update(self, text: str) -> None:
        self._request(self.update_url, data=text.encode("utf-8"), content_type="application/sparql-update", accept="*/*", method="POST")


STORE_SPECS = "memory, rdflib, oxrdflib, oxigraph:PATH or sparql:URL"


def open_store(spec: str = "memory", *, sources: Iterable | None = None) -> Store:
    """Open a store from its spec. ``memory`` and ``rdflib`` start empty and get ``sources`` loaded;
    persistent and remote stores hold what ``clausegraph load`` put in them."""
    kind, _, rest = spec.partition(":")
    if spec == "memory":
        store: Store = OxigraphStore()
    elif spec in ("rdflib", "oxrdflib"):
        store = RdflibStore(spec)
    elif kind == "oxigraph" and rest:
        store = OxigraphStore(Path(rest))
        return store
    elif kind == "sparql" and rest:
        return SparqlStore(rest)
    else:
        raise BadInputError(f"--store {spec!r} is not a store; use {STORE_SPECS}")
    for source in sources or []:
        store.load(source.path, source.graph)
    return store
