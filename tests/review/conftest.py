"""Fixtures of the review tests: the template and the rules compiled once on the project's graph."""

from __future__ import annotations

import datetime as dt

import pytest

from clausegraph.drafting import template_for
from clausegraph.review import review_spec, rules_for

ON = dt.date(2026, 12, 1)


@pytest.fixture(scope="session")
def ruleset(store):
    return rules_for(store)


@pytest.fixture(scope="session")
def template(store):
    return template_for(store)


@pytest.fixture(scope="session")
def reviewed(ruleset, template):
    """The review of a spec (the template's variant) on 2026-12-01, or on another day."""

    def _review(spec=None, on=ON):
        return review_spec(ruleset, template, spec or {}, on=on)

    return _review
