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
COMMANDS = [line for block in re.findall(r"```sh\n(.*?)```", README, re.S) for line in block.splitlines() if line.startswith("clausegraph ")]


def test_readme_has_commands():
    assert len(COMMANDS) >= 8


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command, tmp_path, monkeypatch):
    args = [a.replace("/tmp/", f"{tmp_path}/") for a in shlex.split(command)[1:]]
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output


def test_question_catalogue_is_current():
    assert CATALOGUE.read_text(encoding="utf-8") == question_catalogue(), "run `make docs` and commit docs/questions.md"
