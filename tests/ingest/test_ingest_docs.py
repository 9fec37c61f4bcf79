"""docs/ingesting.md runs: each sh block's commands, in order, exit 0 (files under /tmp go to a temporary folder)."""

from __future__ import annotations

import pytest

from docblocks import ROOT, command_blocks, run_block

BLOCKS = command_blocks((ROOT / "docs" / "ingesting.md").read_text(encoding="utf-8"))


def test_the_doc_has_its_examples():
    assert len(BLOCKS) == 3 and sum(len(b) for b in BLOCKS) >= 10


@pytest.mark.parametrize("block", BLOCKS, ids=[b[0] for b in BLOCKS])
def test_doc_block_runs(block, tmp_path, monkeypatch):
    run_block(block, tmp_path, monkeypatch)
