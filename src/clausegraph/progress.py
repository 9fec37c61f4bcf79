"""Progress of long work (loading a large file or a corpus, ingesting many files, generating a corpus):
rich progress bars on standard error when it is a terminal, and nothing at all otherwise (a pipe, a file,
CI, a test), so that what a command prints stays the same wherever it runs."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any

Advance = Callable[[float], None]


def _ignore(_amount: float = 1) -> None:
    return None


class Progress:
    """A context manager handing out tasks; each task is a function that advances its bar by an amount."""

    def __init__(self, *, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.bar: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress as Bars, TaskProgressColumn, TextColumn, TimeElapsedColumn

            self.bar = Bars(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                            console=Console(stderr=True), transient=True)
            self.bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def task(self, description: str, total: float | None = None) -> Advance:
        """A new bar (``total`` None: the amount of work is not known, the bar pulses until :meth:`finish`)."""
        if self.bar is None:
            return _ignore
        task_id = self.bar.add_task(description, total=total)
        self._last = task_id
        return lambda amount=1: self.bar.advance(task_id, amount) if self.bar is not None else None

    def finish(self) -> None:
        """Mark the last task done (a task whose total was not known)."""
        if self.bar is not None:
            self.bar.update(self._last, total=1, completed=1)
