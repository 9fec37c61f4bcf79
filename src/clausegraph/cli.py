"""The ``clausegraph`` command line.

Exit codes: 0 success; 1 the graph has defects (SHACL violations, failed checks, inconsistency) or a variant
is refused; 2 bad input or a runtime error (unknown command, question or parameter, bad SPARQL, unreadable file, a
``--format`` the command does not take, a store without the agreement template a question asks about). Every
error clausegraph raises (:class:`~clausegraph.errors.ClauseGraphError`), usage errors of the command line
included (:class:`~clausegraph.errors.UsageError`), is caught once, in :func:`app`: one line on stderr, the
error's own exit code.

``--format`` is one vocabulary (:mod:`clausegraph.formats`): ``table`` (as wide as the terminal, drawn by
:mod:`clausegraph.tables`), ``json`` and ``csv`` wherever there are rows, ``txt``/``md``/``html``/``docx`` for
documents, ``ttl``/``nt``/``jsonld``/``xml`` for RDF, ``svg``/``png``/``dot``/``graphml`` for pictures.

The parser is the standard library's argparse (decision 0008). Only the parser of the command that runs is built,
and each command imports what it uses when it runs (rdflib, pySHACL, python-docx, rich, the service, a
capability's package), so that a quick command such as ``ask`` pays for itself alone. Shell completion is
argcomplete's, imported only when a shell asks for completions (``clausegraph --show-completion bash``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Optional, Union

import pyoxigraph as ox

from . import __version__, formats, queries
from .cli_options import (Command, Group, Parser, bounded, check_choice, commands_help, format_option, key_values, output_option,
                          repeated, store_option)
from .errors import BadInputError, ClauseGraphError, UsageError, ViolationsFound
from .graph import load_store
from .results import GRAPH_FORMATS, SELECT_FORMATS, compact, read_table, serialize_boolean, serialize_select, serialize_triples

PROG = "clausegraph"
SUMMARY = "Contracts as RDF/OWL knowledge graphs. Exit codes: 0 ok, 1 defects found, 2 bad input or error."
#: the shells ``--show-completion`` writes a script for (argcomplete's)
SHELLS = ("bash", "zsh", "fish", "tcsh", "powershell")

#: name → the command or group, in the order ``--help`` lists them
COMMANDS: dict[str, Union[Command, Group]] = {}


def command(arguments: Callable[[Parser], None], name: Optional[str] = None) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a command: ``arguments`` declares its arguments on its parser; the function runs it. The name is the
    function's, ``_`` written ``-``."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        key = name or function.__name__.replace("_", "-")
        COMMANDS[key] = Command(key, arguments, function)
        return function

    return register


def asdict(record: Any) -> dict[str, Any]:
    """A dataclass as a dict (:mod:`dataclasses` imported only by the commands that write one)."""
    from dataclasses import asdict as as_dict

    return as_dict(record)


class _GroupParser(Parser):
    """The parser of the top level or of a group: its own options, then a command and the command's arguments. Its
    help lists the commands (``entries``: each name and summary), written only when the help is shown."""

    def __init__(self, prog: str, description: str, entries: Callable[[], Sequence[tuple[str, str]]]):
        super().__init__(prog, description, usage=f"{prog} [OPTIONS] COMMAND [ARGS]...")
        self.entries = entries

    def format_help(self) -> str:
        from .tables import terminal_width

        return f"{super().format_help()}\n{commands_help(self.entries(), terminal_width() - 2)}\n"


def _group_parser(prog: str, description: str, entries: Callable[[], Sequence[tuple[str, str]]]) -> Parser:
    parser = _GroupParser(prog, description, entries)
    parser.add_argument("command", metavar="COMMAND", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("arguments", metavar="ARGS", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def _top_options(parser: Parser) -> Parser:
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}", help="Show the version and exit.")
    parser.add_argument("--show-completion", metavar="SHELL", choices=SHELLS,
                        help=f"Print the shell completion script for SHELL ({', '.join(SHELLS)}) and exit; "
                             f"e.g. eval \"$({PROG} --show-completion bash)\" in ~/.bashrc.")
    return parser


def _top_parser() -> Parser:
    return _top_options(_group_parser(PROG, SUMMARY, lambda: [(name, entry.summary) for name, entry in COMMANDS.items()]))


def _run(command: Command, prog: str, args: list[str]) -> None:
    namespace = command.parser(prog).parse_args(args)
    command.run(**vars(namespace))


def _choose(prog: str, commands: dict[str, Any], name: Optional[str], parser: Parser) -> Any:
    if name is None:
        parser.print_help()
        raise SystemExit(0)
    if name not in commands:
        import difflib

        close = difflib.get_close_matches(name, list(commands), n=1)
        raise UsageError(f"no such command {name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""), prog)
    return commands[name]


def _dispatch(args: list[str]) -> None:
    parser = _top_parser()
    top = parser.parse_args(args)
    if top.show_completion:
        import argcomplete

        sys.stdout.write(argcomplete.shellcode([PROG], shell=top.show_completion))
        return
    entry = _choose(PROG, COMMANDS, top.command, parser)
    prog = f"{PROG} {entry.name}"
    if isinstance(entry, Command):
        _run(entry, prog, top.arguments)
        return
    commands = entry.load()
    rest = top.arguments
    if entry.default is not None and rest and rest[0] not in commands and rest[0] not in ("-h", "--help"):
        rest = [entry.default, *rest]
    group = _group_parser(prog, entry.description or entry.summary, lambda: [(name, c.summary) for name, c in commands.items()])
    inner = group.parse_args(rest)
    chosen = _choose(prog, commands, inner.command, group)
    _run(chosen, f"{prog} {chosen.name}", inner.arguments)


def completion_parser() -> Parser:
    """Every command's parser under one parser, as argcomplete reads a command line (built only to complete one)."""
    parser = _top_options(Parser(PROG, SUMMARY))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, entry in COMMANDS.items():
        if isinstance(entry, Command):
            entry.arguments(subparsers.add_parser(name, help=entry.summary))
            continue
        group = subparsers.add_parser(name, help=entry.summary).add_subparsers(dest="subcommand")
        for sub, inner in entry.load().items():
            inner.arguments(group.add_parser(sub, help=inner.summary))
    return parser


