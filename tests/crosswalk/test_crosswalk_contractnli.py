"""ContractNLI labels of the source agreement, its variants and the ingested source, computed by the rules of
queries/crosswalk/contractnli/ from the norm model.

The expected labels and evidence were written from reading the source (tests/cases/source/000_fbae400574137c56.txt)
against each hypothesis before the queries were run; docs/crosswalk.md gives the reasoning for every label that is
not obvious. Evidence is the provisions (by source path) and the norm or defined term each rests on.
"""

from __future__ import annotations

import pytest

from clausegraph.crosswalk import crosswalk
from clausegraph.crosswalk.graph import hypothesis_files, read_spans
from clausegraph.errors import BadInputError, SpecError, VariantRefused
from clausegraph.queries import read_query
from clausegraph.sources import QUERIES_DIR

from crosswalk_support import SEED, ingested_store
from crosswalk_support import SOURCE as SOURCE_FILE

AG = "https://w3id.org/clausegraph/agreement/departure-confidentiality/"

# key: (label, {(path, norm or term it rests on)})
SOURCE = {
    # 第一条1 defines the trade secrets as technical information, know-how and business information (confidential by
    # what they are) besides the documents Party A classifies; 1.2–1.5 define those kinds by content, never by marking.
    "nda-1": ("Contradiction", {("1.1", "term-trade-secret"), ("1.2", "term-technical-information"), ("1.3", "term-know-how"),
                                ("1.4", "term-business-information"), ("1.5", "term-third-party-confidential-matters")}),
    # 经营信息 (1.4: marketing, pricing, customer lists) is protected beside technical information.
    "nda-2": ("Contradiction", {("1.1", "term-trade-secret"), ("1.4", "term-business-information")}),
    # No word on how information is conveyed (oral or written): NotMentioned.
    "nda-3": ("NotMentioned", set()),
    # Use is forbidden outright, save as Party A authorises (4.1): 2 (no improper use after leaving), 3.1 (保证不被…使用),
    # 3.2 (不得…擅自…使用).
    "nda-4": ("Entailment", {("2", "norm-2-no-improper-use"), ("3.1", "norm-3-1-keep-secret"), ("3.2", "norm-3-2-no-disclosure-or-use")}),
    # Every disclosure without Party A's authorisation is forbidden (3.1, 3.2), with no exception for anyone the
    # receiving party employs or engages; Party A's power to authorise (4.1) is not a right of Party B.
    "nda-5": ("Contradiction", {("3.1", "norm-3-1-keep-secret"), ("3.2", "norm-3-2-no-disclosure-or-use"),
                                ("3.2", "norm-3-2-no-third-party-disclosure")}),
    "nda-7": ("Contradiction", {("3.1", "norm-3-1-keep-secret"), ("3.2", "norm-3-2-no-disclosure-or-use"),
                                ("3.2", "norm-3-2-no-third-party-disclosure")}),
    # 3.3 asks for a report of a leak, not of a disclosure the law compels.
    "nda-8": ("NotMentioned", set()),
    "nda-10": ("NotMentioned", set()),
    # 制造再现商业秘密的器材 (3.2) is making devices that reproduce a secret, not reverse engineering.
    "nda-11": ("NotMentioned", set()),
    "nda-12": ("NotMentioned", set()),
    "nda-13": ("NotMentioned", set()),
    # 3.5: Party B acknowledges Party A's ownership of the secrets it obtained or made; nothing grants Party B a right.
    "nda-15": ("Entailment", {("3.5", "norm-3-5-ownership")}),
    # 3.4: return the technical materials, equipment and customer lists, due when employment ends.
    "nda-16": ("Entailment", {("3.4", "norm-3-4-return-materials")}),
    # 3.2: 不得复制…文件或文件副本, and nothing permits a copy.
    "nda-17": ("Contradiction", {("3.2", "norm-3-2-no-copying")}),
    # A non-compete is not a ban on soliciting Party A's people.
    "nda-18": ("NotMentioned", set()),
    # Liability for breaches committed while a duty ran, and the dispute clause (民法典 第五百零七条), outlive the
    # agreement's end three years after departure; 5.1's liquidated damages for confidentiality are void
    # (劳动合同法 第二十五条): 5.1 is evidence through the liquidated damages for the non-compete only.
    "nda-19": ("Entailment", {("3.6", "norm-3-6-liability"), ("5.1", "norm-5-1-non-compete-damages"), ("5.2", "norm-5-2-compensate-loss"),
                              ("5.3.4", "norm-5-3-4-elect-remedy"), ("5.4", "norm-5-4-pursue-liability"), ("6", "norm-6-resolve-dispute")}),
    # Return (3.4) and no taking away of what relates to the secrets (3.2): nothing may be kept.
    "nda-20": ("Contradiction", {("3.2", "norm-3-2-no-disclosure-or-use"), ("3.4", "norm-3-4-return-materials")}),
}


