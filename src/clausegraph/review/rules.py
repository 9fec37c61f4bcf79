"""The review's rules: one SPARQL file each in ``queries/review/``, read with their headers and run once per store.

A rule file starts with the header every query of ``queries/`` has (``zh``, ``en``: the rule's title;
``param: agreement iri``; ``row``) and adds the rule's own lines::

    # code: P4                    the stable identifier (P1 … of the first review, then onwards)
    # severity: void              void, unenforceable, risky or drafting (cg:ReviewSeverity, skos:notation)
    # needs: norms                norms (reads the curated norm model) or text (text, citations, structure)
    # ground: law:labour-contract-law-art-25 law:labour-contract-law-art-90
    #                             the statute articles the rule applies, every version of each (repeatable)
    # explain-zh: …{provision}…{grounds}…   what is wrong, with placeholders (repeatable: lines are joined)
    # explain-en: …
    # fix-zh: …                   the fix as a drafting suggestion
    # fix-en: …

Each row the query returns is a *candidate finding* of the agreement's graph, with the conditions
under which a reviewed variant has it (docs/review.md lists the variables): ``?provision`` (required),
``?evidence`` / ``?counter`` (a regular expression the provision's words, with its parts, must / must
not match), ``?agreementCounter`` (one no words of the agreement may match), ``?norms`` / ``?anyOf`` /
``?absent`` (space-separated norm IRIs the variant must all / at least one / none of have), ``?option``
with ``?above`` (an option's value must exceed it), ``?unset`` (an option left blank), ``?fixOption`` /
``?fixValue`` (the option value that fixes it; no value when the user must give one), ``?ground`` (the
rule's articles narrowed to this one). Any other variable is a word for the explanation; one named
``…Provisions`` holds component IRIs, written as the reviewed variant numbers them.

The queries run once per store and agreement (:func:`rules_for`, cached like the drafting template); a
review of a variant is then Python over the candidates (:mod:`clausegraph.review.findings`).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .. import queries
from ..drafting.template import python_value
from ..errors import DataError, QueryError
from ..queries import QueryFile
from ..results import compact
from ..sources import AGREEMENT, QUERIES_DIR
from ..store import Store

RULES_DIR = QUERIES_DIR / "review"
SUPPORT_DIR = RULES_DIR / "support"
#: The agreement template of this project: what a review reads unless told otherwise.
AGREEMENT_IRI = AGREEMENT + "agreement"
LANGS = ("zh", "en")
NEEDS = ("norms", "text")
_HEADER = re.compile(r"^#\s*(code|severity|needs|ground|explain-zh|explain-en|fix-zh|fix-en):\s*(.*)$")
_CODE = re.compile(r"^P[1-9][0-9]*$")
_PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9]*)\}")
#: Variables of a rule's rows that are conditions or the fix, not words of the explanation.
RESERVED = ("provision", "evidence", "counter", "agreementCounter", "norms", "anyOf", "absent", "option", "above",
            "unset", "fixOption", "fixValue", "ground", "agreement")
#: Placeholders every explanation may use besides its query's words.
BUILT_IN = ("provision", "grounds", "value")


@dataclass(frozen=True)
class Rule:
    """One rule of the review, as its file says."""

    name: str  # the file name without .rq: the rule's name in findings and on the command line
    code: str  # P1 …: stable across releases
    title: Mapping[str, str]
    severity: str
    grounds: tuple[str, ...]  # statute article IRIs, every version of each
    needs_norms: bool
    explanation: Mapping[str, str]
    fix: Mapping[str, str]
    query: QueryFile

    @property
    def number(self) -> int:
        return int(self.code[1:])


def _iri(value: str, where: Path) -> str:
    try:
        return queries.expand_iri(value).value
    except Exception as exc:  # noqa: BLE001 - BadInputError from a malformed name; the file is at fault
        raise QueryError(f"{where}: the ground {value!r} is not an article IRI ({exc})") from None


def read_rule(path: Path) -> Rule:
    """A rule file with its header; QueryError names what a header line lacks."""
    query = queries.read_query(path)
    fields: dict[str, str] = {}
    for line in query.text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            key, value = match.groups()
            fields[key] = (fields.get(key, "") + " " + value.strip()).strip()
    missing = [k for k in ("code", "severity", "needs", "ground", "explain-zh", "explain-en", "fix-zh", "fix-en") if not fields.get(k)]
    if missing or not (query.question_zh and query.question_en and query.row):
        missing += [k for k, v in (("zh", query.question_zh), ("en", query.question_en), ("row", query.row)) if not v]
        raise QueryError(f"{path}: the rule's header lacks {', '.join(missing)}; see docs/review.md (adding a rule)")
    if not _CODE.match(fields["code"]):
        raise QueryError(f"{path}: code {fields['code']!r} is not P followed by a number")
    if fields["needs"] not in NEEDS:
        raise QueryError(f"{path}: needs {fields['needs']!r} is not one of {', '.join(NEEDS)}")
    if [p.name for p in query.params] != ["agreement"] or query.params[0].type != "iri":
        raise QueryError(f"{path}: a rule has one parameter, 'agreement iri' (the agreement under review)")
    return Rule(
        name=path.stem,
        code=fields["code"],
        title=MappingProxyType({"zh": query.question_zh, "en": query.question_en}),
        severity=fields["severity"],
        grounds=tuple(_iri(g, path) for g in fields["ground"].split()),
        needs_norms=fields["needs"] == "norms",
        explanation=MappingProxyType({"zh": fields["explain-zh"], "en": fields["explain-en"]}),
        fix=MappingProxyType({"zh": fields["fix-zh"], "en": fields["fix-en"]}),
        query=query,
    )


@lru_cache(maxsize=1)
def list_rules() -> tuple[Rule, ...]:
    """Every rule of ``queries/review/``, by code; codes are unique."""
    rules = tuple(sorted((read_rule(p) for p in sorted(RULES_DIR.glob("*.rq"))), key=lambda r: r.number))
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.code in seen:
            raise QueryError(f"queries/review/{rule.name}.rq and {seen[rule.code]}.rq both have code {rule.code}; codes are stable and unique")
        seen[rule.code] = rule.name
    return rules


# ------------------------------------------------------------------ what the store holds for the review


@dataclass(frozen=True)
class Article:
    """A statute article quoted from the primary texts, with the interval its words are in force."""

    iri: str
    label: Mapping[str, str]
    quote: str
    file: str | None
    version: Mapping[str, str]
    start: dt.date | None  # first day in force
    end: dt.date | None  # first day no longer in force

    def in_force(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Severity:
    """A severity of the review, as the ontology defines it."""

    key: str
    iri: str
    rank: int
    label: Mapping[str, str]
    definition: Mapping[str, str]


@dataclass(frozen=True)
class Candidate:
    """One row of a rule on the agreement's graph: a finding a reviewed variant has when its conditions hold."""

    rule: Rule
    provision: str
    evidence: re.Pattern[str] | None = None
    counter: re.Pattern[str] | None = None
    agreement_counter: re.Pattern[str] | None = None
    norms: frozenset[str] = frozenset()
    any_of: frozenset[str] = frozenset()
    absent: frozenset[str] = frozenset()
    option: str | None = None
    above: Decimal | None = None
    unset: str | None = None
    fix_option: str | None = None
    fix_value: Any = None
    grounds: tuple[str, ...] = ()
    words: Mapping[str, str] = field(default_factory=dict)
    provision_lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies the finding across variants: the rule, the provision and the words it is about."""
        return (self.rule.name, self.provision, self.evidence.pattern if self.evidence is not None else "")


@dataclass(frozen=True)
class ComponentRow:
    """A component of an agreement that is not reviewed as a template: its place and Chinese words."""

    iri: str
    parent: str
    path: str | None
    kind: str
    words: str  # heading, text and field value, as the graph holds them
    label: Mapping[str, str]


@dataclass(frozen=True)
class Ruleset:
    """Everything a review of one agreement needs from the store, read once."""

    agreement: str
    title: Mapping[str, str]
    is_template: bool
    rules: tuple[Rule, ...]
    candidates: tuple[Candidate, ...]
    skipped: tuple[Rule, ...]  # rules that need curated norms, on an agreement that has none
    articles: Mapping[str, Article]
    severities: Mapping[str, Severity]
    norms: Mapping[str, str]  # norm IRI → the provision that states it
    removes: Mapping[str, frozenset[str]]  # text variation IRI → the norms applying it removes
    components: tuple[ComponentRow, ...]  # document order (for an agreement reviewed as it is)
    #: findings already worded, by what their words depend on (filled by clausegraph.review.findings)
    memo: dict[tuple, Any] = field(default_factory=dict, repr=False, compare=False)


def _solutions(store: Store, query: QueryFile, agreement: str):
    given = {"agreement": f"<{agreement}>"} if any(p.name == "agreement" for p in query.params) else {}
    try:
        return queries.run(store, query.text, queries.bind_params(store, query, given))
    except SyntaxError as exc:  # pyoxigraph reports a malformed query so
        raise QueryError(f"{query.path}: {exc}") from exc


def _rows(store: Store, name: str, agreement: str) -> list[dict[str, Any]]:
    query = queries.read_query(SUPPORT_DIR / f"{name}.rq")
    solutions = _solutions(store, query, agreement)
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names} for s in solutions]


def _text(term: Any) -> str | None:
    return term.value if term is not None else None


def _date(term: Any) -> dt.date | None:
    return dt.date.fromisoformat(term.value[:10]) if term is not None else None


def _pattern(value: str | None, where: str) -> re.Pattern[str] | None:
    if value is None:
        return None
    try:
        return re.compile(value)
    except re.error as exc:
        raise DataError(f"{where}: {value!r} is not a regular expression Python can use ({exc})") from None


def _articles(store: Store, agreement: str) -> dict[str, Article]:
    out = {}
    for row in _rows(store, "articles", agreement):
        iri = row["article"].value
        out[iri] = Article(iri, MappingProxyType({"zh": row["labelZh"].value, "en": row["labelEn"].value}), row["quote"].value,
                           _text(row["file"]), MappingProxyType({"zh": row["versionZh"].value, "en": row["versionEn"].value}),
                           _date(row["from"]), _date(row["until"]))
    return out


def _severities(store: Store, agreement: str) -> dict[str, Severity]:
    out = {}
    for row in _rows(store, "severities", agreement):
        key = row["key"].value
        out[key] = Severity(key, row["severity"].value, int(row["rank"].value),
                            MappingProxyType({"zh": row["labelZh"].value, "en": row["labelEn"].value}),
                            MappingProxyType({"zh": row["definitionZh"].value, "en": row["definitionEn"].value}))
    return out


def _check_rule(rule: Rule, articles: Mapping[str, Article], severities: Mapping[str, Severity], variables: list[str]) -> None:
    where = f"queries/review/{rule.name}.rq"
    if rule.severity not in severities:
        raise DataError(f"{where}: severity {rule.severity!r} is not one the ontology defines ({', '.join(severities)}); "
                        "is ontology/clausegraph.ttl loaded?")
    unknown = [compact(g) for g in rule.grounds if g not in articles]
    if unknown:
        raise DataError(f"{where}: {', '.join(unknown)} is not a statute article quoted from the primary texts in the store "
                        "(ontology/legal-bases.ttl, with cg:quote and cg:inVersion)")
    if "provision" not in variables:
        raise DataError(f"{where}: a rule's rows name their ?provision")
    words = set(variables) - set(RESERVED)
    for lang in LANGS:
        for text in (rule.explanation[lang],):
            for name in _PLACEHOLDER.findall(text):
                if name not in words and name not in BUILT_IN:
                    raise DataError(f"{where}: explain-{lang} uses {{{name}}}, which is neither a variable of the query nor one of "
                                    f"{', '.join(BUILT_IN)}")


def _candidates(store: Store, rule: Rule, agreement: str, articles: Mapping[str, Article],
                severities: Mapping[str, Severity]) -> list[Candidate]:
    where = f"queries/review/{rule.name}.rq"
    solutions = _solutions(store, rule.query, agreement)
    variables = [v.value for v in solutions.variables]
    _check_rule(rule, articles, severities, variables)
    words_vars = [v for v in variables if v not in RESERVED]
    out = []
    for s in solutions:
        row = {v: s[v] for v in variables}
        if row["provision"] is None:
            raise DataError(f"{where}: a row with no ?provision")
        grounds = rule.grounds
        if row.get("ground") is not None:
            ground = row["ground"].value
            if ground not in rule.grounds:
                raise DataError(f"{where}: the row's ?ground {compact(ground)} is not among the rule's grounds")
            grounds = (ground,)
        above = None
        if row.get("above") is not None:
            try:
                above = Decimal(row["above"].value)
            except InvalidOperation:
                raise DataError(f"{where}: ?above {row['above'].value!r} is not a number") from None
        split = lambda name: frozenset((_text(row.get(name)) or "").split())  # noqa: E731
        words = {v: row[v].value for v in words_vars if row[v] is not None and not v.endswith("Provisions")}
        lists = {v: tuple(row[v].value.split()) for v in words_vars if row[v] is not None and v.endswith("Provisions")}
        out.append(Candidate(
            rule=rule,
            provision=row["provision"].value,
            evidence=_pattern(_text(row.get("evidence")), where),
            counter=_pattern(_text(row.get("counter")), where),
            agreement_counter=_pattern(_text(row.get("agreementCounter")), where),
            norms=split("norms"), any_of=split("anyOf"), absent=split("absent"),
            option=_text(row.get("option")), above=above, unset=_text(row.get("unset")),
            fix_option=_text(row.get("fixOption")), fix_value=python_value(row.get("fixValue")),
            grounds=grounds,
            words=MappingProxyType(words), provision_lists=MappingProxyType(lists),
        ))
    return out


def compile_rules(store: Store, *, agreement: str = AGREEMENT_IRI) -> Ruleset:
    """Run every rule on the agreement ``agreement`` (an IRI) in the store, with what the findings need.

    Raises DataError when the store lacks what the rules read (the ontology's severities, a rule's articles)."""
    articles = _articles(store, agreement)
    severities = _severities(store, agreement)
    if not severities:
        raise DataError("the store has no review severities (cg:ReviewSeverity); load ontology/clausegraph.ttl (clausegraph load)")
    norms = {row["norm"].value: row["provision"].value for row in _rows(store, "norms", agreement)}
    removes: dict[str, set[str]] = {}
    for row in _rows(store, "variation-effects", agreement):
        removes.setdefault(row["variation"].value, set()).add(row["norm"].value)
    components = tuple(
        ComponentRow(row["component"].value, row["parent"].value, _text(row["path"]), row["kind"].value,
                     "".join(_text(row[k]) or "" for k in ("heading", "text", "value")),
                     MappingProxyType({lang: row[f"label{lang.title()}"].value for lang in LANGS if row[f"label{lang.title()}"] is not None}))
        for row in _rows(store, "components", agreement)
    )
    if not components:
        raise DataError(f"{compact(agreement)} has no components in the store; is it an agreement, and is its graph loaded "
                        "(clausegraph load, clausegraph ingest --store)?")
    is_template = bool(_rows(store, "options", agreement))
    title = {row["title"].language or "zh": row["title"].value for row in _rows(store, "title", agreement)}
    candidates: list[Candidate] = []
    skipped = []
    for rule in list_rules():
        if rule.needs_norms and not norms:
            skipped.append(rule)
            continue
        candidates += _candidates(store, rule, agreement, articles, severities)
    return Ruleset(agreement, MappingProxyType(title), is_template, list_rules(), tuple(candidates), tuple(skipped), MappingProxyType(articles),
                   MappingProxyType(severities), MappingProxyType(norms),
                   MappingProxyType({k: frozenset(v) for k, v in removes.items()}), components)


# ------------------------------------------------------------------ the cache per store

_CACHE: weakref.WeakKeyDictionary[Store, dict[str, Ruleset]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def rules_for(store: Store, *, agreement: str = AGREEMENT_IRI) -> Ruleset:
    """The compiled rules for ``agreement`` in ``store``, run on first use and kept while the store lives."""
    compiled = _CACHE.get(store)
    if compiled is not None and agreement in compiled:
        return compiled[agreement]
    with _LOCK:
        compiled = _CACHE.setdefault(store, {})
        if agreement not in compiled:
            compiled[agreement] = compile_rules(store, agreement=agreement)
        return compiled[agreement]


def forget(store: Store) -> None:
    """Drop what was compiled for ``store`` (call it after loading into or updating the store)."""
    with _LOCK:
        _CACHE.pop(store, None)


__all__ = ["AGREEMENT_IRI", "Article", "Candidate", "ComponentRow", "Rule", "Ruleset", "Severity", "compile_rules", "forget",
           "list_rules", "read_rule", "rules_for"]
