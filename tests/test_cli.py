"""The clausegraph command line: answers, formats, exit codes and error messages."""

from __future__ import annotations

import csv
import io
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from clausegraph import queries
from clausegraph.graph import load_rdflib
from clausegraph.sources import graph_sources
from cli_runner import invoke


def run(*args: str, stdin: str | None = None):
    return invoke(list(args), input=stdin)


def test_ask_survival_as_w3c_json():
    result = run("ask", "survival", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["head"]["vars"][:3] == ["termination", "change", "provision"]
    rows = doc["results"]["bindings"]
    assert len(rows) == 45  # 22 at the end of employment, 23 at the agreement's end (tests/cases/questions.toml)
    non_compete = [r for r in rows if r["normIri"]["value"].endswith("norm-3-5-non-compete")]
    assert non_compete[0]["change"] == {"type": "literal", "value": "starts"}
    assert non_compete[0]["bearer"] == {"type": "literal", "value": "乙方", "xml:lang": "zh"}


def test_ask_in_force_with_param_as_csv():
    result = run("ask", "in-force-at", "--param", "at=P30M", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    norms = {r["normIri"].rsplit("/", 1)[-1] for r in rows}
    assert "norm-3-5-non-compete" not in norms and "norm-3-1-keep-secret" in norms
    assert {r["at"] for r in rows} == {"30"}


def test_ask_list_shows_every_question_with_its_description():
    result = run("ask", "--list")
    assert result.exit_code == 0
    for question in queries.list_queries("questions"):
        assert question.name in result.stdout
        assert question.question_en in result.stdout
    assert "parameters: at (duration, default P12M)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "nope"], "no question named 'nope'"),
        (["ask", "in-force-at", "--param", "at=thirty"], "'thirty' is not a duration"),
        (["ask", "in-force-at", "--param", "at"], "--param 'at' is not KEY=VALUE"),
        (["ask", "survival", "--format", "xml"], "--format 'xml' is not one of table, json, csv, tsv"),
        (["ask", "provision-dependencies", "-p", "provision=10.1"], "unknown provision '10.1'"),
        (["ask"], "give a question name"),
        (["query", "missing.rq"], "no query file 'missing.rq'"),
        (["export", "--format", "rdfa"], "--format 'rdfa' is not one of ttl, nt, jsonld, xml"),
    ],
)
def test_bad_input_exits_2_with_a_message(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_query_select_from_stdin_as_csv():
    text = "PREFIX cg: <https://w3id.org/clausegraph/ontology#>\nSELECT ?p WHERE { ?a a cg:Article ; cg:path ?p } ORDER BY xsd:integer(?p)"
    text = text.replace("SELECT", "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\nSELECT")
    result = run("query", "-", "--format", "csv", stdin=text)
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["p", "1", "2", "3", "4", "5", "6", "7", "8", "9"]


def test_query_ask_as_json_and_table():
    text = "PREFIX law: <https://w3id.org/clausegraph/law/>\nPREFIX cg: <https://w3id.org/clausegraph/ontology#>\nASK { law:contract-law cg:status cg:Repealed }"
    assert json.loads(run("query", "-", "--format", "json", stdin=text).stdout) == {"head": {}, "boolean": True}
    assert run("query", "-", stdin=text).stdout.strip() == "true"


def test_query_construct_gives_turtle_that_parses():
    text = (
        "PREFIX cg: <https://w3id.org/clausegraph/ontology#>\n"
        "CONSTRUCT { ?s cg:refersTo ?o } WHERE { ?s cg:refersTo ?o }"
    )
    result = run("query", "-", stdin=text)
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) == 4


def test_query_describe_as_ntriples():
    text = "DESCRIBE <https://w3id.org/clausegraph/agreement/departure-confidentiality/court>"
    result = run("query", "-", "--format", "nt", stdin=text)
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(data=result.stdout, format="nt")
    assert any(str(o) == "济南市市中区人民法院" for o in graph.objects())


def test_query_syntax_error_is_bad_input():
    result = run("query", "-", stdin="SELECT ?x WHERE { ?x ")
    assert result.exit_code == 2
    assert "SPARQL syntax error" in result.stderr


