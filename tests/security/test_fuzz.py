"""Fuzzing the read-only guard: hundreds of generated ways to smuggle SERVICE, LOAD and FROM past it —
comments ended by every line terminator one parser or another knows, escapes, case, nesting in
subqueries, EXISTS, OPTIONAL, MINUS, UNION and beside property paths — sent by every protocol form
to the service on each local store. Not one may connect to the listener, open the secret file, show
its marker, or change the store."""

from __future__ import annotations

import itertools

from .test_ssrf import FORMS, send

TERMINATORS = ["\n", "\r", "\r\n", "\f", "\v", "\u2028", "\u2029", "\u0085"]
CONTEXTS = [
    "{X}",
    "{ SELECT * WHERE { X } }",
    "FILTER EXISTS { X }",
    "FILTER NOT EXISTS { X }",
    "OPTIONAL { X }",
    "MINUS { X }",
    "{ X } UNION { ?s ?p ?o }",
    "?s <urn:p>/<urn:q>* ?o . X",
]


def payloads(listener, secret) -> list[tuple[str, str]]:
    """(where the payload goes, the payload): in the pattern, or in the dataset clauses before WHERE."""
    url = listener.url
    escaped = "".join(f"\\u{ord(c):04X}" for c in url[:4]) + url[4:]
    return [
        ("pattern", f"SERVICE <{url}> {{ ?a ?b ?c }}"),
        ("pattern", f"SERVICE SILENT <{url}> {{ ?a ?b ?c }}"),
        ("pattern", f"sErViCe <{url}> {{ ?a ?b ?c }}"),
        ("pattern", f"SERVICE <{escaped}> {{ ?a ?b ?c }}"),
        ("pattern", f"\\u0053ERVICE <{url}> {{ ?a ?b ?c }}"),
        ("dataset", f"FROM <{url}>"),
        ("dataset", f"FROM NAMED <{url}>"),
        ("dataset", f"FROM <file://{secret.path}>"),
        ("dataset", f"FROM NAMED <file://{secret.fifo}>"),
        ("update", f"LOAD <{url}>"),
        ("update", f"LOAD SILENT <file://{secret.path}> INTO GRAPH <urn:g>"),
    ]


def queries(listener, secret) -> list[str]:
    out = []
    for (place, payload), terminator in itertools.product(payloads(listener, secret), TERMINATORS):
        hidden = f"# harmless{terminator} {payload}\n"
        if place == "pattern":
            for context in CONTEXTS:
                out.append("SELECT * WHERE { " + context.replace("X", hidden) + " }")
                out.append("SELECT * WHERE { " + context.replace("X", payload) + " }")
        elif place == "dataset":
            out.append(f"SELECT * {hidden} WHERE {{ ?s ?p ?o }} LIMIT 1")
            out.append(f"SELECT * {payload} WHERE {{ ?s ?p ?o }} LIMIT 1")
            out.append(f"ASK {payload} {{ ?s ?p ?o }}")
        else:
            out.append(f"SELECT * WHERE {{ }} {hidden}")
            out.append(f"{payload}")
            out.append(f"ASK {{ }} ; {hidden}")
    return sorted(set(out))


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_the_generator_makes_enough_cases(listener, secret):
    assert len(queries(listener, secret)) >= 200


def test_no_smuggled_query_reaches_out_reads_a_file_or_writes(service, listener, secret):
    before = service.get("/sparql", params={"query": COUNT}).json()
    connections = len(listener.connections)
    statuses: dict[int, int] = {}
    for i, query in enumerate(queries(listener, secret)):
        response = send(service, FORMS[i % len(FORMS)], query)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code in (200, 400), (query, response.text)
        assert secret.marker not in response.text and "INTERNAL" not in response.text, query
        assert not secret.fifo_opened(), query
        assert len(listener.connections) == connections, query
    assert service.get("/sparql", params={"query": COUNT}).json() == before
    assert statuses.get(400, 0) > 0 and statuses.get(200, 0) > 0  # refused where parsed, harmless where a comment
