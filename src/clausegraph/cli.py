"""The ``clausegraph`` command line.

Exit codes: 0 success; 1 the graph has defects (SHACL violations, failed checks, inconsistency) or a variant
is refused; 2 bad input or a runtime error (unknown question or parameter, bad SPARQL, unreadable file). Every
error clausegraph raises (:class:`~clausegraph.errors.ClauseGraphError`) is caught once, for all commands, by
the command group: one line on stderr, the error's own exit code.

Each command imports what it uses when it runs (rdflib, pySHACL, python-docx, the service), so that a
quick command such as ``ask`` starts in a few tens of milliseconds.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Optional

import pyoxigraph as ox
import typer
from typer.core import TyperGroup

from . import queries
from .errors import BadInputError, ClauseGraphError, ViolationsFound
from .graph import load_store
from .results import GRAPH_FORMATS, SELECT_FORMATS, read_table, render_table, serialize_boolean, serialize_select, serialize_triples
from .sources import QUERIES_DIR


class Commands(TyperGroup):
    """The command group: a ClauseGraphError from any command ends here, as one line on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ClauseGraphError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=Commands,
    add_completion=False,
    no_args_is_help=True,
    help="Contracts as RDF/OWL knowledge graphs. Exit codes: 0 ok, 1 defects found, 2 bad input or error.",
)


StoreOption = Annotated[
    str, typer.Option("--store", help="memory (default), rdflib, oxrdflib, oxigraph:PATH or sparql:URL.", envvar="CLAUSEGRAPH_STORE")
]


def _open(spec: str):
    """The store every command works on: ``memory``, ``rdflib`` and ``oxrdflib`` are filled with the project's graph
    (:func:`clausegraph.sources.graph_sources`); a persistent or remote store holds what `clausegraph load` put there."""
    return load_store(spec=spec)


def _pairs(flags: list[str], *, flag: str, example: str) -> dict[str, str]:
    """``KEY=VALUE`` flags (``--param``, ``--set``) as a mapping; the error names the flag and shows an example."""
    out: dict[str, str] = {}
    for item in flags:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise BadInputError(f"{flag} {item!r} is not KEY=VALUE; write e.g. {flag} {example}")
        out[key.strip()] = value
    return out


def _parse_params(values: list[str]) -> dict[str, str]:
    return _pairs(values, flag="--param", example="at=P30M")


def _emit(text: str, output: Optional[Path]) -> None:
    if output is None:
        typer.echo(text)
    else:
        from .export import write_atomically

        write_atomically(output, text if text.endswith("\n") else text + "\n")
        typer.echo(f"wrote {output}", err=True)


def _check_format(fmt: str, allowed) -> None:
    """Refuse a --format that is not one of ``allowed`` (before any work is done)."""
    if fmt not in allowed:
        raise BadInputError(f"--format {fmt!r} is not one of {', '.join(allowed)}")


BINARY_FORMATS = ("png", "docx")


def _output_path(raw: str) -> Path:
    """--output as given: a name ending in a slash names a folder, which is never written over."""
    if raw.endswith(("/", os.sep)):
        raise typer.BadParameter(f"{raw!r} names a folder; give the path of a file, e.g. {raw}agreement.txt")
    return Path(raw)


def _check_output(fmt: str | None, output: Optional[Path]) -> None:
    """A binary format needs --output, and --output must be a regular file that can be written
    (checked before any work is done)."""
    if fmt in BINARY_FORMATS and output is None:
        raise BadInputError(f"{fmt} is binary: give --output FILE.{fmt}")
    if output is not None:
        from .export import check_output_path

        check_output_path(output)


def _emit_bytes(data: bytes, output: Optional[Path]) -> None:
    """Write to --output (atomically), or text to standard output."""
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    from .export import write_bytes_atomically

    write_bytes_atomically(output, data)
    typer.echo(f"wrote {output}", err=True)