def labels(answer) -> dict[str, tuple[str, set[tuple[str, str]]]]:
    return {h.key: (h.label, {(e.path, e.via.rsplit("/", 1)[-1]) for e in h.evidence}) for h in answer.hypotheses}


def changed(spec: dict, store) -> dict[str, tuple[str, set[tuple[str, str]]]]:
    """The hypotheses whose label or evidence the variant changes."""
    got = labels(crosswalk(store, "contractnli", spec=spec))
    return {key: value for key, value in got.items() if value != SOURCE[key]}


def test_one_rule_file_per_hypothesis_with_a_header():
    keys = [f.rsplit("/", 1)[-1].removesuffix(".rq") for f in hypothesis_files()]
    assert keys == list(SOURCE)  # 17 hypotheses: nda-6, 9 and 14 do not exist
    for name in hypothesis_files():
        query = read_query(QUERIES_DIR / "crosswalk" / name)
        assert query.question_zh and query.question_en.startswith("ContractNLI nda-") and query.row
        assert [p.name for p in query.params] == ["agreement"]


def test_source_labels_on_every_backend(backend):
    """Every hypothesis, on the embedded store, rdflib, oxrdflib, a persistent Oxigraph store and an Oxigraph server."""
    assert labels(crosswalk(backend, "contractnli")) == SOURCE


def test_a_hand_made_agreement_has_no_spans(store):
    answer = crosswalk(store, "contractnli")
    assert all(e.span is None for h in answer.hypotheses for e in h.evidence)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # the return-of-materials provision omitted: nothing to return, and no retention question either
        ({"omit": "3.4"}, {"nda-16": ("NotMentioned", set()), "nda-20": ("NotMentioned", set())}),
        # 3.2 omitted: copying no longer forbidden, nothing forbids taking things away; 3.1 still forbids disclosure and use
        ({"omit": "3.2"}, {"nda-4": ("Entailment", {("2", "norm-2-no-improper-use"), ("3.1", "norm-3-1-keep-secret")}),
                           "nda-5": ("Contradiction", {("3.1", "norm-3-1-keep-secret")}),
                           "nda-7": ("Contradiction", {("3.1", "norm-3-1-keep-secret")}),
                           "nda-17": ("NotMentioned", set()), "nda-20": ("NotMentioned", set())}),
        # 3.5 omitted: no acknowledgement of Party A's ownership; no non-compete, so 5.1's damages for it remedy nothing
        ({"omit": "3.5"}, {"nda-15": ("NotMentioned", set()),
                           "nda-19": ("Entailment", {("3.6", "norm-3-6-liability"), ("5.2", "norm-5-2-compensate-loss"),
                                                     ("5.3.4", "norm-5-3-4-elect-remedy"), ("5.4", "norm-5-4-pursue-liability"),
                                                     ("6", "norm-6-resolve-dispute")})}),
        # the non-compete sentences of 3.5 deleted by the option: the same for 5.1, the ownership stays
        ({"non_compete": False}, {"nda-19": ("Entailment", {("3.6", "norm-3-6-liability"), ("5.2", "norm-5-2-compensate-loss"),
                                                            ("5.3.4", "norm-5-3-4-elect-remedy"), ("5.4", "norm-5-4-pursue-liability"),
                                                            ("6", "norm-6-resolve-dispute")})}),
        # no liability clause and no dispute clause: nothing outlives the agreement
        ({"omit": "3.6,5,6"}, {"nda-19": ("NotMentioned", set())}),
        # 3.1 and 3.2 omitted: 2 still limits use; nothing forbids disclosure, copying or taking away any more
        ({"omit": "3.1,3.2"}, {"nda-4": ("Entailment", {("2", "norm-2-no-improper-use")}), "nda-5": ("NotMentioned", set()),
                               "nda-7": ("NotMentioned", set()), "nda-17": ("NotMentioned", set()), "nda-20": ("NotMentioned", set())}),
        # options that change no norm change no label
        ({"omit": "4", "non_compete_months": 12, "agreement_years": 2, "dispute_forum": "arbitration", "modern_legal_bases": True}, {}),
    ],
    ids=["omit-return", "omit-3.2", "omit-3.5", "no-non-compete", "no-survivors", "omit-3.1-3.2", "no-norm-changed"],
)
def test_variants_move_labels_as_the_text_says(store, spec, expected):
    assert changed(spec, store) == expected


