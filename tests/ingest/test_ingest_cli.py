"""`clausegraph ingest` and `clausegraph curate` from the command line: outputs, corpora, stores, bad input."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from clausegraph.sources import ONTOLOGY_DIR
from cli_runner import invoke as run_cli

from ingest_support import FIXTURES, SOURCE


def invoke(*args: str):
    return run_cli([str(a) for a in args])


# ------------------------------------------------------------------------------------------------ bad input


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _fake_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a word document")
    return path


BAD = {
    "empty": lambda d: _write(d / "empty.txt", b""),
    "blank": lambda d: _write(d / "blank.txt", b"  \n\n \r\n"),
    "binary": lambda d: _write(d / "picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
    "zip-as-docx": lambda d: _fake_docx(d / "agreement.docx"),
    "text-as-docx": lambda d: _write(d / "agreement.docx", "第一条 这不是 Word 文件。".encode()),
    "not-an-agreement": lambda d: _write(d / "letter.txt", "尊敬的王经理：\n您好！感谢贵公司的来信，我们将尽快回复。\n此致\n敬礼".encode()),
    "unknown-suffix": lambda d: _write(d / "agreement.pdf", b"%PDF-1.4"),
    "missing": lambda d: d / "nowhere.txt",
}


@pytest.mark.parametrize("case", BAD)
@pytest.mark.parametrize("target", ["file", "store"])
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, case, target):
    path = BAD[case](tmp_path)
    out = tmp_path / "out"
    before = sorted(p.name for p in tmp_path.iterdir())
    result = invoke("ingest", path, "-o", out / "g.ttl" if target == "file" else "", *([] if target == "file" else []),
                    ) if target == "file" else invoke("ingest", path, "--store", f"oxigraph:{out}")
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no output file, no store folder


def test_bad_input_messages_say_what_is_wrong(tmp_path):
    messages = {case: invoke("ingest", BAD[case](tmp_path), "-o", tmp_path / "g.ttl").output for case in ("empty", "binary", "zip-as-docx", "not-an-agreement")}
    assert "empty.txt is empty" in messages["empty"]
    assert "binary file, not text" in messages["binary"]
    assert "is not a Word document (a zip archive without a Word document in it)" in messages["zip-as-docx"]
    assert "has no numbered provisions" in messages["not-an-agreement"]


def test_one_bad_file_in_a_corpus_writes_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SOURCE.read_bytes())
    (folder / "b.txt").write_bytes(b"")
    result = invoke("ingest", folder, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "b.txt is empty" in result.output
    assert not (tmp_path / "out").exists()


def test_options_are_checked_first(tmp_path):
    assert invoke("ingest", SOURCE, "-f", "xml").exit_code == 2
    assert "not both" in invoke("ingest", SOURCE, "-o", tmp_path / "x.ttl", "--store", f"oxigraph:{tmp_path / 's'}").output
    assert "would be gone" in invoke("ingest", SOURCE, "--store", "memory").output
    assert "--id names one agreement" in invoke("ingest", SOURCE, FIXTURES / "02-cjk-comma.txt", "--id", "x", "-o", tmp_path / "o").output
    assert "make a corpus" in invoke("ingest", SOURCE, FIXTURES / "02-cjk-comma.txt").output
    assert invoke("ingest", SOURCE, "--id", "bad id!", "-o", tmp_path / "x.ttl").exit_code == 2
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------------------ outputs


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_one_agreement_to_a_file(tmp_path, fmt):
    out = tmp_path / f"seed.{fmt}"
    result = invoke("ingest", SOURCE, "--id", "seed", "-f", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    graph = list(ox.parse(path=str(out), format={"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}[fmt]))
    articles = {t.subject for t in graph if t.predicate.value.endswith("#type") and t.object.value.endswith("#Article")}
    assert len(articles) == 9 and all(a.value.startswith("https://w3id.org/clausegraph/ingested/seed/art-") for a in articles)
    assert "9 articles, 24 paragraphs and items, 4 cross-references (0 unresolved)" in result.output


def test_stdout_is_turtle(tmp_path):
    result = run_cli(["ingest", str(FIXTURES / "06-one-line.txt")])
    assert result.exit_code == 0
    assert "doc:art-3 a cg:Article" in result.stdout


def test_a_folder_is_a_corpus_with_a_progress_bar_and_one_graph_each(tmp_path):
    store = tmp_path / "store"
    result = invoke("ingest", FIXTURES, "--store", f"oxigraph:{store}")
    assert result.exit_code == 0, result.output
    fixtures = sorted(p.stem for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))
    assert f"loaded {len(fixtures)} agreement(s)" in result.output and len(fixtures) == 12
    from clausegraph.store import open_store

    opened = open_store(f"oxigraph:{store}")
    graphs = sorted(g.rsplit("/", 1)[1] for g, _ in opened.graph_sizes())
    opened.close()
    assert graphs == fixtures


def test_a_corpus_to_a_folder(tmp_path):
    result = invoke("ingest", FIXTURES / "01-arabic-articles.txt", FIXTURES / "09-gbk.txt", "-o", tmp_path / "out", "-f", "nt")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["01-arabic-articles.nt", "09-gbk.nt"]


# ------------------------------------------------------------------------------------------------ existing commands on an ingested agreement


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A persistent store with the ontology, acts and legal bases (clausegraph load) and the ingested source."""
    path = tmp_path_factory.mktemp("ingested-store") / "db"
    spec = f"oxigraph:{path}"
    files = [ONTOLOGY_DIR / f for f in ("clausegraph.ttl", "acts.ttl", "legal-bases.ttl")]
    assert invoke("load", *files, "--store", spec).exit_code == 0
    result = invoke("ingest", SOURCE, "--id", "seed", "--store", spec)
    assert result.exit_code == 0, result.output
    return spec


