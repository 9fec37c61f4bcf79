"""The real server started by `clausegraph serve` on a loopback port, queried by the field's clients:
SPARQLWrapper and rdflib's SPARQLStore get the same rows as the CLI."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import urllib.request

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from clausegraph.sources import QUERIES_DIR
from cli_runner import invoke

from servers import serve_clausegraph

SURVIVAL = QUERIES_DIR / "questions" / "survival.rq"


@pytest.fixture(scope="module")
def server():
    with serve_clausegraph() as (base, _process):
        yield base


def test_a_fresh_server_answers_concurrent_requests():
    """rdflib's SPARQL parser (used by pySHACL and the endpoint's guard) breaks when first used from
    several threads at once; the service serialises it. 24 requests at once, all answered."""
    from concurrent.futures import ThreadPoolExecutor

    def post(base: str, i: int) -> int:
        if i % 3 == 0:
            url, data, kind = f"{base}/v1/check", json.dumps({"non_compete_months": 20 + i}).encode(), "application/json"
        elif i % 3 == 1:
            url, data, kind = f"{base}/v1/assemble?format=txt", json.dumps({"agreement_years": 2 + i % 4}).encode(), "application/json"
        else:
            url, data, kind = f"{base}/sparql", f"SELECT ?s WHERE {{ ?s ?p {i} }} LIMIT 1".encode(), "application/sparql-query"
        request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": kind})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    with serve_clausegraph() as (base, _process), ThreadPoolExecutor(max_workers=24) as pool:
        statuses = list(pool.map(lambda i: post(base, i), range(24)))
    assert statuses == [200] * 24


def cli_rows(path) -> list[list[str]]:
    result = invoke(["query", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return [row for row in csv.reader(io.StringIO(result.stdout)) if row][1:]


def test_sparqlwrapper_gets_the_cli_rows(server):
    wrapper = SPARQLWrapper(f"{server}/sparql")
    wrapper.setQuery(SURVIVAL.read_text(encoding="utf-8"))
    wrapper.setReturnFormat(JSON)
    result = wrapper.query().convert()
    variables = result["head"]["vars"]
    rows = [[b[v]["value"] if v in b else "" for v in variables] for b in result["results"]["bindings"]]
    expected = cli_rows(SURVIVAL)
    assert len(expected) == 45  # 22 changes at the end of employment, 23 when the agreement ends (make demo prints both)
    assert rows == expected


def test_rdflib_sparqlstore_gets_the_cli_rows(server):
    graph = Graph(store=SPARQLStore(f"{server}/sparql", returnFormat="json"))
    result = graph.query(SURVIVAL.read_text(encoding="utf-8"))
    rows = [["" if value is None else str(value) for value in row] for row in result]
    assert rows == cli_rows(SURVIVAL)


def test_the_server_refuses_updates_from_rdflib(server):
    request = urllib.request.Request(f"{server}/sparql", data=b"CLEAR ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 400
    assert json.load(caught.value)["error"] == "refused"


def test_the_page_and_api_docs_are_served(server):
    with urllib.request.urlopen(f"{server}/docs", timeout=10) as response:
        assert b"swagger" in response.read().lower()
    with urllib.request.urlopen(f"{server}/", timeout=10) as response:
        assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_serve_refuses_a_port_in_use(server):
    port = server.rsplit(":", 1)[1]
    result = subprocess.run([sys.executable, "-m", "clausegraph.cli", "serve", "--port", port], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == f"error: cannot listen on 127.0.0.1:{port}: Address already in use; choose another --port"


# a range message names the option, the value given and the range allowed (cli_options.bounded)
@pytest.mark.parametrize("args, line", [
    (["--port", "70000"], "error: argument --port: 70000 is not in the range 1<=x<=65535; see 'clausegraph serve --help'"),
    (["--port", "eighty"], "error: argument --port: 'eighty' is not an integer; see 'clausegraph serve --help'"),
    (["--host", "no-such-host.invalid"], "error: --host 'no-such-host.invalid' is not an address this machine has: "),
    (["--query-timeout", "0"], "error: argument --query-timeout: 0.0 is not in the range x>=0.1; see 'clausegraph serve --help'"),
])
def test_serve_bad_options(args, line):
    result = invoke(["serve", *args])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(line) and result.stderr.count("\n") == 1
