"""Progress of long work: rich bars on standard error when it is a terminal, and not a byte otherwise."""

from __future__ import annotations

import os
from pathlib import Path

from cli_runner import invoke

from terminal import on_a_terminal

CORPUS = Path(__file__).parent / "cases" / "corpus" / "executed.ttl"


def _on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run ``clausegraph ARGS`` with standard error on a pseudo-terminal; its exit code and what the terminal showed."""
    code, shown, _ = on_a_terminal(args, stream="stderr", columns=100, env={**os.environ, "COLUMNS": "100"})
    return code, shown


def test_load_and_corpus_generation_draw_bars_on_a_terminal(tmp_path):
    code, shown = _on_a_terminal(["corpus", "generate", "300", "-o", str(tmp_path / "corpus.nt")])
    assert code == 0 and "generating" in shown and "100%" in shown
    code, shown = _on_a_terminal(["load", str(tmp_path / "corpus.nt"), "--store", f"oxigraph:{tmp_path / 'db'}"])
    assert code == 0 and "checking corpus.nt" in shown and "loading corpus.nt" in shown


def test_and_are_quiet_elsewhere(tmp_path):
    result = invoke(["load", str(CORPUS), "--store", f"oxigraph:{tmp_path / 'db'}"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == f"loaded 92 triples from {CORPUS} into <https://w3id.org/clausegraph/graph/files/executed>\n"
    generated = invoke(["corpus", "generate", "50", "-o", str(tmp_path / "c.nt")])
    assert generated.exit_code == 0 and generated.stderr == ""
