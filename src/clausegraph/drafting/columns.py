"""A row of the signature block's table as one line of text: columns that line up in a fixed-width font.

The source lays its signature block out with spaces, Party B's column starting at display column 39; a row of
cells is written the same way (each column at a multiple of :data:`SIGNATURE_COLUMN`, at least four spaces
apart), so that with no names filled in the source's lines come back word for word. Chinese characters take two
display columns (East Asian width wide or full-width), the others one.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..results import display_width

#: laid out as text, the signature block's second column starts at this display column, where the source's does
SIGNATURE_COLUMN = 39


def columns(cells: Sequence[str]) -> str:
    """The cells of a row as one line; trailing empty cells are left out."""
    line = cells[0] if cells else ""
    for index, cell in enumerate(cells[1:], start=1):
        if cell:
            line += " " * max(SIGNATURE_COLUMN * index - display_width(line), 4) + cell
    return line
