"""`clausegraph serve --workers N`: N server processes share the port, each with its own app (built by the factory
from the CLAUSEGRAPH_* variables), template and query workers; keep-alive clients are answered by all of them."""

from __future__ import annotations

import http.client
import json
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psutil

from servers import serve_clausegraph


def server_processes(pid: int) -> list[psutil.Process]:
    """uvicorn's worker processes (spawned by its supervisor, the `clausegraph serve` process)."""
    return [child for child in psutil.Process(pid).children() if "multiprocessing.spawn" in " ".join(child.cmdline())]


def assemble_on_one_connection(base: str, names: list[str]) -> list[tuple[int, str]]:
    """POST /v1/assemble once per name over one keep-alive connection."""
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    answers = []
    try:
        for name in names:
            body = json.dumps({"employee": {"name": name}, "non_compete_months": 12})
            connection.request("POST", "/v1/assemble?format=txt", body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            answers.append((response.status, response.read().decode("utf-8")))
    finally:
        connection.close()
    return answers


def test_two_server_processes_share_the_port():
    with serve_clausegraph("--workers", "2", "--query-workers", "1") as (base, process):
        workers = server_processes(process.pid)
        assert len(workers) == 2
        # each server process has its own query workers (a fork server and its pool), started before it served
        assert all(len(worker.children(recursive=True)) >= 2 for worker in workers)
        names = [[f"张{client}-{i}" for i in range(10)] for client in range(8)]
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda batch: assemble_on_one_connection(base, batch), names))
        for batch, replies in zip(names, answers):
            assert [status for status, _ in replies] == [200] * len(batch)
            assert [f"乙      方：{name}" in text and "自离开公司之日起一年内不得自营" in text for name, (_, text) in zip(batch, replies)] == [True] * len(batch)
        question = json.loads(urllib.request.urlopen(f"{base}/v1/questions/dispute-resolution", timeout=60).read())
        assert question["question"]["name"] == "dispute-resolution" and question["results"]["results"]["bindings"]