def test_query_format_must_fit_the_query_form():
    result = run("query", "-", "--format", "ttl", stdin="SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert result.exit_code == 2
    assert "does not fit a SELECT query" in result.stderr


def test_export_turtle_is_the_merged_graph():
    result = run("export", "--format", "ttl")
    assert result.exit_code == 0
    exported = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert isomorphic(exported, load_rdflib())


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")])
def test_export_formats_hold_the_same_graph(fmt, rdflib_format, tmp_path):
    out = tmp_path / f"graph.{fmt}"
    result = run("export", "--format", fmt, "--profile", "rdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    exported = rdflib.Graph().parse(out, format=rdflib_format)
    assert isomorphic(exported, load_rdflib())


def test_export_rdfxml_loads_in_owlready2(tmp_path):
    import owlready2

    out = tmp_path / "clausegraph.owl"
    assert run("export", "--format", "xml", "-o", str(out)).exit_code == 0
    world = owlready2.World()
    world.get_ontology(out.as_uri()).load()
    cg = world.get_namespace("https://w3id.org/clausegraph/ontology#")
    assert len(list(cg.Obligation.instances(world=world))) == 11
    assert len(list(cg.Prohibition.instances(world=world))) == 5


def test_export_to_missing_folder_writes_nothing(tmp_path):
    target = tmp_path / "no-such-dir" / "graph.ttl"
    result = run("export", "-o", str(target))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert not target.parent.exists()


def test_reason_reports_consistency_and_the_classification():
    result = run("reason")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("consistent: yes (HermiT")
    assert result.stdout.rstrip().endswith("(10 classes)")
    rows = list(csv.DictReader(io.StringIO(run("reason", "--format", "csv").stdout)))
    surviving = [r["member"] for r in rows if r["class"] == "cg:SurvivingNorm"]
    assert len(surviving) == 19 and {r["label"] for r in rows if r["class"] == "cg:SurvivingNorm"} == {"norm surviving termination of employment"}
    assert "ag:norm-3-5-non-compete" in surviving and "ag:norm-2-best-efforts" not in surviving  # 2 ends with employment


def test_demo_prints_the_survival_answer_and_a_summary():
    result = invoke(["demo"], env={"COLUMNS": "200"})  # a terminal wide enough for the norms on one line
    assert result.exit_code == 0, result.output
    assert "What happens to each duty at each of the two terminations" in result.stdout
    assert "离职后两年内竞业限制" in result.stdout
    assert "-- 乙方离职（劳动合同关系终止）" in result.stdout and "-- 协议自动终止（离职后三年）" in result.stdout
    assert "(22 rows)" in result.stdout and "(23 rows)" in result.stdout
    assert f"triples in {len(graph_sources())} named graphs" in result.stdout


def test_validate_exits_1_on_a_graph_with_violations(tmp_path):
    store = f"oxigraph:{tmp_path / 'db'}"
    bad = Path(__file__).parent / "cases" / "shapes" / "NormBearerShape" / "fail.ttl"
    assert run("load", str(bad), "--store", store).exit_code == 0
    result = run("validate", "--store", store)
    assert result.exit_code == 1
    assert result.stdout.endswith("(3 violations)\n")
    rows = list(csv.DictReader(io.StringIO(run("validate", "--store", store, "--format", "csv").stdout)))
    assert sorted(r["shape"].rsplit("#", 1)[-1].rstrip(">") for r in rows) == ["NormBearerShape", "NormBearerShape", "PartyAgreementShape"]
    assert "SHACL violation" in result.stderr


def test_load_refuses_a_file_that_is_not_rdf_and_loads_nothing(tmp_path):
    store = f"oxigraph:{tmp_path / 'db'}"
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    good = Path(__file__).parent / "cases" / "corpus" / "executed.ttl"
    result = run("load", str(good), str(bad), "--store", store)
    assert result.exit_code == 2
    assert "bad.ttl is not valid RDF" in result.stderr
    assert not (tmp_path / "db").exists()


def test_bad_store_spec_is_bad_input():
    result = run("ask", "survival", "--store", "postgres://x")
    assert result.exit_code == 2
    assert "is not a store; use memory, rdflib, oxrdflib, oxigraph:PATH or sparql:URL" in result.stderr


def test_version():
    from clausegraph import __version__

    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"clausegraph {__version__}\n"


def _bash_completions(line: str) -> list[str]:
    """What bash offers at the end of ``line`` with the script of ``clausegraph --show-completion bash`` loaded: a real
    bash running the installed command, as a user's shell does when Tab is pressed."""
    script = Path(sys.executable).with_name("clausegraph")
    words = line.split(" ")
    program = f"""
        source <("{script}" --show-completion bash)
        COMP_LINE={shlex.quote(line)}; COMP_POINT={len(line)}; COMP_WORDS=({" ".join(shlex.quote(w) for w in words)}); COMP_CWORD={len(words) - 1}
        PATH="{script.parent}:$PATH" _python_argcomplete clausegraph
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_shell_completion_is_offered_and_completes_commands_and_formats():
    assert "--show-completion SHELL" in run("--help").stdout
    script = run("--show-completion", "bash")
    assert script.exit_code == 0 and "complete -o nospace -o default -o bashdefault -F _python_argcomplete clausegraph" in script.stdout
    assert _bash_completions("clausegraph as") == ["ask", "assemble"]
    assert _bash_completions("clausegraph ask survival --format ") == ["table", "json", "csv", "tsv"]
    assert _bash_completions("clausegraph crosswalk ex") == ["export"]
    assert run("--show-completion", "ksh").stderr.startswith("error: argument --show-completion: invalid choice: 'ksh'")


@pytest.mark.parametrize("args", [["--help"], ["ask", "--help"], ["review", "--help"], ["crosswalk", "labels", "--help"]])
def test_help_is_plain_text_without_type_placeholders_for_flags(args):
    result = run(*args)
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout and "╭" not in result.stdout
    assert "  -h, --help" in result.stdout


@pytest.mark.parametrize(("args", "line"), [
    (["ask", "--nope"], "error: unrecognized arguments: --nope; see 'clausegraph ask --help'"),
    (["nope"], "error: no such command 'nope'; see 'clausegraph --help'"),
    (["asks", "survival"], "error: no such command 'asks' (did you mean 'ask'?); see 'clausegraph --help'"),
    (["--nope"], "error: unrecognized arguments: --nope; see 'clausegraph --help'"),
    (["corpus", "make"], "error: no such command 'make'; see 'clausegraph corpus --help'"),
    (["ask", "--param"], "error: argument --param/-p: expected one argument; see 'clausegraph ask --help'"),
    (["query"], "error: the following arguments are required: SOURCE; see 'clausegraph query --help'"),
    (["export", "-o", "folder/"], "error: argument --output/-o: 'folder/' names a folder; give the path of a file, "
                                  "e.g. folder/agreement.txt; see 'clausegraph export --help'"),
])
def test_usage_errors_are_one_line_too(args, line):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == line + "\n" and result.stdout == ""
