"""The ``clausegraph`` command line.

Exit codes: 0 success; 1 the graph has defects (SHACL violations, failed checks, inconsistency) or a variant
is refused; 2 bad input or a runtime error (unknown question or parameter, bad SPARQL, unreadable file, a
``--format`` the command does not take, a store without the agreement template a question asks about). Every
error clausegraph raises (:class:`~clausegraph.errors.ClauseGraphError`), and every usage error of the command
line itself, is caught once, for all commands, by the command group: one line on stderr, the error's own exit code.

``--format`` is one vocabulary (:mod:`clausegraph.formats`): ``table`` (as wide as the terminal, drawn by
:mod:`clausegraph.tables`), ``json`` and ``csv`` wherever there are rows, ``txt``/``md``/``html``/``docx`` for
documents, ``ttl``/``nt``/``jsonld``/``xml`` for RDF, ``svg``/``png``/``dot``/``graphml`` for pictures.

Each command imports what it uses when it runs (rdflib, pySHACL, python-docx, rich, the service, a capability's
package), and typer builds a command's click command only when it runs or ``--help`` lists it (:func:`command`,
:func:`command_group`), so that a quick command such as ``ask`` pays for itself alone.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Optional

import pyoxigraph as ox
import typer
import typer.main
from typer.core import TyperGroup

try:  # typer 0.2x carries its own copy of click
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover - typer that uses click itself
    from click.exceptions import NoArgsIsHelpError, UsageError

from . import __version__, formats, queries
from .cli_options import StoreOption, format_option, key_values, output_path
from .errors import BadInputError, ClauseGraphError, ViolationsFound
from .graph import load_store
from .results import GRAPH_FORMATS, SELECT_FORMATS, compact, read_table, serialize_boolean, serialize_select, serialize_triples


def _usage_error(exc: UsageError) -> typer.Exit:
    """A usage error of the command line (unknown option, bad value) as one line on stderr, exit 2."""
    where = f"; see '{exc.ctx.command_path} --help'" if exc.ctx is not None else ""
    typer.echo(f"error: {exc.format_message().rstrip('.')}{where}", err=True)
    return typer.Exit(exc.exit_code)


class Commands(TyperGroup):
    """The command group: a ClauseGraphError or a usage error from any command ends here, as one line on stderr
    and its exit code. Its commands are made into click commands when they are first looked up (:func:`command`)."""

    def make_context(self, info_name: Optional[str], args: list[str], parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except NoArgsIsHelpError:
            raise
        except UsageError as exc:
            raise _usage_error(exc) from None

    def list_commands(self, ctx: Any) -> list[str]:
        return list(dict.fromkeys([*_LAZY, *super().list_commands(ctx)]))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in _LAZY:
            self.add_command(_LAZY[cmd_name](), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ClauseGraphError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except NoArgsIsHelpError:
            raise
        except UsageError as exc:
            raise _usage_error(exc) from None


app = typer.Typer(
    cls=Commands,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain click help: no "--help <bool>" metavars, no boxes
    help="Contracts as RDF/OWL knowledge graphs. Exit codes: 0 ok, 1 defects found, 2 bad input or error.",
)


#: name → a function that builds the click command (or group), in the order ``--help`` lists them
_LAZY: dict[str, Callable[[], Any]] = {}


def _built(holder: typer.Typer) -> Any:
    return _plain_metavars(typer.main.get_command(holder))


#: typer's names of parameter types → the words click's own help uses for them
_CLICK_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "int range": "INTEGER RANGE", "float range": "FLOAT RANGE"}


def _plain_metavars(command: Any) -> Any:
    """Help in click's words: an argument by its name (``FILES...``), an option's value by its type (``TEXT``,
    ``INTEGER RANGE``), where typer would write ``{files}`` and ``<str>``; a metavar the code gives is kept."""
    for param in command.params:
        if param.metavar is not None or getattr(param, "is_flag", False) or hasattr(param.type, "choices"):
            continue  # given, a flag, or a choice ([ttl|nt|jsonld]) that click writes itself
        if param.param_type_name == "argument":
            param.metavar = param.name.upper() + ("..." if param.nargs != 1 else "")
        else:
            param.metavar = _CLICK_NAMES.get(param.type.name, param.type.name.upper())
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)
    return command


def command(name: Optional[str] = None, **settings: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``@app.command()``, but made into a click command only when it runs or ``--help`` lists it: typer reads every
    parameter of a command (signature, annotations, defaults) to build it, which for all the commands took about
    40 ms of every start. The name is typer's: the function's, lower case, ``_`` as ``-``."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        holder = typer.Typer(rich_markup_mode=None, add_completion=False)
        holder.command(name, **settings)(function)
        _LAZY[name or function.__name__.lower().replace("_", "-")] = lambda: _built(holder)
        return function

    return register


def command_group(name: str, load: Callable[[], typer.Typer]) -> None:
    """A group of commands (``corpus``, ``crosswalk``), its module imported and its commands built only when it is
    first looked up."""

    def build() -> Any:
        holder = typer.Typer(rich_markup_mode=None, add_completion=False)
        holder.add_typer(load(), name=name)
        return _built(holder).commands[name]

    _LAZY[name] = build


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"clausegraph {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_show_version, help="Show the version and exit.")] = False,
) -> None:
    """Contracts as RDF/OWL knowledge graphs. Exit codes: 0 ok, 1 defects found, 2 bad input or error."""


def _open(spec: str):
    """The store every command works on: ``memory``, ``rdflib`` and ``oxrdflib`` are filled with the project's graph
    (:func:`clausegraph.sources.graph_sources`); a persistent or remote store holds what `clausegraph load` put there."""
    return load_store(spec=spec)


def _parse_params(values: list[str]) -> dict[str, str]:
    return key_values(values, flag="--param", example="at=P30M")


def _emit(text: str, output: Optional[Path]) -> None:
    """Text to standard output (ending in one line break), or to --output (atomically)."""
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        from .export import write_atomically

        write_atomically(output, text if text.endswith("\n") else text + "\n")
        typer.echo(f"wrote {output}", err=True)


def _check_choice(flag: str, value: str, allowed: Sequence[str]) -> None:
    """Refuse an option value that is not one of ``allowed`` (before any work is done)."""
    if value not in allowed:
        raise BadInputError(f"{flag} {value!r} is not one of {', '.join(allowed)}")


def _check_output(fmt: str | None, output: Optional[Path]) -> None:
    """A binary format needs --output, and --output must be a regular file that can be written
    (checked before any work is done)."""
    if fmt in formats.BINARY and output is None:
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


def _rows(fmt: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, document: Any = None, count: Optional[str] = "row",
          before: Sequence[str] = (), after: Sequence[str] = ()) -> None:
    """Rows in ``fmt``: a table (``before`` and ``after`` lines around it), CSV, or JSON (``document`` when the
    command has its own, else one object per row)."""
    from . import tables

    rows = [tuple(row) for row in rows]
    if fmt == "json":
        import json

        typer.echo(json.dumps(tables.to_records(columns, rows) if document is None else document, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        sys.stdout.write(tables.to_csv(columns, rows))
        sys.stdout.flush()
    else:
        for line in before:
            typer.echo(line)
        if rows or count is not None:
            typer.echo(tables.render(columns, rows, count=count))
        for line in after:
            typer.echo(line)


def _render_result(result: object, fmt: Optional[str]) -> str:
    if isinstance(result, ox.QuerySolutions):
        fmt = fmt or formats.default("query")
        if fmt not in SELECT_FORMATS:
            raise BadInputError(f"--format {fmt} does not fit a SELECT query; use one of {', '.join(SELECT_FORMATS)}")
        return serialize_select(result, fmt)
    if isinstance(result, ox.QueryBoolean):
        fmt = fmt or formats.default("query")
        if fmt not in SELECT_FORMATS:
            raise BadInputError(f"--format {fmt} does not fit an ASK query; use one of {', '.join(SELECT_FORMATS)}")
        return serialize_boolean(bool(result), fmt)
    fmt = fmt or formats.default("query CONSTRUCT")
    if fmt not in GRAPH_FORMATS:
        raise BadInputError(f"--format {fmt} does not fit a CONSTRUCT/DESCRIBE query; use one of {', '.join(GRAPH_FORMATS)}")
    return serialize_triples(list(result), fmt)  # type: ignore[call-overload]


def _check_query_format(text: str, fmt: Optional[str]) -> None:
    """A --format that cannot fit the query's form, refused before the query runs (when the form can be read)."""
    from .errors import QueryError
    from .store import query_form

    if fmt is None:
        return
    try:
        form = query_form(text)
    except QueryError:
        return  # the engine says what is wrong with the query when it runs
    case = "query" if form in ("SELECT", "ASK") else "query CONSTRUCT"
    if fmt not in formats.choices(case):
        raise BadInputError(f"--format {fmt} does not fit a{'n' if form == 'ASK' else ''} {form} query; "
                            f"use one of {', '.join(formats.choices(case))}")


