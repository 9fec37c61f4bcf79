"""Accept negotiation (python-mimeparse underneath): the offer a client prefers, by RFC 9110 q-values."""

from __future__ import annotations

import pytest

from clausegraph.service.negotiation import negotiate

RESULTS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"]


@pytest.mark.parametrize(("accept", "chosen"), [
    (None, "application/sparql-results+json"),  # no Accept: the first offer
    ("", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),  # a tie: the first offer
    ("text/csv", "text/csv"),
    ("TEXT/CSV", "text/csv"),  # media types are case-insensitive
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
    ("text/*;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("text/*, text/csv;q=0.2", "text/tab-separated-values"),  # the most specific range gives csv its quality
    ("application/sparql-results+xml;q=0.9, */*;q=0.9", "application/sparql-results+xml"),  # named beats a wildcard
    ("text, /json, text/csv", "text/csv"),  # ranges that cannot be read are ignored
    ("image/png", None),
    ("text/csv;q=0, image/png", None),
    ("text, /json", None),
])
def test_the_preferred_offer(accept, chosen):
    assert negotiate(accept, RESULTS) == chosen
