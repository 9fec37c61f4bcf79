"""The compiled rules against pySHACL, the oracle: over the option space, both find exactly the same results.

The variant node is what both check: :func:`clausegraph.drafting.rules.variant_triples` of the spec, validated
by pySHACL against ontology/variant-shapes.ttl read from disk, and checked by the rules the template compiled
from the shapes in the store. Specs are built directly (not parsed), so values a parsed spec could never hold
(a forum outside the allowed ones, a language outside zh/en/zh-en, huge numbers) reach the rules too. The
structural rules (deactivated shapes, which pySHACL skips) are compared on their own in test_assemble.py.
"""

from __future__ import annotations

from collections import Counter
from types import MappingProxyType

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.namespace import RDF, SH

from clausegraph.drafting import check, read_template
from clausegraph.drafting.rules import STRUCTURAL, variant_triples
from clausegraph.drafting.spec import Spec
from clausegraph.graph import load_store
from clausegraph.sources import ONTOLOGY_DIR

TEMPLATE = read_template(load_store())
SHAPES = rdflib.Graph().parse(ONTOLOGY_DIR / "variant-shapes.ttl")
NODE = ox.NamedNode("urn:clausegraph:test:variant")
SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


def owner(shape: rdflib.term.Node) -> str:
    """The node shape a result's source shape belongs to (property shapes and constraints are blank nodes in it)."""
    while isinstance(shape, rdflib.BNode):
        shape = SHAPES.value(predicate=SH.property, object=shape) or SHAPES.value(predicate=SH.sparql, object=shape)
    return str(shape)


def python(term: rdflib.term.Node | None) -> object:
    if term is None or term == rdflib.URIRef(NODE.value):
        return None  # a result about the variant node itself
    value = term.toPython()
    return value if isinstance(value, bool | int) else str(term)


def oracle(spec: Spec) -> Counter:
    data = rdflib.Graph().parse(data=ox.serialize(variant_triples(TEMPLATE, spec, NODE), format=ox.RdfFormat.N_TRIPLES), format="nt")
    _conforms, results, _text = pyshacl.validate(data, shacl_graph=SHAPES, allow_warnings=True)
    found = Counter()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        # pySHACL drops the language tag of a SPARQL constraint's messages once it has filled them in: compared as a set
        messages = frozenset(str(m) for m in results.objects(result, SH.resultMessage))
        found[(owner(results.value(result, SH.sourceShape)), SEVERITY[results.value(result, SH.resultSeverity)],
               messages, python(results.value(result, SH.value)))] += 1
    return found


def compiled(spec: Spec) -> Counter:
    return Counter((f.shape, f.severity, frozenset((f.message, f.message_zh)), f.value) for f in check(TEMPLATE, spec)
                   if f.shape not in STRUCTURAL)


def make_spec(values: dict) -> Spec:
    full = {o.key: (() if o.is_list else o.default) for o in TEMPLATE.options}
    full.update(values)
    omitted = frozenset(TEMPLATE.by_path[p].iri for p in full["omit"])
    return Spec(MappingProxyType(full), frozenset(values), omitted)


text = st.one_of(st.sampled_from(["", "XX", "山东", "court", "arbitration", "zh", "济南市市中区人民法院"]),
                 st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8))
whole = st.one_of(st.integers(-3, 130), st.integers(-10**9 + 1, 10**9 - 1))
specs = st.fixed_dictionaries({}, optional={
    "employer.name": st.none() | text,
    "employee.name": st.none() | text,
    "non_compete": st.booleans(),
    "non_compete_months": whole,
    "non_compete_compensation": st.booleans(),
    "agreement_years": whole,
    "province": text,
    "dispute_forum": st.one_of(st.sampled_from(["court", "arbitration"]), text),
    "court": text,
    "modern_legal_bases": st.booleans(),
    "omit": st.lists(st.sampled_from(sorted(TEMPLATE.by_path)), max_size=3, unique=True).map(tuple),
    "language": st.one_of(st.sampled_from(["zh", "en", "zh-en"]), text),
    "signature_block": st.sampled_from(["source", "seal"]),
})


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs)
def test_compiled_rules_find_what_pyshacl_finds(values):
    spec = make_spec(values)
    assert compiled(spec) == oracle(spec)


@pytest.mark.parametrize("values, expected", [
    # 劳动合同法 第二十四条: at most two years; the agreement's own rule: at least a month
    ({"non_compete_months": 25}, {("NonCompeteMaximum", "violation", 25)}),
    # 第八条3 must not dissolve the agreement before 第三条5's period ends: 1 year × 12 < 24 months
    ({"agreement_years": 1}, {("AgreementOutlastsNonCompete", "violation", 24)}),
    ({"non_compete_months": 0}, {("NonCompetePositive", "violation", 0)}),
    # 第二十三条第二款: no non-compete without monthly compensation; none needed without a non-compete
    ({"non_compete_compensation": False}, {("NonCompeteNeedsCompensation", "violation", None)}),
    ({"non_compete": False, "non_compete_compensation": False, "agreement_years": 1}, set()),
    ({"agreement_years": 100, "non_compete_months": 6}, {("AgreementYearsPositive", "violation", 100)}),
    ({"dispute_forum": "mediation", "language": "fr"},
     {("DisputeForumChoice", "violation", "mediation"), ("ArbitrationFirst", "warning", None), ("LanguageChoice", "violation", "fr")}),
])
def test_fixed_cases_agree_with_pyshacl(values, expected):
    """Each value shape's failing case, written from the shapes: both engines give exactly these. The specs choose
    arbitration and the statutes in force, so the two warnings of the source's own choices stay out of the way."""
    spec = make_spec({"dispute_forum": "arbitration", "modern_legal_bases": True} | values)
    found = compiled(spec)
    assert found == oracle(spec)
    assert {(shape.rsplit("#", 1)[1], severity, value) for shape, severity, _messages, value in found} == expected
