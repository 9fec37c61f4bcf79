"""Property-based: over the whole option space, every accepted variant is well-formed and every
refused one names its violation (hypothesis)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausegraph.drafting import Document, assemble, parse_spec, read_template
from clausegraph.drafting.assemble import reference_label
from clausegraph.drafting.numerals import chinese_numeral
from clausegraph.drafting.render import render_text
from clausegraph.errors import BadInputError, VariantRefused
from clausegraph.graph import load_store
from clausegraph.sources import CG

STORE = load_store()
TEMPLATE = read_template(STORE)


def pairs(predicate: str) -> list[tuple[str, str]]:
    """(subject, object) of every triple with this cg: predicate, read by pattern (independently of the template's queries)."""
    return [(q.subject.value, q.object.value) for q in STORE.store.quads_for_pattern(None, ox.NamedNode(CG + predicate), None)]


PATHS = sorted({path for _, path in pairs("path")})
TERM_USES = pairs("usesTerm")
DEFINED_IN: dict[str, set[str]] = {}
for term, provision in pairs("definedIn"):
    DEFINED_IN.setdefault(term, set()).add(provision)
KINDS = dict(pairs("referenceKind"))
SOURCES, TARGETS = dict(pairs("referenceSource")), dict(pairs("referenceTarget"))
XREFS = [(SOURCES[r], TARGETS[r]) for r, kind in KINDS.items() if kind == CG + "NumberedReference"]
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
        doc = assemble(TEMPLATE, parse_spec(TEMPLATE, spec))
    except VariantRefused as refusal:
        assert refusal.violations
        for finding in refusal.violations:
            assert finding.option and finding.message and finding.message_zh and finding.rule
        options = {f.option for f in refusal.violations}
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
    check_well_formed(assemble(TEMPLATE, parse_spec(TEMPLATE, {"omit": omit})), {"omit": omit})
