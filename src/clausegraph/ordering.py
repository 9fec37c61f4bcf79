"""Natural order of provision numbers and notations (3.5 before 3.10, 5.3 before 5.3.4, nda-2 before nda-10),
by natsort: the one sort key wherever provision paths are sorted in Python."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _key() -> Callable[[str], Any]:
    from natsort import natsort_keygen  # imported when first needed: natsort takes tens of milliseconds to import

    return natsort_keygen()


def natural_key(value: str | None) -> Any:
    """The sort key of a provision path or a notation in natural order; no value sorts first."""
    return _key()(value or "")
