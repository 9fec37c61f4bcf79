"""What every benchmark shares: percentiles, the machine line, and writing a section of the performance document.

``make bench`` writes its tables into ``build/bench/performance.md`` (a copy of ``docs/performance.md`` with the
new tables, outside what git tracks), so a run leaves the checkout clean; ``make bench-docs`` writes them into
``docs/performance.md`` itself.
"""

from __future__ import annotations

import os
import platform
from importlib.metadata import version
from pathlib import Path

from ..export import write_atomically
from ..sources import DATA_ROOT

PERFORMANCE = DATA_ROOT / "docs" / "performance.md"
RESULTS = Path("build") / "bench" / "performance.md"
_HEAD = "# Performance\n\nEvery table here is written by `make bench-docs`; none is typed by hand.\n"


def percentile(samples: list[float], p: float) -> float:
    """The nearest-rank percentile ``p`` (0–100) of the samples."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def machine(packages: tuple[str, ...] = ("pyoxigraph", "oxigraph", "rdflib", "oxrdflib", "pyshacl", "jinja2", "python-docx")) -> str:
    """CPU model, cores, Python, kernel and the versions of the packages that do the work."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    installed = []
    for name in packages:
        try:
            installed.append(f"{name} {version(name)}")
        except Exception:  # noqa: BLE001 - a package that is not installed is left out of the line
            continue
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}; {', '.join(installed)}"


def replace_section(text: str, name: str, body: str) -> str:
    """The text with the block between ``<!-- bench:NAME:start -->`` and its end marker replaced (or appended)."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        return text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    return text.rstrip() + "\n\n" + block + "\n"


def write_section(name: str, body: str, path: Path = RESULTS) -> None:
    """Put a measured table into the document at ``path``, leaving its other sections and its prose alone; a new
    document starts as a copy of docs/performance.md."""
    if path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        text = PERFORMANCE.read_text(encoding="utf-8") if PERFORMANCE.is_file() else _HEAD
        path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, replace_section(text, name, body))