def _render_result(result: object, fmt: Optional[str]) -> str:
    if isinstance(result, ox.QuerySolutions):
        fmt = fmt or "table"
        if fmt not in SELECT_FORMATS:
            raise BadInputError(f"--format {fmt} does not fit a SELECT query; use one of {', '.join(SELECT_FORMATS)}")
        return serialize_select(result, fmt)
    if isinstance(result, ox.QueryBoolean):
        fmt = fmt or "table"
        if fmt not in SELECT_FORMATS:
            raise BadInputError(f"--format {fmt} does not fit an ASK query; use one of {', '.join(SELECT_FORMATS)}")
        return serialize_boolean(bool(result), fmt)
    fmt = fmt or "ttl"
    if fmt not in GRAPH_FORMATS:
        raise BadInputError(f"--format {fmt} does not fit a CONSTRUCT/DESCRIBE query; use one of {', '.join(GRAPH_FORMATS)}")
    return serialize_triples(list(result), fmt)  # type: ignore[call-overload]


@app.command()
def ask(
    name: Annotated[Optional[str], typer.Argument(help="Question name (see --list).")] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", help="KEY=VALUE, repeatable.")] = [],  # noqa: B006
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or tsv.")] = "table",
    list_: Annotated[bool, typer.Option("--list", help="List the questions with their descriptions.")] = False,
    store: StoreOption = "memory",
) -> None:
    """Answer a named competency question (queries/questions/NAME.rq)."""
    if list_:
        for q in queries.list_queries("questions"):
            params = ", ".join(f"{p.name} ({p.type}{', default ' + p.default if p.default else (', optional' if p.optional else '')})" for p in q.params)
            typer.echo(f"{q.name}\n  {q.question_en}\n  {q.question_zh}" + (f"\n  parameters: {params}" if params else ""))
        return
    if name is None:
        raise BadInputError("give a question name, or --list to see them")
    _check_format(fmt, SELECT_FORMATS)
    typer.echo(_render_result(queries.ask(_open(store), name, _parse_params(param)), fmt))


@app.command()
def query(
    source: Annotated[str, typer.Argument(help="A .rq file, or - to read the query from standard input.")],
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="SELECT/ASK: table, json, csv, tsv; CONSTRUCT/DESCRIBE: ttl, nt, jsonld, xml.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", parser=_output_path, help="Write to this file instead of standard output.")] = None,
    store: StoreOption = "memory",
) -> None:
    """Run any SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the graph."""
    _check_output(None, output)
    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise BadInputError(f"no query file {source!r}; give a path to a .rq file or - for standard input")
        text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise BadInputError("the query is empty")
    _emit(_render_result(queries.run(_open(store), text), fmt), output)


@app.command()
def validate(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    store: StoreOption = "memory",
) -> None:
    """Validate the graph against ontology/shapes.ttl (SHACL). Exit 1 on violations."""
    from .graph import store_to_rdflib
    from .validate import validate_graph

    _check_format(fmt, ("text", "json"))
    report = validate_graph(store_to_rdflib(_open(store)))
    if fmt == "json":
        typer.echo(json.dumps({"conforms": report.conforms, "violations": [asdict(v) for v in report.violations]}, ensure_ascii=False, indent=1))
    elif report.conforms:
        typer.echo("conforms: the graph satisfies every shape in ontology/shapes.ttl")
    else:
        for v in report.violations:
            typer.echo(f"{v.severity} {v.focus} {v.path or ''} [{v.shape}] {v.message}")
        typer.echo(f"{len(report.violations)} violation(s)")
    if not report.conforms:
        raise ViolationsFound(f"{len(report.violations)} SHACL violation(s)")


@app.command()
def check(store: StoreOption = "memory") -> None:
    """Run the quality checks (queries/checks/*-violation.rq). Exit 1 if any returns a row."""
    from .checks import run_checks

    results = run_checks(_open(store))
    failed = [r for r in results if not r.passed]
    for r in results:
        typer.echo(f"{'ok  ' if r.passed else 'FAIL'} {r.name}")
        if not r.passed:
            typer.echo(render_table(r.table))
    typer.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise ViolationsFound(f"{len(failed)} check(s) found defects")


