"""Findings 13, 14 and 15: the guard's cache, protocol edges, and names that were paths.

13. The guard's cache kept each query's text (600 distinct 950 KB queries pinned 500 MB). It is now
    keyed by a digest, holds only the canonical text, and is bounded in bytes.
14. A parameter given twice silently took its last value; a GET URL over ~128 KB got a plain-text 400;
    valid nesting 30 brackets deep was called a syntax error.
15. `clausegraph ask ../checks/NAME` ran a file outside queries/questions/.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from cachetools import LRUCache

from clausegraph.service import guard
from cli_runner import invoke

from servers import serve_clausegraph


def test_the_guard_cache_keeps_digests_and_canonical_text_only(monkeypatch):
    cache = LRUCache(maxsize=10_000, getsizeof=lambda checked: len(checked.text) + 64)
    monkeypatch.setattr(guard, "_cache", cache)
    padding = "#" + "x" * 20_000 + "\n"  # 20 KB of comment in each query: never kept
    for i in range(40):
        guard.check_query(f"{padding}SELECT ?s WHERE {{ ?s ?p {i} }}", max_bytes=100_000)
    assert len(cache) == 40 and cache.currsize <= 10_000  # 40 × 20 KB of query text never pinned
    assert all(isinstance(key, bytes) and len(key) == 32 for key in cache)
    assert all(checked.text.startswith("SELECT ?s WHERE { ?s ?p") and "xxx" not in checked.text for checked in cache.values())
    for i in range(40, 100):  # past the byte bound, the oldest entries go
        guard.check_query(f"SELECT ?s WHERE {{ ?s ?p {i} }}", max_bytes=100_000)
    assert cache.currsize <= 10_000 and len(cache) < 100


def test_a_query_parameter_given_twice_is_refused(memory_service):
    response = memory_service.get("/v1/questions/in-force-at?at=P30M&at=P1M")
    assert response.status_code == 400
    assert response.json() == {"error": "bad-request", "detail": "the parameter 'at' is given more than once in the query string; give it once"}
    response = memory_service.get("/sparql?query=ASK%7B%7D&query=SELECT%20*%20WHERE%7B%7D")
    assert response.status_code == 400
    assert response.json()["detail"] == "the parameter 'query' is given more than once in the request; give it once"
    form = memory_service.post("/sparql?query=ASK%7B%7D", data={"query": "SELECT * WHERE {}"})
    assert form.status_code == 400


def test_valid_nesting_runs_and_nesting_past_the_limit_is_named(memory_service):
    thirty = "SELECT ?x WHERE { BIND(" + "(" * 30 + "1" + ")" * 30 + " AS ?x) }"
    response = memory_service.get("/sparql", params={"query": thirty})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "1"
    deep = "SELECT ?x WHERE { BIND(" + "(" * 3000 + "1" + ")" * 3000 + " AS ?x) }"
    response = memory_service.post("/sparql", content=deep, headers={"content-type": "application/sparql-query"})
    assert response.status_code == 400
    assert response.json() == {"error": "query-too-deep", "detail": "the query nests brackets or groups deeper than this "
                               "endpoint's parser follows (about 200 levels); flatten it"}


def test_a_very_long_get_url_gets_json_from_the_real_server():
    with serve_clausegraph("--max-query", "50000") as (base, _process):
        url = f"{base}/sparql?query=" + "%20" * 200_000 + "ASK%7B%7D"  # path 7 + "query=" 6 + 600,000 + 9 bytes
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(url, timeout=30)
        assert info.value.code == 414
        body = json.loads(info.value.read())
        assert body["error"] == "uri-too-long"
        assert body["detail"] == "the request target is 600,022 bytes, more than 154,096; POST the query instead"


@pytest.mark.parametrize("name", ["../checks/unused-term-violation", "../../queries/questions/survival", "/etc/passwd", "Survival"])
def test_a_question_name_is_a_name_not_a_path(memory_service, name):
    result = invoke(["ask", name])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: no question named {name!r}; known questions: ")
    assert memory_service.get(f"/v1/questions/{name.replace('/', '%2F')}").status_code == 404
