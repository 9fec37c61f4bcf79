"""docs/review.md runs: its commands succeed as written, its generated table of rules is current, and its table of
severities lists the ontology's severities in their order."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausegraph.cli import app
from clausegraph.review.register import DOCS, docs_with_table

ROOT = Path(__file__).resolve().parents[2]
TEXT = DOCS.read_text(encoding="utf-8")
BLOCKS = [[line for line in block.splitlines() if line.startswith("clausegraph ")] for block in re.findall(r"```sh\n(.*?)```", TEXT, re.S)]


@pytest.mark.parametrize("block", BLOCKS, ids=[block[0] for block in BLOCKS])
def test_docs_commands_run(block, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    for command in block:
        args = [a.replace("/tmp/", f"{tmp_path}/") for a in shlex.split(command)[1:]]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, f"{command}: {result.output}"


def test_the_rules_table_is_current():
    assert TEXT == docs_with_table(TEXT), "run `make docs` (python -m clausegraph.review.register) and commit docs/review.md"


def test_the_severities_table_says_what_the_ontology_defines(ruleset):
    rows = re.findall(r"^\| `(\w+)` \| (\S+) \| (.+) \|$", TEXT, re.M)
    assert [(key, zh) for key, zh, _ in rows] == [(s.key, s.label["zh"]) for s in sorted(ruleset.severities.values(), key=lambda s: s.rank)]
