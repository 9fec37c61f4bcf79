"""HTTP content negotiation: pick one of the offered media types from an Accept header (RFC 9110 q-values)."""

from __future__ import annotations


def _ranges(accept: str) -> list[tuple[str, float, int]]:
    ranges = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality, position))
    return ranges


def _specificity(media_range: str, offer: str) -> int | None:
    if media_range == offer:
        return 3
    kind, _, _ = offer.partition("/")
    if media_range == f"{kind}/*":
        return 2
    if media_range == "*/*":
        return 1
    return None


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers (the first offer when Accept is absent); None when none is acceptable."""
    if not accept or not accept.strip():
        return offers[0]
    best: tuple[float, int, int, str] | None = None
    ranges = _ranges(accept)
    for index, offer in enumerate(offers):
        matches = [(spec, q) for media, q, _ in ranges if (spec := _specificity(media, offer)) is not None]
        if not matches:
            continue
        _, quality = max(matches)  # the most specific range decides the offer's quality
        if quality <= 0:
            continue
        key = (quality, -index, 0, offer)
        if best is None or key > best:
            best = key
    return best[3] if best else None
