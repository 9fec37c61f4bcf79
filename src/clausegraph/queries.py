"""SPARQL query files: their headers, their parameters, and running them with bound values.

A query file starts with comment lines::

    # zh: 问题（中文）
    # en: The question in English.
    # param: NAME TYPE [default=VALUE | optional]  What the parameter means.
    # row: What one result row means.
    # example: NAME=VALUE …   (optional: the parameters the docs use for a sample answer)
    # scope: corpus            (optional: the question reads every executed agreement; default template)
    # bind: lateral            (optional: the embedded Oxigraph plans the query knowing the bound values)

A question of scope ``template`` asks about the project's agreement template: on a store that does not hold it
(only a corpus loaded, say), :func:`ask` says so and how to load it (:func:`require_template`) instead of
answering no rows.

``# bind: lateral`` makes the embedded Oxigraph evaluate the query's WHERE group LATERAL to the block of bound
values, so that it plans the group with the values known (clausegraph.bindings; without the line, the values open
the group as a SPARQL 1.1 VALUES block). A query opts in where the bench shows it gains: ``non-compete-running``,
whose filter on the day then runs right after the window's two dates (docs/performance.md, binding).

Parameter types: ``string``, ``integer``, ``date`` (YYYY-MM-DD), ``iri`` (prefixed or full), ``duration`` (ISO 8601 years
and months, bound as whole months), ``provision`` (a source path such as ``3.5``, bound as the
provision's IRI) and ``term`` (a defined term's zh or en label, bound as the term's IRI). Values
are always bound as RDF terms written by pyoxigraph (inline data, clausegraph.bindings), never formatted into the
query text by hand; a parameter must appear in the query's SELECT projection and be used at the top level of its
WHERE group, where a bound value means what a substitution means.
``default=today`` is the day the question is asked; an ``optional`` parameter left out is not bound
at all (the query tells an unbound variable with ``BOUND`` or ``COALESCE``).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import weakref
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from .bindings import bind_form
from .errors import BadInputError, QueryError, TemplateMissing, UnknownNameError
from .results import compact
from .sources import ONTOLOGY_DIR, PREFIXES, QUERIES_DIR, TEMPLATE
from .store import Store

PARAM_TYPES = ("string", "integer", "date", "iri", "duration", "provision", "term")
_HEADER = re.compile(r"^#\s*(zh|en|param|row|example|scope):\s*(.*)$")
SCOPES = ("template", "corpus")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)(?:\s+(?:default=(?P<default>\S+)|(?P<optional>optional)))?\s*(?P<doc>.*)$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


class Param(NamedTuple):
    """A parameter declared in a query header."""

    name: str
    type: str
    default: str | None
    doc: str
    optional: bool = False


class QueryFile(NamedTuple):
    """A query file with its parsed header. ``declared``: the parameters by name, each with its SPARQL variable
    (made once per query file, not per request).

    The records the command line reads on every start (this one, :class:`Param`, results' ``Table``, sources'
    ``Source``) are named tuples rather than dataclasses: importing :mod:`dataclasses` imports :mod:`inspect`,
    about 10 ms of every command's start on a slow machine (docs/performance.md, cold start)."""

    name: str
    path: Path
    text: str
    question_zh: str = ""
    question_en: str = ""
    row: str = ""
    params: tuple[Param, ...] = ()
    example: dict[str, str] = {}  # noqa: RUF012 - never changed: made once per file by read_query
    scope: str = "template"
    declared: dict[str, tuple[Param, ox.Variable]] = {}  # noqa: RUF012 - as example


def read_query(path: Path) -> QueryFile:
    """Read a ``.rq`` file and parse its header comment (once per process: the parsed file is kept)."""
    return _read_query(Path(path))


@lru_cache(maxsize=None)
def _read_query(path: Path) -> QueryFile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInputError(f"cannot read query file {path}: {exc.strerror}") from exc
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            pm = _PARAM.match(value)
            if not pm or pm["type"] not in PARAM_TYPES:
                raise QueryError(f"{path}: bad param line {value!r}; write 'NAME TYPE [default=V | optional] doc' with TYPE in {PARAM_TYPES}")
            if pm["default"] == "today" and pm["type"] != "date":
                raise QueryError(f"{path}: default=today is for date parameters, not {pm['type']}")
            params.append(Param(pm["name"], pm["type"], pm["default"], pm["doc"].strip(), optional=bool(pm["optional"])))
        else:
            fields[key] = (fields.get(key, "") + " " + value).strip()
    try:
        bind_form(text)
    except QueryError as exc:
        raise QueryError(f"{path}: {exc}") from None
    scope = fields.get("scope", "template")
    if scope not in SCOPES:
        raise QueryError(f"{path}: bad scope {scope!r}; write '# scope: corpus' or leave it out (template)")
    return QueryFile(
        name=path.stem,
        path=path,
        text=text,
        question_zh=fields.get("zh", ""),
        question_en=fields.get("en", ""),
        row=fields.get("row", ""),
        params=tuple(params),
        declared={p.name: (p, ox.Variable(p.name)) for p in params},
        example=dict(pair.split("=", 1) for pair in fields.get("example", "").split() if "=" in pair),
        scope=scope,
    )


