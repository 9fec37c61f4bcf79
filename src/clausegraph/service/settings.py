"""What ``clausegraph serve`` configures: the store, the limits, who may call, and the network wall.

The same settings reach every server process: ``serve`` passes them to ``uvicorn`` worker processes
as ``CLAUSEGRAPH_*`` environment variables, which :meth:`ServiceSettings.from_env` reads (so
``uvicorn --factory clausegraph.service:create_app`` works with the same variables).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..errors import BadInputError
from .limits import Limits

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
LIMIT_VARIABLES = {
    "query_timeout_s": ("CLAUSEGRAPH_QUERY_TIMEOUT", float),
    "max_results": ("CLAUSEGRAPH_MAX_RESULTS", int),
    "max_body_bytes": ("CLAUSEGRAPH_MAX_BODY", int),
    "max_query_bytes": ("CLAUSEGRAPH_MAX_QUERY", int),
    "max_memory_mb": ("CLAUSEGRAPH_MAX_MEMORY_MB", int),
    "workers": ("CLAUSEGRAPH_QUERY_WORKERS", int),
    "max_queue": ("CLAUSEGRAPH_MAX_QUEUE", int),
}


@dataclass(frozen=True)
class ServiceSettings:
    """The service's configuration.

    ``allowed_hosts``: the names the ``Host`` header may carry (DNS rebinding and stray proxies are
    refused); ``cors_origins``: web origins other than the service's own that may call it from a
    browser (none by default: cross-site requests are refused); ``sandbox``: cut the query workers
    off from the network (on by default; off only where the platform cannot, behind a firewall).
    """

    store: str = "memory"
    limits: Limits = field(default_factory=Limits)
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    cors_origins: tuple[str, ...] = ()
    sandbox: bool = True

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServiceSettings:
        env = os.environ if environ is None else environ
        values = {}
        for name, (variable, kind) in LIMIT_VARIABLES.items():
            if variable in env:
                try:
                    values[name] = kind(env[variable])
                except ValueError:
                    raise BadInputError(f"{variable}={env[variable]!r} is not a {kind.__name__}") from None
        hosts = tuple(h.strip() for h in env.get("CLAUSEGRAPH_ALLOWED_HOSTS", "").split(",") if h.strip())
        origins = tuple(o.strip() for o in env.get("CLAUSEGRAPH_CORS", "").split(",") if o.strip())
        return cls(store=env.get("CLAUSEGRAPH_STORE", "memory"), limits=Limits(**values),
                   allowed_hosts=hosts or LOOPBACK_HOSTS, cors_origins=origins,
                   sandbox=env.get("CLAUSEGRAPH_SANDBOX", "1") != "0")

    def to_env(self) -> dict[str, str]:
        """The environment variables that make :meth:`from_env` give these settings back."""
        env = {variable: str(getattr(self.limits, name)) for name, (variable, _) in LIMIT_VARIABLES.items()}
        env.update(CLAUSEGRAPH_STORE=self.store, CLAUSEGRAPH_ALLOWED_HOSTS=",".join(self.allowed_hosts),
                   CLAUSEGRAPH_CORS=",".join(self.cors_origins), CLAUSEGRAPH_SANDBOX="1" if self.sandbox else "0")
        return env

