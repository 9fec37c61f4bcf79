"""queries/ingest/issues.rq: what ingestion reported, read back from a store holding a corpus (what `ingest`
tells the user to run when it lists only the first agreements)."""

from __future__ import annotations

from clausegraph.ingest import ingest_file

from ingest_support import FIXTURES, clock, rows, store_of

GAP = "https://w3id.org/clausegraph/ingested/gap/agreement"


def test_the_issues_of_a_corpus_are_read_back_from_the_store():
    gap = ingest_file(FIXTURES / "07-numbering-gap.txt", agreement_id="gap", now=clock)
    clean = ingest_file(FIXTURES / "02-cjk-comma.txt", agreement_id="clean", now=clock)
    store = store_of(gap, clean)
    found = [(r["agreement"], r["kind"], r["message"]) for r in rows(store, "ingest/issues")]
    # written from the fixture: 第二条's items go 1、2、2、 and the articles 第一条、第二条、第四条
    assert found == [
        (GAP, "numbering repeat", "in 第二条, 2、 repeats or goes back after number 2; kept as written"),
        (GAP, "numbering gap", "in the agreement, 第四条 follows number 2: number 3 is missing; kept as written, not renumbered"),
    ]
    assert [note.message for note in gap.notes] == [m for _, _, m in found]
    assert clean.notes == []
