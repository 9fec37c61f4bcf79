"""The SHACL shapes (ontology/shapes.ttl): every shape has a failing and a passing case, and the project conforms.

Each shape cgsh:<ShapeName> has a folder tests/cases/shapes/<ShapeName>/ holding

    pass.ttl      a small self-contained graph on which no shape reports anything;
    fail.ttl      a graph with a defect the shape must catch;
    expected.txt  every result fail.ttl must produce, and no other: one per line,

                      <focus node> <ShapeName>

                  where the focus node is a prefixed name using fail.ttl's own prefixes (ex:norm) or a full
                  IRI in angle brackets. Blank lines and lines starting with # are ignored; several results
                  of one shape on one focus node count once. A defect can make other shapes fire too (an
                  undeclared IRI used as a provision is inferred a cg:Provision without number, path or
                  text): those results are listed as well.

Every IRI pass.ttl describes lies under https://example.org/<ShapeName>/pass/, every IRI fail.ttl describes
under https://example.org/<ShapeName>/fail/ (checked below). Thanks to that isolation the suite validates all
pass fixtures as one graph and all fail fixtures as another, and gives each result to the fixture whose
namespace holds its focus node: two validations instead of two per shape, as each computes the RDFS closure of
the TBox.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from clausegraph.graph import load_rdflib
from clausegraph.sources import SHAPES_FILE
from clausegraph.validate import ValidationReport, Violation, validate_graph, validate_project

CASES_DIR = Path(__file__).parent / "cases" / "shapes"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())
KINDS = ("pass", "fail")
CGSH = rdflib.Namespace("https://w3id.org/clausegraph/shapes#")
FIXTURE_BASE = "https://example.org/"
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
UNFILLED = re.compile(r"\{[?$]\w+\}")
PREFIXES = load_rdflib([])  # an empty graph with the project's prefixes, to read prefixed names in reports


def _namespace(case: str, kind: str) -> str:
    return f"{FIXTURE_BASE}{case}/{kind}/"


@cache
def _shapes_graph() -> rdflib.Graph:
    return load_rdflib([SHAPES_FILE])


def _named_shapes() -> dict[str, rdflib.URIRef]:
    graph = _shapes_graph()
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    return {str(s).removeprefix(str(CGSH)): s for s in shapes if isinstance(s, rdflib.URIRef)}


def _expand(text: str, graph: rdflib.Graph = PREFIXES) -> str:
    """A node as written by validate_graph or in expected.txt (prefixed name or <IRI>) as a full IRI."""
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    try:
        return str(graph.namespace_manager.expand_curie(text))
    except ValueError:  # a blank node, or a prefix the graph does not know
        return text


def _shape_name(violation: Violation) -> str:
    return violation.shape.strip("<>").removeprefix(str(CGSH)).removeprefix("cgsh:")


def _validate_fixtures(kind: str) -> ValidationReport:
    """Every case's <kind>.ttl merged into one graph and validated against the shapes.

    The fixtures' own prefixes (one ex: per file) are left out of the merged graph: rdflib hands every bound
    prefix to every SPARQL query pySHACL runs. Focus nodes in the report are therefore written <IRI>.
    """
    graph = load_rdflib([])
    for case in CASES:
        graph += load_rdflib([CASES_DIR / case / f"{kind}.ttl"])
    return validate_graph(graph, shapes=load_rdflib([SHAPES_FILE]))


@cache
def _reports() -> dict[str, ValidationReport]:
    return {kind: _validate_fixtures(kind) for kind in KINDS}


@lru_cache(maxsize=None)
def _results_of(case: str, kind: str) -> list[Violation]:
    return [v for v in _reports()[kind].violations if _expand(v.focus).startswith(_namespace(case, kind))]


def _expected(case: str) -> set[tuple[str, str]]:
    fixture = load_rdflib([CASES_DIR / case / "fail.ttl"])
    pairs = set()
    for line in (CASES_DIR / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        assert len(fields) == 2, f"{case}/expected.txt: write '<focus> <ShapeName>', not {line!r}"
        pairs.add((_expand(fields[0], fixture), fields[1]))
    return pairs


def _describe(violations: Iterable[Violation]) -> str:
    return "\n".join(f"  {v.focus} {_shape_name(v)} (path {v.path}, value {v.value}): {v.message}" for v in violations)


# ------------------------------------------------------------------ the shapes file itself


def test_every_shape_has_a_fixture_folder_and_every_folder_a_shape():
    shapes = set(_named_shapes())
    assert shapes, f"no named shapes found in {SHAPES_FILE}"
    missing = sorted(shapes - set(CASES))
    stale = sorted(set(CASES) - shapes)
    assert not missing, f"shapes without tests/cases/shapes/<ShapeName>/ (pass.ttl, fail.ttl, expected.txt): {missing}"
    assert not stale, f"fixture folders naming no shape in shapes.ttl (rename or delete them): {stale}"


@pytest.mark.parametrize("name", sorted(_named_shapes()))
def test_shape_is_targeted_labelled_and_has_one_message(name: str):
    graph = _shapes_graph()
    shape = _named_shapes()[name]
    assert any(graph.value(shape, t) is not None for t in TARGETS), f"cgsh:{name} has no target"
    languages = {label.language for label in graph.objects(shape, RDFS.label) if isinstance(label, rdflib.Literal)}
    assert {"en", "zh"} <= languages, f"cgsh:{name} needs rdfs:label in @en and @zh"
    constraints = list(graph.objects(shape, SH.sparql))
    own_messages = list(graph.objects(shape, SH.message))
    if constraints:
        # pySHACL reports the shape's messages and the constraint's together: keep them on the constraint only
        assert not own_messages, f"cgsh:{name}: put sh:message on its sh:sparql constraint, not on the shape"
        for constraint in constraints:
            messages = list(graph.objects(constraint, SH.message))
            assert len(messages) == 1, f"cgsh:{name}: one sh:message per sh:sparql constraint"
    else:
        assert len(own_messages) == 1, f"cgsh:{name} needs exactly one sh:message"
    # sh:node nests the inner shape's results under sh:detail, and validate_graph would report those as well
    assert (shape, SH.node, None) not in graph, f"cgsh:{name}: use sh:and ( … ) rather than sh:node"


# ------------------------------------------------------------------ fixtures


@pytest.mark.parametrize("case", CASES)
def test_fixture_is_complete_and_isolated(case: str):
    folder = CASES_DIR / case
    for file in ("pass.ttl", "fail.ttl", "expected.txt"):
        assert (folder / file).is_file(), f"{folder} lacks {file}"
    for kind in KINDS:
        fixture = load_rdflib([folder / f"{kind}.ttl"])
        namespace = _namespace(case, kind)
        assert len(fixture) > 0, f"{case}/{kind}.ttl is empty"
        for s, _p, o in fixture:
            assert isinstance(s, rdflib.BNode) or str(s).startswith(namespace), (
                f"{case}/{kind}.ttl describes {s}: describe only IRIs under {namespace}"
            )
            if isinstance(o, rdflib.URIRef) and str(o).startswith(FIXTURE_BASE):
                assert str(o).startswith(namespace), f"{case}/{kind}.ttl points outside {namespace}: {o}"
    for focus, _shape in _expected(case):
        assert focus.startswith(_namespace(case, "fail")), f"{case}/expected.txt: focus {focus} is not in fail.ttl"


@pytest.mark.parametrize("case", CASES)
def test_pass_fixture_conforms(case: str):
    results = _results_of(case, "pass")
    assert not results, f"{case}/pass.ttl should conform but:\n{_describe(results)}"


@pytest.mark.parametrize("case", CASES)
def test_fail_fixture_gives_exactly_the_expected_results(case: str):
    expected = _expected(case)
    assert any(shape == case for _focus, shape in expected), f"{case}/expected.txt must list cgsh:{case} itself"
    results = _results_of(case, "fail")
    actual = {(_expand(v.focus), _shape_name(v)) for v in results}
    assert actual == expected, (
        f"{case}/fail.ttl\n  missing: {sorted(expected - actual)}\n  unexpected: {sorted(actual - expected)}\n"
        f"all results:\n{_describe(results)}"
    )


def test_no_result_falls_outside_its_fixture():
    pass_report = _reports()["pass"]
    assert pass_report.conforms and not pass_report.violations, (
        f"results on the pass fixtures:\n{_describe(pass_report.violations)}"
    )
    fail_violations = _reports()["fail"].violations
    stray = [v for v in fail_violations if not any(_expand(v.focus).startswith(_namespace(c, "fail")) for c in CASES)]
    assert not stray, f"results outside every fail fixture:\n{_describe(stray)}"


def test_every_message_is_filled_in():
    bad = [v for v in _reports()["fail"].violations if not v.message.strip() or UNFILLED.search(v.message)]
    assert not bad, f"results with an empty or unfilled message:\n{_describe(bad)}"


# ------------------------------------------------------------------ the project


def test_project_graph_conforms():
    report = validate_project()
    assert report.conforms and not report.violations, (
        f"the project graph violates the shapes:\n{_describe(report.violations)}"
    )