@pytest.mark.parametrize("spec", [{}, {"omit": "3.4"}, {"omit": "3.2", "non_compete": False}])
def test_the_english_rendering_carries_the_same_labels(store, spec):
    zh = labels(crosswalk(store, "contractnli", spec={**spec, "language": "zh"}))
    assert labels(crosswalk(store, "contractnli", spec={**spec, "language": "en"})) == zh
    assert labels(crosswalk(store, "contractnli", spec={**spec, "language": "zh-en"})) == zh


def test_a_variant_leaves_the_store_unchanged(store):
    before = sorted(store.graph_sizes())
    crosswalk(store, "contractnli", spec={"omit": "3.4,3.2", "non_compete": False})
    assert sorted(store.graph_sizes()) == before
    assert labels(crosswalk(store, "contractnli")) == SOURCE


def test_an_ingested_agreement_without_curated_norms_mentions_nothing():
    """Ingestion reads structure, terms and candidate norms; no rule reads a candidate, so every hypothesis is NotMentioned."""
    answer = crosswalk(ingested_store(curated=False), "contractnli", agreement=SEED + "agreement")
    assert {h.key: h.label for h in answer.hypotheses} == {key: "NotMentioned" for key in SOURCE}


def test_the_curated_ingested_source_gets_the_same_labels_with_spans():
    """The ingested source with its norms promoted as in norms.ttl: the labels of the hand-made agreement, and every
    piece of evidence with the span of its provision in the source text."""
    store = ingested_store(curated=True)
    answer = crosswalk(store, "contractnli", agreement=SEED + "agreement")
    expected = {key: (label, {(path, via) for path, via in evidence}) for key, (label, evidence) in SOURCE.items()}
    # ingestion extracts the terms 商业秘密 (term-1) … 经营信息 (term-4) by their definitions; it does not make terms of
    # the classified documents and of 1.5's matters, so 1.5 is no evidence for nda-1 there
    rename = {"term-trade-secret": "term-1", "term-technical-information": "term-2", "term-know-how": "term-3",
              "term-business-information": "term-4"}
    expected["nda-1"] = ("Contradiction", {("1.1", "term-1"), ("1.2", "term-2"), ("1.3", "term-3"), ("1.4", "term-4")})
    expected["nda-2"] = ("Contradiction", {("1.1", "term-1"), ("1.4", "term-4")})
    assert labels(answer) == {k: (lab, {(p, rename.get(v, v)) for p, v in ev}) for k, (lab, ev) in expected.items()}
    source_text, spans = read_spans(store, SEED + "agreement")
    assert source_text == SOURCE_FILE.read_text(encoding="utf-8")
    for h in answer.hypotheses:
        for e in h.evidence:
            assert e.span == (spans[e.provision]["textStart"], spans[e.provision]["textEnd"])
            assert source_text[e.span[0]:e.span[1]] == zh_text(store, e.provision)
    start, end = answer.hypothesis("nda-16").evidence[0].span
    assert source_text[start:end] == "乙方应将与工作有关的技术资料、设备、客户名单等交还甲方。"


def zh_text(store, component: str) -> str:
    rows = list(store.query(f"SELECT ?t WHERE {{ <{component}> <https://w3id.org/clausegraph/ontology#text> ?t FILTER(LANG(?t) = 'zh') }}"))
    return rows[0]["t"].value


def test_bad_requests_are_refused(store):
    with pytest.raises(BadInputError, match="unknown scheme 'nli'"):
        crosswalk(store, "nli")
    with pytest.raises(SpecError, match="unknown provision '3.9'"):
        crosswalk(store, "contractnli", spec={"omit": "3.9"})
    with pytest.raises(VariantRefused, match="non_compete_months"):
        crosswalk(store, "contractnli", spec={"non_compete_months": 36})
    with pytest.raises(BadInputError, match="template only"):
        crosswalk(store, "contractnli", spec={"omit": "3.4"}, agreement=SEED + "agreement")
    with pytest.raises(BadInputError, match="no agreement"):
        crosswalk(store, "contractnli", agreement=AG + "no-such-agreement")
