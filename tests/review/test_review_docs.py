"""docs/review.md runs: its commands succeed as written, its generated table of rules is current, and its table of
severities lists the ontology's severities in their order."""

from __future__ import annotations

import re

import pytest

from clausegraph.review.register import DOCS, docs_with_table

from docblocks import command_blocks, run_block

TEXT = DOCS.read_text(encoding="utf-8")
BLOCKS = command_blocks(TEXT)


@pytest.mark.parametrize("block", BLOCKS, ids=[block[0] for block in BLOCKS])
def test_docs_commands_run(block, tmp_path, monkeypatch):
    run_block(block, tmp_path, monkeypatch)


def test_the_rules_table_is_current():
    assert TEXT == docs_with_table(TEXT), "run `make docs` (python -m clausegraph.review.register) and commit docs/review.md"


def test_the_severities_table_says_what_the_ontology_defines(ruleset):
    rows = re.findall(r"^\| `(\w+)` \| (\S+) \| (.+) \|$", TEXT, re.M)
    assert [(key, zh) for key, zh, _ in rows] == [(s.key, s.label["zh"]) for s in sorted(ruleset.severities.values(), key=lambda s: s.rank)]
