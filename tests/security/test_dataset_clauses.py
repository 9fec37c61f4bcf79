"""Finding 2: FROM / FROM NAMED on the rdflib store read local files and fetched URLs. The endpoint now
refuses dataset clauses on every backend, and behind that the rdflib store never loads what a FROM
names (rdflib's SPARQL_LOAD_GRAPHS is off): FROM can only name graphs already in the store."""

from __future__ import annotations

import pytest

from clausegraph.graph import load_store

from .test_ssrf import FORMS, send


@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
@pytest.mark.parametrize("form", FORMS)
def test_dataset_clauses_are_refused(service, secret, clause, form):
    response = send(service, form, f"SELECT * {clause} <file://{secret.path}> WHERE {{ ?s ?p ?o }}")
    assert response.status_code == 400
    assert response.json() == {"error": "refused", "detail": "FROM and FROM NAMED are refused: queries run over the union of the "
                               "store's graphs; pick a graph with GRAPH <iri> { … } instead"}
    assert secret.marker not in response.text


def test_the_rdflib_store_never_reads_a_file_a_from_clause_names(secret):
    store = load_store(spec="rdflib")
    rows = list(store.query(f"SELECT ?o FROM <file://{secret.path}> WHERE {{ ?s <urn:says> ?o }}"))
    assert rows == []
    assert not secret.fifo_opened()
