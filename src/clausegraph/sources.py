"""Where the graph's hand-edited source files live, and which named graph each is loaded into."""

from __future__ import annotations

from typing import NamedTuple
from pathlib import Path

from .errors import DataError

GRAPH_BASE = "https://w3id.org/clausegraph/graph/"
CG = "https://w3id.org/clausegraph/ontology#"
AGREEMENT = "https://w3id.org/clausegraph/agreement/departure-confidentiality/"
#: the project's agreement template, which every question of scope template asks about
TEMPLATE = AGREEMENT + "agreement"
LAW = "https://w3id.org/clausegraph/law/"

PREFIXES: dict[str, str] = {
    "cg": CG,
    "ag": AGREEMENT,
    "law": LAW,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def _data_root() -> Path:
    """The folder holding ontology/ and queries/: the checkout, or the copy inside the wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data", here.parent.parent):
        if (candidate / "ontology" / "clausegraph.ttl").is_file():
            return candidate
    raise DataError(
        f"cannot find ontology/clausegraph.ttl near {here}; reinstall clausegraph "
        "(pip install -e . from the checkout)"
    )


DATA_ROOT = _data_root()
ONTOLOGY_DIR = DATA_ROOT / "ontology"
QUERIES_DIR = DATA_ROOT / "queries"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


class Source(NamedTuple):
    """One Turtle file of the graph and the named graph it is loaded into."""

    path: Path
    graph: str


def graph_sources() -> list[Source]:
    """The files that make the project's graph: the TBox, acts, legal bases, the agreements (with their options
    and text edits), the rules on their variants (ontology/variant-shapes.ttl), and the clause types with their
    crosswalk to the contract datasets (ontology/clause-types.ttl, ontology/crosswalk/). Every command and the service
    load the same files into an in-memory store; ``clausegraph load`` puts the same files into a persistent or
    remote one. The graph's own SHACL shapes (ontology/shapes.ttl) are not part of it: they validate it."""
    files = [ONTOLOGY_DIR / "clausegraph.ttl", ONTOLOGY_DIR / "acts.ttl", ONTOLOGY_DIR / "legal-bases.ttl"]
    files += sorted((ONTOLOGY_DIR / "agreements").glob("*/*.ttl"))
    files.append(ONTOLOGY_DIR / "variant-shapes.ttl")
    files += [ONTOLOGY_DIR / "clause-types.ttl", *sorted((ONTOLOGY_DIR / "crosswalk").glob("*.ttl"))]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise DataError(f"graph source files missing: {', '.join(missing)}")
    return [Source(f, GRAPH_BASE + f.relative_to(ONTOLOGY_DIR).with_suffix("").as_posix()) for f in files]
