"""The ``clausegraph`` command line run in the test's process, as a shell runs it: the arguments after the program's
name, standard input from a string, standard output and error captured as bytes (UTF-8), the environment changed
for the run only. What it returns is what a shell sees: the exit code and the two streams."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Optional

from clausegraph.cli import app


@dataclass(frozen=True)
class Result:
    exit_code: int
    stdout_bytes: bytes
    stderr_bytes: bytes

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8")

    @property
    def stderr(self) -> str:
        return self.stderr_bytes.decode("utf-8")

    @property
    def output(self) -> str:
        """Both streams, standard output first (for assertion messages)."""
        return self.stdout + self.stderr


def _stream(buffer: io.BytesIO) -> io.TextIOWrapper:
    return io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)


def invoke(args: Sequence[str], *, input: Optional[str | bytes] = None, env: Optional[Mapping[str, Optional[str]]] = None) -> Result:
    """Run ``clausegraph ARGS``; ``env`` sets (or, with None, removes) variables for the run."""
    out, err = io.BytesIO(), io.BytesIO()
    data = input.encode("utf-8") if isinstance(input, str) else (input or b"")
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    saved_env = {name: os.environ.get(name) for name in (env or {})}
    streams = _stream(io.BytesIO(data)), _stream(out), _stream(err)
    sys.stdin, sys.stdout, sys.stderr = streams
    try:
        for name, value in (env or {}).items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        code = app(list(args))
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        for stream in streams:
            stream.flush()
            stream.detach()  # the bytes stay readable: a wrapper closes its buffer when it is collected
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return Result(code, out.getvalue(), err.getvalue())