@command()
def ask(
    name: Annotated[Optional[str], typer.Argument(help="Question name (see --list).")] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", metavar="KEY=VALUE", help="KEY=VALUE, repeatable.")] = [],  # noqa: B006
    fmt: Annotated[str, format_option("ask")] = formats.default("ask"),
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
    _emit(_render_result(queries.ask(_open(store), name, _parse_params(param)), fmt), None)


@command()
def query(
    source: Annotated[str, typer.Argument(help="A .rq file, or - to read the query from standard input.")],
    fmt: Annotated[Optional[str], format_option("query")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", parser=output_path, help="Write to this file instead of standard output.")] = None,
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
    _check_query_format(text, fmt)
    _emit(_render_result(queries.run(_open(store), text), fmt), output)


@command()
def validate(
    fmt: Annotated[str, format_option("validate")] = formats.default("validate"),
    store: StoreOption = "memory",
) -> None:
    """Validate the graph against ontology/shapes.ttl (SHACL): one row per violation. Exit 1 on violations."""
    from .graph import store_to_rdflib
    from .validate import validate_graph

    report = validate_graph(store_to_rdflib(_open(store)))
    columns = ("severity", "focus", "path", "value", "shape", "message")
    rows = [tuple(getattr(v, c) for c in columns) for v in report.violations]
    document = {"conforms": report.conforms, "violations": [asdict(v) for v in report.violations]}
    if report.conforms:
        _rows(fmt, columns, rows, document=document, count=None,
              before=["conforms: the graph satisfies every shape in ontology/shapes.ttl"])
        return
    _rows(fmt, columns, rows, document=document, count="violation")
    raise ViolationsFound(f"{len(report.violations)} SHACL violation(s)")


@command()
def check(
    fmt: Annotated[str, format_option("check")] = formats.default("check"),
    store: StoreOption = "memory",
) -> None:
    """Run the quality checks (queries/checks/*-violation.rq): one row per check, then the defects a failing
    check found. Exit 1 if any check returns a row."""
    from .checks import run_checks
    from .tables import render

    results = run_checks(_open(store))
    failed = [r for r in results if not r.passed]
    summary = f"{len(results) - len(failed)} passed, {len(failed)} failed"
    if fmt == "table":
        typer.echo(render(("check", "result", "defects"), [(r.name, "ok" if r.passed else "FAIL", len(r.table.rows)) for r in results],
                          count=None))
        for r in failed:
            typer.echo(f"\n{r.name}:\n" + render(r.table.variables, [tuple(row.values()) for row in r.table.values()]))
        typer.echo(summary)
    else:
        rows = [(r.name, "ok", "") for r in results if r.passed]
        rows += [(r.name, "FAIL", "; ".join(f"{k}={v}" for k, v in values.items() if v is not None))
                 for r in failed for values in r.table.values()]
        document = {"passed": len(results) - len(failed), "failed": len(failed),
                    "checks": [{"name": r.name, "description": r.description, "passed": r.passed, "defects": r.table.values()}
                               for r in results]}
        _rows(fmt, ("check", "result", "defect"), rows, document=document)
    if failed:
        raise ViolationsFound(f"{len(failed)} check(s) found defects")


@command()
def reason(
    fmt: Annotated[str, format_option("reason")] = formats.default("reason"),
    store: StoreOption = "memory",
) -> None:
    """Check consistency with HermiT and print the inferred classification: each defined class with the
    individuals the reasoner puts in it. Exit 1 if inconsistent."""
    from .reason import reason as run_reasoner

    report = run_reasoner(store=_open(store))
    before = [f"consistent: {'yes' if report.consistent else 'NO'} (HermiT, {report.seconds:.1f} s)"]
    if report.explanation:
        before.append(report.explanation)
    if report.unsatisfiable:
        before.append("unsatisfiable classes: " + ", ".join(report.unsatisfiable))
    if fmt == "table":
        _rows(fmt, ("class", "members", "individuals"),
              [(cls.label, len(cls.members), ", ".join(cls.members)) for cls in report.inferred], count="class", before=before)
    else:
        _rows(fmt, ("class", "label", "member"),
              [(compact(cls.iri), cls.label, member) for cls in report.inferred for member in cls.members], document=asdict(report))
    if not report.consistent or report.unsatisfiable:
        raise ViolationsFound("the ontology is inconsistent or has unsatisfiable classes")


@command()
def export(
    fmt: Annotated[str, format_option("export")] = formats.default("export"),
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", parser=output_path, help="Write to this file instead of standard output.")] = None,
    profile: Annotated[Optional[str], typer.Option("--profile", help="dl: OWL 2 DL for Protégé, HermiT and owlready2 (dates as xsd:dateTime, individuals declared; default for xml); rdf: the data exactly as it is (default for ttl, nt, jsonld).")] = None,
    store: StoreOption = "memory",
) -> None:
    """Export the merged graph."""
    from .export import PROFILES

    if profile is not None:
        _check_choice("--profile", profile, PROFILES)
    _check_output(fmt, output)
    from .export import export_graph

    _emit(export_graph(_open(store), fmt, profile), output)


@command()
def demo(store: StoreOption = "memory") -> None:
    """Load the graph into the embedded store, answer the survival question (one table per termination:
    the end of employment, the agreement's end) and summarise the graph."""
    from .tables import render

    store = _open(store)
    survival = queries.get_question("survival")
    typer.echo(f"== {survival.question_zh}\n== {survival.question_en}\n")
    answer = read_table(queries.ask(store, "survival")).values()
    columns = ("change", "provision", "bearer", "norm", "reason", "ground")
    for termination in dict.fromkeys(row["terminationIri"] for row in answer):
        rows = [row for row in answer if row["terminationIri"] == termination]
        typer.echo(f"-- {rows[0]['termination']}")
        typer.echo(render(columns, [tuple(row[c] for c in columns) for row in rows]) + "\n")
    typer.echo(f"== Graph summary ({store.spec} store)\n")
    typer.echo(serialize_select(queries.ask(store, "summary"), "table"))
    sizes = store.graph_sizes()
    typer.echo("")
    typer.echo(render(("graph", "triples"), sizes))
    total = sum(count for _, count in sizes)
    typer.echo(f"\n{total} triples in {len(sizes)} named graphs. Try: clausegraph ask --list")


@command()
def variants(
    fmt: Annotated[str, format_option("variants")] = formats.default("variants"),
    store: StoreOption = "memory",
) -> None:
    """List the options of the agreement template: type, default, allowed values and meaning (from the graph)."""
    import json

    from .drafting import read_template

    options = read_template(_open(store)).options
    if fmt == "table":
        rows = []
        for o in options:
            kind = "list of provision numbers" if o.is_list else o.datatype
            default = "(blank)" if o.default is None and not o.is_list else ("(none)" if o.is_list else json.dumps(o.default, ensure_ascii=False))
            rows.append((o.key, kind, default, ", ".join(o.allowed), f"{o.label_en} / {o.label_zh}: {o.definition_en} {o.definition_zh}"))
        _rows(fmt, ("option", "type", "default", "allowed", "meaning"), rows, count="option")
        return
    columns = ("key", "type", "default", "allowed", "label_en", "label_zh", "definition_en", "definition_zh")
    rows = [(o.key, "list" if o.is_list else o.datatype,
             "" if o.default is None else o.default if isinstance(o.default, str) else json.dumps(o.default, ensure_ascii=False),
             " ".join(o.allowed), o.label_en, o.label_zh, o.definition_en, o.definition_zh) for o in options]
    _rows(fmt, columns, rows, document=[asdict(o) for o in options])


@command()
def assemble(
    spec: Annotated[Optional[Path], typer.Argument(help="A variant spec (YAML or JSON); --set flags override it.")] = None,
    set_: Annotated[list[str], typer.Option("--set", "-s", metavar="KEY=VALUE", help="KEY=VALUE, repeatable (omit=4,3.5 for lists).")] = [],  # noqa: B006
    fmt: Annotated[str, format_option("assemble")] = formats.default("assemble"),
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", parser=output_path, help="Write to this file (required for docx).")] = None,
    store: StoreOption = "memory",
    reference: Annotated[Optional[Path], typer.Option("--reference", metavar="DOCX", help="A firm's .docx whose styles, page, headers and footers the DOCX takes (docx only).")] = None,
) -> None:
    """Assemble a variant of the agreement. Exit 1 (nothing written) when the variant breaks a legal limit."""
    from .drafting import assemble as assemble_variant, parse_spec, read_template, render
    from .drafting.spec import flatten, load_spec_file

    _check_output(fmt, output)
    package = None
    if reference is not None:
        if fmt != "docx":
            raise BadInputError("--reference is for --format docx: give --format docx, or leave --reference out")
        from .drafting.docx import package_from_docx

        package = package_from_docx(reference)
    values = flatten(load_spec_file(spec)) if spec is not None else {}
    values.update(key_values(set_, flag="--set", example="non_compete_months=12"))
    opened = _open(store)
    template = read_template(opened)
    parsed = parse_spec(template, values)
    document = assemble_variant(template, parsed)
    for warning in document.warnings:
        ground = f" ({warning.ground})" if warning.ground else ""
        typer.echo(f"warning: {warning.option}: {warning.message}{ground}", err=True)
    _review_warnings(opened, template, parsed, document)
    _emit_bytes(render(document, fmt, package=package), output)


@command()
def load(
    files: Annotated[Optional[list[Path]], typer.Argument(help="RDF files (.ttl, .nt, .rdf/.owl, .jsonld); default: the project's graph.")] = None,
    store: StoreOption = "memory",
    graph: Annotated[Optional[str], typer.Option("--graph", help="Named graph IRI (one file only); default: one graph per file.")] = None,
) -> None:
    """Load files into a store, each into its own named graph (replacing it). Every file is checked first: nothing
    is loaded if one is not RDF. A progress bar on a terminal (reading, then loading, each file)."""
    from .progress import Progress
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
    with Progress() as progress:
        counts = []  # all files must parse before any is loaded
        for path, _ in targets:
            size = path.stat().st_size if path.is_file() else None
            counts.append(check_rdf(path, step=progress.task(f"checking {path.name}", size)))
        target_store = load_store([], spec=store)
        for (path, iri), count in zip(targets, counts):
            progress.task(f"loading {path.name}")
            target_store.load(path, iri)
            progress.finish()
            typer.echo(f"loaded {count} triples from {path} into <{iri}>")
    target_store.close()


@command()
def stats(
    fmt: Annotated[str, format_option("stats")] = formats.default("stats"),
    store: StoreOption = "memory",
) -> None:
    """Triple counts per named graph."""
    sizes = _open(store).graph_sizes()
    total = sum(count for _, count in sizes)
    _rows(fmt, ("graph", "triples"), sizes, count=None, after=[f"total: {total} triples in {len(sizes)} named graph{'' if len(sizes) == 1 else 's'}"],
          document={"graphs": [{"graph": g, "triples": n} for g, n in sizes], "triples": total})


@command()
def deps(
    provision: Annotated[Optional[str], typer.Argument(help="A provision (3.5): its neighbourhood only. Default: the whole graph.")] = None,
    fmt: Annotated[Optional[str], format_option("deps")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", parser=output_path, help="Write to this file (required for png).")] = None,
    metrics: Annotated[bool, typer.Option("--metrics", help="Degrees, most depended-on definitions, cycles and the longest chain (networkx).")] = False,
    store: StoreOption = "memory",
) -> None:
    """The clause dependency graph (derived from the graph by queries/deps/*.rq), or one provision's neighbourhood."""
    from . import deps as dependency
    from . import metrics as research

    case = "deps --metrics" if metrics else "deps"
    if fmt is not None and fmt not in formats.choices(case):
        raise BadInputError(f"--format {fmt!r} does not fit {'--metrics' if metrics else 'the graph (without --metrics)'}; "
                            f"use one of {', '.join(formats.choices(case))}")
    fmt = fmt or formats.default(case)
    _check_output(fmt, output)
    opened = _open(store)
    graph = dependency.dependency_graph(opened)
    if provision is not None:
        node = dependency.resolve_node(graph, opened, provision)
        if graph.nodes[node].get("kind") not in dependency.PROVISION_KINDS:
            raise BadInputError(f"{provision!r} is not a provision; name one by its number (3.5)")
        graph = dependency.neighbourhood(graph, dependency.provision_parts(opened, ox.NamedNode(graph.nodes[node]["iri"])))
    if metrics:
        import json

        computed = research.compute(graph)
        text = json.dumps(asdict(computed), ensure_ascii=False, indent=1) if fmt == "json" else research.render(computed)
        _emit(text.rstrip("\n"), output)
        return
    _emit_bytes(dependency.export(graph, fmt), output)


@command()
def impact(
    target: Annotated[str, typer.Argument(help="A provision (3.5), a defined term (经营信息) or a legal instrument (合同法).")],
    fmt: Annotated[str, format_option("impact")] = formats.default("impact"),
    store: StoreOption = "memory",
) -> None:
    """Everything affected, transitively, if TARGET changes, each with the chain that explains why (one row each,
    nearest first); for an instrument, also the executed agreements in the store whose text cites it."""
    from . import deps as dependency
    from .impact import executed_citing, impact as impact_of, instrument_of

    opened = _open(store)
    graph = dependency.dependency_graph(opened)
    node = dependency.resolve_node(graph, opened, target)
    affected = impact_of(graph, opened, node)
    instrument = instrument_of(graph, node)
    executed = executed_citing(opened, instrument) if instrument else None
    columns = ("affected", "kind", "distance", "chain")
    rows = [(a.name, a.kind, a.distance, a.explanation()) for a in affected]
    document = {
        "target": {"id": node, "name": dependency.display_name(graph.nodes[node]), "kind": graph.nodes[node]["kind"]},
        "affected": [{"id": a.node, "name": a.name, "kind": a.kind, "distance": a.distance, "path": list(a.path),
                      "steps": [asdict(step) for step in a.steps]} for a in affected],
        "executed_agreements": executed.values() if executed is not None else None,
    }
    heading = f"{dependency.display_name(graph.nodes[node])} ({graph.nodes[node]['kind_en']}): {len(affected)} affected"
    _rows(fmt, columns, rows, document=document, count=None, before=[heading])
    if fmt == "table" and executed is not None:
        from .results import render_table

        agreements = sorted({row["agreement"] for row in executed.values()})
        typer.echo(f"executed agreements in the store whose text cites it: {len(agreements)}")
        if executed.rows:
            typer.echo(render_table(executed))


@command()
def timeline(
    at: Annotated[Optional[str], typer.Option("--at", help="Mark what is in force this long after departure (P30M, P2Y6M).")] = None,
    fmt: Annotated[str, format_option("timeline")] = formats.default("timeline"),
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", parser=output_path, help="Write to this file (required for png).")] = None,
    store: StoreOption = "memory",
) -> None:
    """Each norm's time window relative to departure (signing, departure, +24 months, +36 months), and what is in force at --at."""
    from .timeline import parse_at, render_timeline

    months = parse_at(at) if at is not None else None
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


@command()
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


@corpus_app.command("generate")
def corpus_generate(
    n: Annotated[int, typer.Argument(help="How many executed agreements.")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same N and seed give the same corpus.")] = 1,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE", parser=output_path, help="Where to write (.nt or .ttl).")] = Path("corpus.nt"),
) -> None:
    """Generate N executed agreements (varied options and dates), reproducibly; a progress bar on a terminal."""
    from .corpus import write_corpus
    from .progress import Progress

    if output.suffix not in (".nt", ".ttl"):
        raise BadInputError(f"--output {output} must end in .nt or .ttl")
    _check_output(None, output)
    with Progress() as progress:
        count = write_corpus(output, n, seed, step=progress.task("generating", n))
    typer.echo(f"wrote {n} executed agreements ({count} triples) to {output}")


@command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Agreements as .txt (UTF-8, UTF-8 with BOM, GB18030/GBK), .md or .docx, or a folder of them.")],
    agreement_id: Annotated[Optional[str], typer.Option("--id", help="The agreement's id, naming its IRIs and graph (one file only); default: the file's stem.")] = None,
    fmt: Annotated[str, format_option("ingest")] = formats.default("ingest"),
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="PATH", help="Write to this file (one agreement) or folder (one ID.FORMAT per agreement).")] = None,
    store: Annotated[Optional[str], typer.Option("--store", help="Load each agreement into its own named graph of this store instead: oxigraph:PATH or sparql:URL.")] = None,
) -> None:
    """Ingest agreements into agreement graphs: structure with the span of every part, provenance, cross-references,
    statute citations, defined terms and candidate norms (docs/ingesting.md). Exit 2 on bad input, with nothing written.
    A progress bar on a terminal."""
    from . import ingest as ingestion
    from .progress import Progress

    paths = ingestion.check_request(files, output=output, store=store)
    with Progress(enabled=None if len(paths) > 1 else False) as progress:
        step = progress.task("ingesting", len(paths))
        items = ingestion.ingest_files(paths, agreement_id=agreement_id, step=lambda _path: step(1))
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


