"""Docs that run: the ``clausegraph`` commands of a Markdown file's ``sh`` blocks, run as written, in order.

Used by every test that runs a document's examples (the README, docs/dependencies.md, docs/review.md,
docs/ingesting.md, docs/crosswalk.md). Paths under ``/tmp/`` go to the test's temporary folder; the
commands run from the checkout's root, as a reader runs them.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from cli_runner import invoke

ROOT = Path(__file__).resolve().parents[1]
_SH_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def sh_blocks(text: str) -> list[str]:
    """The bodies of the ``sh`` code blocks of a Markdown text, in order."""
    return _SH_BLOCK.findall(text)


def command_blocks(text: str, *, skip: str | None = None) -> list[list[str]]:
    """Each ``sh`` block's ``clausegraph`` command lines (blocks without any left out; a block containing ``skip``
    left out too)."""
    blocks = [[line for line in block.splitlines() if line.startswith("clausegraph ")]
              for block in sh_blocks(text) if skip is None or skip not in block]
    return [block for block in blocks if block]


def run_block(block: list[str], tmp_path: Path, monkeypatch) -> None:
    """Run one block's commands in order from the checkout's root; each must exit 0."""
    monkeypatch.chdir(ROOT)
    for command in block:
        args = [a.replace("/tmp/", f"{tmp_path}/") for a in shlex.split(command)[1:]]
        result = invoke(args)
        assert result.exit_code == 0, f"{command}: {result.output}"