def test_deps_runs_on_the_ingested_agreement(loaded):
    result = invoke("deps", "3.6", "--store", loaded)
    assert result.exit_code == 0, result.output
    edges = {(e["source"].rsplit("/", 1)[-1], e["kind"], e["target"].rsplit("/", 1)[-1]) for e in json.loads(result.stdout)["edges"]}
    assert {("art-3-para-6", "refers-to", "art-5"), ("art-3-para-6", "refers-to", "art-3")} <= edges


def test_impact_runs_on_the_ingested_agreement(loaded):
    result = invoke("impact", "合同法", "--store", loaded, "-f", "json")
    assert result.exit_code == 0, result.output
    affected = [a["name"] for a in json.loads(result.stdout)["affected"]]
    assert affected == ["序言"]


def test_questions_run_on_the_ingested_agreement(loaded):
    result = invoke("ask", "legal-bases", "--store", loaded, "-f", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert sorted((r["citedIn"]["value"], r["instrument"]["value"]) for r in rows) == sorted([
        ("3.5", "《XX省劳动合同条例》"), ("序言", "保守国家秘密法"), ("序言", "反不正当竞争法"), ("序言", "合同法"),
        ("序言", "劳动法"), ("序言", "国务院有关部委的规定"),
    ])


# ------------------------------------------------------------------------------------------------ curation


def test_curate_lists_promotes_and_the_question_sees_the_norm(tmp_path):
    graph = tmp_path / "seed.ttl"
    assert invoke("ingest", SOURCE, "--id", "seed", "-o", graph).exit_code == 0
    listing = invoke("curate", graph, "--format", "csv")
    assert listing.exit_code == 0
    first = list(csv.reader(io.StringIO(listing.stdout)))[1]
    assert first[:6] == ["candidate-1", "3.1", "Obligation", "应", "乙方", "Unreviewed"]

    def norms() -> list[tuple]:
        from ingest_support import store_of  # noqa: F401  (the same ontology sources)
        from clausegraph.graph import load_store
        from clausegraph.queries import ask
        from clausegraph.results import read_table
        from clausegraph.sources import GRAPH_BASE, Source
        from ingest_support import ontology_sources

        store = load_store([*ontology_sources(), Source(graph, GRAPH_BASE + "ingested/seed")])
        return [(r["party"], r["deonticType"], r["provision"]) for r in read_table(ask(store, "norms-by-party")).values()]

    assert norms() == []  # candidates are not norms
    result = invoke("curate", graph, "--promote", "candidate-2", "--rests-on", "law:labour-contract-law-art-23")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "promoted candidate-2 to https://w3id.org/clausegraph/ingested/seed/norm-2"
    assert norms() == [("乙方", "禁止", "3.2")]
    again = invoke("curate", graph, "--promote", "candidate-2")
    assert again.exit_code == 2 and "already promoted" in again.output
    assert invoke("curate", graph, "--reject", "candidate-3").exit_code == 0
    statuses = [row["status"] for row in csv.DictReader(io.StringIO(invoke("curate", graph, "-f", "csv").stdout))][:3]
    assert statuses == ["Unreviewed", "Promoted", "Rejected"]


def test_curate_refuses_what_it_cannot_do(tmp_path):
    graph = tmp_path / "seed.ttl"
    assert invoke("ingest", SOURCE, "--id", "seed", "-o", graph).exit_code == 0
    text = graph.read_bytes()
    assert "no candidate norm named 'candidate-999'" in invoke("curate", graph, "--promote", "candidate-999").output
    no_bearer = invoke("curate", graph, "--promote", "candidate-5")  # 3.3 names no subject
    assert no_bearer.exit_code == 2 and "give --bearer" in no_bearer.output
    assert invoke("curate", graph, "--promote", "candidate-1", "--as", "duty").exit_code == 2
    assert graph.read_bytes() == text
