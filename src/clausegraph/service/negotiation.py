"""HTTP content negotiation: pick one of the offered media types from an Accept header (RFC 9110 q-values),
with python-mimeparse.

The most specific range that matches an offer gives its quality (``text/csv;q=0.5`` before ``text/*``, before
``*/*``); the highest quality wins, then the offer matched most specifically, then the offer listed first. A
range mimeparse cannot read (``text``, ``/json``) is ignored, as if the client had not sent it; a q-value that
is not a number from 0 to 1 counts as 1 (mimeparse's reading).
"""

from __future__ import annotations


def _readable(accept: str) -> list[str]:
    import mimeparse

    ranges = []
    for part in accept.split(","):
        if not part.strip():
            continue
        part = part.strip().lower()  # media types are case-insensitive; mimeparse compares them as written
        try:
            mimeparse.parse_media_range(part)
        except (ValueError, IndexError):  # MimeTypeParseException is a ValueError
            continue
        ranges.append(part)
    return ranges


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers (the first offer when Accept is absent); None when none is acceptable."""
    if not accept or not accept.strip():
        return offers[0]
    import mimeparse

    ranges = _readable(accept)
    if not ranges:
        return None
    # mimeparse breaks a tie in favour of the offer listed last: hand it the offers last-preferred first
    return mimeparse.best_match(list(reversed(offers)), ",".join(ranges)) or None
