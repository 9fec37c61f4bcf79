"""Loading a persistent store from a separate ``clausegraph load`` process (so that it can be killed)
and reading back what the store holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from clausegraph.store import OxigraphStore


def cli_load(path: Path, db: Path) -> subprocess.Popen:
    """``clausegraph load PATH --store oxigraph:DB`` started in the background."""
    cli = [sys.executable, "-m", "clausegraph.cli", "load", str(path), "--store", f"oxigraph:{db}"]
    return subprocess.Popen(cli, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def graph_sizes(db: Path) -> dict[str, int]:
    """Triples per named graph of the persistent store at DB."""
    store = OxigraphStore(db)
    try:
        return dict(store.graph_sizes())
    finally:
        store.close()