@app.command()
def reason(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    store: StoreOption = "memory",
) -> None:
    """Check consistency with HermiT and print the inferred classification. Exit 1 if inconsistent."""
    from .reason import reason as run_reasoner

    _check_format(fmt, ("text", "json"))
    report = run_reasoner(store=_open(store))
    if fmt == "json":
        typer.echo(json.dumps(asdict(report), ensure_ascii=False, indent=1))
    else:
        typer.echo(f"consistent: {'yes' if report.consistent else 'NO'} (HermiT, {report.seconds:.1f} s)")
        if report.explanation:
            typer.echo(report.explanation)
        if report.unsatisfiable:
            typer.echo("unsatisfiable classes: " + ", ".join(report.unsatisfiable))
        for cls in report.inferred:
            typer.echo(f"{cls.label} ({len(cls.members)}):")
            for member in cls.members:
                typer.echo(f"  {member}")
    if not report.consistent or report.unsatisfiable:
        raise ViolationsFound("the ontology is inconsistent or has unsatisfiable classes")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl, nt, jsonld or xml (RDF/XML).")] = "ttl",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", parser=_output_path, help="Write to this file instead of standard output.")] = None,
    profile: Annotated[Optional[str], typer.Option("--profile", help="dl: OWL 2 DL for Protégé, HermiT and owlready2 (dates as xsd:dateTime, individuals declared; default for xml); rdf: the data exactly as it is (default for ttl, nt, jsonld).")] = None,
    store: StoreOption = "memory",
) -> None:
    """Export the merged graph."""
    from .export import PROFILES

    _check_format(fmt, GRAPH_FORMATS)
    if profile is not None:
        _check_format(profile, PROFILES)
    _check_output(fmt, output)
    from .export import export_graph

    _emit(export_graph(_open(store), fmt, profile), output)


@app.command()
def demo(store: StoreOption = "memory") -> None:
    """Load the graph into the embedded store, answer the survival question (one table per termination:
    the end of employment, the agreement's end) and summarise the graph."""
    from .results import Table

    store = _open(store)
    survival = queries.get_question("survival")
    typer.echo(f"== {survival.question_zh}\n== {survival.question_en}\n")
    answer = read_table(queries.ask(store, "survival"))
    columns = ("change", "provision", "bearer", "norm", "reason", "ground")
    picked = [answer.variables.index(c) for c in columns]
    at, label = answer.variables.index("terminationIri"), answer.variables.index("termination")
    for termination in dict.fromkeys(row[at] for row in answer.rows):
        rows = [row for row in answer.rows if row[at] == termination]
        typer.echo(f"-- {rows[0][label].value}")  # type: ignore[union-attr]
        typer.echo(render_table(Table(columns, tuple(tuple(row[i] for i in picked) for row in rows)), max_width=44) + "\n")
    typer.echo(f"== Graph summary ({store.spec} store)\n")
    typer.echo(serialize_select(queries.ask(store, "summary"), "table"))
    sizes = read_table(queries.run(store, queries.read_query(QUERIES_DIR / "reports" / "graph-sizes.rq").text))
    typer.echo("")
    typer.echo(render_table(sizes, max_width=90))
    total = sum(int(row[1].value) for row in sizes.rows)  # type: ignore[union-attr]
    typer.echo(f"\n{total} triples in {len(sizes.rows)} named graphs. Try: clausegraph ask --list")


