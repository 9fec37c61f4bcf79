"""OWL 2 DL reasoning with owlready2 and HermiT: consistency and the inferred classification.

The ontology's defined classes (cg:SurvivingNorm, cg:PostEmploymentNorm, …) are never asserted in
the data: HermiT classifies each individual from its description (its time window, condition,
sanction). DL reasoning is for the ontology plus one agreement; corpus facts are derived by SPARQL.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import owlready2
import pyoxigraph as ox

from .errors import ReasonerError
from .graph import load_store
from .owl import dl_triples
from .results import compact
from .sources import CG, Source
from .store import Store



@dataclass(frozen=True)
class InferredClass:
    """A defined class and the individuals the reasoner puts in it."""

    iri: str
    label: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class ReasoningReport:
    """The outcome of one reasoner run."""

    consistent: bool
    unsatisfiable: tuple[str, ...]
    inferred: tuple[InferredClass, ...]
    seconds: float
    explanation: str = ""

    def members(self, class_name: str) -> tuple[str, ...]:
        """The inferred members of ``cg:<class_name>`` (compacted IRIs)."""
        for item in self.inferred:
            if item.iri == CG + class_name:
                return item.members
        raise KeyError(class_name)


def _rdfxml(store: Store, extra: Iterable[Path]) -> bytes:
    triples = store.triples()
    if extra:
        triples += load_store([Source(path, f"urn:clausegraph:extra:{i}") for i, path in enumerate(extra)]).triples()
    return ox.serialize(dl_triples(triples), format=ox.RdfFormat.RDF_XML)  # HermiT reads the OWL 2 DL view


def reason(*, extra: Iterable[Path] = (), store: Store | None = None) -> ReasoningReport:
    """Classify the graph of ``store`` (default: the project graph), plus ``extra`` Turtle files, with HermiT."""
    if shutil.which(owlready2.JAVA_EXE) is None and not Path(owlready2.JAVA_EXE).is_file():
        raise ReasonerError("Java is needed for HermiT but 'java' is not on PATH; install a JRE (apt-get install default-jre-headless)")
    data = _rdfxml(store if store is not None else load_store(), list(extra))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "clausegraph.owl"
        path.write_bytes(data)
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        started = time.perf_counter()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ReasoningReport(False, (), (), time.perf_counter() - started, explanation=str(exc).strip())
        except owlready2.base.OwlReadyJavaError as exc:
            cause = next((line for line in str(exc).splitlines() if "Exception" in line), str(exc).strip())
            raise ReasonerError(f"HermiT could not classify the graph: {cause.strip()}") from exc
        seconds = time.perf_counter() - started
        unsatisfiable = tuple(sorted(compact(c.iri) for c in world.inconsistent_classes()))
        inferred = []
        for cls in world.classes():
            if not cls.iri.startswith(CG) or not any(isinstance(e, owlready2.And) for e in cls.equivalent_to):
                continue
            label = next((str(l) for l in cls.label if getattr(l, "lang", "") == "en"), cls.name)
            members = tuple(sorted(compact(i.iri) for i in cls.instances(world=world)))
            inferred.append(InferredClass(cls.iri, label, members))
        inferred.sort(key=lambda c: c.iri)
        return ReasoningReport(True, unsatisfiable, tuple(inferred), seconds)
