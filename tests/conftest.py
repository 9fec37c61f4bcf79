"""Shared fixtures: the project graph loaded once into the embedded store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from clausegraph import queries
from clausegraph.graph import load_store
from clausegraph.results import read_table


@pytest.fixture(scope="session")
def store() -> ox.Store:
    return load_store()


@pytest.fixture(scope="session")
def ask(store):
    """Run a named question with string parameters; rows as dicts of strings (IRIs compacted)."""

    def _ask(name: str, **params: str) -> list[dict[str, str | None]]:
        return read_table(queries.ask(store, name, params)).values()

    return _ask
