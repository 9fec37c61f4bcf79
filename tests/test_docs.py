"""Docs that run: the README's commands work, and the question catalogue is current."""

from __future__ import annotations

import shlex
import subprocess

import pytest

from clausegraph.docgen import CATALOGUE, question_catalogue

from docblocks import ROOT, command_blocks, run_block, sh_blocks
from servers import serve_clausegraph

README = (ROOT / "README.md").read_text(encoding="utf-8")
DEPENDENCIES = (ROOT / "docs" / "dependencies.md").read_text(encoding="utf-8")
SERVICE_BLOCK = next(block for block in sh_blocks(README) if "clausegraph serve" in block)
BLOCKS = command_blocks(README + DEPENDENCIES, skip="clausegraph serve")


def test_readme_has_commands():
    assert sum(len(block) for block in BLOCKS) >= 8


@pytest.mark.parametrize("block", BLOCKS, ids=[block[0] for block in BLOCKS])
def test_readme_commands_run_in_order(block, tmp_path, monkeypatch):
    """Each code block of the README and docs/dependencies.md runs as written, its commands in order (files under /tmp go to a temporary folder)."""
    run_block(block, tmp_path, monkeypatch)


def test_question_catalogue_is_current():
    assert CATALOGUE.read_text(encoding="utf-8") == question_catalogue(), "run `make docs` and commit docs/questions.md"


def test_readme_service_block_runs(tmp_path):
    """The README's service block: the server it starts answers each curl command with 2xx."""
    lines = SERVICE_BLOCK.strip().splitlines()
    assert lines[0] == "clausegraph serve --port 8000 &"
    assert lines[1].startswith("until curl -sf http://127.0.0.1:8000/healthz")  # no curl races the server's start
    outputs = []
    with serve_clausegraph() as (base, _process):
        wait = lines[1].split("#")[0].replace("http://127.0.0.1:8000", base)
        assert subprocess.run(["timeout", "60", "bash", "-c", wait], check=False).returncode == 0
        for line in lines[2:]:
            args = shlex.split(line.replace("http://127.0.0.1:8000", base))
            assert args[0] == "curl"
            result = subprocess.run([*args, "--fail-with-body", "--max-time", "30"], capture_output=True, text=True, check=False)
            assert result.returncode == 0, f"{line}: {result.stdout} {result.stderr}"
            outputs.append(result.stdout)
    assert '"status":"ok"' in outputs[0]
    assert "乙      方：张三" in outputs[1] and "自离开公司之日起一年内不得自营" in outputs[1]
    assert "劳动合同法第二十四条" in outputs[2]
    assert outputs[4].split() == ["path", *map(str, range(1, 10))]
