"""Fixtures of the ingest tests: the source agreement and every manifest fixture, ingested once."""

from __future__ import annotations

import pytest

from clausegraph.ingest import Ingested, ingest_file

from ingest_support import MANIFEST, SOURCE, clock, fixture_path, store_of


@pytest.fixture(scope="session")
def seed() -> Ingested:
    return ingest_file(SOURCE, now=clock)


@pytest.fixture(scope="session")
def seed_store(seed):
    return store_of(seed)


@pytest.fixture(scope="session")
def ingested() -> dict[str, Ingested]:
    """Every fixture of the manifest, ingested once."""
    return {entry["file"]: ingest_file(fixture_path(entry["file"]), now=clock) for entry in MANIFEST["fixture"]}
