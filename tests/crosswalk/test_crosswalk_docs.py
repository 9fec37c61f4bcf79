"""docs/crosswalk.md runs: each sh block's commands, in order, exit 0 (files under /tmp go to a temporary folder)."""

from __future__ import annotations

import json
import re

from docblocks import ROOT, command_blocks, run_block

DOC = (ROOT / "docs" / "crosswalk.md").read_text(encoding="utf-8")
BLOCKS = command_blocks(DOC)


def test_doc_commands_run(tmp_path, monkeypatch):
    assert sum(len(b) for b in BLOCKS) >= 7
    for block in BLOCKS:
        run_block(block, tmp_path, monkeypatch)
    assert len(json.loads((tmp_path / "contractnli.json").read_text(encoding="utf-8"))["documents"]) == 2
    assert (tmp_path / "ledgar.jsonl").read_text(encoding="utf-8").count("\n") == 56


def test_doc_table_of_labels_matches_the_answer(store):
    """The table of the 17 labels in the doc says what the crosswalk computes."""
    from clausegraph.crosswalk import crosswalk

    rows = re.findall(r"^\| (nda-\d+) [^|]*\| (\w+) \|([^|]*)\|", DOC, re.M)
    answer = crosswalk(store, "contractnli")
    assert {key: (label, evidence.strip().replace("5.3(4)", "5.3.4")) for key, label, evidence in rows} == \
        {h.key: (h.label, ", ".join(h.paths)) for h in answer.hypotheses}
