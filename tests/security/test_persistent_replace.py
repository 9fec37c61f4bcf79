"""Finding 5: replacing a graph in a persistent store removed the old graph in one transaction and
loaded the new file in another, so kill -9 between them left neither. Now the replacement is one
transaction: killed at any moment, the store holds the old version of the graph or the new one."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from clausegraph.corpus import write_corpus

from loading import cli_load, graph_sizes

GRAPH = "https://w3id.org/clausegraph/graph/files/corpus"


@pytest.fixture(scope="module")
def replacement(tmp_path_factory) -> tuple[Path, Path, int, int, float]:
    """A store holding the old version of the graph, the new file, both counts, and how long replacing takes."""
    folder = tmp_path_factory.mktemp("replacement")
    (folder / "old").mkdir()
    old_path, new_path = folder / "old" / "corpus.nt", folder / "corpus.nt"  # same name: the same named graph
    old_triples = write_corpus(old_path, 1500, seed=3)
    new_triples = write_corpus(new_path, 1200, seed=4)
    template = folder / "template-db"
    assert cli_load(old_path, template).wait() == 0
    timing = folder / "timing-db"
    shutil.copytree(template, timing)
    started = time.monotonic()
    assert cli_load(new_path, timing).wait() == 0
    seconds = time.monotonic() - started
    assert graph_sizes(timing) == {GRAPH: new_triples}
    return template, new_path, old_triples, new_triples, seconds


@pytest.mark.parametrize("fraction", [0.5, 0.6, 0.75, 0.85, 0.92, 1.0])
def test_kill_9_while_replacing_a_graph_leaves_the_old_or_the_new(replacement, fraction, tmp_path):
    template, new_path, old_triples, new_triples, seconds = replacement
    db = tmp_path / "db"
    shutil.copytree(template, db)
    process = cli_load(new_path, db)
    time.sleep(seconds * fraction)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    sizes = graph_sizes(db)
    assert sizes.get(GRAPH) in (old_triples, new_triples), f"after SIGKILL at {fraction:.0%}: {sizes.get(GRAPH)} triples"