@app.command()
def variants(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    store: StoreOption = "memory",
) -> None:
    """List the options of the agreement template: type, default, allowed values and meaning (from the graph)."""
    from .drafting import read_template

    _check_format(fmt, ("table", "json"))
    options = read_template(_open(store)).options
    if fmt == "json":
        typer.echo(json.dumps([asdict(o) for o in options], ensure_ascii=False, indent=1))
        return
    for o in options:
        kind = "list of provision numbers" if o.is_list else o.datatype
        default = "(blank)" if o.default is None and not o.is_list else ("(none)" if o.is_list else json.dumps(o.default, ensure_ascii=False))
        allowed = f"  allowed: {', '.join(o.allowed)}" if o.allowed else ""
        typer.echo(f"{o.key}  [{kind}, default {default}]{allowed}\n    {o.label_en} / {o.label_zh}: {o.definition_en}\n    {o.definition_zh}")


@app.command()
def assemble(
    spec: Annotated[Optional[Path], typer.Argument(help="A variant spec (YAML or JSON); --set flags override it.")] = None,
    set_: Annotated[list[str], typer.Option("--set", "-s", help="KEY=VALUE, repeatable (omit=4,3.5 for lists).")] = [],  # noqa: B006
    fmt: Annotated[str, typer.Option("--format", "-f", help="txt, md, html or docx.")] = "txt",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", parser=_output_path, help="Write to this file (required for docx).")] = None,
    store: StoreOption = "memory",
) -> None:
    """Assemble a variant of the agreement. Exit 1 (nothing written) when the variant breaks a legal limit."""
    from .drafting import FORMATS, assemble as assemble_variant, parse_spec, read_template, render
    from .drafting.spec import flatten, load_spec_file

    _check_format(fmt, FORMATS)
    _check_output(fmt, output)
    values = flatten(load_spec_file(spec)) if spec is not None else {}
    values.update(_pairs(set_, flag="--set", example="non_compete_months=12"))
    opened = _open(store)
    template = read_template(opened)
    parsed = parse_spec(template, values)
    document = assemble_variant(template, parsed)
    for warning in document.warnings:
        ground = f" ({warning.ground})" if warning.ground else ""
        typer.echo(f"warning: {warning.option}: {warning.message}{ground}", err=True)
    _review_warnings(opened, template, parsed, document)
    _emit_bytes(render(document, fmt), output)


@app.command()
def load(
    files: Annotated[Optional[list[Path]], typer.Argument(help="RDF files (.ttl, .nt, .rdf/.owl, .jsonld); default: the project's graph.")] = None,
    store: StoreOption = "memory",
    graph: Annotated[Optional[str], typer.Option("--graph", help="Named graph IRI (one file only); default: one graph per file.")] = None,
) -> None:
    """Load files into a store, each into its own named graph (replacing it). Every file is checked first: nothing is loaded if one is not RDF."""
    from .sources import GRAPH_BASE, ONTOLOGY_DIR, graph_sources
    from .store import check_rdf

    if files:
        if graph is not None and len(files) != 1:
            raise BadInputError("--graph names the graph of one file; give one file, or leave --graph out")
        targets = []
        for path in files:
            resolved = path.resolve()
            name = resolved.relative_to(ONTOLOGY_DIR).with_suffix("").as_posix() if resolved.is_relative_to(ONTOLOGY_DIR) else f"files/{path.stem}"
            targets.append((path, graph or GRAPH_BASE + name))
    else:
        targets = [(s.path, s.graph) for s in graph_sources()]
    if graph is not None:
        queries.expand_iri(graph)
    counts = [check_rdf(path) for path, _ in targets]  # all files must parse before any is loaded
    target_store = load_store([], spec=store)
    for (path, iri), count in zip(targets, counts):
        target_store.load(path, iri)
        typer.echo(f"loaded {count} triples from {path} into <{iri}>")
    target_store.close()


@app.command()
def stats(store: StoreOption = "memory") -> None:
    """Triple counts per named graph."""
    sizes = _open(store).graph_sizes()
    width = max((len(g) for g, _ in sizes), default=5)
    for graph_iri, count in sizes:
        typer.echo(f"{graph_iri:<{width}}  {count:>9}")
    typer.echo(f"{'total':<{width}}  {sum(c for _, c in sizes):>9}")