def list_queries(role: str) -> list[QueryFile]:
    """Every query of a role (``questions``, ``checks``, ``lookup``), sorted by name."""
    return list(_role(role).values())


@lru_cache(maxsize=None)
def _role(role: str) -> dict[str, QueryFile]:
    return {p.stem: read_query(p) for p in sorted((QUERIES_DIR / role).glob("*.rq"))}


def get_question(name: str) -> QueryFile:
    """The competency question called ``name`` (a name, never a path); the error lists the known ones."""
    question = _role("questions").get(name)
    if question is None:
        known = ", ".join(_role("questions"))
        raise UnknownNameError(f"no question named {name!r}; known questions: {known} (see 'clausegraph ask --list')")
    return question


def expand_iri(value: str) -> ox.NamedNode:
    """A NamedNode from a full IRI (``<…>`` optional) or a prefixed name with a known prefix."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        value = PREFIXES[prefix] + local
    if _SCHEME.match(value):
        try:
            return ox.NamedNode(value)
        except ValueError as exc:
            raise BadInputError(f"{value!r} is not a valid IRI ({exc}); percent-encode spaces and other characters IRIs may not hold") from exc
    raise BadInputError(f"{value!r} is not an IRI; give a full IRI or use a known prefix ({', '.join(PREFIXES)})")


#: the longest duration accepted, P9999Y99999M: a longer text (5,000 digits, say) is refused before any parser reads it
_LONGEST_DURATION = len("P9999Y99999M")


def parse_duration_months(value: str) -> int:
    """Whole months of an ISO 8601 duration in years and months (``P30M``, ``P2Y6M``), read by isodate: at most
    9999 years and 99999 months, no fractions, days, weeks or times."""
    text = value.strip().upper()
    months = _duration_months(text) if len(text) <= _LONGEST_DURATION else None
    if months is None:
        shown = value if len(value) <= 40 else value[:37] + "…"
        raise BadInputError(
            f"{shown!r} is not a duration in years and months (at most 9999 years or 99999 months); "
            "write it as ISO 8601, e.g. P30M or P2Y6M"
        )
    return months


def _duration_months(text: str) -> int | None:
    import datetime as _dt

    import isodate

    if set(text[1:]) - set("0123456789YM"):  # whole years and months only: no fraction, day, week or time
        return None
    try:
        parsed = isodate.parse_duration(text)
    except (isodate.ISO8601Error, ValueError, ArithmeticError):
        return None
    if isinstance(parsed, _dt.timedelta):  # isodate's answer for days, weeks and times, and for a zero P0M or P0Y
        return 0 if parsed == _dt.timedelta(0) and set(text[1:]) <= set("0YM") else None
    years, months = parsed.years, parsed.months
    if parsed.tdelta or years % 1 or months % 1 or years < 0 or months < 0 or years > 9999 or months > 99999:
        return None
    return int(years) * 12 + int(months)


def per_store(store: Store) -> dict[str, Any]:
    """What is read once from ``store`` and kept while it lives (the names lookups find, drafting's templates)."""
    cache = _CACHE.get(store)  # the common case, a store already seen: no lock
    if cache is None:
        with _CACHE_LOCK:
            cache = _CACHE.setdefault(store, {})
    return cache


def forget(store: Store) -> None:
    """Drop what was read from ``store`` (call it after loading into or updating the store)."""
    with _CACHE_LOCK:
        _CACHE.pop(store, None)


_CACHE: weakref.WeakKeyDictionary[Store, dict[str, Any]] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def _names(store: Store, lookup: str) -> tuple[dict[str, ox.NamedNode], str]:
    """A lookup's names (casefolded) → the IRI of the first row with that name, and the names as the error lists them."""
    cache = per_store(store)
    key = f"lookup:{lookup}"
    if key not in cache:
        rows = [(s["iri"], str(s["name"].value)) for s in run(store, read_query(QUERIES_DIR / "lookup" / f"{lookup}.rq").text)]
        by_name: dict[str, ox.NamedNode] = {}
        for iri, name in rows:
            by_name.setdefault(name.casefold(), iri)
        cache[key] = (by_name, ", ".join(dict.fromkeys(name for _, name in rows)))
    return cache[key]


def _lookup(store: Store, lookup: str, value: str, what: str) -> ox.NamedNode:
    by_name, known = _names(store, lookup)
    found = by_name.get(value.strip().casefold())
    if found is None:
        raise UnknownNameError(f"unknown {what} {value!r}; known {what}s: {known}")
    return found


def bind_params(store: Store, query: QueryFile, given: Mapping[str, str]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """Coerce the given string values (and declared defaults) to RDF terms for the query's parameters."""
    declared = query.declared
    if not declared.keys() >= given.keys():
        unknown = sorted(set(given) - set(declared))
        expected = ", ".join(declared) or "none"
        raise BadInputError(f"question {query.name!r} has no parameter {', '.join(unknown)}; its parameters: {expected}")
    bindings: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
    for param, variable in declared.values():
        raw = given.get(param.name, param.default)
        if raw is None and param.optional:
            continue
        if raw is None:
            raise BadInputError(f"question {query.name!r} needs --param {param.name}=… ({param.type}): {param.doc}")
        if raw == "today" and param.type == "date":
            raw = dt.date.today().isoformat()
        bindings[variable] = coerce(store, param, raw)
    return bindings


def coerce(store: Store, param: Param, raw: str) -> ox.NamedNode | ox.Literal:
    """One parameter value as an RDF term, checked against its declared type. A provision or term is looked up in
    ``store`` (its names read once per store); any other value is coerced once per process (:func:`_value`)."""
    if param.type == "provision":
        return _lookup(store, "provisions", raw, "provision")
    if param.type == "term":
        return _lookup(store, "terms", raw, "term")
    return _value(param.type, param.name, raw)


@lru_cache(maxsize=4096)
def _value(kind: str, name: str, raw: str) -> ox.NamedNode | ox.Literal:
    """A value that does not depend on the store (string, integer, date, duration, iri) as an RDF term."""
    if kind == "string":
        return ox.Literal(raw)
    if kind == "integer":
        try:
            return ox.Literal(str(int(raw)), datatype=XSD_INTEGER)
        except ValueError:
            raise BadInputError(f"parameter {name} must be an integer, got {raw!r}") from None
    if kind == "date":
        try:
            return ox.Literal(dt.date.fromisoformat(raw.strip()).isoformat(), datatype=XSD_DATE)
        except ValueError:
            raise BadInputError(f"parameter {name} must be a date as YYYY-MM-DD, got {raw!r}") from None
    if kind == "duration":
        return ox.Literal(str(parse_duration_months(raw)), datatype=XSD_INTEGER)
    return expand_iri(raw)


def run(store: Store, text: str, bindings: Mapping[ox.Variable, ox.NamedNode | ox.Literal] | None = None):
    """Run SPARQL text on the store (over the union of its named graphs) with bound values."""
    return store.query(text, bindings)


def require_template(store: Store, *, asked_by: str, agreement: str | None = None) -> None:
    """Raise TemplateMissing, naming the project's template and the command that loads it, when ``store`` holds no
    agreement template (or not ``agreement`` in particular); ``asked_by`` says what needs one. Checked once per
    store: a store found to hold one is not asked again while it lives; one that does not is asked again next time
    (it may have been loaded since). An ingested agreement is a template too: its questions are answered."""
    cache = per_store(store)
    key = f"template:{agreement or '*'}"
    if cache.get(key):
        return
    check = read_query(QUERIES_DIR / "store" / "agreement-template.rq")
    bindings = {ox.Variable("agreement"): ox.NamedNode(agreement)} if agreement else None
    if not list(run(store, check.text, bindings)):  # type: ignore[arg-type]
        folder = (ONTOLOGY_DIR / "agreements" / TEMPLATE.rsplit("/", 2)[1]).relative_to(ONTOLOGY_DIR.parent)
        which = (f"agreement template {compact(agreement)}" + (f" (in {folder}/)" if agreement == TEMPLATE else "") if agreement
                 else f"agreement template (the project's is {compact(TEMPLATE)}, in {folder}/)")
        raise TemplateMissing(f"the store {store.spec} holds no {which}, which {asked_by} asks about; load the project's "
                              f"graph into it: clausegraph load --store {store.spec}")
    cache[key] = True


def ask(store: Store, name: str, params: Mapping[str, str] | None = None):
    """Run the competency question ``name`` with string parameter values; returns the raw solutions.
    A question about the template, on a store without it, raises TemplateMissing (:func:`require_template`)."""
    question = get_question(name)
    if question.scope == "template":
        require_template(store, asked_by=f"the question {name!r}")
    return run(store, question.text, bind_params(store, question, params or {}))
