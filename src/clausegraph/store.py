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

Values are bound, never formatted into the query text by hand (clausegraph.bindings: terms written by
pyoxigraph as SPARQL inline data). A remote endpoint gets a ``VALUES`` block opening the outermost WHERE group
(SPARQL 1.1), and so does the embedded Oxigraph unless the query's header says ``# bind: lateral``: then the
group is ``LATERAL`` to the block, and Oxigraph plans it knowing the values. rdflib gets ``initBindings``.
Parameters are projected variables used at the top level of a query, so all of these mean the same
(docs/decisions/0003, 0009).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .bindings import Bindings, Term, inline_bindings, planned_bindings
from .errors import BadInputError, ClauseGraphError, QueryError, StoreError, StoreTimeout
from .locks import RDFLIB_SPARQL

Result = ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple]


def _store_query(name: str, role: str = "store") -> str:
    """The text of queries/ROLE/NAME.rq (the store's own bookkeeping queries)."""
    from .sources import QUERIES_DIR

    return (QUERIES_DIR / role / f"{name}.rq").read_text(encoding="utf-8")




class _Counted:
    """A binary file that reports each read's size (the parser reads it; a progress bar follows)."""

    def __init__(self, handle: BinaryIO, step: Callable[[int], object]) -> None:
        self.handle, self.step = handle, step

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.step(len(data))
        return data


def read_rdf(path: Path, *, step: Callable[[int], object] | None = None) -> Iterator[ox.Triple]:
    """The triples of an RDF file, streamed; a file that is missing or not RDF raises BadInputError.
    ``step(n)`` is told of every ``n`` bytes the parser reads (a progress bar)."""
    rdf_format = rdf_format_of(path)
    try:
        if step is None:
            yield from ox.parse(path=str(path), format=rdf_format)
        else:
            with path.open("rb") as handle:
                yield from ox.parse(input=_Counted(handle, step), format=rdf_format)  # type: ignore[arg-type]
    except (SyntaxError, ValueError) as exc:
        raise BadInputError(f"{path} is not valid RDF: {str(exc).splitlines()[0]}") from exc


def check_rdf(path: Path, *, step: Callable[[int], object] | None = None) -> int:
    """Parse an RDF file completely (without storing it) and return its triple count; raise if it is not RDF."""
    return sum(1 for _ in read_rdf(path, step=step))


_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML,
            ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD}


def rdf_format_of(path: Path) -> ox.RdfFormat:
    """The RDF format of a file from its suffix, once the file is known to exist, to be a regular file and,
    for RDF/XML, to declare no DTD entities (an entity that expands to gigabytes — "billion laughs" — is
    refused before any parser sees the file)."""
    if path.suffix not in _FORMATS:
        raise BadInputError(f"{path}: unknown RDF file type {path.suffix!r}; use one of {', '.join(_FORMATS)}")
    if not path.is_file():
        raise BadInputError(f"no such file: {path}")
    if _FORMATS[path.suffix] == ox.RdfFormat.RDF_XML:
        _refuse_entities(path)
    return _FORMATS[path.suffix]


