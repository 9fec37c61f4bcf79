"""The one table renderer (clausegraph.tables, rich underneath): as wide as the terminal, 汉字 two columns wide, no
markup read from the data, record by record when the columns do not fit, and the same rows as CSV."""

from __future__ import annotations

import csv
import io
import os
import sys

import pytest
from rich.cells import cell_len

from clausegraph.tables import plural, render, terminal_width, to_csv

from terminal import on_a_terminal

NORMS = [("1.1", "乙方", "乙方对商业秘密承担保密义务"), ("3.5", "乙方", "离职后两年内不得到与甲方有竞争关系的单位任职或自营同类业务"),
         ("5.1", "甲方、乙方", "违约金")]


def _bars(line: str) -> list[int]:
    """The display columns where the line's column rules stand."""
    return [cell_len(line[:i]) for i, ch in enumerate(line) if ch == "|"]


def test_columns_line_up_with_wide_characters():
    lines = render(("provision", "bearer", "norm"), NORMS, width=120).splitlines()
    assert lines[0].split() == ["provision", "|", "bearer", "|", "norm"]
    assert lines[-1] == "(3 rows)"
    assert len({tuple(_bars(line)) for line in [lines[0], *lines[2:-1]]}) == 1  # 乙方 counts two columns, as the header does
    assert set(lines[1]) == {"-", "+"} and [i for i, ch in enumerate(lines[1]) if ch == "+"] == _bars(lines[0])


@pytest.mark.parametrize("width", [40, 60, 80])
def test_a_table_is_never_wider_than_the_terminal_and_nothing_is_cut(width):
    text = render(("provision", "bearer", "norm"), NORMS, width=width)
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert "".join(line.split("|")[2].strip() for line in lines[2:-1]) == "".join(norm for _, _, norm in NORMS)


def test_cell_text_is_never_markup():
    text = render(("a", "b"), [("[bold]x[/bold]", ":smile: [link=http://x]y[/link]")], width=80)
    assert "[bold]x[/bold]" in text and ":smile: [link=http://x]y[/link]" in text


def test_too_many_columns_for_the_width_are_drawn_record_by_record():
    columns = tuple(f"column{i}" for i in range(12))
    rows = [tuple(f"value {r}.{i}" for i in range(12)) for r in range(2)]
    narrow = render(columns, rows, width=80).splitlines()
    assert narrow[0].startswith("-[ row 1 ]") and narrow[-1] == "(2 rows)"
    assert [line.split("|")[0].strip() for line in narrow[1:13]] == list(columns)
    assert narrow[13].startswith("-[ row 2 ]")
    wide = render(columns, rows, width=250).splitlines()
    assert [cell.strip() for cell in wide[0].split("|")] == list(columns) and len(wide) == 5


def test_counts_and_plurals():
    assert render(("a",), [("x",)], width=80).splitlines()[-1] == "(1 row)"
    assert render(("a",), [], width=80).splitlines() == ["a", "-", "(0 rows)"]
    assert render(("a",), [("x",)], count="class", width=80).splitlines()[-1] == "(1 class)"
    assert plural("class") == "classes" and plural("finding") == "findings"
    assert render(("a",), [("x",)], count=None, width=80).splitlines() == ["a", "-", "x"]


def test_csv_keeps_the_cells_as_they_are():
    text = to_csv(("path", "text"), [("1.1", "甲方, \"乙方\"\n第二行"), ("2", None)])
    assert list(csv.reader(io.StringIO(text))) == [["path", "text"], ["1.1", "甲方, \"乙方\"\n第二行"], ["2", ""]]


def test_the_width_is_columns_then_the_terminal_then_80(monkeypatch):
    monkeypatch.setenv("COLUMNS", "132")
    assert terminal_width() == 132
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # not a terminal: a pipe, a file
    assert terminal_width() == 80


def test_a_command_draws_its_table_as_wide_as_its_terminal():
    """`clausegraph stats` on a pseudo-terminal 100 columns wide (COLUMNS unset): the longest graph IRI (86 columns)
    fits on one line; on 80 it would wrap."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    code, shown, errors = on_a_terminal(["stats"], stream="stdout", columns=100, env=env, timeout=120)
    assert code == 0, errors
    lines = shown.replace("\r\n", "\n").splitlines()
    graph = "https://w3id.org/clausegraph/graph/agreements/departure-confidentiality/variant-effects"
    assert any(line.startswith(graph + " ") for line in lines)
    assert 80 < max(len(line) for line in lines) <= 100


def test_a_record_wraps_its_long_values_under_its_own_column():
    columns = tuple(f"c{i}" for i in range(8))
    row = ("离职后两年内不得到与甲方有竞争关系的单位任职或自营同类业务", *(f"v{i}" for i in range(1, 8)))
    lines = render(columns, [row], width=30).splitlines()
    assert lines[0].startswith("-[ row 1 ]") and max(cell_len(line) for line in lines) <= 30
    first = [i for i, line in enumerate(lines) if line.startswith("c0 ")][0]
    folded = [lines[first]] + [line for line in lines[first + 1:] if line.startswith("   | ")]
    assert "".join(line.split(" | ", 1)[1] for line in folded) == row[0]
    assert lines[first + len(folded)] == "c1 | v1"
