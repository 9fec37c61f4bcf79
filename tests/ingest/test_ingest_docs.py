"""docs/ingesting.md runs: each sh block's commands, in order, exit 0 (files under /tmp go to a temporary folder)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausegraph.cli import app

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "ingesting.md").read_text(encoding="utf-8")
BLOCKS = [[line for line in block.splitlines() if line.startswith("clausegraph ")] for block in re.findall(r"```sh\n(.*?)```", DOC, re.S)]


def test_the_doc_has_its_examples():
    assert len(BLOCKS) == 3 and sum(len(b) for b in BLOCKS) >= 10


@pytest.mark.parametrize("block", BLOCKS, ids=[b[0] for b in BLOCKS])
def test_doc_block_runs(block, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    for command in block:
        args = [a.replace("/tmp/", f"{tmp_path}/") for a in shlex.split(command)[1:]]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, f"{command}: {result.output}"
