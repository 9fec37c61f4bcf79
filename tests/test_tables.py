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


# --- what is laid out without rich is what rich lays out -------------------------------------------------------------
# A table whose columns all fit at their natural width, and a record's values, are laid out by clausegraph.tables with
# rich's cell widths and rich's line breaking, but without rich's Table, Text and console (~30 ms at a command's start).
# rich stays the oracle: the same input drawn both ways must give the same lines, for every question's answer at
# several widths and for generated cells (汉字, full-width punctuation, spaces, markup-like brackets).

import io as _io

from hypothesis import given, settings, strategies as st
from rich.console import Console
from rich.text import Text

from clausegraph import queries
from clausegraph.results import read_table
from clausegraph.tables import MIN_COLUMN, _draw, _plain, _text, _unwrapped, _wrap

_CELL = st.text(alphabet=st.sampled_from("ab Z09-_:/.,;[]()|汉字甲方乙方第三条，。（）：；ÉéßΩ　 "), max_size=90)


def _natural(columns, body) -> list[int]:
    return [max([cell_len(c)] + [cell_len(row[i]) for row in body]) for i, c in enumerate(columns)]


def _same_as_rich(columns, rows, width) -> bool:
    """True when the table is laid out without rich, after checking that rich draws the same lines."""
    body = [tuple(_text(cell) for cell in row) for row in rows]
    natural = _natural(columns, body)
    if not _unwrapped(columns, body, natural, width):
        return False
    assert _plain(columns, body, natural) == _draw(columns, body, width)
    return True


def _record_value_as_rich_wraps_it(cell: str, width: int, room: int) -> None:
    """A record's value in the lines the renderer gives it: whole when it fits, else broken as rich's Text.wrap breaks it."""
    console = Console(file=_io.StringIO(), width=width, color_system=None, markup=False, emoji=False, highlight=False)
    expected = [piece.plain.rstrip() for piece in Text(cell).wrap(console, room, overflow="fold")] or [""]
    if cell_len(cell) <= room and cell.isprintable():
        assert expected == [cell]
    else:
        assert _wrap(cell, width, room) == expected


def test_every_answer_is_laid_out_as_rich_lays_it_out(store):
    laid_out = 0
    for question in queries.list_queries("questions"):
        table = read_table(queries.ask(store, question.name, question.example))
        rows = [tuple(row.values()) for row in table.values()]
        label = max(cell_len(c) for c in table.variables)
        for width in (40, 80, 120, 200, 400):
            laid_out += _same_as_rich(table.variables, rows, width)
            room = max(MIN_COLUMN, width - label - 3)
            for row in rows:
                for value in row:
                    _record_value_as_rich_wraps_it(_text(value), width, room)
    assert laid_out >= 20  # most answers fit at 400 columns, some at 80: the comparison is not vacuous


@settings(max_examples=300, deadline=None)
@given(columns=st.lists(st.text(alphabet="abcxyz_汉", min_size=1, max_size=12), min_size=1, max_size=5),
       cells=st.lists(_CELL, max_size=40), width=st.integers(min_value=20, max_value=160))
def test_generated_tables_that_fit_are_laid_out_as_rich_lays_them_out(columns, cells, width):
    rows = [tuple(cells[i:i + len(columns)]) for i in range(0, len(cells) - len(columns) + 1, len(columns))]
    _same_as_rich(tuple(columns), rows, width)


@settings(max_examples=500, deadline=None)
@given(cell=_CELL, room=st.integers(min_value=MIN_COLUMN, max_value=60))
def test_a_generated_value_is_wrapped_as_rich_wraps_it(cell, room):
    _record_value_as_rich_wraps_it(_text(cell), room + 20, room)


def test_a_record_wraps_the_same_without_rich_private_line_breaking(monkeypatch):
    """Should a rich release move rich._wrap, values are broken by Text.wrap, into the same lines."""
    columns = tuple(f"c{i}" for i in range(8))
    rows = [("离职后两年内不得到与甲方有竞争关系的单位任职或自营同类业务", *(f"v{i} words that wrap here" for i in range(1, 8)))]
    with_divide_line = render(columns, rows, width=30)
    monkeypatch.setitem(sys.modules, "rich._wrap", None)  # import fails
    assert render(columns, rows, width=30) == with_divide_line
