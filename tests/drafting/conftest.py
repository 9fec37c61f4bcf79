"""Shared fixtures of the drafting tests: the project's template read once, and a builder of variants."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from clausegraph.drafting import Document, Template, assemble, parse_spec, read_template
from clausegraph.graph import load_store


@pytest.fixture(scope="session")
def template() -> Template:
    return read_template(load_store())


@pytest.fixture(scope="session")
def build(template) -> Callable[..., Document]:
    """``build(**spec)``: the variant assembled (dotted keys as ``**{"employee.name": …}``)."""

    def _build(**spec) -> Document:
        return assemble(template, parse_spec(template, spec))

    return _build
