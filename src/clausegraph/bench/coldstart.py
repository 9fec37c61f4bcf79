"""Cold start: whole processes, started again and again, against a bare pyoxigraph script doing the same work.

``clausegraph ask survival`` is compared with ``bench/bare.py`` loading the same files into pyoxigraph and
running ``queries/questions/survival.rq``; ``clausegraph assemble --format txt`` with the bare script loading
the same files and running the queries the command runs: those the assembler reads its template with
(``queries/drafting/*.rq``) and those of the legal review whose findings ``assemble`` prints as warnings
(``queries/review/support/*.rq`` and the rules, ``queries/review/*.rq``), the agreement bound as both bind it.
Each command runs from the checkout's virtualenv, with its output thrown away. hyperfine (``apt-get install
hyperfine``) times the runs when it is installed (its mean of the runs after warm-up), else a Python loop (the
median of the runs). The cost of single imports is timed the same way, to say where a command's time goes.

Every command runs with Python's bytecode cached, as an installed package runs (pip compiles a wheel's modules
when it installs it): in a folder of the benchmark's own (``PYTHONPYCACHEPREFIX``, filled by the warm-up runs,
so that the checkout stays clean), and without a ``PYTHONDONTWRITEBYTECODE`` of the caller's, which would make
every run compile clausegraph's modules again and time the compiler.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ..sources import QUERIES_DIR, graph_sources

BARE = Path(__file__).with_name("bare.py")
RUNS = 30
TARGETS = {"ask survival": 2.0, "assemble --format txt": 3.0}
IMPORTS = ("argparse", "jinja2", "clausegraph.cli", "clausegraph.queries", "clausegraph.drafting", "clausegraph.review")


def _clausegraph() -> list[str]:
    script = Path(sys.executable).with_name("clausegraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "clausegraph.cli"]


def _bare_queries(folder: Path) -> list[str]:
    """The queries ``assemble`` sends to pyoxigraph, as it sends them (the agreement bound as the store binds it): the
    drafting template's, then the review's (what its rules need, then the rules)."""
    import pyoxigraph as ox

    from .. import queries
    from ..drafting.template import AGREEMENT_IRI
    from ..store import OxigraphStore

    review = QUERIES_DIR / "review"
    paths = []
    for number, path in enumerate([*sorted((QUERIES_DIR / "drafting").glob("*.rq")), *sorted((review / "support").glob("*.rq")),
                                   *sorted(review.glob("*.rq"))]):
        query = queries.read_query(path)
        text = OxigraphStore.bound(query.text, {ox.Variable("agreement"): ox.NamedNode(AGREEMENT_IRI)})
        target = folder / f"{number:03d}-{path.parent.name}-{path.name}"
        target.write_text(text, encoding="utf-8")
        paths.append(str(target))
    return paths


def _environment(cache: Path) -> dict[str, str]:
    """The commands' environment: bytecode cached in ``cache`` (see the module's docstring)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def _time(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Mean ms per command (hyperfine) or median ms (a Python loop)."""
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        with tempfile.NamedTemporaryFile(suffix=".json") as export:
            subprocess.run([hyperfine, "-N", "--warmup", "3", "--runs", str(runs), "--export-json", export.name,
                            "--style", "none", *[subprocess.list2cmdline(c) for c in commands.values()]],
                           check=True, capture_output=True, env=env)
            results = json.loads(Path(export.name).read_text())["results"]
        return {name: r["mean"] * 1000 for name, r in zip(commands, results)}
    out = {}
    for name, command in commands.items():
        samples = []
        for i in range(runs + 3):
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            if i >= 3:
                samples.append((time.perf_counter() - started) * 1000)
        out[name] = statistics.median(samples)
    return out


def bench_coldstart(runs: int = RUNS, log: Callable[[str], None] = print) -> dict:
    """Times of the two commands, their bare baselines, and single imports (ms)."""
    files = [str(s.path) for s in graph_sources()]
    with tempfile.TemporaryDirectory(prefix="clausegraph-coldstart-") as tmp:
        drafting = _bare_queries(Path(tmp))
        commands = {
            "ask survival": [*_clausegraph(), "ask", "survival"],
            "bare ask survival": [sys.executable, str(BARE), str(QUERIES_DIR / "questions" / "survival.rq"), "--", *files],
            "assemble --format txt": [*_clausegraph(), "assemble", "--format", "txt"],
            "bare assemble --format txt": [sys.executable, str(BARE), *drafting, "--", *files],
            "python -c pass": [sys.executable, "-c", "pass"],
            **{f"import {m}": [sys.executable, "-c", f"import {m}"] for m in IMPORTS},
        }
        log(f"  {len(commands)} commands × {runs} runs ({'hyperfine' if shutil.which('hyperfine') else 'a Python loop'}) …")
        times = _time(commands, runs, _environment(Path(tmp) / "bytecode"))
        return {"times": times, "runs": runs, "tool": "hyperfine" if shutil.which("hyperfine") else "loop",
                "bare queries": len(drafting)}


def coldstart_section(stamp: str, machine_line: str, runs: int = RUNS, log: Callable[[str], None] = print) -> str:
    """The Markdown section for docs/performance.md."""
    data = bench_coldstart(runs, log)
    t = data["times"]
    rows = []
    for name, target in TARGETS.items():
        ratio = t[name] / t[f"bare {name}"]
        rows.append(f"| `clausegraph {name}` | {t[name]:.0f} | {t[f'bare {name}']:.0f} | {ratio:.1f}× | ≤ {target:g}×: "
                    f"{'met' if ratio <= target else 'MISSED'} |")
    base = t["python -c pass"]
    imports = [f"| `{name}` | {ms - base:.0f} |" for name, ms in t.items() if name.startswith("import ")]
    how = ("hyperfine, mean of the runs after 3 warm-up runs" if data["tool"] == "hyperfine" else
           "a Python loop, median of the runs after 3 warm-up runs")
    return "\n".join([
        "## Cold start (whole process, repeated)",
        "",
        f"Measured {stamp} by `make bench` (`python -m clausegraph.bench coldstart`) on: {machine_line}.",
        f"Each command {data['runs']} times ({how}), output discarded, Python's bytecode cached as for an installed package "
        "(in a folder of the benchmark's own). The bare baseline is `src/clausegraph/bench/bare.py`: "
        "it imports pyoxigraph only, loads the same files into the same named graphs and runs the same query text "
        f"(for `assemble`, the {data['bare queries']} queries it runs: those of `queries/drafting/` that read the template and "
        "those of `queries/review/` whose findings it prints, with the agreement bound as the command binds it).",
        "",
        "| command | ms | bare pyoxigraph (ms) | ratio | target |",
        "|---|---:|---:|---:|---|",
        *rows,
        "",
        f"Where the time goes: what importing one module adds to `python -c pass` ({base:.0f} ms), in its own process.",
        "",
        "| import | ms |",
        "|---|---:|",
        *imports,
    ])
