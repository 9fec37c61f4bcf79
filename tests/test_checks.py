"""Every quality check has a failing case, and the project's own graph passes every check.

Each ``queries/checks/NAME-violation.rq`` has a folder ``tests/cases/checks/NAME-violation/``
holding ``fail.ttl`` (a small graph that plants the defect; its first line says which) and
``expected.csv``: the rows the check must return on it, header = the projected variables,
IRIs in full, literals as their lexical form, an empty cell for an unbound variable.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox
import pytest

from clausegraph.graph import load_store
from clausegraph.queries import QueryFile, list_queries, run
from clausegraph.results import Table, read_table, render_table
from clausegraph.sources import GRAPH_BASE, ONTOLOGY_DIR, Source
from cli_runner import invoke

CASES_DIR = Path(__file__).parent / "cases" / "checks"
CHECKS = list_queries("checks")  # what `clausegraph check` runs: every queries/checks/*.rq

# Checks that judge the data against the ontology's declarations, so their fixture is loaded
# together with the TBox: undeclared-term needs the owl:Class / owl:*Property declarations,
# asserted-inferred-class the owl:equivalentClass definitions of the inferred classes, overridden-norm-
# without-instead the subclasses of cg:StatutoryRule.
NEEDS_TBOX = {"asserted-inferred-class-violation", "dangling-reference-violation", "undeclared-term-violation",
              "overridden-norm-without-instead-violation"}
TBOX = Source(ONTOLOGY_DIR / "clausegraph.ttl", GRAPH_BASE + "clausegraph")


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """A result cell as expected.csv writes it: full IRI, lexical form, or empty when unbound."""
    return "" if term is None else term.value


def _rows(table: Table) -> set[tuple[str, ...]]:
    return {tuple(_text(t) for t in row) for row in table.rows}


def _read_expected(path: Path) -> tuple[tuple[str, ...], set[tuple[str, ...]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return tuple(header), {tuple(row) for row in rows}


@pytest.mark.parametrize("check", CHECKS, ids=lambda q: q.name)
def test_check_fires_on_its_failing_case(check: QueryFile) -> None:
    case = CASES_DIR / check.name
    sources = [Source(case / "fail.ttl", GRAPH_BASE + "test/" + check.name)]
    if check.name in NEEDS_TBOX:
        sources.append(TBOX)
    table = read_table(run(load_store(sources), check.text))
    header, expected = _read_expected(case / "expected.csv")
    assert table.variables == header, f"{case / 'expected.csv'} header differs from the check's projection"
    assert expected, f"{case / 'expected.csv'} lists no row: a failing case must make the check fire"
    assert _rows(table) == expected


def test_every_check_has_a_failing_case() -> None:
    names = {q.name for q in CHECKS}
    misnamed = sorted(n for n in names if not n.endswith("-violation"))
    assert not misnamed, f"check files must be named NAME-violation.rq: {misnamed}"
    missing = sorted(
        n for n in names if not all((CASES_DIR / n / f).is_file() for f in ("fail.ttl", "expected.csv"))
    )
    assert not missing, f"checks without tests/cases/checks/NAME/fail.ttl and expected.csv: {missing}"
    orphans = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir() and p.name not in names)
    assert not orphans, f"fixture folders without a check in queries/checks/: {orphans}"
    assert not NEEDS_TBOX - names, f"NEEDS_TBOX names unknown checks: {sorted(NEEDS_TBOX - names)}"


@pytest.fixture(scope="module")
def project_store() -> ox.Store:
    return load_store()


@pytest.mark.parametrize("check", CHECKS, ids=lambda q: q.name)
def test_project_graph_passes_check(project_store: ox.Store, check: QueryFile) -> None:
    table = read_table(run(project_store, check.text))
    assert not table.rows, f"{check.name} found defects in the project graph:\n{render_table(table, width=120)}"


def test_cli_check_passes_on_project_graph() -> None:
    result = invoke(["check"])
    assert result.exit_code == 0, result.output
    assert f"{len(CHECKS)} passed, 0 failed" in result.output