@command()
def curate(
    graph: Annotated[Optional[Path], typer.Argument(help="An ingested agreement graph file (.ttl, .nt, .jsonld); or give --store.")] = None,
    promote: Annotated[list[str], typer.Option("--promote", help="A candidate norm to make a norm (candidate-3 or its IRI), repeatable.")] = [],  # noqa: B006
    reject: Annotated[list[str], typer.Option("--reject", help="A candidate norm to mark rejected, repeatable.")] = [],  # noqa: B006
    as_type: Annotated[Optional[str], typer.Option("--as", help="obligation, prohibition or permission (default: the proposed type).")] = None,
    bearer: Annotated[Optional[str], typer.Option("--bearer", help="甲方, 乙方 or 丙方 (default: the proposed bearer).")] = None,
    rests_on: Annotated[list[str], typer.Option("--rests-on", help="A statute article the promoted norm rests on (law:labour-contract-law-art-23), repeatable.")] = [],  # noqa: B006
    fmt: Annotated[str, format_option("curate", "(the list of candidates)")] = formats.default("curate"),
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="PATH", help="Write the curated graph here instead of back to GRAPH.")] = None,
    store: Annotated[Optional[str], typer.Option("--store", help="Curate in this store (oxigraph:PATH or sparql:URL) instead of a file.")] = None,
) -> None:
    """List the candidate norms of ingested agreements (one row each), or promote them to norms (which questions
    then see) or reject them."""
    from . import ingest as ingestion

    bases = tuple(queries.expand_iri(b).value for b in rests_on)
    changes, rows = ingestion.curate_graph(graph, store=store, promote=promote, reject=reject, as_type=as_type,
                                           bearer=bearer, rests_on=bases, output=output)
    if changes:
        for line in changes:
            typer.echo(line)
        return
    _rows(fmt, ingestion.CANDIDATE_COLUMNS, [ingestion.candidate_cells(row) for row in rows], count="candidate",
          document=[asdict(row) for row in rows])


