"""Run ``clausegraph`` with one of its output streams on a pseudo-terminal, as a user at a terminal sees it."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios


def on_a_terminal(args: list[str], *, stream: str, columns: int, env: dict[str, str] | None = None,
                  timeout: float = 300) -> tuple[int, str, str]:
    """Run ``python -m clausegraph.cli ARGS`` with ``stream`` (``stdout`` or ``stderr``) on a pseudo-terminal
    ``columns`` wide and the other stream captured; the exit code, what the terminal showed, and the other stream.
    The terminal is read while the command runs, so a long output never fills its buffer."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: secondary}
    process = subprocess.Popen([sys.executable, "-m", "clausegraph.cli", *args], stdin=subprocess.DEVNULL,
                               env=os.environ.copy() if env is None else env, **streams)
    os.close(secondary)
    shown = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: every holder of the terminal has closed it
            break
        if not chunk:
            break
        shown.append(chunk)
    os.close(primary)
    out, err = process.communicate(timeout=timeout)
    other = err if stream == "stdout" else out
    return process.returncode, b"".join(shown).decode("utf-8", "replace"), other.decode("utf-8", "replace")
