"""How bound values reach a query's text: as SPARQL inline data, with the terms written by pyoxigraph.

Two forms, one meaning (a parameter is a projected variable used at the top level of the query):

- :func:`inline_bindings`, SPARQL 1.1: a ``VALUES`` block opening the outermost WHERE group. Any endpoint reads it
  (remote stores, SPARQL Update), and it is what the embedded Oxigraph gets by default.
- :func:`lateral_bindings`: the same block, then ``LATERAL { … }`` around the group (Oxigraph's SEP-0006). The group
  is evaluated once per row of the block with the values bound, so Oxigraph plans it knowing them: a filter that
  compares a pattern's value with a parameter runs right after that pattern, not after every pattern of the group.
  The embedded Oxigraph binds this way a query whose header asks for it (``# bind: lateral``,
  :func:`planned_bindings`): the plan changes both ways, so a query opts in where it is measured to gain
  (docs/decisions/0009).

The query's text is read once (the cut points are cached per text) by a scanner that steps over comments,
strings and IRIs, so a brace or a ``WHERE`` inside them is not taken for the query's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import pyoxigraph as ox

from .errors import QueryError

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Bindings = Mapping[ox.Variable, Term]

# the tokens that can hold a brace or the word WHERE without being the query's own (SPARQL 1.1 grammar §19.8:
# comments, the four string forms with their escapes, IRIREF), the braces, and WHERE followed by its brace
_TOKEN = re.compile(
    r"""\#[^\r\n]*"""
    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\r\n]|\\.)*"'''
    r"""|'(?:[^'\\\r\n]|\\.)*'"""
    r"""|<[^<>"{}|^`\\\x00-\x20]*>"""
    r"""|(?<![\w:?$])(?P<where>WHERE)\s*\{"""
    r"""|(?P<brace>[{}])""",
    re.I | re.S)


@lru_cache(maxsize=256)
def where_group(text: str) -> tuple[int, int]:
    """Where the outermost WHERE group's body starts (after its ``{``) and ends (at its ``}``): found once per text."""
    start = depth = 0
    for match in _TOKEN.finditer(text):
        if match.group("where"):
            if not start:
                start = match.end()
            depth += 1  # a subquery's WHERE { opens a group too
        elif match.group("brace") and start:
            depth += 1 if match.group("brace") == "{" else -1
            if depth == 0:
                return start, match.start()
    if not start:
        raise QueryError("cannot bind parameters: the query has no WHERE { … } group")
    raise QueryError("cannot bind parameters: the query's WHERE group has no closing }")


_BIND = re.compile(r"^#\s*bind:\s*(.*?)\s*$")
BIND_FORMS = ("values", "lateral")


@lru_cache(maxsize=256)
def bind_form(text: str) -> str:
    """How the query's header asks the embedded Oxigraph to bind its values: ``lateral`` (``# bind: lateral``) or
    ``values`` (no such line). Read from the comment lines that open the query, once per text."""
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _BIND.match(line)
        if match:
            if match[1] not in BIND_FORMS:
                raise QueryError(f"bad bind form {match[1]!r}; write '# bind: lateral' or leave the line out (values)")
            return match[1]
    return "values"


def planned_bindings(text: str, bindings: Bindings) -> str:
    """The text the embedded Oxigraph is given: :func:`lateral_bindings` when the query's header says
    ``# bind: lateral``, else :func:`inline_bindings`."""
    return (lateral_bindings if bind_form(text) == "lateral" else inline_bindings)(text, bindings)


def _values(pairs: tuple[tuple[ox.Variable, Term], ...]) -> str:
    names = " ".join(f"?{variable.value}" for variable, _ in pairs)
    return f"VALUES ({names}) {{ ({' '.join(str(term) for _, term in pairs)}) }}"


def inline_bindings(text: str, bindings: Bindings) -> str:
    """The query with a VALUES block opening its outermost WHERE group, binding each parameter (SPARQL 1.1).

    Inline data placed where the group starts is joined before the group's filters run, so a parameter used at the
    top level of the query (in patterns or filters) means what an Oxigraph substitution means. The text made for a
    query and its values is kept (the last 1,024): a question asked again with the same values costs a dictionary
    look-up, and the engine is handed the same string, whose UTF-8 form Python keeps.
    """
    return _inlined(text, tuple(bindings.items()))


@lru_cache(maxsize=1024)
def _inlined(text: str, pairs: tuple[tuple[ox.Variable, Term], ...]) -> str:
    start, _ = where_group(text)
    return f"{text[:start]}\n  {_values(pairs)}{text[start:]}"


def lateral_bindings(text: str, bindings: Bindings) -> str:
    """The query with its outermost WHERE group evaluated LATERAL to a VALUES block binding each parameter.

    ``WHERE { VALUES (?p) { (term) } LATERAL { …the group… } }``: the rows are those of :func:`inline_bindings`
    (the group sees each parameter bound, as with a substitution), and Oxigraph plans the group with the
    parameters known. Kept like :func:`inline_bindings` (the last 1,024 texts).
    """
    return _lateral(text, tuple(bindings.items()))


@lru_cache(maxsize=1024)
def _lateral(text: str, pairs: tuple[tuple[ox.Variable, Term], ...]) -> str:
    start, end = where_group(text)
    return f"{text[:start]}\n  {_values(pairs)} LATERAL {{{text[start:end]}}}\n{text[end:]}"
