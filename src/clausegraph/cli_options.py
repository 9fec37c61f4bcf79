"""Options every ``clausegraph`` command spells the same way: ``--store``, ``--format`` and ``--output``.

``--format`` is built from :mod:`clausegraph.formats` for each command: ``--help`` shows its choices and its
default, and a value the command does not take is refused while the command line is read, before any work,
as one line (``error: --format 'X' is not one of …``, exit 2).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from . import formats

StoreOption = Annotated[
    str, typer.Option("--store", metavar="STORE", help="memory (default), rdflib, oxrdflib, oxigraph:PATH or sparql:URL.", envvar="CLAUSEGRAPH_STORE")
]


def _checker(command: str):
    def check(ctx: typer.Context, value: Any) -> Any:
        if value is None or ctx.resilient_parsing:  # not given, or shell completion reading the line
            return value
        return formats.check(command, value)

    return check


def format_option(command: str, note: str = "") -> Any:
    """The ``--format``/``-f`` option of ``command`` (a key of :data:`clausegraph.formats.CHOICES`, or a command
    with cases in :data:`clausegraph.formats.CASES`); ``note`` follows the generated help."""
    def complete(incomplete: str) -> list[str]:  # shell completion offers the command's formats
        return [fmt for fmt in formats.accepted(command) if fmt.startswith(incomplete)]

    return typer.Option("--format", "-f", metavar=formats.metavar(command), callback=_checker(command), autocompletion=complete,
                        help=formats.help_text(command) + (f" {note}" if note else ""), show_default=False)


def output_path(raw: str) -> Path:
    """--output as given: a name ending in a slash names a folder, which is never written over."""
    if raw.endswith(("/", os.sep)):
        raise typer.BadParameter(f"{raw!r} names a folder; give the path of a file, e.g. {raw}agreement.txt")
    return Path(raw)


def key_values(flags: list[str], *, flag: str, example: str) -> dict[str, str]:
    """``KEY=VALUE`` flags (``--param``, ``--set``) as a mapping (values stay text: the spec parser or the question
    coerces them); the error names the flag and shows an example."""
    from .errors import BadInputError

    out: dict[str, str] = {}
    for item in flags:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise BadInputError(f"{flag} {item!r} is not KEY=VALUE; write e.g. {flag} {example}")
        out[key.strip()] = value
    return out
