"""Finding 3: a large query blocked the whole server (a 939 KB VALUES block parsed for 41 s on the event
loop; /healthz stalled; the time limit did not apply). Now a query has its own size limit, below the
body limit, and is parsed in a query worker under the time limit while the server keeps answering."""

from __future__ import annotations

import json
import threading
import urllib.request

from servers import serve_clausegraph


def values_query(rows: int) -> str:
    return "SELECT * WHERE { VALUES ?x { " + " ".join(f'"v{i}"' for i in range(rows)) + " } }"


def test_a_query_past_the_query_size_limit_is_refused_unparsed(memory_service):
    query = values_query(15_000)  # 133 KB: under the body limit (200,000), over the query limit (50,000)
    response = memory_service.post("/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"})
    assert response.status_code == 413
    body = response.json()
    assert body["error"] == "query-too-large"
    assert body["detail"].startswith(f"the query is {len(query):,} bytes, more than the limit of 50,000")


def test_the_server_answers_while_a_long_parse_runs_and_the_parse_has_the_time_limit():
    # 0.5 s to run a query; a 95 KB VALUES block takes rdflib several seconds to parse
    with serve_clausegraph("--query-timeout", "0.5", "--max-query", "100000", "--query-workers", "1") as (base, _process):
        query = values_query(9_000).encode()
        assert len(query) < 100_000
        outcome: dict[str, object] = {}

        def slow() -> None:
            request = urllib.request.Request(f"{base}/sparql", data=query, headers={"content-type": "application/sparql-query"})
            try:
                urllib.request.urlopen(request, timeout=60)
                outcome["status"] = 200
            except urllib.error.HTTPError as exc:
                outcome["status"], outcome["body"] = exc.code, json.loads(exc.read())

        thread = threading.Thread(target=slow)
        thread.start()
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:  # not held by the parse
            assert json.loads(response.read())["status"] == "ok"
        thread.join(timeout=60)
        assert outcome["status"] == 503
        assert outcome["body"]["error"] == "query-timeout"  # type: ignore[index]