@app.command()
def deps(
    provision: Annotated[Optional[str], typer.Argument(help="A provision (3.5): its neighbourhood only. Default: the whole graph.")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="json (default), graphml, dot, svg or png; with --metrics: text (default) or json.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", parser=_output_path, help="Write to this file (required for png).")] = None,
    metrics: Annotated[bool, typer.Option("--metrics", help="Degrees, most depended-on definitions, cycles and the longest chain (networkx).")] = False,
    store: StoreOption = "memory",
) -> None:
    """The clause dependency graph (derived from the graph by queries/deps/*.rq), or one provision's neighbourhood."""
    from . import deps as dependency
    from . import metrics as research

    if metrics and fmt not in (None, "text", "json"):
        raise BadInputError(f"--format {fmt!r} does not fit --metrics; use text or json")
    if not metrics:
        fmt = fmt or "json"
        _check_format(fmt, dependency.EXPORT_FORMATS)
    _check_output(fmt, output)
    opened = _open(store)
    graph = dependency.dependency_graph(opened)
    if provision is not None:
        node = dependency.resolve_node(graph, opened, provision)
        if graph.nodes[node].get("kind") not in dependency.PROVISION_KINDS:
            raise BadInputError(f"{provision!r} is not a provision; name one by its number (3.5)")
        graph = dependency.neighbourhood(graph, dependency.provision_parts(opened, ox.NamedNode(graph.nodes[node]["iri"])))
    if metrics:
        computed = research.compute(graph)
        text = json.dumps(asdict(computed), ensure_ascii=False, indent=1) if fmt == "json" else research.render(computed)
        _emit(text.rstrip("\n"), output)
        return
    _emit_bytes(dependency.export(graph, fmt or "json"), output)