def _review_warnings(store, template, spec, document) -> None:
    """The legal review's findings on an assembled variant, as warnings on stderr (assembly goes on)."""
    from .review import review_document, rules_for
    from .review.memo import fix_text

    for f in review_document(rules_for(store), template, spec, document).findings:
        fix = fix_text(f)
        typer.echo(f"warning: review {f.code} ({f.severity}) {f.path or f.provision_en}: {f.title_en} "
                   f"[{'; '.join(g.label_zh for g in f.grounds)}]" + (f" fix: {fix}" if fix else ""), err=True)


@command()
def review(
    spec: Annotated[Optional[Path], typer.Argument(help="A variant spec (YAML or JSON); --set flags override it. None: the source.")] = None,
    set_: Annotated[list[str], typer.Option("--set", "-s", metavar="KEY=VALUE", help="KEY=VALUE, repeatable (omit=4,3.5 for lists).")] = [],  # noqa: B006
    agreement: Annotated[Optional[str], typer.Option("--agreement", help="The agreement to review (an IRI, e.g. an ingested one); default: the template.")] = None,
    on: Annotated[Optional[str], typer.Option("--on", help="The review day, YYYY-MM-DD: the articles in force that day are applied (default: today).")] = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="Exit 1 when a finding is at least this serious: void, unenforceable, risky or drafting.")] = None,
    fmt: Annotated[str, format_option("review", "(table, json and csv: the findings; md, html and docx: the memo)")] = formats.default("review"),
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", parser=output_path, help="Write to this file (required for docx).")] = None,
    store: StoreOption = "memory",
) -> None:
    """Review a variant of the agreement, or any agreement, by the rules of queries/review/: findings by severity, each
    with its provision, its grounds quoted and its fix. Exit 1 with --fail-on when a finding is that serious or more."""
    import datetime as dt

    from .drafting.spec import flatten, load_spec_file
    from .review import AGREEMENT_IRI, render
    from .review import review as run_review

    severities = ("void", "unenforceable", "risky", "drafting")
    if fail_on is not None:
        _check_choice("--fail-on", fail_on, severities)
    _check_output(fmt, output)
    try:
        day = dt.date.fromisoformat(on) if on is not None else None
    except ValueError:
        raise BadInputError(f"--on {on!r} is not a day; write YYYY-MM-DD") from None
    values = flatten(load_spec_file(spec)) if spec is not None else {}
    values.update(key_values(set_, flag="--set", example="dispute_forum=arbitration"))
    target = queries.expand_iri(agreement).value if agreement is not None else AGREEMENT_IRI
    result = run_review(_open(store), values, agreement=target, on=day)
    _emit_bytes(render(result, fmt), output)
    if fail_on is not None:
        serious = [f for f in result.findings if severities.index(f.severity) <= severities.index(fail_on)]
        if serious:
            raise ViolationsFound(f"{len(serious)} finding(s) at least {fail_on}")


def _crosswalk_app() -> typer.Typer:
    from .crosswalk.cli import app as crosswalk_app  # the crosswalk capability's commands

    return crosswalk_app


command_group("corpus", lambda: corpus_app)
command_group("crosswalk", _crosswalk_app)


def main() -> None:  # pragma: no cover - console entry point alias
    app()


if __name__ == "__main__":  # pragma: no cover - python -m clausegraph.cli
    app()
