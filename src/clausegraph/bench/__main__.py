"""``python -m clausegraph.bench [assembly] [stores] [service] [soak] [ingest] [--sizes 1,1000,10000] [--backends …]`` (``make bench`` runs all)."""

from __future__ import annotations

import argparse
import sys
import time

from .assembly import assembly_section
from .ingest import ingest_section
from .report import machine, write_section
from .service import service_section
from .soak import soak_section
from .stores import BACKENDS, SIZES, bench_stores, stores_section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clausegraph.bench", description=__doc__)
    parser.add_argument("parts", nargs="*", choices=["assembly", "stores", "service", "soak", "ingest", []], default=[], help="which benchmarks (default: all)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="corpus sizes for the store benchmark")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="store backends to measure")
    args = parser.parse_args(argv)
    parts = args.parts or ["assembly", "service", "soak", "ingest", "stores"]
    try:
        sizes = tuple(int(n) for n in args.sizes.split(","))
    except ValueError:
        parser.error(f"--sizes takes comma-separated whole numbers, got {args.sizes!r}")
    backends = tuple(args.backends.split(","))
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        parser.error(f"--backends: unknown {', '.join(sorted(unknown))}; choose from {', '.join(BACKENDS)}")
    if "assembly" in parts:
        print("assembly …", flush=True)
        body = assembly_section(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), machine())
        write_section("assembly", body)
        print(body)
    if "service" in parts:
        print("service load test …", flush=True)
        body = service_section(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), machine())
        write_section("service", body)
        print(body)
    if "soak" in parts:
        print("service soak …", flush=True)
        body = soak_section(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), machine())
        write_section("soak", body)
        print(body)
    if "ingest" in parts:
        print("ingest …", flush=True)
        body = ingest_section()
        write_section("ingest", body)
        print(body)
    if "stores" in parts:
        print("stores …", flush=True)
        stamp, machine_line = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), machine()

        def progress(runs):
            write_section("stores", stores_section(runs, stamp, machine_line) + "\n\n(Incomplete: the benchmark was still running.)")

        runs = bench_stores(sizes, backends, log=lambda line: print(line, flush=True), progress=progress)
        body = stores_section(runs, stamp, machine_line)
        write_section("stores", body)
        print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
