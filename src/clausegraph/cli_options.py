"""What every ``clausegraph`` command is declared with: the parser, a command's record, and the options every
command spells the same way (``--store``, ``--format``, ``--output``, ``KEY=VALUE`` flags).

The command line is the standard library's :mod:`argparse` (decision 0008): a command's parser is built only when
that command runs, so a quick command such as ``ask`` pays for its own options alone. A usage error (an unknown
option, a missing or malformed value) is raised as :class:`~clausegraph.errors.UsageError`, which the command line
prints as one line ending in ``see 'clausegraph COMMAND --help'``, exit 2.

``--format`` is built from :mod:`clausegraph.formats` for each command: ``--help`` shows its choices and its
default, and a value the command does not take is refused while the command line is read, before any work,
as one line (``error: --format 'X' is not one of …``, exit 2).
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple, NoReturn, Optional

from . import formats
from .errors import UsageError


class _Formatter(argparse.HelpFormatter):
    """argparse's help, with each paragraph of a description filled on its own (a docstring's blank lines kept) and
    an option written once with its value (``-f, --format [table|json|csv]``), as wide as the tables
    (:func:`clausegraph.tables.terminal_width`; argparse's own width imports :mod:`shutil`, whose archive modules
    cost milliseconds on every start, since argparse makes a formatter for every argument it is given)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: Optional[int] = None):
        from .tables import terminal_width

        super().__init__(prog, indent_increment, max_help_position, width or terminal_width() - 2)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
        return "\n\n".join(super(_Formatter, self)._fill_text(p, width, indent) for p in paragraphs if p)

    def _format_action_invocation(self, action: argparse.Action) -> str:
        if not action.option_strings or action.nargs == 0:
            return super()._format_action_invocation(action)
        names = sorted(action.option_strings, key=len)
        return f"{', '.join(names)} {self._metavar_formatter(action, action.dest.upper())(1)[0]}"


