"""The review's results as data: findings with their grounds and fixes, and how they are computed from the
rules' candidates for one reviewed agreement (a :class:`~clausegraph.review.views.View`) on one day.

A candidate becomes a finding when its provision is kept, its words conditions hold on the provision's
words as the variant has them, its norm conditions on the variant's norms, its option conditions on
the variant's values, and at least one of its rule's articles is in force on the review day: the
grounds a finding names are exactly those. Findings are ordered by severity, then by where their
provision stands in the agreement, then by code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .rules import Article, Candidate, Ruleset, Severity
from .views import View

_PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9]*)\}")


@dataclass(frozen=True)
class Ground:
    """A statute article a finding rests on, in the version in force on the review day, with its words."""

    article: str  # IRI
    label_zh: str
    label_en: str
    quote: str
    file: str | None
    version_zh: str
    version_en: str
    in_force_from: str | None  # YYYY-MM-DD
    in_force_until: str | None  # the first day no longer in force


@dataclass(frozen=True)
class Fix:
    """How to fix a finding: an option value of the template where one fixes it, and the drafting suggestion.

    ``option`` is None when no option fixes it; ``value`` is None when the user gives the value (a name,
    a province). For a list option (``omit``) the value is one element to add."""

    option: str | None
    value: Any
    option_label_zh: str
    option_label_en: str
    suggestion_zh: str
    suggestion_en: str

    @property
    def one_click(self) -> bool:
        """Whether applying it needs nothing from the user: an option with a value."""
        return self.option is not None and self.value is not None


@dataclass(frozen=True)
class Finding:
    """One finding of the review."""

    rule: str  # the rule's name (its file in queries/review/)
    code: str  # P1 …
    severity: str  # void, unenforceable, risky, drafting
    severity_zh: str
    severity_en: str
    title_zh: str
    title_en: str
    provision: str  # the component's IRI (stable across variants)
    source_path: str | None  # its number in the source (3.5)
    path: str | None  # its number as the reviewed variant numbers it
    provision_zh: str  # 第三条第5款, 序言, 当事人信息栏“甲方”
    provision_en: str
    explanation_zh: str
    explanation_en: str
    grounds: tuple[Ground, ...]
    fix: Fix
    key: tuple[str, str, str] = field(repr=False, compare=False, default=("", "", ""))


@dataclass(frozen=True)
class Refusal:
    """A legal limit the variant breaks, for which the drafter refuses to assemble it (reviewed all the same)."""

    option: str
    rule: str
    message: str
    message_zh: str
    ground: str | None
    ground_zh: str | None


@dataclass(frozen=True)
class Review:
    """The review of one agreement or variant on one day."""

    agreement: str
    title: Mapping[str, str]
    on: dt.date
    values: Mapping[str, Any] | None  # the options the spec set; None for an agreement reviewed as it is
    findings: tuple[Finding, ...]
    refusals: tuple[Refusal, ...]
    skipped: tuple[str, ...]  # rules not run: they need curated norms, which the agreement lacks
    severities: tuple[Severity, ...]

    def counts(self) -> dict[str, int]:
        """Findings per severity key, every severity listed."""
        return {s.key: sum(1 for f in self.findings if f.severity == s.key) for s in self.severities}

    def of(self, severity: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == severity)


# ------------------------------------------------------------------ computing findings


def _exceeds(value: Any, limit: Decimal) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    try:
        return Decimal(str(value)) > limit
    except InvalidOperation:
        return False


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def holds(candidate: Candidate, view: View) -> bool:
    """Whether the reviewed agreement has the candidate finding (every condition of its row holds)."""
    if not view.kept(candidate.provision):
        return False
    if candidate.evidence is not None or candidate.counter is not None:
        words = view.text(candidate.provision)
        if candidate.evidence is not None and not candidate.evidence.search(words):
            return False
        if candidate.counter is not None and candidate.counter.search(words):
            return False
    if candidate.agreement_counter is not None and candidate.agreement_counter.search(view.whole_text()):
        return False
    if candidate.norms and not all(view.has_norm(n) for n in candidate.norms):
        return False
    if candidate.any_of and not any(view.has_norm(n) for n in candidate.any_of):
        return False
    if candidate.absent and any(view.has_norm(n) for n in candidate.absent):
        return False
    if candidate.option is not None and (candidate.above is None or not _exceeds(view.option(candidate.option), candidate.above)):
        return False
    if candidate.unset is not None and not _blank(view.option(candidate.unset)):
        return False
    return True


def _ground(article: Article) -> Ground:
    return Ground(article.iri, article.label["zh"], article.label["en"], article.quote, article.file, article.version["zh"],
                  article.version["en"], article.start.isoformat() if article.start else None,
                  article.end.isoformat() if article.end else None)


def _fill(template: str, words: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: words.get(m.group(1), m.group(0)), template)


def _words(candidate: Candidate, view: View, grounds: list[Article], lang: str) -> dict[str, str]:
    words = dict(candidate.words)
    for name, iris in candidate.provision_lists.items():
        words[name] = view.names(iris, lang)
    words["provision"] = view.name(candidate.provision, lang)
    words["grounds"] = ("、" if lang == "zh" else "; ").join(a.label[lang] for a in grounds)
    if "value" not in words and candidate.option is not None:
        words["value"] = str(view.option(candidate.option))
    return words


def finding(candidate: Candidate, view: View, ruleset: Ruleset, on: dt.date, options: Mapping[str, Any] | None = None) -> Finding | None:
    """The finding the candidate gives on the reviewed agreement, or None (a condition fails, or no article the rule
    applies is in force on ``on``). ``options`` maps an option key to its labels (zh, en) for the fix."""
    if not holds(candidate, view):
        return None
    grounds = [ruleset.articles[g] for g in candidate.grounds if ruleset.articles[g].in_force(on)]
    if not grounds:
        return None
    # what the finding's words depend on: the same inputs give the same finding (a memo per rule set)
    memo_key = (id(candidate), tuple(a.iri for a in grounds), view.numbers(candidate.provision), view.source_path(candidate.provision),
                tuple((iri, view.kept(iri), view.numbers(iri)) for iris in candidate.provision_lists.values() for iri in iris),
                view.option(candidate.option) if candidate.option is not None else None, options is None)
    memo = ruleset.memo
    found = memo.get(memo_key)
    if found is None:
        found = _finding(candidate, view, ruleset, grounds, options)
        if len(memo) < MEMO_SIZE:
            memo[memo_key] = found
    return found


MEMO_SIZE = 100_000


def _finding(candidate: Candidate, view: View, ruleset: Ruleset, grounds: list[Article], options: Mapping[str, Any] | None) -> Finding:
    rule = candidate.rule
    severity = ruleset.severities[rule.severity]
    zh, en = _words(candidate, view, grounds, "zh"), _words(candidate, view, grounds, "en")
    labels = (options or {}).get(candidate.fix_option or "", ("", ""))
    fix = Fix(candidate.fix_option, candidate.fix_value, labels[0], labels[1], rule.fix["zh"], rule.fix["en"])
    return Finding(
        rule=rule.name, code=rule.code, severity=severity.key, severity_zh=severity.label["zh"], severity_en=severity.label["en"],
        title_zh=rule.title["zh"], title_en=rule.title["en"],
        provision=candidate.provision, source_path=view.source_path(candidate.provision), path=view.path(candidate.provision),
        provision_zh=view.name(candidate.provision, "zh"), provision_en=view.name(candidate.provision, "en"),
        explanation_zh=_fill(rule.explanation["zh"], zh), explanation_en=_fill(rule.explanation["en"], en),
        grounds=tuple(_ground(a) for a in grounds), fix=fix, key=candidate.key,
    )


def findings(ruleset: Ruleset, view: View, on: dt.date, options: Mapping[str, Any] | None = None) -> tuple[Finding, ...]:
    """Every finding of the reviewed agreement on ``on``, by severity, place in the agreement and code."""
    found = [f for f in (finding(c, view, ruleset, on, options) for c in ruleset.candidates) if f is not None]
    ranks = {key: s.rank for key, s in ruleset.severities.items()}
    numbers = {rule.name: rule.number for rule in ruleset.rules}
    found.sort(key=lambda f: (ranks[f.severity], view.order(f.provision), numbers[f.rule], f.key))
    return tuple(found)


def apply_fix(values: Mapping[str, Any], fix: Fix, *, list_options: Iterable[str] = ("omit",), value: Any = None) -> dict[str, Any]:
    """The option values with ``fix`` applied (``value`` stands in where the fix leaves the value to the user);
    a list option gets the value added."""
    if fix.option is None:
        raise ValueError("this finding has no option that fixes it; its fix is a drafting suggestion")
    chosen = fix.value if fix.value is not None else value
    if chosen is None:
        raise ValueError(f"the fix sets {fix.option}, whose value the user gives: pass value=")
    out = dict(values)
    if fix.option in set(list_options):
        current = out.get(fix.option) or []
        items = [p.strip() for p in current.split(",")] if isinstance(current, str) else list(current)
        out[fix.option] = [*items, chosen] if chosen not in items else items
    else:
        out[fix.option] = chosen
    return out