def app(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line (``argv``: the arguments after the program's name; default ``sys.argv[1:]``) and return
    its exit code. The console script ``clausegraph`` exits with it."""
    if "_ARGCOMPLETE" in os.environ:  # a shell asking for completions (argcomplete's protocol)
        import argcomplete

        argcomplete.autocomplete(completion_parser(), exit_method=sys.exit)
    try:
        _dispatch(list(sys.argv[1:] if argv is None else argv))
    except ClauseGraphError as exc:
        sys.stdout.flush()
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except SystemExit as exc:  # --help and --version print and end here
        return exc.code if isinstance(exc.code, int) else 0
    except BrokenPipeError:  # the reader went away (clausegraph … | head): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def _open(spec: str):
    """The store every command works on: ``memory``, ``rdflib`` and ``oxrdflib`` are filled with the project's graph
    (:func:`clausegraph.sources.graph_sources`); a persistent or remote store holds what `clausegraph load` put there."""
    return load_store(spec=spec)


def _parse_params(values: list[str]) -> dict[str, str]:
    return key_values(values, flag="--param", example="at=P30M")


def _emit(text: str, output: Optional[Path]) -> None:
    """Text to standard output (ending in one line break), or to --output (atomically)."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        from .export import write_atomically

        write_atomically(output, text if text.endswith("\n") else text + "\n")
        print(f"wrote {output}", file=sys.stderr)


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
    print(f"wrote {output}", file=sys.stderr)


def _rows(fmt: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, document: Any = None, count: Optional[str] = "row",
          before: Sequence[str] = (), after: Sequence[str] = ()) -> None:
    """Rows in ``fmt``: a table (``before`` and ``after`` lines around it), CSV, or JSON (``document`` when the
    command has its own, else one object per row)."""
    from . import tables

    rows = [tuple(row) for row in rows]
    if fmt == "json":
        import json

        print(json.dumps(tables.to_records(columns, rows) if document is None else document, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        sys.stdout.write(tables.to_csv(columns, rows))
        sys.stdout.flush()
    else:
        for line in before:
            print(line)
        if rows or count is not None:
            print(tables.render(columns, rows, count=count))
        for line in after:
            print(line)


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


def _ask_arguments(p: Parser) -> None:
    p.add_argument("name", metavar="NAME", nargs="?", help="Question name (see --list).")
    repeated(p, "--param", "-p", metavar="KEY=VALUE", help="KEY=VALUE, repeatable.")
    format_option(p, "ask")
    p.add_argument("--list", dest="list_", action="store_true", help="List the questions with their descriptions.")
    store_option(p)


@command(_ask_arguments)
def ask(name: Optional[str], param: list[str], fmt: str, list_: bool, store: str) -> None:
    """Answer a named competency question (queries/questions/NAME.rq)."""
    if list_:
        for q in queries.list_queries("questions"):
            params = ", ".join(f"{p.name} ({p.type}{', default ' + p.default if p.default else (', optional' if p.optional else '')})" for p in q.params)
            print(f"{q.name}\n  {q.question_en}\n  {q.question_zh}" + (f"\n  parameters: {params}" if params else ""))
        return
    if name is None:
        raise BadInputError("give a question name, or --list to see them")
    _emit(_render_result(queries.ask(_open(store), name, _parse_params(param)), fmt), None)


def _query_arguments(p: Parser) -> None:
    p.add_argument("source", metavar="SOURCE", help="A .rq file, or - to read the query from standard input.")
    format_option(p, "query", default=None)
    output_option(p)
    store_option(p)


@command(_query_arguments)
def query(source: str, fmt: Optional[str], output: Optional[Path], store: str) -> None:
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


def _format_and_store(command_name: str) -> Callable[[Parser], None]:
    def arguments(p: Parser) -> None:
        format_option(p, command_name)
        store_option(p)

    return arguments


@command(_format_and_store("validate"))
def validate(fmt: str, store: str) -> None:
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


@command(_format_and_store("check"))
def check(fmt: str, store: str) -> None:
    """Run the quality checks (queries/checks/*-violation.rq): one row per check, then the defects a failing
    check found. Exit 1 if any check returns a row."""
    from .checks import run_checks
    from .tables import render

    results = run_checks(_open(store))
    failed = [r for r in results if not r.passed]
    summary = f"{len(results) - len(failed)} passed, {len(failed)} failed"
    if fmt == "table":
        print(render(("check", "result", "defects"), [(r.name, "ok" if r.passed else "FAIL", len(r.table.rows)) for r in results],
                     count=None))
        for r in failed:
            print(f"\n{r.name}:\n" + render(r.table.variables, [tuple(row.values()) for row in r.table.values()]))
        print(summary)
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


@command(_format_and_store("reason"))
def reason(fmt: str, store: str) -> None:
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


def _export_arguments(p: Parser) -> None:
    format_option(p, "export")
    output_option(p)
    p.add_argument("--profile", metavar="TEXT", help="dl: OWL 2 DL for Protégé, HermiT and owlready2 (dates as xsd:dateTime, "
                   "individuals declared; default for xml); rdf: the data exactly as it is (default for ttl, nt, jsonld).")
    store_option(p)


@command(_export_arguments)
def export(fmt: str, output: Optional[Path], profile: Optional[str], store: str) -> None:
    """Export the merged graph."""
    from .export import PROFILES

    if profile is not None:
        check_choice("--profile", profile, PROFILES)
    _check_output(fmt, output)
    from .export import export_graph

    _emit(export_graph(_open(store), fmt, profile), output)


@command(store_option)
def demo(store: str) -> None:
    """Load the graph into the embedded store, answer the survival question (one table per termination:
    the end of employment, the agreement's end) and summarise the graph."""
    from .tables import render

    opened = _open(store)
    survival = queries.get_question("survival")
    print(f"== {survival.question_zh}\n== {survival.question_en}\n")
    answer = read_table(queries.ask(opened, "survival")).values()
    columns = ("change", "provision", "bearer", "norm", "reason", "ground")
    for termination in dict.fromkeys(row["terminationIri"] for row in answer):
        rows = [row for row in answer if row["terminationIri"] == termination]
        print(f"-- {rows[0]['termination']}")
        print(render(columns, [tuple(row[c] for c in columns) for row in rows]) + "\n")
    print(f"== Graph summary ({opened.spec} store)\n")
    print(serialize_select(queries.ask(opened, "summary"), "table"))
    sizes = opened.graph_sizes()
    print("")
    print(render(("graph", "triples"), sizes))
    total = sum(count for _, count in sizes)
    print(f"\n{total} triples in {len(sizes)} named graphs. Try: clausegraph ask --list")


@command(_format_and_store("variants"))
def variants(fmt: str, store: str) -> None:
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


def _spec_arguments(p: Parser, what: str, *, example: str = "omit=4,3.5") -> None:
    p.add_argument("spec", metavar="SPEC", nargs="?", type=Path, help=f"A variant spec (YAML or JSON); --set flags override it.{what}")
    repeated(p, "--set", "-s", dest="set_", metavar="KEY=VALUE", help=f"KEY=VALUE, repeatable ({example} for lists).")


def _assemble_arguments(p: Parser) -> None:
    _spec_arguments(p, "")
    format_option(p, "assemble")
    output_option(p, "Write to this file (required for docx).")
    store_option(p)
    p.add_argument("--reference", metavar="DOCX", type=Path,
                   help="A firm's .docx whose styles, page, headers and footers the DOCX takes (docx only).")


@command(_assemble_arguments)
def assemble(spec: Optional[Path], set_: list[str], fmt: str, output: Optional[Path], store: str, reference: Optional[Path]) -> None:
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
    findings = _review_findings(opened, template, parsed, document)
    # a legal limit's warning is said once: by the review's finding when one fixes the same option (its grounds
    # quoted, its fix given), else by the limit itself
    fixed = {f.fix.option for f in findings if f.fix.option}
    for warning in document.warnings:
        if warning.option not in fixed:
            ground = f" ({warning.ground})" if warning.ground else ""
            print(f"warning: {warning.option}: {warning.message}{ground}", file=sys.stderr)
    _print_findings(findings)
    _emit_bytes(render(document, fmt, package=package), output)


def _load_arguments(p: Parser) -> None:
    p.add_argument("files", metavar="FILES", nargs="*", type=Path,
                   help="RDF files (.ttl, .nt, .rdf/.owl, .jsonld); default: the project's graph.")
    store_option(p)
    p.add_argument("--graph", metavar="IRI", help="Named graph IRI (one file only); default: one graph per file.")


@command(_load_arguments)
def load(files: list[Path], store: str, graph: Optional[str]) -> None:
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
            print(f"loaded {count} triples from {path} into <{iri}>")
    target_store.close()


@command(_format_and_store("stats"))
def stats(fmt: str, store: str) -> None:
    """Triple counts per named graph."""
    sizes = _open(store).graph_sizes()
    total = sum(count for _, count in sizes)
    _rows(fmt, ("graph", "triples"), sizes, count=None, after=[f"total: {total} triples in {len(sizes)} named graph{'' if len(sizes) == 1 else 's'}"],
          document={"graphs": [{"graph": g, "triples": n} for g, n in sizes], "triples": total})


def _deps_arguments(p: Parser) -> None:
    p.add_argument("provision", metavar="PROVISION", nargs="?",
                   help="A provision (3.5): its neighbourhood only. Default: the whole graph.")
    format_option(p, "deps", default=None)
    output_option(p, "Write to this file (required for png).")
    p.add_argument("--metrics", action="store_true",
                   help="Degrees, most depended-on definitions, cycles and the longest chain (networkx).")
    store_option(p)


@command(_deps_arguments)
def deps(provision: Optional[str], fmt: Optional[str], output: Optional[Path], metrics: bool, store: str) -> None:
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


def _impact_arguments(p: Parser) -> None:
    p.add_argument("target", metavar="TARGET", help="A provision (3.5), a defined term (经营信息) or a legal instrument (合同法).")
    format_option(p, "impact")
    store_option(p)


@command(_impact_arguments)
def impact(target: str, fmt: str, store: str) -> None:
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
        print(f"executed agreements in the store whose text cites it: {len(agreements)}")
        if executed.rows:
            print(render_table(executed))


def _timeline_arguments(p: Parser) -> None:
    p.add_argument("--at", metavar="DURATION", help="Mark what is in force this long after departure (P30M, P2Y6M).")
    p.add_argument("--departure", metavar="YYYY-MM-DD",
                   help="Party B's departure day: each window's first and last calendar day (txt only; 民法典 第二百零一至二百零三条).")
    format_option(p, "timeline")
    output_option(p, "Write to this file (required for png).")
    store_option(p)


@command(_timeline_arguments)
def timeline(at: Optional[str], departure: Optional[str], fmt: str, output: Optional[Path], store: str) -> None:
    """Each norm's time window relative to departure (signing, departure, +24 months, +36 months), and what is in force at
    --at; with --departure, the calendar days each window opens and closes."""
    from .periods import parse_day
    from .timeline import parse_at, render_timeline

    months = parse_at(at) if at is not None else None
    day = parse_day(departure, name="--departure") if departure is not None else None
    if day is not None and fmt != "txt":
        raise BadInputError(f"--departure writes the days into the txt table; give --format txt, or leave --departure out of {fmt}")
    _check_output(fmt, output)
    _emit_bytes(render_timeline(_open(store), fmt, months, departure=day), output)


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


def _serve_arguments(p: Parser) -> None:
    store_option(p)
    p.add_argument("--host", metavar="TEXT", default="127.0.0.1", help="Interface to listen on (loopback by default).")
    p.add_argument("--port", metavar="INTEGER RANGE", type=bounded(int, 1, 65535), default=8000, help="TCP port (default 8000).")
    p.add_argument("--query-timeout", metavar="FLOAT RANGE", type=bounded(float, 0.1), default=10.0,
                   help="Seconds a query may run before it is stopped (default 10).")
    p.add_argument("--max-results", metavar="INTEGER RANGE", type=bounded(int, 1), default=10_000,
                   help="Rows (or triples) an answer may hold (default 10000).")
    p.add_argument("--max-body", metavar="INTEGER RANGE", type=bounded(int, 1024), default=1_000_000,
                   help="Largest request body in bytes (default 1000000).")
    p.add_argument("--max-query", metavar="INTEGER RANGE", type=bounded(int, 256), default=100_000,
                   help="Largest SPARQL query text in bytes, below --max-body (default 100000).")
    p.add_argument("--max-memory", metavar="INTEGER RANGE", type=bounded(int, 64), default=1024,
                   help="Megabytes of memory one query worker may use (default 1024).")
    p.add_argument("--query-workers", metavar="INTEGER RANGE", type=bounded(int, 1), default=max(2, os.cpu_count() or 2),
                   help="Processes that run queries (default: the cores).")
    p.add_argument("--max-queue", metavar="INTEGER RANGE", type=bounded(int, 0), default=32,
                   help="Queries that may wait for a worker; more get 503 with Retry-After (default 32).")
    repeated(p, "--allowed-host", metavar="TEXT", help="A name the Host header may carry (repeatable; loopback names always).")
    repeated(p, "--cors", metavar="TEXT",
             help="A web origin allowed to call from a browser, e.g. https://yasgui.example (repeatable; none by default).")
    p.add_argument("--workers", metavar="INTEGER RANGE", type=bounded(int, 1), default=os.cpu_count() or 1,
                   help="Server processes sharing the port, each with its own store, template and --query-workers (default: the cores).")
    p.add_argument("--no-sandbox", action="store_true",
                   help="Let query workers keep network access (only where the platform cannot cut it, behind a firewall).")


@command(_serve_arguments)
def serve(store: str, host: str, port: int, query_timeout: float, max_results: int, max_body: int, max_query: int, max_memory: int,
          query_workers: int, max_queue: int, allowed_host: list[str], cors: list[str], workers: int, no_sandbox: bool) -> None:
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
    print(f"clausegraph serving {store} on http://{host}:{port}/{processes} (API docs at /docs, SPARQL at /sparql)", file=sys.stderr)
    # h11 refuses a request head past this size with a plain-text 400 before the app sees it: keep it well
    # above the app's own JSON 414 limit, so that every URL up to the body limit gets a JSON answer
    head_limit = limits.max_body_bytes + limits.max_url_bytes + 65536
    run_server(settings, host=host, port=port, workers=workers, app=service if workers == 1 else None, head_limit=head_limit)


def _corpus_generate_arguments(p: Parser) -> None:
    p.add_argument("n", metavar="N", type=bounded(int, 0), help="How many executed agreements.")
    p.add_argument("--seed", metavar="INTEGER", type=int, default=1, help="Random seed: the same N and seed give the same corpus (default 1).")
    output_option(p, "Where to write (.nt or .ttl; default corpus.nt).", default=Path("corpus.nt"))


def corpus_generate(n: int, seed: int, output: Path) -> None:
    """Generate N executed agreements (varied options and dates), reproducibly; a progress bar on a terminal."""
    from .corpus import write_corpus
    from .progress import Progress

    if output.suffix not in (".nt", ".ttl"):
        raise BadInputError(f"--output {output} must end in .nt or .ttl")
    _check_output(None, output)
    with Progress() as progress:
        count = write_corpus(output, n, seed, step=progress.task("generating", n))
    print(f"wrote {n} executed agreements ({count} triples) to {output}")


def _ingest_arguments(p: Parser) -> None:
    p.add_argument("files", metavar="FILES", nargs="+", type=Path,
                   help="Agreements as .txt (UTF-8, UTF-8 with BOM, GB18030/GBK), .md or .docx, or a folder of them.")
    p.add_argument("--id", dest="agreement_id", metavar="TEXT",
                   help="The agreement's id, naming its IRIs and graph (one file only); default: the file's stem.")
    format_option(p, "ingest")
    output_option(p, "Write to this file (one agreement) or folder (one ID.FORMAT per agreement).", metavar="PATH", checked=False)
    store_option(p, "Load each agreement into its own named graph of this store instead: oxigraph:PATH or sparql:URL.", default=None)


@command(_ingest_arguments)
def ingest(files: list[Path], agreement_id: Optional[str], fmt: str, output: Optional[Path], store: Optional[str]) -> None:
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
        print(f"loaded {len(items)} agreement(s), {count} triples, into {store}", file=sys.stderr)
    elif output is not None:
        written = ingestion.write_outputs(items, output, fmt)
        print(f"wrote {written[0] if len(written) == 1 else f'{len(written)} files to {output}'}", file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(ingestion.serialize(items[0], fmt))
        sys.stdout.flush()
    for line in ingestion.report(items):
        print(line, file=sys.stderr)


def _curate_arguments(p: Parser) -> None:
    p.add_argument("graph", metavar="GRAPH", nargs="?", type=Path,
                   help="An ingested agreement graph file (.ttl, .nt, .jsonld); or give --store.")
    repeated(p, "--promote", metavar="TEXT", help="A candidate norm to make a norm (candidate-3 or its IRI), repeatable.")
    repeated(p, "--reject", metavar="TEXT", help="A candidate norm to mark rejected, repeatable.")
    p.add_argument("--as", dest="as_type", metavar="TEXT", help="obligation, prohibition or permission (default: the proposed type).")
    p.add_argument("--bearer", metavar="TEXT", help="甲方, 乙方 or 丙方 (default: the proposed bearer).")
    repeated(p, "--rests-on", metavar="TEXT",
             help="A statute article the promoted norm rests on (law:labour-contract-law-art-23), repeatable.")
    format_option(p, "curate", "(the list of candidates)")
    output_option(p, "Write the curated graph here instead of back to GRAPH.", metavar="PATH", checked=False)
    store_option(p, "Curate in this store (oxigraph:PATH or sparql:URL) instead of a file.", default=None)


@command(_curate_arguments)
def curate(graph: Optional[Path], promote: list[str], reject: list[str], as_type: Optional[str], bearer: Optional[str],
           rests_on: list[str], fmt: str, output: Optional[Path], store: Optional[str]) -> None:
    """List the candidate norms of ingested agreements (one row each), or promote them to norms (which questions
    then see) or reject them."""
    from . import ingest as ingestion

    bases = tuple(queries.expand_iri(b).value for b in rests_on)
    changes, rows = ingestion.curate_graph(graph, store=store, promote=promote, reject=reject, as_type=as_type,
                                           bearer=bearer, rests_on=bases, output=output)
    if changes:
        for line in changes:
            print(line)
        return
    _rows(fmt, ingestion.CANDIDATE_COLUMNS, [ingestion.candidate_cells(row) for row in rows], count="candidate",
          document=[asdict(row) for row in rows])


def _review_findings(store, template, spec, document) -> list:
    """The legal review's findings on an assembled variant."""
    from .review import review_document, rules_for

    return list(review_document(rules_for(store), template, spec, document).findings)


def _print_findings(findings: list) -> None:
    """Findings as warnings on stderr (assembly goes on)."""
    from .review.memo import fix_text

    for f in findings:
        fix = fix_text(f)
        print(f"warning: review {f.code} ({f.severity}) {f.path or f.provision_en}: {f.title_en} "
              f"[{'; '.join(g.label_zh for g in f.grounds)}]" + (f" fix: {fix}" if fix else ""), file=sys.stderr)


def _review_arguments(p: Parser) -> None:
    _spec_arguments(p, " None: the source.")
    p.add_argument("--agreement", metavar="IRI", help="The agreement to review (an IRI, e.g. an ingested one); default: the template.")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="The review day: the articles in force that day are applied (default: today).")
    p.add_argument("--fail-on", metavar="SEVERITY",
                   help="Exit 1 when a finding is at least this serious: void, unenforceable, risky or drafting.")
    format_option(p, "review", "(table, json and csv: the findings; md, html and docx: the memo)")
    output_option(p, "Write to this file (required for docx).")
    store_option(p)


@command(_review_arguments)
def review(spec: Optional[Path], set_: list[str], agreement: Optional[str], on: Optional[str], fail_on: Optional[str], fmt: str,
           output: Optional[Path], store: str) -> None:
    """Review a variant of the agreement, or any agreement, by the rules of queries/review/: findings by severity, each
    with its provision, its grounds quoted and its fix. Exit 1 with --fail-on when a finding is that serious or more."""
    import datetime as dt

    from .drafting.spec import flatten, load_spec_file
    from .review import AGREEMENT_IRI, render
    from .review import review as run_review

    severities = ("void", "unenforceable", "risky", "drafting")
    if fail_on is not None:
        check_choice("--fail-on", fail_on, severities)
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


def _corpus_commands() -> dict[str, Command]:
    return {"generate": Command("generate", _corpus_generate_arguments, corpus_generate)}


def _crosswalk_commands() -> dict[str, Command]:
    from .crosswalk.cli import COMMANDS as crosswalk_commands  # the crosswalk capability's commands

    return crosswalk_commands


COMMANDS["corpus"] = Group("corpus", "Synthetic corpora of executed agreements.", _corpus_commands)
COMMANDS["crosswalk"] = Group(
    "crosswalk", "Crosswalk to the contract datasets: CUAD, ContractNLI and LEDGAR labels per variant.", _crosswalk_commands,
    default="labels",
    description="Crosswalk to the contract datasets: clause types mapped to CUAD, ContractNLI and LEDGAR (SKOS), ContractNLI "
    "labels computed from the norm model, per variant; `crosswalk [SPEC] --scheme …` prints the labels (the default command, "
    "`labels`), `crosswalk export --scheme … [SPEC …]` writes the dataset's own file (docs/crosswalk.md).")


def main() -> None:  # pragma: no cover - console entry point alias
    sys.exit(app())


if __name__ == "__main__":  # pragma: no cover - python -m clausegraph.cli
    sys.exit(app())
