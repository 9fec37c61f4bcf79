"""A persistent store survives kill -9 during a load: reopened, it holds the whole file or none of it.

The load of a ~110,000-triple file is timed once, then killed with SIGKILL at fractions of that
time, so the kills fall before, during and after the store's write on any machine. Replacing a
graph is killed the same way in tests/security/test_persistent_replace.py.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from clausegraph.corpus import write_corpus

from loading import cli_load as _load
from loading import graph_sizes as _sizes

FRACTIONS = [0.6, 0.75, 0.85, 0.92, 1.0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, int, float]:
    """The file, its triple count, and how long an uninterrupted load takes here."""
    folder = tmp_path_factory.mktemp("corpus")
    path = folder / "corpus.nt"
    triples = write_corpus(path, 4000, seed=3)
    started = time.monotonic()
    assert _load(path, folder / "db").wait() == 0
    seconds = time.monotonic() - started
    assert _sizes(folder / "db") == {"https://w3id.org/clausegraph/graph/files/corpus": triples}
    return path, triples, seconds


@pytest.mark.parametrize("fraction", FRACTIONS)
def test_kill_9_during_load_leaves_all_or_nothing(corpus, fraction, tmp_path):
    path, triples, seconds = corpus
    db = tmp_path / "db"
    process = _load(path, db)
    time.sleep(seconds * fraction)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    loaded = _sizes(db).get("https://w3id.org/clausegraph/graph/files/corpus", 0) if db.exists() else 0
    assert loaded in (0, triples), f"partial load after SIGKILL at {fraction:.0%} of the load time: {loaded} of {triples} triples"

