"""The OWL export is what knowledge engineers' tools read: the OWL 2 DL profile check of the OWL API
(version 5, which Protégé uses, and version 3, which owlready2 ships) finds nothing, no property is
read as both an object and a data property, individuals are declared, and HermiT classifies the
exported file through owlready2. The RDF export keeps the data exactly as it is."""

from __future__ import annotations

import subprocess
from pathlib import Path

import owlready2
import pytest
import rdflib
from rdflib.compare import isomorphic

from clausegraph.graph import load_rdflib
from clausegraph.reason import reason
from clausegraph.results import compact
from cli_runner import invoke

CHECKER = Path(__file__).parent / "tools" / "OwlCheck.java"
OWLAPI_5 = Path("/usr/share/java/owlapi-distribution.jar")  # Debian's libowlapi-java (.ci/run installs it)
OWLAPI_3 = Path(owlready2.__file__).parent / "pellet" / "owlapi-distribution-3.4.3-bin.jar"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("owl") / "clausegraph.owl"
    result = invoke(["export", "--format", "xml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def owl_api(classpath: str, path: Path) -> dict[str, list[str]]:
    done = subprocess.run(["java", "-cp", classpath, str(CHECKER), str(path)], capture_output=True, text=True, timeout=300, check=True)
    found: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition("\t")
        found.setdefault(key, []).append(value)
    return found


@pytest.mark.parametrize("classpath", ["/usr/share/java/*", str(OWLAPI_3)], ids=["owlapi-5", "owlapi-3"])
def test_the_owl_export_is_in_the_owl2_dl_profile(exported, classpath):
    assert OWLAPI_5.is_file(), "the OWL API 5 is needed: apt-get install libowlapi-java (.ci/run installs it)"
    found = owl_api(classpath, exported)
    assert found.get("violation", []) == [] and found.get("read-both-ways", []) == []
    assert found["violations"] == ["0"] and found["both"] == ["0"]
    assert int(found["individuals"][0]) > 300


def test_the_data_export_is_not_dl_and_that_is_what_the_profile_fixes(tmp_path):
    out = tmp_path / "data.owl"
    assert invoke(["export", "--format", "xml", "--profile", "rdf", "-o", str(out)]).exit_code == 0
    assert isomorphic(rdflib.Graph().parse(out, format="xml"), load_rdflib())  # lossless
    found = owl_api(str(OWLAPI_3), out)
    assert int(found["violations"][0]) > 0 and int(found["both"][0]) > 0  # xsd:date; rdf:langString ranges read both ways


def test_hermit_classifies_the_exported_file_through_owlready2(exported):
    world = owlready2.World()
    onto = world.get_ontology(exported.as_uri()).load()
    individuals = list(onto.individuals())
    assert len(individuals) > 300
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    cg = world.get_namespace("https://w3id.org/clausegraph/ontology#")
    surviving = sorted(compact(i.iri) for i in cg.SurvivingNorm.instances(world=world))
    expected = sorted(reason().members("SurvivingNorm"))  # `clausegraph reason` over the store: the same classification
    assert surviving == expected and len(expected) > 0