class Parser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are raised (:class:`UsageError`) instead of printed with the usage."""

    def __init__(self, prog: str, description: Optional[str] = None, **settings: Any):
        settings.setdefault("formatter_class", _Formatter)
        super().__init__(prog=prog, description=description, allow_abbrev=False, **settings)

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self.prog)


def usage(parser: argparse.ArgumentParser) -> str:
    """``%(prog)s [OPTIONS] NAME [FILES ...]``: the options as one word and each argument by its name (argparse's own
    usage line is not used: it cannot wrap an option whose value is written ``[table|json]``)."""
    words = ["%(prog)s", "[OPTIONS]"]
    for action in parser._actions:  # the arguments in their order
        if action.option_strings:
            continue
        name = action.metavar or action.dest.upper()
        words.append({"?": f"[{name}]", "*": f"[{name} ...]", "+": f"{name} ..."}.get(action.nargs, name))  # type: ignore[arg-type]
    return " ".join(words)


class Command(NamedTuple):
    """One command: ``arguments`` declares its arguments and options on its parser; ``run`` does the work, called with
    them as keyword arguments (each option's ``dest``). Its help is ``run``'s docstring; the first line is its summary."""

    name: str
    arguments: Callable[[Parser], None]
    run: Callable[..., None]

    @property
    def description(self) -> str:
        """The docstring as argparse shows it: each paragraph filled on its own (:class:`_Formatter`)."""
        return self.run.__doc__ or ""

    @property
    def summary(self) -> str:
        first = " ".join((self.run.__doc__ or "").split("\n\n")[0].split())
        return first.split(". ")[0].rstrip(".")

    def parser(self, prog: str) -> Parser:
        """The command's parser, its usage line written from its arguments."""
        parser = Parser(prog, self.description)
        self.arguments(parser)
        parser.usage = usage(parser)
        return parser


class Group(NamedTuple):
    """Commands under one name (``corpus``, ``crosswalk``), loaded only when the group is used. ``default`` is the
    command that runs when the group's arguments do not start with a command's name."""

    name: str
    summary: str
    load: Callable[[], dict[str, Command]]
    default: Optional[str] = None
    description: str = ""


def store_option(parser: Parser, help: str = "memory (default), rdflib, oxrdflib, oxigraph:PATH or sparql:URL; "
                 "default also from CLAUSEGRAPH_STORE.", default: Optional[str] = "memory") -> None:
    """``--store STORE``; its default comes from ``CLAUSEGRAPH_STORE`` when that is set (and ``default`` is not None)."""
    parser.add_argument("--store", metavar="STORE", help=help,
                        default=os.environ.get("CLAUSEGRAPH_STORE", default) if default is not None else None)


def format_option(parser: Parser, command: str, note: str = "", *, default: Any = "") -> None:
    """The ``--format``/``-f`` option of ``command`` (a key of :data:`clausegraph.formats.CHOICES`, or a command
    with cases in :data:`clausegraph.formats.CASES`); ``note`` follows the generated help. ``default`` is the
    command's default format unless given (None: the command chooses by case)."""

    def check(value: str) -> str:
        return formats.check(command, value)

    check.__name__ = "format"
    action = parser.add_argument("--format", "-f", dest="fmt", metavar=formats.metavar(command), type=check,
                                 default=formats.default(command) if default == "" else default,
                                 help=formats.help_text(command) + (f" {note}" if note else ""))
    action.completer = lambda prefix="", **_: [fmt for fmt in formats.accepted(command) if fmt.startswith(prefix)]  # type: ignore[attr-defined]


def output_path(raw: str) -> Path:
    """--output as given: a name ending in a slash names a folder, which is never written over."""
    if raw.endswith(("/", os.sep)):
        raise argparse.ArgumentTypeError(f"{raw!r} names a folder; give the path of a file, e.g. {raw}agreement.txt")
    return Path(raw)


def output_option(parser: Parser, help: str = "Write to this file instead of standard output.", *, metavar: str = "FILE",
                  checked: bool = True, default: Optional[Path] = None) -> None:
    """``--output``/``-o``; ``checked``: a name ending in a slash is refused (:func:`output_path`)."""
    parser.add_argument("--output", "-o", metavar=metavar, type=output_path if checked else Path, default=default, help=help)


def repeated(parser: Parser, *names: str, dest: Optional[str] = None, metavar: Optional[str] = None, help: str) -> None:
    """An option that may be given again and again (``--set A=1 --set B=2``): a list, empty when not given."""
    parser.add_argument(*names, dest=dest, action="append", default=[], metavar=metavar, help=help)


def bounded(kind: type, low: Optional[float] = None, high: Optional[float] = None) -> Callable[[str], Any]:
    """The type of a numeric option: ``kind`` (int or float) within ``low``..``high``, refused with the value and the
    range (``70000 is not in the range 1<=x<=65535``)."""

    def parse(raw: str) -> Any:
        try:
            value = kind(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{raw!r} is not {'an integer' if kind is int else 'a number'}") from None
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"{low}<=x<={high}" if low is not None and high is not None else f"x>={low}" if low is not None else f"x<={high}"
            raise argparse.ArgumentTypeError(f"{value} is not in the range {span}")
        return value

    parse.__name__ = kind.__name__
    return parse


def check_choice(flag: str, value: str, allowed: Sequence[str]) -> None:
    """Refuse an option value that is not one of ``allowed`` (before any work is done): ``--fail-on 'severe' is not
    one of void, unenforceable, risky, drafting``, exit 2."""
    from .errors import BadInputError

    if value not in allowed:
        raise BadInputError(f"{flag} {value!r} is not one of {', '.join(allowed)}")


def key_values(flags: Iterable[str], *, flag: str, example: str) -> dict[str, str]:
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


def commands_help(entries: Sequence[tuple[str, str]], width: int) -> str:
    """The ``commands:`` section of a group's help: each name and its summary, filled to ``width``."""
    import textwrap

    pad = max(len(name) for name, _ in entries) + 4
    lines = ["commands:"]
    for name, summary in entries:
        lines += textwrap.wrap(summary, width=max(width, pad + 20), initial_indent=f"  {name}".ljust(pad),
                               subsequent_indent=" " * pad) or [f"  {name}"]
    return "\n".join(lines)
