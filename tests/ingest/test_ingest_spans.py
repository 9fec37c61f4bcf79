"""Every node's span slices back to its words: a property over every fixture, the source, and texts
made from them by the changes files really go through (CRLF, a byte-order mark, blank lines, indentation,
full-width spaces, GBK). Checked in the graph itself, by SPARQL over the stored source text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausegraph.ingest import ingest_source, source_from_bytes

from ingest_support import MANIFEST, SOURCE, clock, fixture_path, rows, store_of

TEXT_FIXTURES = [e["file"] for e in MANIFEST["fixture"] if e["file"].endswith(".txt")]


def mismatches(item) -> list[dict]:
    return rows(store_of(item), "ingest/span-mismatches", agreement=item.agreement.value)


def spans_in_python(item) -> list[str]:
    """The same check without the store: every span of the reading slices to its words."""
    layout, text = item.reading.layout, item.reading.layout.text
    bad = []
    for p in layout.provisions():
        for span in (p.heading, p.text):
            if span is not None and span.of(text) != text[span.start:span.end]:
                bad.append(p.path)
        if not (p.start <= (p.text or p.heading or p).start and p.end >= (p.text or p.heading or p).end):
            bad.append(f"{p.path} extent")
    return bad


def test_every_node_of_every_fixture_slices_back(ingested, seed):
    for item in [*ingested.values(), seed]:
        assert mismatches(item) == [], item.reading.source.name
        assert spans_in_python(item) == []


def test_the_check_finds_a_wrong_span(seed):
    """The span check can fail: a node whose start is one off is reported with what its span slices out."""
    import pyoxigraph as ox

    from clausegraph.store import inline_bindings

    store = store_of(seed)
    shift = ("PREFIX cg: <https://w3id.org/clausegraph/ontology#>\n"
             "DELETE { GRAPH ?g { ?node cg:textStart ?s } } INSERT { GRAPH ?g { ?node cg:textStart ?t } }\n"
             "WHERE { GRAPH ?g { ?node cg:textStart ?s } BIND(?s + 1 AS ?t) }")
    store.update(inline_bindings(shift, {ox.Variable("node"): ox.NamedNode(seed.agreement.value.replace("agreement", "art-9"))}))
    found = rows(store, "ingest/span-mismatches", agreement=seed.agreement.value)
    assert [(r["node"].rsplit("/", 1)[1], r["words"], r["slice"]) for r in found] == [
        ("art-9", "本协议一式二份，甲乙双方各执一份。", "协议一式二份，甲乙双方各执一份。")]


def mangle(text: str, crlf: bool, bom: bool, blank: int, indent: str, encoding: str) -> bytes:
    lines = text.split("\n")
    lines = [f"{indent}{line}" if line.strip() else line for line in lines]
    body = ("\n" + "\n" * blank).join(lines)
    if crlf:
        body = body.replace("\n", "\r\n")
    data = body.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom and encoding == "utf-8" else data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(TEXT_FIXTURES + ["source"]),
    crlf=st.booleans(), bom=st.booleans(), blank=st.integers(0, 2),
    indent=st.sampled_from(["", "  ", "\u3000\u3000", "\t"]),
    encoding=st.sampled_from(["utf-8", "gb18030"]),
)
def test_spans_slice_back_whatever_the_file_went_through(name, crlf, bom, blank, indent, encoding):
    path = SOURCE if name == "source" else fixture_path(name)
    raw = path.read_bytes()
    text = raw.decode("gbk") if name.startswith("09") else raw.decode("utf-8-sig").replace("\r\n", "\n")
    data = mangle(text, crlf, bom, blank, indent, encoding)
    item = ingest_source(source_from_bytes(path.name, data), agreement_id="mangled", now=clock)
    assert mismatches(item) == []
    plain = ingest_source(source_from_bytes(path.name, text.encode("utf-8")), agreement_id="plain", now=clock)
    shape = lambda i: [(p.path, p.kind, p.marker) for p in i.reading.layout.provisions()]  # noqa: E731
    assert shape(item) == shape(plain)


@pytest.mark.parametrize("name", TEXT_FIXTURES)
def test_texts_have_no_surrounding_whitespace(ingested, name):
    item = ingested[name]
    text = item.reading.layout.text
    for p in item.reading.layout.provisions():
        for span in (p.heading, p.text):
            if span is not None:
                words = span.of(text)
                assert words == words.strip(), (name, p.path)
