"""Helpers of the review tests: the expected findings written from reading, how a finding is named in them,
and stores holding a small fixture agreement (Turtle, or a text ingested) with the ontology and the legal bases."""

from __future__ import annotations

import tomllib
from pathlib import Path

from clausegraph.graph import load_store
from clausegraph.ingest import ingest_file
from clausegraph.queries import expand_iri
from clausegraph.review import Finding
from clausegraph.sources import GRAPH_BASE, ONTOLOGY_DIR, Source
from clausegraph.store import Store

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
EXPECTED = tomllib.loads((HERE / "expected.toml").read_text(encoding="utf-8"))
CASES = tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))["case"]
BASE = [Source(ONTOLOGY_DIR / name, GRAPH_BASE + name.removesuffix(".ttl")) for name in ("clausegraph.ttl", "acts.ttl", "legal-bases.ttl")]
FIXTURE_AGREEMENT = "https://example.org/review-fixture/agreement"


def name(finding: Finding) -> str:
    """How the expected files name a finding's provision: its source number, else its local name."""
    return finding.source_path or finding.provision.rsplit("/", 1)[-1]


def grounds(finding: Finding) -> list[str]:
    return [g.article.replace("https://w3id.org/clausegraph/law/", "law:") for g in finding.grounds]


def triples(findings) -> set[tuple[str, str, tuple[str, ...]]]:
    """(code, provision, grounds) of each finding."""
    return {(f.code, name(f), tuple(grounds(f))) for f in findings}


def pairs(findings) -> set[tuple[str, str]]:
    return {(f.code, name(f)) for f in findings}


def expected_source() -> set[tuple[str, str, tuple[str, ...]]]:
    return {(code, provision, tuple(g)) for code, provision, g in EXPECTED["source"]["findings"]}


def fixture_store(file: str) -> tuple[Store, str]:
    """A store with the ontology, the legal bases and one fixture agreement; the agreement's IRI."""
    path = FIXTURES / file
    if path.suffix == ".ttl":
        return load_store([*BASE, Source(path, GRAPH_BASE + "test/review-fixture")]), FIXTURE_AGREEMENT
    store = load_store(BASE)
    item = ingest_file(path, agreement_id=path.stem)
    store.load_triples(item.triples, item.graph)
    return store, item.agreement.value


def iri(value: str) -> str:
    return expand_iri(value).value
