"""What is read from a store once is kept per store: the names a question's provision and term parameters are
looked up in, and the drafting template; forget() drops them after the store changed, and another store has its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausegraph import queries
from clausegraph.drafting import forget, template_for
from clausegraph.errors import UnknownNameError
from clausegraph.graph import load_store
from clausegraph.sources import GRAPH_BASE

LATER = Path(__file__).parent / "cases" / "drafting" / "later-changes.ttl"


def test_lookups_and_templates_are_kept_until_the_store_is_forgotten():
    store = load_store()
    assert list(queries.ask(store, "term-usage", {"term": "经营信息"}))  # 1.4's term: 1.1 and 3.5 use it
    template = template_for(store)
    assert template_for(store) is template
    assert template.option["agreement_years"].allowed == ()

    store.load(LATER, GRAPH_BASE + "test/later-changes")
    with pytest.raises(UnknownNameError, match="unknown term '后加术语'"):  # the names read before the change
        queries.ask(store, "term-usage", {"term": "后加术语"})
    assert template_for(store) is template

    forget(store)
    assert list(queries.ask(store, "term-usage", {"term": "term added later"})) == []  # known now; no provision uses it
    assert template_for(store).option["agreement_years"].allowed == ("later",)
    other = load_store()  # another store: its own template, read from its own graph
    assert template_for(other) is not template_for(store) and template_for(other).option["agreement_years"].allowed == ()
