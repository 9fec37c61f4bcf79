"""Findings 11 and 12: inputs that gave HTTP 500 or a Python traceback instead of a 4xx or one line and
exit 2, remote stores that held the caller past its deadline, and contracts visually spoofed with
bidi controls. Whatever /v1/check accepts, /v1/assemble renders in every format; whatever it refuses,
assembly refuses too."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from clausegraph.errors import StoreError, StoreTimeout
from clausegraph.store import SparqlStore
from cli_runner import invoke

FORMATS = ["txt", "md", "html", "docx"]


def post_json(client, path: str, body: str):
    return client.post(path, content=body.encode("utf-8", "surrogatepass"), headers={"content-type": "application/json"})


def test_json_nested_ten_thousand_deep_is_a_400(memory_service):
    body = "[" * 10_000 + "]" * 10_000
    for path in ("/v1/check", "/v1/assemble?format=txt"):
        response = post_json(memory_service, path, body)
        assert response.status_code == 400
        assert response.json() == {"error": "bad-json", "detail": "the JSON nests too deeply; a spec is an object of option keys to values"}


def test_an_integer_of_five_thousand_digits_is_a_400(memory_service):
    response = post_json(memory_service, "/v1/assemble?format=txt", '{"non_compete_months": ' + "9" * 5000 + "}")
    assert response.status_code == 400
    assert response.json()["error"] == "bad-json"


HOSTILE = {
    "lone surrogate": ("a\\ud800b", "holds a lone surrogate (not a character) (U+D800) at position 2"),
    "noncharacter fffe": ("a\\ufffeb", "holds a Unicode noncharacter (U+FFFE) at position 2"),
    "noncharacter ffff": ("a\\uffffb", "holds a Unicode noncharacter (U+FFFF) at position 2"),
    "right-to-left override": ("张三\\u202e二", "holds an invisible format character (U+202E RIGHT-TO-LEFT OVERRIDE) at position 3"),
    "isolate": ("\\u2067李四", "holds an invisible format character (U+2067 RIGHT-TO-LEFT ISOLATE) at position 1"),
    "zero width space": ("王\\u200b五", "holds an invisible format character (U+200B ZERO WIDTH SPACE) at position 2"),
    "line separator": ("赵\\u2028六", "holds a line separator (U+2028 LINE SEPARATOR) at position 2"),
    "escape": ("a\\u001bb", "holds a control character (U+001B) at position 2"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("option", ["employee.name", "court"])
def test_check_and_assemble_refuse_the_same_characters(memory_service, case, option):
    escaped, problem = HOSTILE[case]
    body = '{"' + option + '": "' + escaped + '"}'
    check = post_json(memory_service, "/v1/check", body).json()
    assert check["valid"] is False
    assert [v["message"] for v in check["violations"]] == [f"{option}: {problem}; write one line of visible text"]
    for fmt in FORMATS:
        response = post_json(memory_service, f"/v1/assemble?format={fmt}", body)
        assert response.status_code == 422, (fmt, response.text)
        assert response.json()["error"] == "invalid-spec"


@pytest.mark.parametrize("name", ["张三", "Zhang San", "O'Brien & Co. <Ltd>", "阿卜杜勒·阿齐兹"])
def test_what_check_accepts_assembles_in_every_format(memory_service, name):
    body = '{"employee.name": "' + name + '"}'
    assert post_json(memory_service, "/v1/check", body).json()["valid"] is True
    for fmt in FORMATS:
        assert post_json(memory_service, f"/v1/assemble?format={fmt}", body).status_code == 200


def test_an_iri_with_a_space_is_a_400(memory_service):
    response = memory_service.get("/v1/questions/structure", params={"agreement": "ag:a b"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("'https://w3id.org/clausegraph/agreement/departure-confidentiality/a b' is not a valid IRI")


NINES = "P" + "9" * 5000 + "M"


def test_a_duration_of_five_thousand_digits_is_a_400_and_one_cli_line(memory_service):
    response = memory_service.get("/v1/questions/in-force-at", params={"at": NINES})
    assert response.status_code == 400
    expected = ("'P999999999999999999999999999999999999…' is not a duration in years and months (at most 9999 years "
                "or 99999 months); write it as ISO 8601, e.g. P30M or P2Y6M")
    assert response.json() == {"error": "bad-request", "detail": expected}
    result = invoke(["ask", "in-force-at", "--param", f"at={NINES}"])
    assert result.exit_code == 2
    assert result.output == f"error: {expected}\n"


@pytest.mark.parametrize("target, message", [
    ("/proc/clausegraph.nt", "cannot write /proc/clausegraph.nt: "),
    ("/sys/clausegraph.nt", "cannot write /sys/clausegraph.nt: "),
])
def test_export_into_proc_or_sys_is_one_line(target, message):
    result = invoke(["export", "--output", target])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {message}") and result.output.count("\n") == 1


def test_export_into_a_name_ending_in_a_slash_is_refused(tmp_path):
    result = invoke(["export", "--output", f"{tmp_path}/new-folder/"])
    assert result.exit_code == 2
    assert "names a folder; give the path of a file" in result.output
    assert not (tmp_path / "new-folder").exists()


def _serve(behaviour) -> Iterator[str]:
    """A misbehaving HTTP server on 127.0.0.1 (one connection at a time, at most 20)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(0.2)
    stop = threading.Event()

    def loop() -> None:
        served = 0
        while not stop.is_set() and served < 20:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by the fixture
                return
            served += 1
            threading.Thread(target=behaviour, args=(conn, stop), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/query"
    finally:
        stop.set()
        server.close()


def _drip(conn, stop) -> None:
    conn.recv(65536)
    try:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n{}":
            if stop.is_set():
                break
            conn.sendall(bytes([byte]))
            time.sleep(0.3)
    except OSError:
        pass
    conn.close()


def _endless(conn, stop) -> None:
    conn.recv(65536)
    try:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n")
        for _ in range(100_000):  # bounded: 6.5 GB at most, far past any cap
            if stop.is_set():
                break
            conn.sendall(b" " * 65536)
    except OSError:
        pass
    conn.close()


@pytest.fixture
def dripping():
    yield from _serve(_drip)


@pytest.fixture
def endless():
    yield from _serve(_endless)


def test_a_remote_store_that_drips_is_a_timeout_at_the_deadline(dripping):
    store = SparqlStore(dripping, timeout=1.0)
    started = time.monotonic()
    with pytest.raises(StoreTimeout, match=r"did not answer within 1 s"):
        store.query("SELECT * WHERE { ?s ?p ?o }")
    assert time.monotonic() - started < 3  # a deadline in all, not a timeout per byte


def test_a_remote_store_that_never_stops_sending_is_cut_at_the_size_cap(endless):
    store = SparqlStore(endless, timeout=30.0, max_response_bytes=1_000_000)
    with pytest.raises(StoreError, match=r"sent more than 1,000,000 bytes; narrow the query or add a LIMIT"):
        store.query("SELECT * WHERE { ?s ?p ?o }")


def test_a_remote_store_that_drips_holds_a_load_or_an_update_no_longer_than_the_deadline(dripping, tmp_path):
    """The Graph Store and Update requests (httpx) keep the same two walls as queries: the deadline in all ..."""
    data = tmp_path / "one.nt"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    store = SparqlStore(dripping, timeout=1.0)
    for action in (lambda: store.load(data, "urn:graph"), lambda: store.update("CLEAR SILENT GRAPH <urn:graph>")):
        started = time.monotonic()
        with pytest.raises(StoreTimeout, match=r"did not answer within 1 s"):
            action()
        assert time.monotonic() - started < 3


def test_a_remote_store_that_never_stops_answering_an_update_is_cut_at_the_size_cap(endless):
    """... and the size cap on what comes back."""
    store = SparqlStore(endless, timeout=30.0, max_response_bytes=1_000_000)
    with pytest.raises(StoreError, match=r"sent more than 1,000,000 bytes; narrow the query or add a LIMIT"):
        store.update("CLEAR SILENT GRAPH <urn:graph>")
