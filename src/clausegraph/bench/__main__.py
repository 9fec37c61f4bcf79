"""``python -m clausegraph.bench [PART …] [--output PATH] [--sizes 1,1000,10000] [--backends …]``

Parts: assembly, review, service, coldstart, soak, ingest, stores (default: all, in that order). Each part's table goes into
the document at ``--output`` (default ``build/bench/performance.md``, outside what git tracks: ``make bench``
leaves the checkout clean; ``make bench-docs`` passes ``--output docs/performance.md``) as soon as the part ends,
and is printed. Progress goes to standard error: a bar on a terminal, one timed line per step otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .report import RESULTS, machine, write_section

PARTS = ("assembly", "review", "service", "coldstart", "soak", "ingest", "stores")


class Progress:
    """Steps of a long run: a rich progress bar on a terminal, else a line with the elapsed time per step."""

    def __init__(self, total: int):
        self.started = time.monotonic()
        self.bar = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress as Bar, TextColumn, TimeElapsedColumn

            self.bar = Bar(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} parts"),
                           TimeElapsedColumn(), console=Console(stderr=True))
            self.bar.start()
            self.task = self.bar.add_task("benchmarks", total=total)

    def step(self, line: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, description=line.strip())
            self.bar.console.log(line.strip())
        else:
            print(f"[{time.monotonic() - self.started:7.1f} s] {line.strip()}", file=sys.stderr, flush=True)

    def part_done(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clausegraph.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parts", nargs="*", choices=[*PARTS, []], default=[], help="which benchmarks (default: all)")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"the document the tables go into (default: {RESULTS})")
    parser.add_argument("--sizes", default="1,1000,10000", help="corpus sizes for the store benchmark")
    parser.add_argument("--backends", default=None, help="store backends to measure (default: all)")
    args = parser.parse_args(argv)
    from .stores import BACKENDS

    parts = args.parts or list(PARTS)
    try:
        sizes = tuple(int(n) for n in args.sizes.split(","))
    except ValueError:
        parser.error(f"--sizes takes comma-separated whole numbers, got {args.sizes!r}")
    backends = tuple(args.backends.split(",")) if args.backends else BACKENDS
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        parser.error(f"--backends: unknown {', '.join(sorted(unknown))}; choose from {', '.join(BACKENDS)}")
    stamp, machine_line = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), machine()
    progress = Progress(len(parts))
    log: Callable[[str], None] = progress.step

    def done(name: str, body: str) -> None:
        write_section(name, body, args.output)
        progress.part_done()
        print(body + "\n", flush=True)

    try:
        for part in parts:
            log(f"{part} …")
            if part == "assembly":
                from .assembly import assembly_section

                done(part, assembly_section(stamp, machine_line, log=log))
            elif part == "review":
                from .review import review_section

                done(part, review_section(stamp, machine_line, log=log))
            elif part == "service":
                from .service import service_section

                done(part, service_section(stamp, machine_line, log=log))
            elif part == "coldstart":
                from .coldstart import coldstart_section

                done(part, coldstart_section(stamp, machine_line, log=log))
            elif part == "soak":
                from .soak import soak_section

                done(part, soak_section(stamp, machine_line))
            elif part == "ingest":
                from .ingest import ingest_section

                done(part, ingest_section())
            elif part == "stores":
                from .stores import bench_stores, stores_section

                def partial(runs, _stamp=stamp, _machine=machine_line):
                    write_section("stores", stores_section(runs, _stamp, _machine) + "\n\n(Incomplete: the benchmark was still running.)",
                                  args.output)

                runs = bench_stores(sizes, backends, log=log, progress=partial)
                done(part, stores_section(runs, stamp, machine_line))
    finally:
        progress.close()
    print(f"tables written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