@app.command()
def impact(
    target: Annotated[str, typer.Argument(help="A provision (3.5), a defined term (经营信息) or a legal instrument (合同法).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    store: StoreOption = "memory",
) -> None:
    """Everything affected, transitively, if TARGET changes, each with the chain that explains why;
    for an instrument, also the executed agreements in the store whose text cites it."""
    from . import deps as dependency
    from .impact import executed_citing, impact as impact_of, instrument_of

    _check_format(fmt, ("table", "json"))
    opened = _open(store)
    graph = dependency.dependency_graph(opened)
    node = dependency.resolve_node(graph, opened, target)
    affected = impact_of(graph, opened, node)
    instrument = instrument_of(graph, node)
    executed = executed_citing(opened, instrument) if instrument else None
    if fmt == "json":
        document = {
            "target": {"id": node, "name": dependency.display_name(graph.nodes[node]), "kind": graph.nodes[node]["kind"]},
            "affected": [{"id": a.node, "name": a.name, "kind": a.kind, "distance": a.distance, "path": list(a.path),
                          "steps": [asdict(step) for step in a.steps]} for a in affected],
            "executed_agreements": executed.values() if executed is not None else None,
        }
        typer.echo(json.dumps(document, ensure_ascii=False, indent=1))
        return
    typer.echo(f"{dependency.display_name(graph.nodes[node])} ({graph.nodes[node]['kind_en']}): {len(affected)} affected")
    for a in affected:
        typer.echo(f"  {a.name}  [{a.kind}]  {a.explanation()}")
    if executed is not None:
        agreements = sorted({row["agreement"] for row in executed.values()})
        typer.echo(f"executed agreements in the store whose text cites it: {len(agreements)}")
        if executed.rows:
            typer.echo(render_table(executed))


@app.command()
def timeline(
    at: Annotated[Optional[str], typer.Option("--at", help="Mark what is in force this long after departure (P30M, P2Y6M).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="txt, svg or png.")] = "txt",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", parser=_output_path, help="Write to this file (required for png).")] = None,
    store: StoreOption = "memory",
) -> None:
    """Each norm's time window relative to departure (signing, departure, +24 months, +36 months), and what is in force at --at."""
    from .timeline import FORMATS as TIMELINE_FORMATS
    from .timeline import parse_at, render_timeline

    months = parse_at(at) if at is not None else None
    _check_format(fmt, TIMELINE_FORMATS)
    _check_output(fmt, output)
    _emit_bytes(render_timeline(_open(store), fmt, months), output)


def _check_port(host: str, port: int) -> None:
    """Refuse a host or port the server could not listen on, before loading anything."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise BadInputError(f"--host {host!r} is not an address this machine has: {exc.strerror}") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise BadInputError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port") from exc


@app.command()
def serve(
    store: StoreOption = "memory",
    host: Annotated[str, typer.Option("--host", help="Interface to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    query_timeout: Annotated[float, typer.Option("--query-timeout", min=0.1, help="Seconds a query may run before it is stopped.")] = 10.0,
    max_results: Annotated[int, typer.Option("--max-results", min=1, help="Rows (or triples) an answer may hold.")] = 10_000,
    max_body: Annotated[int, typer.Option("--max-body", min=1024, help="Largest request body in bytes.")] = 1_000_000,
    max_query: Annotated[int, typer.Option("--max-query", min=256, help="Largest SPARQL query text in bytes (below --max-body).")] = 100_000,
    max_memory: Annotated[int, typer.Option("--max-memory", min=64, help="Megabytes of memory one query worker may use.")] = 1024,
    query_workers: Annotated[int, typer.Option("--query-workers", min=1, help="Processes that run queries (default: the cores).")] = max(2, os.cpu_count() or 2),
    max_queue: Annotated[int, typer.Option("--max-queue", min=0, help="Queries that may wait for a worker; more get 503 with Retry-After.")] = 32,
    allowed_host: Annotated[list[str], typer.Option("--allowed-host", help="A name the Host header may carry (repeatable; loopback names always).")] = [],  # noqa: B006
    cors: Annotated[list[str], typer.Option("--cors", help="A web origin allowed to call from a browser, e.g. https://yasgui.example (repeatable; none by default).")] = [],  # noqa: B006
    workers: Annotated[int, typer.Option("--workers", min=1, help="Server processes sharing the port, each with its own store, template and --query-workers (default: the cores).")] = os.cpu_count() or 1,
    no_sandbox: Annotated[bool, typer.Option("--no-sandbox", help="Let query workers keep network access (only where the platform cannot cut it, behind a firewall).")] = False,
) -> None:
    """Serve the assembly API, the named questions, a read-only SPARQL endpoint and the drafter's page (OpenAPI at /docs).

    See docs/security.md for what the endpoint refuses, its limits and how to run it behind a reverse proxy."""
    from .service.app import create_app
    from .service.limits import Limits
    from .service.server import run as run_server
    from .service.settings import LOOPBACK_HOSTS, ServiceSettings

    if max_query > max_body:
        raise BadInputError(f"--max-query {max_query} is larger than --max-body {max_body}; a query arrives in the body")
    _check_port(host, port)
    hosts = tuple(dict.fromkeys([*LOOPBACK_HOSTS, *([host] if host not in ("0.0.0.0", "::") else []), *allowed_host]))
    limits = Limits(query_timeout, max_results, max_body, max_query, max_memory, query_workers, max_queue)
    settings = ServiceSettings(store=store, limits=limits, allowed_hosts=hosts, cors_origins=tuple(cors), sandbox=not no_sandbox)
    # built here even for several processes: a store, template or network wall that cannot work fails now,
    # with its message, instead of in every worker process that uvicorn would start again and again
    service = create_app(settings)
    if workers > 1:
        service.state.pool.close()
    processes = f", {workers} server processes" if workers > 1 else ""
    typer.echo(f"clausegraph serving {store} on http://{host}:{port}/{processes} (API docs at /docs, SPARQL at /sparql)", err=True)
    # h11 refuses a request head past this size with a plain-text 400 before the app sees it: keep it well
    # above the app's own JSON 414 limit, so that every URL up to the body limit gets a JSON answer
    head_limit = limits.max_body_bytes + limits.max_url_bytes + 65536
    run_server(settings, host=host, port=port, workers=workers, app=service if workers == 1 else None, head_limit=head_limit)


corpus_app = typer.Typer(help="Synthetic corpora of executed agreements.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("generate")
def corpus_generate(
    n: Annotated[int, typer.Argument(help="How many executed agreements.")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same N and seed give the same corpus.")] = 1,
    output: Annotated[Path, typer.Option("--output", "-o", parser=_output_path, help="Where to write (.nt or .ttl).")] = Path("corpus.nt"),
) -> None:
    """Generate N executed agreements (varied options and dates), reproducibly."""
    from .corpus import write_corpus

    if output.suffix not in (".nt", ".ttl"):
        raise BadInputError(f"--output {output} must end in .nt or .ttl")
    _check_output(None, output)
    count = write_corpus(output, n, seed)
    typer.echo(f"wrote {n} executed agreements ({count} triples) to {output}")


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Agreements as .txt (UTF-8, UTF-8 with BOM, GB18030/GBK), .md or .docx, or a folder of them.")],
    agreement_id: Annotated[Optional[str], typer.Option("--id", help="The agreement's id, naming its IRIs and graph (one file only); default: the file's stem.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl, nt or jsonld.")] = "ttl",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (one agreement) or folder (one ID.FORMAT per agreement).")] = None,
    store: Annotated[Optional[str], typer.Option("--store", help="Load each agreement into its own named graph of this store instead: oxigraph:PATH or sparql:URL.")] = None,
) -> None:
    """Ingest agreements into agreement graphs: structure with the span of every part, provenance, cross-references,
    statute citations, defined terms and candidate norms (docs/ingesting.md). Exit 2 on bad input, with nothing written."""
    from . import ingest as ingestion

    _check_format(fmt, ingestion.FORMATS)
    paths = ingestion.check_request(files, output=output, store=store)
    if len(paths) > 1:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("ingesting", total=len(paths))
            items = ingestion.ingest_files(paths, agreement_id=agreement_id, step=lambda _path: bar.advance(task))
    else:
        items = ingestion.ingest_files(paths, agreement_id=agreement_id)
    if store is not None:
        target = load_store([], spec=store)
        count = ingestion.load_into(target, items)
        target.close()
        typer.echo(f"loaded {len(items)} agreement(s), {count} triples, into {store}", err=True)
    elif output is not None:
        written = ingestion.write_outputs(items, output, fmt)
        typer.echo(f"wrote {written[0] if len(written) == 1 else f'{len(written)} files to {output}'}", err=True)
    else:
        sys.stdout.buffer.write(ingestion.serialize(items[0], fmt))
        sys.stdout.flush()
    for line in ingestion.report(items):
        typer.echo(line, err=True)


@app.command()
def curate(
    graph: Annotated[Optional[Path], typer.Argument(help="An ingested agreement graph file (.ttl, .nt, .jsonld); or give --store.")] = None,
    promote: Annotated[list[str], typer.Option("--promote", help="A candidate norm to make a norm (candidate-3 or its IRI), repeatable.")] = [],  # noqa: B006
    reject: Annotated[list[str], typer.Option("--reject", help="A candidate norm to mark rejected, repeatable.")] = [],  # noqa: B006
    as_type: Annotated[Optional[str], typer.Option("--as", help="obligation, prohibition or permission (default: the proposed type).")] = None,
    bearer: Annotated[Optional[str], typer.Option("--bearer", help="甲方, 乙方 or 丙方 (default: the proposed bearer).")] = None,
    rests_on: Annotated[list[str], typer.Option("--rests-on", help="A statute article the promoted norm rests on (law:labour-contract-law-art-23), repeatable.")] = [],  # noqa: B006
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the curated graph here instead of back to GRAPH.")] = None,
    store: Annotated[Optional[str], typer.Option("--store", help="Curate in this store (oxigraph:PATH or sparql:URL) instead of a file.")] = None,
) -> None:
    """List the candidate norms of ingested agreements, or promote them to norms (which questions then see) or reject them."""
    from . import ingest as ingestion

    bases = tuple(queries.expand_iri(b).value for b in rests_on)
    changes, rows = ingestion.curate_graph(graph, store=store, promote=promote, reject=reject, as_type=as_type,
                                           bearer=bearer, rests_on=bases, output=output)
    for line in changes or [ingestion.candidate_line(row) for row in rows]:
        typer.echo(line)


def _review_warnings(store, template, spec, document) -> None:
    """The legal review's findings on an assembled variant, as warnings on stderr (assembly goes on)."""
    from .review import review_document, rules_for
    from .review.memo import fix_text

    for f in review_document(rules_for(store), template, spec, document).findings:
        fix = fix_text(f)
        typer.echo(f"warning: review {f.code} ({f.severity}) {f.path or f.provision_en}: {f.title_en} "
                   f"[{'; '.join(g.label_zh for g in f.grounds)}]" + (f" fix: {fix}" if fix else ""), err=True)


@app.command()
def review(
    spec: Annotated[Optional[Path], typer.Argument(help="A variant spec (YAML or JSON); --set flags override it. None: the source.")] = None,
    set_: Annotated[list[str], typer.Option("--set", "-s", help="KEY=VALUE, repeatable (omit=4,3.5 for lists).")] = [],  # noqa: B006
    agreement: Annotated[Optional[str], typer.Option("--agreement", help="The agreement to review (an IRI, e.g. an ingested one); default: the template.")] = None,
    on: Annotated[Optional[str], typer.Option("--on", help="The review day, YYYY-MM-DD: the articles in force that day are applied (default: today).")] = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="Exit 1 when a finding is at least this serious: void, unenforceable, risky or drafting.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, md, html or docx (the md, html and docx memo).")] = "table",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", parser=_output_path, help="Write to this file (required for docx).")] = None,
    store: StoreOption = "memory",
) -> None:
    """Review a variant of the agreement, or any agreement, by the rules of queries/review/: findings by severity, each
    with its provision, its grounds quoted and its fix. Exit 1 with --fail-on when a finding is that serious or more."""
    import datetime as dt

    from .drafting.spec import flatten, load_spec_file
    from .review import AGREEMENT_IRI, FORMATS, render
    from .review import review as run_review

    _check_format(fmt, FORMATS)
    severities = ("void", "unenforceable", "risky", "drafting")
    if fail_on is not None:
        _check_format(fail_on, severities)
    _check_output(fmt, output)
    try:
        day = dt.date.fromisoformat(on) if on is not None else None
    except ValueError:
        raise BadInputError(f"--on {on!r} is not a day; write YYYY-MM-DD") from None
    values = flatten(load_spec_file(spec)) if spec is not None else {}
    values.update(_pairs(set_, flag="--set", example="dispute_forum=arbitration"))
    target = queries.expand_iri(agreement).value if agreement is not None else AGREEMENT_IRI
    result = run_review(_open(store), values, agreement=target, on=day)
    _emit_bytes(render(result, fmt), output)
    if fail_on is not None:
        serious = [f for f in result.findings if severities.index(f.severity) <= severities.index(fail_on)]
        if serious:
            raise ViolationsFound(f"{len(serious)} finding(s) at least {fail_on}")


from .crosswalk.cli import app as crosswalk_app  # noqa: E402 - the crosswalk capability's commands, registered here
app.add_typer(crosswalk_app, name="crosswalk")


def main() -> None:  # pragma: no cover - console entry point alias
    app()


if __name__ == "__main__":  # pragma: no cover - python -m clausegraph.cli
    app()
