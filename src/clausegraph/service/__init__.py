"""The HTTP service: the assembly API, the named questions, a read-only SPARQL 1.1 endpoint and the
drafter's web page (``clausegraph serve``). ``create_app`` is an app factory:
``uvicorn --factory clausegraph.service:create_app`` reads its settings from ``CLAUSEGRAPH_*`` variables."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from .settings import ServiceSettings


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The service app (imported lazily, so importing the package costs nothing)."""
    from .app import create_app as factory

    return factory(settings)
