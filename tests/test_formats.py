"""One ``--format`` vocabulary (clausegraph.formats): every command that has the option takes its choices from that one
place, shows them in --help, runs with each of them (exit 0, output of the kind the name says), and refuses a value it
does not take with one line, exit 2, before any work (an unreachable store is never reached)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from clausegraph import formats
from clausegraph import cli
from clausegraph.cli_options import Group
from cli_runner import invoke

ROOT = Path(__file__).resolve().parents[1]
SELECT = ROOT / "queries" / "questions" / "legal-bases.rq"
CONSTRUCT = "PREFIX cg: <https://w3id.org/clausegraph/ontology#>\nCONSTRUCT { ?s cg:refersTo ?o } WHERE { ?s cg:refersTo ?o }"
INGEST_FIXTURE = ROOT / "tests" / "ingest" / "fixtures" / "01-arabic-articles.txt"
#: a store no command may reach while it refuses a bad --format
UNREACHABLE = "sparql:http://127.0.0.1:9/query"


def _commands() -> dict[str, argparse.ArgumentParser]:
    """Every command of the CLI by its path ("crosswalk labels"), with the parser it runs with."""
    found = {}
    for name, entry in cli.COMMANDS.items():
        inner = entry.load().items() if isinstance(entry, Group) else [(None, entry)]
        for sub, command in inner:
            path = f"{name} {sub}" if sub else name
            found[path] = command.parser(f"clausegraph {path}")
    return found


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {name for action in parser._actions for name in action.option_strings}


COMMANDS = _commands()
WITH_FORMAT = {path: p for path, p in COMMANDS.items() if "--format" in _options(p)}

# --- what each format must look like ---------------------------------------------------------------


def _rdf(kind: ox.RdfFormat) -> Callable[[bytes], None]:
    def check(data: bytes) -> None:
        assert list(ox.parse(data, format=kind)), "no triple"
    return check


def _table(data: bytes) -> None:
    lines = data.decode("utf-8").splitlines()
    assert any(set(line) <= {"-", "+"} and "-" in line for line in lines) or any(line.startswith("-[ ") for line in lines), \
        "no table rule"
    assert max(len(line) for line in lines) <= 200


def _csv(data: bytes) -> None:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows and all(len(row) == len(rows[0]) for row in rows) and rows[0][0]


def _tsv(data: bytes) -> None:
    header = data.decode("utf-8").splitlines()[0].split("\t")
    assert all(name.startswith("?") for name in header)


def _docx(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "word/document.xml" in package.namelist()


KINDS: dict[str, Callable[[bytes], None]] = {
    "table": _table,
    "json": lambda data: json.loads(data),
    "csv": _csv,
    "tsv": _tsv,
    "txt": lambda data: data.decode("utf-8").strip() or pytest.fail("empty"),
    "md": lambda data: data.lstrip().startswith(b"#") or pytest.fail("not Markdown"),
    "html": lambda data: b"<html" in data.lower() or pytest.fail("not HTML"),
    "docx": _docx,
    "ttl": _rdf(ox.RdfFormat.TURTLE),
    "nt": _rdf(ox.RdfFormat.N_TRIPLES),
    "jsonld": _rdf(ox.RdfFormat.JSON_LD),
    "xml": _rdf(ox.RdfFormat.RDF_XML),
    "svg": lambda data: b"<svg" in data or pytest.fail("not SVG"),
    "png": lambda data: data.startswith(b"\x89PNG") or pytest.fail("not PNG"),
    "dot": lambda data: data.lstrip().startswith(b"digraph") or pytest.fail("not DOT"),
    "graphml": lambda data: b"<graphml" in data or pytest.fail("not GraphML"),
}

# --- how each command is run: its arguments, for each case of formats.CASES -------------------------------


@pytest.fixture(scope="module")
def curated(tmp_path_factory) -> Path:
    graph = tmp_path_factory.mktemp("curate") / "fixture.ttl"
    assert invoke(["ingest", str(INGEST_FIXTURE), "-o", str(graph)]).exit_code == 0
    return graph


def _args(case: str, curated: Path) -> tuple[list[str], str | None]:
    """(arguments, standard input) that run the command of ``case`` (a key of formats.CHOICES)."""
    return {
        "ask": (["ask", "in-force-at", "--param", "at=P30M"], None),
        "query": (["query", str(SELECT)], None),
        "query CONSTRUCT": (["query", "-"], CONSTRUCT),
        "validate": (["validate"], None),
        "check": (["check"], None),
        "reason": (["reason"], None),
        "export": (["export"], None),
        "variants": (["variants"], None),
        "assemble": (["assemble", "--set", "employee.name=张三"], None),
        "stats": (["stats"], None),
        "deps": (["deps", "3.5"], None),
        "deps --metrics": (["deps", "--metrics"], None),
        "impact": (["impact", "合同法"], None),
        "timeline": (["timeline", "--at", "P30M"], None),
        "ingest": (["ingest", str(INGEST_FIXTURE)], None),
        "curate": (["curate", str(curated)], None),
        "review": (["review", "--on", "2026-12-01"], None),
        "crosswalk": (["crosswalk", "--scheme", "cuad"], None),
    }[case]


CASES = [(case, fmt) for case, values in formats.CHOICES.items() for fmt in values]


def test_every_command_with_a_format_is_in_the_vocabulary():
    """Each --format of the CLI is built from formats.py: its choices in --help, for each command path."""
    commands = {path.split()[0] if path != "crosswalk labels" else "crosswalk" for path in WITH_FORMAT}
    assert commands == {case.split()[0] for case in formats.CHOICES}
    for path in WITH_FORMAT:
        command = "crosswalk" if path == "crosswalk labels" else path
        result = invoke([*path.split(), "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        assert f"--format {formats.metavar(command)}" in result.stdout, path
        assert formats.help_text(command) in " ".join(result.stdout.split()), path
        assert "<bool>" not in result.stdout


def test_the_vocabulary_keeps_its_names():
    """table for a terminal table, json and csv wherever there are rows; one name per kind of output."""
    assert {fmt for values in formats.CHOICES.values() for fmt in values} == set(KINDS)
    for case, values in formats.CHOICES.items():
        if "table" in values:
            assert {"table", "json"} <= set(values) and values[0] == "table", case
        assert "text" not in values
    rows = ("check", "stats", "validate", "reason", "variants", "impact", "curate", "review", "crosswalk", "ask", "query")
    assert all({"json", "csv"} <= set(formats.CHOICES[case]) for case in rows)


@pytest.mark.parametrize(("case", "fmt"), CASES, ids=[f"{c}-{f}" for c, f in CASES])
def test_each_format_of_each_command(case, fmt, curated, tmp_path):
    args, stdin = _args(case, curated)
    out = tmp_path / f"out.{fmt}"
    binary = fmt in formats.BINARY
    result = invoke([*args, "--format", fmt, *(["-o", str(out)] if binary else [])], input=stdin)
    assert result.exit_code == 0, (case, fmt, result.output)
    if (case, fmt) == ("validate", "table"):  # the project's graph conforms: no violation to draw
        assert result.stdout == "conforms: the graph satisfies every shape in ontology/shapes.ttl\n"
        return
    KINDS[fmt](out.read_bytes() if binary else result.stdout_bytes)


@pytest.mark.parametrize("command", list(dict.fromkeys(case.split()[0] for case in formats.CHOICES)))
def test_a_format_the_command_does_not_take_is_one_line_before_any_work(command, curated, tmp_path):
    args, stdin = _args(command, curated)
    path = "crosswalk labels" if command == "crosswalk" else command
    target = tmp_path / "never-written"
    store = [] if command in ("ingest", "curate") else ["--store", UNREACHABLE]
    output = ["-o", str(target)] if "--output" in _options(COMMANDS[path]) else []
    result = invoke([*args, *store, *output, "--format", "pdf"], input=stdin)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"error: --format 'pdf' is not one of {', '.join(formats.accepted(command))}\n"
    assert not target.exists()


@pytest.mark.parametrize(("case", "fmt", "message"), [
    ("query", "ttl", "--format ttl does not fit a SELECT query; use one of table, json, csv, tsv"),
    ("query CONSTRUCT", "csv", "--format csv does not fit a CONSTRUCT query; use one of ttl, nt, jsonld, xml"),
    ("deps --metrics", "svg", "--format 'svg' does not fit --metrics; use one of table, json"),
    ("deps", "table", "--format 'table' does not fit the graph (without --metrics); use one of json, graphml, dot, svg, png"),
])
def test_a_format_of_the_other_case_is_refused_before_the_store_is_reached(case, fmt, message, curated):
    args, stdin = _args(case, curated)
    result = invoke([*args, "--store", UNREACHABLE, "--format", fmt], input=stdin)
    assert result.exit_code == 2
    assert result.stderr == f"error: {message}\n"


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_help_names_values_in_clicks_words(path):
    """Every command's --help writes an argument by its name and a value by its type (FILES..., TEXT, INTEGER
    RANGE), never typer's {files} or <str>; formats as their choices."""
    result = invoke([*path.split(), "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert not re.search(r"<[a-z]|\{[a-z]", result.output), result.output
    assert "--help " in result.output and "<bool>" not in result.output
