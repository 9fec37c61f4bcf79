"""Property-based: over the whole option space, every accepted variant is well-formed and every
refused one names its violation (hypothesis)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausegraph.assemble import Document, assemble, reference_label
from clausegraph.errors import BadInputError
from clausegraph.graph import load_store
from clausegraph.numerals import chinese_numeral
from clausegraph.render import render_text
from clausegraph.sources import assembly_sources
from clausegraph.variant import VariantRefused

STORE = load_store(assembly_sources())
PATHS = sorted({s["p"].value for s in STORE.query("SELECT ?p WHERE { ?x <https://w3id.org/clausegraph/ontology#path> ?p }")})
TERM_USES = [
    (s["c"].value, s["t"].value)
    for s in STORE.query(
        "PREFIX cg: <https://w3id.org/clausegraph/ontology#> SELECT ?c ?t WHERE { ?c cg:usesTerm ?t }",

    )
]
DEFINED_IN = {}
for s in STORE.query("PREFIX cg: <https://w3id.org/clausegraph/ontology#> SELECT ?t ?p WHERE { ?t cg:definedIn ?p }"):
    DEFINED_IN.setdefault(s["t"].value, set()).add(s["p"].value)
XREFS = [
    (s["s"].value, s["t"].value)
    for s in STORE.query(
        "PREFIX cg: <https://w3id.org/clausegraph/ontology#> SELECT ?s ?t WHERE { ?r cg:referenceKind cg:NumberedReference ; cg:referenceSource ?s ; cg:referenceTarget ?t }",

    )
]
text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
specs = st.fixed_dictionaries(
    {},
    optional={
        "employer.name": text,
        "employee.name": text,
        "non_compete": st.booleans(),
        "non_compete_months": st.integers(-3, 40),
        "non_compete_compensation": st.booleans(),
        "agreement_years": st.integers(-1, 6),
        "province": text,
        "dispute_forum": st.sampled_from(["court", "arbitration"]),
        "court": text,
        "modern_legal_bases": st.booleans(),
        "omit": st.lists(st.sampled_from(PATHS), max_size=4, unique=True),
        "language": st.sampled_from(["zh", "en", "zh-en"]),
    },
)


def check_well_formed(doc: Document, spec: dict) -> None:
    # contiguous numbering under every parent, and articles from 1
    articles = [b for b in doc.blocks if b.kind == "Article"]
    assert [a.number for a in articles] == list(range(1, len(articles) + 1))
    for block in doc.walk():
        numbered = [c.number for c in block.children if c.kind in ("Paragraph", "Item")]
        assert numbered == list(range(1, len(numbered) + 1)), block.path
    kept = {b.iri: b for b in doc.walk()}
    # every numbered reference points at a kept provision, by its new number
    for source, target in XREFS:
        if source in kept:
            assert target in kept, f"{kept[source].path} refers to an omitted provision"
            target_block = kept[target]
            for lang in ("zh", "en"):
                assert reference_label(target_block.kind, target_block.number, lang) in kept[source].text[lang]
    # every article number the body text names exists
    count = len(articles)
    cn = {chinese_numeral(n): n for n in range(1, 100)}
    for block in doc.walk():
        for name in re.findall(r"本协议第([一二三四五六七八九十]+)条", block.text.get("zh", "")):
            assert cn[name] <= count
    # every used term is defined by a kept provision
    for component, term in TERM_USES:
        if component in kept:
            assert DEFINED_IN[term] & set(kept), f"{kept[component].path or component} uses an undefined term {term}"
    # the limits the shapes enforce hold
    if doc.values["non_compete"]:
        assert 1 <= doc.values["non_compete_months"] <= 24 and doc.values["non_compete_compensation"]
        assert doc.values["agreement_years"] * 12 >= doc.values["non_compete_months"]
    # the rendering holds every kept provision's text
    rendered = render_text(doc, "html")
    assert rendered.count("<h2>") == (count if doc.language != "zh-en" else 2 * count)
    assert "<script" not in rendered


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs)
def test_every_variant_is_well_formed_or_refused_with_reasons(spec):
    try:
        doc = assemble(STORE, spec)
    except VariantRefused as refusal:
        assert refusal.issues
        for issue in refusal.issues:
            assert issue.option and issue.message and issue.rule
        options = {i.option for i in refusal.issues}
        if spec.get("non_compete", True) and spec.get("non_compete_months", 24) > 24:
            assert "non_compete_months" in options
        if spec.get("non_compete", True) and spec.get("non_compete_compensation") is False:
            assert "non_compete_compensation" in options
        return
    except BadInputError as error:
        assert str(error)
        return
    check_well_formed(doc, spec)


@pytest.mark.parametrize("omit", [[], ["4"], ["3.4", "5.3.3"], ["7", "8.2", "4.2"]])
def test_fixed_examples_are_well_formed(omit):
    check_well_formed(assemble(STORE, {"omit": omit}), {"omit": omit})
