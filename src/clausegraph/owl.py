"""The graph as OWL 2 DL tools read it (Protégé's OWL API, HermiT, owlready2).

The hand-edited graph is RDF 1.1 and keeps its data exactly: dates are ``xsd:date`` and texts are
language-tagged strings. What is not OWL 2 DL in it, the DL view changes, and nothing else:

- ``xsd:date`` is not in the OWL 2 datatype map (HermiT throws ``UnsupportedDatatypeException``,
  the OWL API counts each use as a profile violation): a date becomes the ``xsd:dateTime`` of its
  midnight, and a range ``xsd:date`` becomes ``xsd:dateTime``;
- ``rdf:langString`` is not in it either (OWL API 3 then reads the properties whose range it is as
  object properties too): a range ``rdf:langString`` becomes ``rdf:PlainLiteral``;
- individuals are not declared (owlready2's ``individuals()`` finds none): every IRI typed with a
  class is declared an ``owl:NamedIndividual`` (a class that is also a SKOS concept is punned, as
  OWL 2 DL allows);
- SHACL shapes (the legal limits on variants, ``ontology/variant-shapes.ttl``) are rules for
  validation, not OWL axioms: they are left out.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
XSD_DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
LANG_STRING = ox.NamedNode(RDF + "langString")
PLAIN_LITERAL = ox.NamedNode(RDF + "PlainLiteral")
TYPE = ox.NamedNode(RDF + "type")
NAMED_INDIVIDUAL = ox.NamedNode(OWL + "NamedIndividual")
#: What a typed subject may be besides an individual: vocabulary and the parts of OWL axioms.
_NOT_INDIVIDUALS = {ox.NamedNode(OWL + name) for name in (
    "Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "Ontology", "Restriction", "AllDisjointClasses",
    "AllDifferent", "Axiom", "NamedIndividual", "TransitiveProperty", "FunctionalProperty", "InverseFunctionalProperty",
    "SymmetricProperty", "AsymmetricProperty", "ReflexiveProperty", "IrreflexiveProperty", "DeprecatedClass",
    "DeprecatedProperty", "AllDisjointProperties", "NegativePropertyAssertion")} | {
    ox.NamedNode(RDFS + "Class"), ox.NamedNode(RDFS + "Datatype"), ox.NamedNode(RDF + "Property"), ox.NamedNode(RDF + "List")}


def _datatype(triple: ox.Triple) -> ox.Triple:
    obj = triple.object
    if isinstance(obj, ox.Literal) and obj.datatype == XSD_DATE:
        return ox.Triple(triple.subject, triple.predicate, ox.Literal(obj.value + "T00:00:00", datatype=XSD_DATETIME))
    if obj == XSD_DATE:
        return ox.Triple(triple.subject, triple.predicate, XSD_DATETIME)
    if obj == LANG_STRING:
        return ox.Triple(triple.subject, triple.predicate, PLAIN_LITERAL)
    return triple


def dl_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The OWL 2 DL view of ``triples`` (see the module's docstring for the changes)."""
    source = list(triples)
    shapes = {t.subject for t in source if t.predicate.value.startswith(SH) or (t.predicate == TYPE and t.object.value.startswith(SH))}
    source = [t for t in source if t.subject not in shapes]
    out = [_datatype(t) for t in source]
    individuals = {t.subject for t in source
                   if t.predicate == TYPE and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)
                   and t.object not in _NOT_INDIVIDUALS}
    out += [ox.Triple(subject, TYPE, NAMED_INDIVIDUAL) for subject in sorted(individuals, key=str)]
    return out
