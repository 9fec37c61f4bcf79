"""Legal review: rules over the graph give findings for any variant and any agreement, each grounded in a quoted
statute article in force on the review day, with the option that fixes it where one does.

The rules are ``queries/review/NAME.rq`` (:mod:`.rules`); they run once per store and agreement
(:func:`rules_for`, cached); a review is then pure Python over their candidates (:mod:`.findings`),
so the service reviews a variant per request without SPARQL::

    store = load_store()
    result = review(store, {"dispute_forum": "arbitration"}, on=dt.date(2026, 12, 1))
    for f in result.findings:
        print(f.severity, f.code, f.provision_zh, f.explanation_zh)
    memo = render(result, "md")            # table, json, md, html or docx (:mod:`.memo`)

A variant is the template and a spec, as the drafting package parses, checks and assembles it. A spec the
drafter refuses for a legal limit (a non-compete over two years) is reviewed all the same, the refusal
listed beside the findings; one refused for anything else (a malformed value, a provision omitted that
another needs) cannot be reviewed and raises :class:`~clausegraph.errors.VariantRefused`. An agreement with
no options (an ingested one) is reviewed as the graph holds it; the rules that read the norm model are
skipped until its candidate norms are curated (``Review.skipped``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..drafting import Document, Findings, Spec, Template, assemble, check, parse_spec, template_for
from ..errors import BadInputError, VariantRefused
from ..store import Store
from .findings import Finding, Fix, Ground, Refusal, Review, apply_fix, findings
from .memo import FORMATS, render
from .rules import AGREEMENT_IRI, Rule, Ruleset, forget, list_rules, rules_for
from .views import AgreementView, VariantView

__all__ = ["AGREEMENT_IRI", "FORMATS", "Finding", "Fix", "Ground", "Refusal", "Review", "Rule", "Ruleset", "apply_fix", "forget",
           "list_rules", "render", "review", "review_agreement", "review_document", "review_spec", "rules_for"]


def _day(on: dt.date | None) -> dt.date:
    return on if on is not None else dt.date.today()


def _option_labels(template: Template) -> dict[str, tuple[str, str]]:
    return {o.key: (o.label_zh, o.label_en) for o in template.options}


def review_document(ruleset: Ruleset, template: Template, spec: Spec, document: Document, *, on: dt.date | None = None,
                    refusals: tuple[Refusal, ...] = ()) -> Review:
    """The review of an assembled variant (pure: no store)."""
    view = VariantView(template, spec, document, ruleset)
    found = findings(ruleset, view, _day(on), _option_labels(template))
    severities = tuple(sorted(ruleset.severities.values(), key=lambda s: s.rank))
    given = {key: value for key, value in spec.values.items() if key in spec.given}
    return Review(ruleset.agreement, ruleset.title, _day(on), given, found, refusals, tuple(r.name for r in ruleset.skipped), severities)


def review_spec(ruleset: Ruleset, template: Template, values: Mapping[str, Any] | None = None, *, on: dt.date | None = None) -> Review:
    """The review of the variant ``values`` describes (a spec as the drafting package takes it; pure: no store).

    Raises SpecError for an ill-formed spec, VariantRefused for one refused for other than a legal limit."""
    spec = parse_spec(template, values or {})
    checked = check(template, spec)
    malformed = tuple(f for f in checked.violations if not f.ground_iri)
    if malformed:
        raise VariantRefused(malformed, checked.warnings)
    refusals = tuple(Refusal(f.option, f.rule, f.message, f.message_zh, f.ground, f.ground_zh) for f in checked.violations)
    # a variant refused for a legal limit is read as it would be assembled, to say what the law does to it
    document = assemble(template, spec, findings=Findings(checked.warnings))
    return review_document(ruleset, template, spec, document, on=on, refusals=refusals)


def review_agreement(ruleset: Ruleset, *, on: dt.date | None = None) -> Review:
    """The review of an agreement as the graph holds it (no options; pure: no store)."""
    view = AgreementView(ruleset)
    severities = tuple(sorted(ruleset.severities.values(), key=lambda s: s.rank))
    return Review(ruleset.agreement, ruleset.title, _day(on), None, findings(ruleset, view, _day(on)), (),
                  tuple(r.name for r in ruleset.skipped), severities)


def review(store: Store, values: Mapping[str, Any] | None = None, *, agreement: str = AGREEMENT_IRI, on: dt.date | None = None) -> Review:
    """Review the agreement ``agreement`` in ``store`` on ``on`` (default today): the variant ``values`` describes for
    a template (the source for no values), the agreement as it is otherwise."""
    ruleset = rules_for(store, agreement=agreement)
    if not ruleset.is_template:
        if values:
            raise BadInputError(f"<{agreement}> has no options, so it has no variants: review it without a spec or --set")
        return review_agreement(ruleset, on=on)
    return review_spec(ruleset, template_for(store, agreement=agreement), values, on=on)
