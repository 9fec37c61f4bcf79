"""Rows drawn at the edge: one table renderer for every command (rich's Table, drawn as plain text), and CSV.

A table is as wide as the terminal: ``COLUMNS`` when it is set, the terminal's width when standard output is
one, 80 otherwise (a pipe, a file, a test). Cells that do not fit wrap inside their column (nothing is cut:
``--format json`` or ``csv`` give the same rows for programs); wide characters (汉字) take two columns. A table
with too many columns for the width is drawn one record at a time, as psql's expanded display does. Cell text
is never read as rich markup, so ``[b]`` in a clause prints as written.

rich draws what needs wrapping. What does not (every column at its natural width fits, every value of a record
fits beside its label) is laid out here the way rich lays it out, with rich's cell widths, without importing
rich's console (about 30 ms at a command's start): ``tests/test_tables.py`` holds the two to the same output.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Sequence

Cell = str | int | float | None

DEFAULT_WIDTH = 80
#: columns of the terminal a column needs at least (or its own width, when less); a table whose columns cannot
#: all have that much is drawn record by record: a twelve-column answer stays readable at 80 columns
MIN_COLUMN = 10


def terminal_width() -> int:
    """``COLUMNS`` when set to a number, the terminal's width when standard output is a terminal, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns or DEFAULT_WIDTH
    except (AttributeError, ValueError, OSError):  # a replaced or closed stdout
        pass
    return DEFAULT_WIDTH


def _text(value: Cell) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def render(columns: Sequence[str], rows: Iterable[Sequence[Cell]], *, count: str | None = "row",
           width: int | None = None) -> str:
    """The rows as a text table under a header row; with ``count`` (a noun), a last line ``(N rows)``.

    ``width`` defaults to :func:`terminal_width`. A table with more columns than fit at :data:`MIN_COLUMN` each
    is drawn record by record (a ``-[ row N ]`` line, then one line per column). Line breaks in a cell are folded."""
    from rich.cells import cell_len

    width = width or terminal_width()
    body = [tuple(_text(cell) for cell in row) for row in rows]
    natural = [max([cell_len(c)] + [cell_len(row[i]) for row in body]) for i, c in enumerate(columns)]
    if sum(min(w, MIN_COLUMN) for w in natural) + 3 * (len(columns) - 1) <= width:
        lines = _plain(columns, body, natural) if _unwrapped(columns, body, natural, width) else _draw(columns, body, width)
    else:
        lines = _records(columns, body, width, count or "row")
    if count is not None:
        lines.append(f"({len(body)} {count if len(body) == 1 else plural(count)})")
    return "\n".join(lines)


def plural(noun: str) -> str:
    """row → rows, class → classes."""
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


def _console(width: int, buffer: io.StringIO):
    from rich.console import Console

    return Console(file=buffer, width=width, color_system=None, force_terminal=False, force_jupyter=False,
                   legacy_windows=False, markup=False, emoji=False, highlight=False)


def _printable(texts: Iterable[str]) -> bool:
    """No control or format character (rich drops some and measures others as zero): only then is a cell laid out
    without rich."""
    return all(text.isprintable() for text in texts)


def _unwrapped(header: Sequence[str], body: Sequence[Sequence[str]], natural: Sequence[int], width: int) -> bool:
    """Every column fits at its natural width (nothing to wrap), and every cell is printable."""
    return (sum(natural) + 3 * (len(header) - 1) <= width and _printable(header)
            and all(_printable(row) for row in body))


def _plain(header: Sequence[str], body: Sequence[Sequence[str]], natural: Sequence[int]) -> list[str]:
    """The table rich draws (:func:`_draw`) when nothing wraps: cells padded to their column's width (rich's cell
    widths), `` | `` between columns, a ``-+-`` rule under the header, trailing spaces removed."""
    from rich.cells import cell_len

    def line(cells: Sequence[str]) -> str:
        return " | ".join(cell + " " * (size - cell_len(cell)) for cell, size in zip(cells, natural)).rstrip()

    last = len(natural) - 1
    rule = "+".join("-" * (size + (i > 0) + (i < last)) for i, size in enumerate(natural))
    return [line(header), rule, *(line(row) for row in body)]


def _draw(header: Sequence[str], body: Sequence[Sequence[str]], width: int) -> list[str]:
    """rich's Table, ASCII rules between the columns, no outer frame, as lines (trailing spaces removed)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.ASCII, show_edge=False, pad_edge=False, highlight=False)
    for column in header:
        table.add_column(Text(column), overflow="fold")
    for row in body:
        table.add_row(*(Text(cell) for cell in row))
    buffer = io.StringIO()
    _console(width, buffer).print(table)
    return [line.rstrip() for line in buffer.getvalue().splitlines()]


def _records(columns: Sequence[str], body: Sequence[Sequence[str]], width: int, noun: str) -> list[str]:
    """Record by record: a ``-[ row N ]`` line, then ``column | value`` per column, the values wrapped by rich at the
    width left of the terminal (drawn as the table's rules are; a rich Table per record would take ten times longer)."""
    from rich.cells import cell_len

    label = max((cell_len(c) for c in columns), default=0)
    room = max(MIN_COLUMN, width - label - 3)
    lines = []
    for number, row in enumerate(body, 1):
        title = f"-[ {noun} {number} ]"
        lines.append(title + "-" * max(0, min(width, 40) - len(title)))
        for column, cell in zip(columns, row):
            pieces = [cell] if cell_len(cell) <= room and cell.isprintable() else _wrap(cell, width, room)
            lines.append((column + " " * (label - cell_len(column)) + " | " + pieces[0]).rstrip())
            lines += [(" " * label + " | " + piece).rstrip() for piece in pieces[1:]]
    return lines


def _wrap(cell: str, width: int, room: int) -> list[str]:
    """A value too long for its room, in the lines rich wraps it into (folding words longer than the room). A printable
    value is broken by rich's own line breaking (``divide_line``, which ``Text.wrap`` calls) without building a rich
    Text and console; any other goes through ``Text.wrap`` (which drops some control characters first)."""
    try:
        from rich._wrap import divide_line  # rich's private module: should a release move it, Text.wrap serves
    except ImportError:
        divide_line = None
    if not cell.isprintable() or divide_line is None:
        from rich.text import Text

        return [piece.plain for piece in Text(cell).wrap(_console(width, io.StringIO()), room, overflow="fold")] or [""]
    starts = [0, *divide_line(cell, room, fold=True)]
    return [cell[start:end].rstrip() for start, end in zip(starts, [*starts[1:], len(cell)])]


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The rows as CSV (RFC 4180 quoting) under a header row; an empty cell for None."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([("" if cell is None else cell) for cell in row] for row in rows)
    return buffer.getvalue()


def to_records(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> list[dict[str, Cell]]:
    """The rows as JSON objects keyed by column (None stays null)."""
    return [dict(zip(columns, row)) for row in rows]