def _refuse_entities(path: Path) -> None:
    """Read an RDF/XML file up to its root element with defusedxml, which refuses entity declarations."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    try:
        for _event, _element in iterparse(str(path), events=("start",), forbid_dtd=False, forbid_entities=True, forbid_external=True):
            return  # the DTD, if any, comes before the root element: nothing further to check
    except DefusedXmlException as exc:
        raise BadInputError(f"{path} declares XML entities ({exc}); clausegraph does not expand them "
                            "(one entity can expand to gigabytes): write the triples out in full") from exc
    except ParseError as exc:
        raise BadInputError(f"{path} is not valid RDF/XML: {exc}") from exc


def _named(graphs: Mapping[str, Iterable[ox.Triple]]) -> dict[ox.NamedNode, Iterable[ox.Triple]]:
    """The graphs of a load keyed by their IRIs, every name checked before anything is written."""
    named: dict[ox.NamedNode, Iterable[ox.Triple]] = {}
    for graph, triples in graphs.items():
        try:
            named[ox.NamedNode(graph)] = triples
        except ValueError as exc:
            raise BadInputError(f"cannot load a graph named {graph!r}: it is not an IRI ({exc}); nothing was loaded") from exc
    return named


def _batches(named: Mapping[ox.NamedNode, Iterable[ox.Triple]], limit: int) -> list[list[tuple[ox.NamedNode, bytes]]]:
    """Each graph's N-Triples (written by pyoxigraph), grouped into batches of whole graphs of at most ``limit``
    bytes each (a graph larger than the limit is a batch of its own)."""
    batches: list[list[tuple[ox.NamedNode, bytes]]] = []
    size = 0
    for graph, triples in named.items():
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        if not batches or size + len(data) > limit:
            batches.append([])
            size = 0
        batches[-1].append((graph, data))
        size += len(data)
    return batches


def _partly_loaded(exc: Exception, loaded: list[ox.NamedNode], total: int, failed: ox.NamedNode) -> str:
    """What an error in a later batch leaves: the graphs the earlier batches loaded, and those not loaded."""
    return (f"{exc}; the {len(loaded)} graphs before it were loaded ({loaded[0].value} … {loaded[-1].value}), "
            f"the {total - len(loaded)} from {failed.value} on were not: load them again")


def _insert_data(graphs: Iterable[tuple[ox.NamedNode, bytes]], drop: Iterable[ox.NamedNode]) -> str:
    """One SPARQL Update dropping ``drop`` and inserting each graph's N-Triples (written by pyoxigraph, as
    bound values are: docs/decisions/0003); Oxigraph runs it as one transaction."""
    drops = "".join(f"DROP SILENT GRAPH {graph} ;\n" for graph in drop)
    blocks = "".join(f"GRAPH {graph} {{\n{data.decode('utf-8')}}}\n" for graph, data in graphs)
    return f"{drops}INSERT DATA {{\n{blocks}}}"


class Store:
    """The interface every backend implements."""

    spec = "abstract"

    def load(self, path: Path, graph: str) -> int:
        """Load a whole file into the named graph (replacing it), all or nothing; return its triple count."""
        raise NotImplementedError

    def load_triples(self, triples: Iterable[ox.Triple], graph: str) -> int:
        """Put triples made in memory into the named graph (replacing it), as :meth:`load` puts a file's."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="clausegraph-load-") as folder:
            path = Path(folder) / "graph.nt"
            path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
            return self.load(path, graph)

    def fill(self, path: Path, graph: str) -> None:
        """Load a file into a graph of a store being opened (:func:`open_store`'s sources), where nobody reads the
        count :meth:`load` returns."""
        self.load(path, graph)

    def load_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> int:
        """Put several graphs made in memory into the store, each into its named graph (replacing it), as one
        load; return the triples they hold. Oxigraph loads them all or none; an endpoint, in requests of whole
        graphs; this default (rdflib, in memory only) one graph after another, each all or nothing."""
        return sum(self.load_triples(triples, graph) for graph, triples in _named(graphs).items())

    def query(self, text: str, bindings: Bindings | None = None) -> Result:
        """Run a SPARQL query over the union of the named graphs."""
        raise NotImplementedError

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update."""
        raise NotImplementedError

    def graph_sizes(self) -> list[tuple[str, int]]:
        """(graph IRI, triple count) for every named graph."""
        # rdflib answers an aggregate over no graph with one row whose ?graph is unbound: skip it
        rows = self.query(_store_query("graph-sizes", "reports"))
        return [(s["graph"].value, int(s["triples"].value)) for s in rows if s["graph"] is not None]  # type: ignore[union-attr]

    def triples(self) -> list[ox.Triple]:
        """Every triple of the union of the named graphs."""
        return list(self.query(_store_query("all-triples")))  # type: ignore[arg-type]

    def close(self) -> None:
        """Release the store (a persistent store's lock)."""


class OxigraphStore(Store):
    """pyoxigraph, in memory or persistent on disk."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False):
        self.path = path
        self.read_only = read_only
        self.spec = f"oxigraph:{path}" if path else "memory"
        try:
            if path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = ox.Store.read_only(str(path))
            else:
                self.store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the Oxigraph store at {path}: {exc} (is another process using it?)") from exc

    @staticmethod
    def bound(text: str, bindings: Bindings) -> str:
        """The text :meth:`query` hands pyoxigraph for a query and its values (:func:`bindings.planned_bindings`):
        a VALUES block opening the group, or the group LATERAL to it where the query's header says ``# bind: lateral``.

        Not ``substitutions=``, which pyoxigraph 0.5 plans as if the variables were free (82 ms against 0.8 ms for
        provision-dependencies at 10,000 agreements; docs/decisions/0003, 0009)."""
        return planned_bindings(text, bindings)

    def _size(self, graph: ox.NamedNode) -> int:
        rows = list(self.query(_store_query("graph-size"), {ox.Variable("graph"): graph}))  # type: ignore[arg-type]
        return int(rows[0]["triples"].value) if rows else 0

    def load(self, path: Path, graph: str) -> int:
        """One parse, in Rust, straight into the graph; returns the graph's new triple count (see :meth:`_put`)."""
        rdf_format = rdf_format_of(path)
        self._put(graph, {"path": str(path), "format": rdf_format}, lambda: read_rdf(path), str(path))
        return self._size(ox.NamedNode(graph))

    def fill(self, path: Path, graph: str) -> None:
        """:meth:`load` without the triple count (a query per graph, ~8 ms for the project's graph at every start)."""
        self._put(graph, {"path": str(path), "format": rdf_format_of(path)}, lambda: read_rdf(path), str(path))

    def load_triples(self, triples: Iterable[ox.Triple], graph: str) -> int:
        return self.load_graphs({graph: triples})

    # N-Triples per transaction at most: Oxigraph holds a transaction in memory until it commits (about 2 KB per
    # triple on disk), so a corpus goes in as transactions of whole graphs of at most this size (~300,000 triples)
    TRANSACTION_BYTES = 32 * 1024 * 1024

    def load_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> int:
        """Transactions of whole graphs, in memory and on disk, of at most :attr:`TRANSACTION_BYTES` of N-Triples
        each: a load that fits in one (1,000 ingested agreements take a few) is loaded whole or not at all,
        also under kill -9, and a graph being replaced keeps its old triples when its transaction fails; when a
        later transaction fails, the error says which graphs the earlier ones loaded. New graphs go in as one TriG
        document (each graph's N-Triples in a GRAPH block), Oxigraph's transactional load; a batch with a graph
        being replaced as one SPARQL Update dropping it first (Oxigraph's update path, slower). The triple count is
        one query per graph, each reading that graph only."""
        if self.read_only:
            raise StoreError(f"the store {self.spec} is open read-only; stop the server that uses it to load")
        named = _named(graphs)
        loaded: list[ox.NamedNode] = []
        for batch in _batches(named, self.TRANSACTION_BYTES):
            try:
                self._transaction(batch)
            except ClauseGraphError as exc:
                if not loaded:
                    raise
                raise type(exc)(_partly_loaded(exc, loaded, len(named), batch[0][0])) from exc
            loaded += [graph for graph, _ in batch]
        return sum(self._size(graph) for graph in named)

    def _transaction(self, batch: list[tuple[ox.NamedNode, bytes]]) -> None:
        """One batch of whole graphs in one transaction (flushed on disk)."""
        replaced = [graph for graph, _ in batch if self.store.contains_named_graph(graph)]
        try:
            if replaced:
                self.store.update(_insert_data(batch, replaced))
            else:
                self.store.load(b"".join(b"%s {\n%s}\n" % (str(graph).encode("utf-8"), data) for graph, data in batch),
                                format=ox.RdfFormat.TRIG)
        except (SyntaxError, ValueError) as exc:
            raise BadInputError(f"the triples are not valid RDF: {str(exc).splitlines()[0]}; this transaction wrote nothing") from exc
        except OSError as exc:
            raise StoreError(f"cannot write to the store {self.spec}: {exc}; this transaction wrote nothing") from exc
        if self.path is not None:
            self.store.flush()

    def _put(self, graph: str, source: dict, parsed: Callable[[], Iterable[ox.Triple]], what: str) -> None:
        """Replace the named graph by a source (a file or bytes, as pyoxigraph's load takes it).

        In memory the load is a bulk load: a graph being replaced is checked first, so that bad data
        keeps it, and a new graph that fails is removed. On disk nothing is ever half done, even under
        kill -9: a new graph is loaded in one transaction; a graph being replaced is dropped and
        written again in one SPARQL Update, which Oxigraph runs as one transaction, so the store holds
        the old version or the new one, never neither (slower: Oxigraph's update path is not its bulk path)."""
        target = ox.NamedNode(graph)
        if self.read_only:
            raise StoreError(f"the store {self.spec} is open read-only; stop the server that uses it to load")
        exists = self.store.contains_named_graph(target)
        try:
            if self.path is not None and exists:
                # the data travels as N-Triples written by pyoxigraph, as bound values do (docs/decisions/0003)
                triples = ox.serialize(parsed(), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                self.store.update(f"DROP SILENT GRAPH {target} ;\nINSERT DATA {{ GRAPH {target} {{\n{triples}}} }}")
            elif self.path is not None:
                self.store.load(**source, to_graph=target)
            else:
                if exists:
                    sum(1 for _ in parsed())  # bad data must keep the graph it would replace
                    self.store.remove_graph(target)
                try:
                    self.store.bulk_load(**source, to_graph=target)
                except (SyntaxError, ValueError):
                    self.store.remove_graph(target)
                    raise
        except (SyntaxError, ValueError) as exc:
            raise BadInputError(f"{what} is not valid RDF: {str(exc).splitlines()[0]}") from exc
        if self.path is not None:
            self.store.flush()

    def query(self, text: str, bindings: Bindings | None = None) -> Result:
        try:
            if bindings:
                text = self.bound(text, bindings)
            result = self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"the store could not run the query: {exc}") from exc
        return result

    def update(self, text: str) -> None:
        try:
            self.store.update(text)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL Update syntax error: {exc}") from exc

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self.store.flush()
        del self.store


class RdflibStore(Store):
    """An rdflib Dataset: rdflib's own memory store and SPARQL engine (``rdflib``), or the oxrdflib
    plugin that keeps the triples in pyoxigraph and hands it the queries (``oxrdflib``)."""

    _FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}

    def __init__(self, engine: str = "rdflib") -> None:
        import rdflib

        from rdflib.plugins import sparql as rdflib_sparql

        # FROM <…> names graphs of this store, never files or URLs that rdflib would fetch and parse
        rdflib_sparql.SPARQL_LOAD_GRAPHS = False
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


