"""Bound values reach the query text in two forms (clausegraph.bindings): a SPARQL 1.1 VALUES block opening the WHERE
group, and, for the embedded Oxigraph, that block with the group LATERAL to it. Both must find the query's own WHERE
group whatever its text holds, and mean what a substitution means."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from clausegraph import queries
from clausegraph.bindings import bind_form, inline_bindings, lateral_bindings, planned_bindings, where_group
from clausegraph.errors import QueryError
from clausegraph.sources import QUERIES_DIR

P = ox.NamedNode("urn:test:p")
LABEL = ox.NamedNode("urn:test:label")

# braces and the word WHERE inside comments, strings (all four forms) and IRIs, a nested group, a subquery, a
# variable named ?where, and solution modifiers after the group
TRICKY = '''# WHERE { in a comment
PREFIX t: <urn:test:>
SELECT ?s ?label ?where ?day ?on   # a } here too
WHERE {
  ?s t:p ?day .   # WHERE {
  FILTER(?day <= ?on)
  OPTIONAL { ?s t:label ?label FILTER(?label != "}" && ?label != '{' && ?label != """ WHERE { """ && ?label != \'\'\'}\'\'\') }
  { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?anything ?value } GROUP BY ?s }
  BIND(<urn:test:WHERE> AS ?where)
}
ORDER BY ?s
LIMIT 10
'''


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for index, day in enumerate(["2026-01-01", "2026-06-01", "2027-01-01"]):
        subject = ox.NamedNode(f"urn:test:s{index}")
        store.add(ox.Quad(subject, P, ox.Literal(day, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))))
        store.add(ox.Quad(subject, LABEL, ox.Literal(f"label {index}")))
    return store


def _rows(result) -> list[tuple]:
    return [tuple(None if term is None else term.value for term in row) for row in result]


def test_the_where_group_is_the_querys_own():
    start, end = where_group(TRICKY)
    body = TRICKY[start:end]
    assert body.startswith("\n  ?s t:p ?day .   # WHERE {")
    assert body.rstrip().endswith("BIND(<urn:test:WHERE> AS ?where)")
    assert TRICKY[end:] == "}\nORDER BY ?s\nLIMIT 10\n"


@pytest.mark.parametrize("day, expected", [("2026-06-01", ["urn:test:s0", "urn:test:s1"]), ("2025-12-31", [])])
def test_both_forms_answer_as_a_substitution(store, day, expected):
    bindings = {ox.Variable("on"): ox.Literal(day, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))}
    substituted = _rows(store.query(TRICKY, substitutions=bindings))
    assert [row[0] for row in substituted] == expected
    assert _rows(store.query(inline_bindings(TRICKY, bindings))) == substituted
    assert _rows(store.query(lateral_bindings(TRICKY, bindings))) == substituted


def test_the_lateral_form_wraps_the_group():
    bound = lateral_bindings("SELECT ?s WHERE {\r\n  ?s ?p ?o\r\n}\r\n", {ox.Variable("s"): ox.NamedNode("urn:test:s")})
    assert bound == "SELECT ?s WHERE {\n  VALUES (?s) { (<urn:test:s>) } LATERAL {\r\n  ?s ?p ?o\r\n}\n}\r\n"


@pytest.mark.parametrize("text, message", [
    ("SELECT * { ?s ?p ?o }", "cannot bind parameters: the query has no WHERE { … } group"),
    ("# WHERE { ?s ?p ?o }\nSELECT * { ?s ?p ?o }", "cannot bind parameters: the query has no WHERE { … } group"),
    ("SELECT * WHERE { ?s ?p ?o", "cannot bind parameters: the query's WHERE group has no closing }"),
])
def test_a_query_without_a_where_group_cannot_be_bound(text, message):
    for form in (inline_bindings, lateral_bindings):
        with pytest.raises(QueryError) as info:
            form(text, {ox.Variable("s"): ox.NamedNode("urn:test:s")})
        assert str(info.value) == message


def _parameterized() -> list:
    files = sorted(path for path in QUERIES_DIR.rglob("*.r[qu]") if "# param:" in path.read_text(encoding="utf-8"))
    return [pytest.param(path, id=str(path.relative_to(QUERIES_DIR))) for path in files]


@pytest.mark.parametrize("path", _parameterized())
def test_every_parameterized_query_file_parses_in_both_forms(path):
    """Each query file with parameters, bound both ways, is read by the engine (an update only as SPARQL 1.1, the
    form updates are sent in)."""
    query = queries.read_query(path)
    bindings = {ox.Variable(param.name): ox.Literal("x") for param in query.params}
    assert bindings
    empty = ox.Store()
    if path.suffix == ".ru":
        empty.update(inline_bindings(query.text, bindings))
        return
    for form in (inline_bindings, lateral_bindings):
        empty.query(form(query.text, bindings), use_default_graph_as_union=True)


def test_the_header_chooses_the_form_the_embedded_store_sends():
    bindings = {ox.Variable("s"): ox.NamedNode("urn:test:s")}
    plain = "# en: a question\nSELECT ?s WHERE { ?s ?p ?o }"
    lateral = "# en: a question\n# bind: lateral\nSELECT ?s WHERE { ?s ?p ?o }"
    assert planned_bindings(plain, bindings) == inline_bindings(plain, bindings)
    assert planned_bindings(lateral, bindings) == lateral_bindings(lateral, bindings)
    # only the header counts: the line further down is a comment of the query's body
    assert bind_form("SELECT ?s WHERE {\n# bind: lateral\n?s ?p ?o }") == "values"
    question = queries.get_question("non-compete-running")
    assert bind_form(question.text) == "lateral"
    assert [q.name for q in queries.list_queries("questions") if bind_form(q.text) == "lateral"] == ["non-compete-running"]


def test_a_bad_bind_form_is_refused_with_the_file_and_the_fix(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("# en: a question\n# bind: laterally\nSELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError) as info:
        queries.read_query(path)
    assert str(info.value) == f"{path}: bad bind form 'laterally'; write '# bind: lateral' or leave the line out (values)"
