"""Docs that run: the README's commands work, and the question catalogue is current."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausegraph.cli import app
from clausegraph.docgen import CATALOGUE, question_catalogue

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = [
    [line for line in block.splitlines() if line.startswith("clausegraph ")]
    for block in re.findall(r"```sh\n(.*?)```", README, re.S)
]
BLOCKS = [block for block in BLOCKS if block]


def test_readme_has_commands():
    assert sum(len(block) for block in BLOCKS) >= 8


@pytest.mark.parametrize("block", BLOCKS, ids=[block[0] for block in BLOCKS])
def test_readme_commands_run_in_order(block, tmp_path, monkeypatch):
    """Each code block of the README runs as written, its commands in order (files under /tmp go to a temporary folder)."""
    monkeypatch.chdir(ROOT)
    for command in block:
        args = [a.replace("/tmp/", f"{tmp_path}/") for a in shlex.split(command)[1:]]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, f"{command}: {result.output}"


def test_question_catalogue_is_current():
    assert CATALOGUE.read_text(encoding="utf-8") == question_catalogue(), "run `make docs` and commit docs/questions.md"
