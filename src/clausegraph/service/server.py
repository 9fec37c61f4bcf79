"""Run the service under uvicorn: one server process, or ``workers`` processes sharing one listening socket.

With several processes uvicorn's supervisor binds the socket and hands it to each worker, which builds
its own app with the factory :func:`clausegraph.service.create_app` from the ``CLAUSEGRAPH_*`` variables
(:meth:`ServiceSettings.to_env`): its own store, template and pool of query workers. The socket is bound
here with ``TCP_NODELAY``: uvicorn creates it without a protocol number, so asyncio does not set the
option on the connections it accepts, and a keep-alive response would wait ~40 ms for Nagle's algorithm;
Linux gives accepted connections the listening socket's option.
"""

from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING

from .settings import ServiceSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

FACTORY = "clausegraph.service:create_app"


def run(settings: ServiceSettings, *, host: str, port: int, workers: int = 1, app: FastAPI | None = None,
        head_limit: int | None = None) -> None:
    """Serve until stopped. ``app`` (one process only) is an app already built; without it each process builds its own."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    if workers > 1 or app is None:
        os.environ.update(settings.to_env())  # what each process's create_app() reads
    target = app if app is not None and workers == 1 else FACTORY
    options = {"h11_max_incomplete_event_size": head_limit} if head_limit else {}
    config = uvicorn.Config(target, factory=isinstance(target, str), host=host, port=port, workers=workers,
                            log_level="warning", **options)
    listener = config.bind_socket()
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if workers > 1:
        Multiprocess(config, sockets=[listener]).run()  # as uvicorn.run does, with the socket bound here
    else:
        uvicorn.Server(config).run(sockets=[listener])
