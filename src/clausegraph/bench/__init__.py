"""Benchmarks behind ``make bench``; each writes its measured table into docs/performance.md."""