_WRAPPER_STATUS = {"QueryBadFormed": "400", "Unauthorized": "401", "EndPointNotFound": "404",
                   "URITooLong": "414", "EndPointInternalError": "500"}


def _endpoint_message(exc: Exception) -> str:
    """The first line the endpoint sent with an error SPARQLWrapper raised (it keeps the body in its message)."""
    import ast

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

    def __init__(self, url: str, *, update_url: str | None = None, store_url: str | None = None, timeout: float = 30.0,
                 max_response_bytes: int = 256 * 1024 * 1024):
        import urllib.parse  # here, not at the top: only a remote store needs it (and urllib.error, urllib.request)

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
        self.max_response_bytes = max_response_bytes
        self.spec = f"sparql:{self.url}"

    def _within_deadline(self, url: str, exchange: Callable[[], bytes]) -> bytes:
        """Run one HTTP exchange in a helper thread and give up when the store's timeout has passed in all.

        The timeout is a deadline for the whole exchange, not for each read: an endpoint that sends a byte
        every two seconds cannot hold the caller past it (the helper thread ends at its next socket timeout).
        """
        outcome: list[tuple[bool, object]] = []
        done = threading.Event()

        def run() -> None:
            try:
                outcome.append((True, exchange()))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, who raises it
                outcome.append((False, exc))
            finally:
                done.set()

        threading.Thread(target=run, name="sparql-exchange", daemon=True).start()
        if not done.wait(self.timeout):
            raise StoreTimeout(f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s")
        ok, value = outcome[0]
        if not ok:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    def _read_capped(self, response, url: str) -> bytes:
        """The response body (a file-like response, or an iterator of chunks), refused once it passes
        ``max_response_bytes`` (an endpoint that never stops)."""
        chunks, size = [], 0
        pieces = iter(lambda: response.read(65536), b"") if hasattr(response, "read") else response
        for chunk in pieces:
            size += len(chunk)
            if size > self.max_response_bytes:
                raise StoreError(f"the endpoint {url} sent more than {self.max_response_bytes:,} bytes; narrow the query or add a LIMIT")
            chunks.append(chunk)
        return b"".join(chunks)

    def _request(self, url: str, *, data: bytes | None, content_type: str | None, accept: str, method: str) -> bytes:
        """One Graph Store or Update request with httpx, inside the store's two walls: the deadline of
        :meth:`_within_deadline` for the whole exchange, and ``max_response_bytes`` for the body (counted as it
        arrives, uncompressed: the request asks for no content coding). A connection that cannot be made is
        tried once more (httpx's transport retries; nothing was sent), an answer is never retried."""
        import httpx

        headers = {"Accept": accept, "Accept-Encoding": "identity"}
        if content_type:
            headers["Content-Type"] = content_type
        auth = httpx.BasicAuth(self.user, self.password or "") if self.user else None

        def exchange() -> bytes:
            transport = httpx.HTTPTransport(retries=1)
            with httpx.Client(transport=transport, timeout=self.timeout, auth=auth, follow_redirects=False) as client:
                with client.stream(method, url, content=data, headers=headers) as response:
                    body = self._read_capped(response.iter_bytes(65536), url)
                    if response.status_code >= 400:
                        detail = body.decode("utf-8", "replace").strip().splitlines()
                        raise StoreError(f"the endpoint {url} answered {response.status_code} {response.reason_phrase}: "
                                         f"{detail[0] if detail else ''}".rstrip(": "))
                    return body

        try:
            return self._within_deadline(url, exchange)
        except httpx.TimeoutException as exc:
            raise StoreTimeout(f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s") from exc
        except httpx.TransportError as exc:  # refused, reset, unresolvable: the endpoint cannot be reached
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc or type(exc).__name__}; is the server running?") from exc

    def _unreachable(self, url: str, exc: OSError) -> StoreError:
        """The error for an endpoint that did not answer: a StoreTimeout when the time ran out."""
        import urllib.error

        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError):
            return StoreTimeout(f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s")
        return StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}; is the server running?")

    def load(self, path: Path, graph: str) -> int:
        count = check_rdf(path)
        data = ox.serialize(ox.parse(path=str(path), format=rdf_format_of(path)), format=ox.RdfFormat.N_TRIPLES)
        import urllib.parse

        url = f"{self.store_url}?{urllib.parse.urlencode({'graph': graph})}"
        self._request(url, data=data, content_type="application/n-triples", accept="*/*", method="PUT")
        return count

    # an update request's N-Triples at most (Oxigraph's server refuses a body over 128 MiB; a request has the
    # store's timeout in all): a corpus goes in as requests of whole graphs, each request applied whole
    UPDATE_BYTES = 16 * 1024 * 1024

    def load_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> int:
        """SPARQL Update requests dropping each graph and inserting its triples, whole graphs per request, up to
        :attr:`UPDATE_BYTES` each: the endpoint applies a request whole or refuses it (Oxigraph runs an update as
        one transaction), so each graph holds its old triples or its new ones. SPARQL has no transaction across
        requests: when a later request fails, the error says which graphs the earlier ones loaded (loading again
        replaces them). Returns the triples sent (each graph's distinct triples)."""
        named = {graph: list(triples) for graph, triples in _named(graphs).items()}
        loaded: list[ox.NamedNode] = []
        for batch in _batches(named, self.UPDATE_BYTES):
            try:
                self.update(_insert_data(batch, [graph for graph, _ in batch]))
            except StoreError as exc:
                if not loaded:
                    raise
                raise type(exc)(_partly_loaded(exc, loaded, len(named), batch[0][0])) from exc
            loaded += [graph for graph, _ in batch]
        return sum(len(set(triples)) for triples in named.values())

    def query(self, text: str, bindings: Bindings | None = None) -> Result:
        import urllib.error

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
            body = self._within_deadline(self.url, lambda: self._read_capped(wrapper.query().response, self.url))
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


def open_store(spec: str = "memory", *, sources: Iterable | None = None, read_only: bool = False) -> Store:
    """Open a store from its spec. ``memory`` and ``rdflib`` start empty and get ``sources`` loaded;
    persistent and remote stores hold what ``clausegraph load`` put in them. ``read_only`` opens a
    persistent store as a reader (many processes may; the service's query workers do)."""
    kind, _, rest = spec.partition(":")
    if spec == "memory":
        store: Store = OxigraphStore()
    elif spec in ("rdflib", "oxrdflib"):
        store = RdflibStore(spec)
    elif kind == "oxigraph" and rest:
        return OxigraphStore(Path(rest), read_only=read_only)
    elif kind == "sparql" and rest:
        return SparqlStore(rest)
    else:
        raise BadInputError(f"--store {spec!r} is not a store; use {STORE_SPECS}")
    for source in sources or []:
        store.fill(source.path, source.graph)
    return store
