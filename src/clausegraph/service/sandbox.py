"""The second wall: a query worker that cannot open a network connection, whatever query it runs.

The guard refuses ``SERVICE`` and ``LOAD``; should a query ever slip past it, the worker still
cannot reach anything. On Linux the worker first tries a network namespace of its own (no
interfaces but a loopback that is down: every ``connect`` fails with "network is unreachable"),
which needs ``CAP_SYS_ADMIN``; without it, a seccomp filter makes ``socket()`` fail for the IPv4,
IPv6 and packet families (works unprivileged). A worker that can apply neither refuses to start,
unless the service was told so (``clausegraph serve --no-sandbox``, for platforms without them).
"""

from __future__ import annotations

import ctypes
import errno
import socket
import sys

from ..errors import ClauseGraphError

CLONE_NEWNET = 0x40000000
_FAMILIES = (socket.AF_INET, socket.AF_INET6, getattr(socket, "AF_PACKET", 17), getattr(socket, "AF_NETLINK", 16))


class SandboxError(ClauseGraphError):
    """The query worker could not be cut off from the network."""


def _network_namespace() -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.unshare(CLONE_NEWNET) == 0


def _seccomp() -> bool:
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError):  # the package, or libseccomp itself, is missing
        return False
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    for family in _FAMILIES:
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family))
    rules.load()
    return True


def isolate_network() -> str:
    """Cut this process off from the network; returns the wall used (``netns`` or ``seccomp``)."""
    if not sys.platform.startswith("linux"):
        raise SandboxError(f"the query workers cannot be cut off from the network on {sys.platform}; "
                           "run clausegraph serve --no-sandbox only behind a firewall that blocks the server's outgoing connections")
    if _network_namespace():
        return "netns"
    if _seccomp():
        return "seccomp"
    raise SandboxError("the query workers cannot be cut off from the network: no permission for a network namespace "
                       "and no libseccomp; install libseccomp2, or run clausegraph serve --no-sandbox behind a firewall")
