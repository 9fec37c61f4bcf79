"""Clause types of every part of the source, by rule or by assertion, and the CUAD and LEDGAR labels they give through
the SKOS mappings; written from reading the source and ontology/crosswalk/mappings.ttl."""

from __future__ import annotations

import pytest

from clausegraph.crosswalk import answer_table, crosswalk
from clausegraph.graph import load_store
from clausegraph.sources import ONTOLOGY_DIR, graph_sources

# Each part's own clause types and what types it (rule names of queries/crosswalk/clause-types.rq, or asserted).
OWN = {
    "title": {"title": ("title",)},
    "party block": {"parties": ("asserted",)},
    "preamble": {"recitals": ("asserted",)},
    "1.1": {"confidential-information-definition": ("definition of protected information",), "confidentiality": ("act of a norm",)},
    "1.2": {"confidential-information-definition": ("definition of protected information",)},
    "1.3": {"confidential-information-definition": ("definition of protected information",)},
    "1.4": {"confidential-information-definition": ("definition of protected information",)},
    "1.5": {"confidential-information-definition": ("definition of protected information",)},
    # 保密义务人 is defined here; best efforts; no improper use after leaving
    "2": {"definition": ("definition",), "best-efforts": ("act of a norm",), "confidentiality": ("act of a norm",)},
    "3.1": {"confidentiality": ("act of a norm",)},
    "3.2": {"confidentiality": ("act of a norm",)},
    "3.3": {"leak-notification": ("act of a norm",)},
    "3.4": {"return-of-materials": ("act of a norm",)},
    "3.5": {"ip-ownership": ("act of a norm",), "confidentiality": ("act of a norm",), "non-compete": ("act of a norm",),
            "non-compete-compensation": ("act of a norm",)},
    "3.6": {"liability-for-breach": ("act of a norm",)},
    "4.1": {"authorised-disclosure": ("act of a norm",)},
    "4.2": {"survival": ("survival",)},
    "5.1": {"liquidated-damages": ("act of a norm", "sanction")},
    "5.2": {"damages": ("act of a norm", "sanction")},
    "5.3": {"damages": ("sanction",)},
    "5.3.1": {"damages-calculation": ("calculation method",)},
    "5.3.2": {"damages-calculation": ("calculation method",)},
    "5.3.3": {"damages-calculation": ("calculation method",)},
    "5.3.4": {"damages-calculation": ("calculation method",), "liability-for-breach": ("act of a norm", "sanction")},
    "5.4": {"liability-for-breach": ("act of a norm", "sanction")},
    "6": {"dispute-resolution": ("act of a norm",), "forum-selection": ("court of the dispute clause",)},
    "7": {"acknowledgement": ("asserted",)},
    "8.1": {"effectiveness": ("event",)},
    "8.2": {"amendment": ("act of a norm",)},
    "8.3": {"term": ("event",)},
    "9": {"counterparts": ("asserted",)},
    "signature block": {"signatures": ("asserted",)},
}
# An article (or 5.3) carries the types of its parts.
FROM_PARTS = {
    "1": {"confidential-information-definition", "confidentiality"},
    "3": {"confidentiality", "leak-notification", "return-of-materials", "ip-ownership", "non-compete", "non-compete-compensation",
          "liability-for-breach"},
    "4": {"authorised-disclosure", "survival"},
    "5": {"liquidated-damages", "damages", "damages-calculation", "liability-for-breach"},
    "5.3": {"damages-calculation", "liability-for-breach"},
    "8": {"effectiveness", "amendment", "term"},
}
PROVISIONS = ["1", "1.1", "1.2", "1.3", "1.4", "1.5", "2", "3", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "4", "4.1", "4.2", "5", "5.1",
              "5.2", "5.3", "5.3.1", "5.3.2", "5.3.3", "5.3.4", "5.4", "6", "7", "8", "8.1", "8.2", "8.3", "9"]
NAMES = {"AgreementTemplate": "title", "PartyBlock": "party block", "Preamble": "preamble", "SignatureBlock": "signature block"}


def name(typing) -> str:
    return typing.path or NAMES[typing.kind]


def own_types(answer) -> dict[str, dict[str, tuple[str, ...]]]:
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for t in answer.typings:
        bases = tuple(b for b in t.bases if b != "parts")
        if bases:
            out.setdefault(name(t), {})[t.clause_type.rsplit("/", 1)[-1]] = bases
    return out


def part_types(answer) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for t in answer.typings:
        if "parts" in t.bases:
            out.setdefault(name(t), set()).add(t.clause_type.rsplit("/", 1)[-1])
    return out


def test_every_part_is_typed_by_rule_or_assertion(store):
    answer = crosswalk(store, "cuad")
    assert {k: {t: tuple(sorted(b)) for t, b in v.items()} for k, v in own_types(answer).items()} == \
        {k: {t: tuple(sorted(b)) for t, b in v.items()} for k, v in OWN.items()}
    assert part_types(answer) == FROM_PARTS
    typed = {t.path for t in answer.typings if t.path}
    assert typed == set(PROVISIONS)  # every provision of the source


def test_assertions_only_where_no_rule_types_the_part():
    """An asserted type is the part's only type, and without the assertions those parts have no type at all."""
    sources = [s for s in graph_sources() if s.path != ONTOLOGY_DIR / "agreements" / "departure-confidentiality" / "clause-types.ttl"]
    without = crosswalk(load_store(sources), "cuad")
    asserted = {part for part, types in OWN.items() if any("asserted" in bases for bases in types.values())}
    assert asserted == {"party block", "preamble", "7", "9", "signature block"}
    for part in asserted:
        assert all(bases == ("asserted",) for bases in OWN[part].values())
    assert not asserted & set(own_types(without))
    assert own_types(without) == {k: v for k, v in OWN.items() if k not in asserted}


CUAD_PRESENT = {
    "Document Name": {"title"},
    "Parties": {"party block"},
    "Effective Date": {"8.1"},                 # 本协议自双方签字或盖章后生效
    "Expiration Date": {"8.3"},                # 离职三年后自动解除
    "IP Ownership Assignment": {"3.5"},        # 承认甲方…对这些商业秘密的所有权
    "Non-Compete": {"3.5"},                    # 两年内不得自营或为竞争者提供服务
    "Liquidated Damages": {"5.1"},             # 违约金 (void for confidentiality, valid for the non-compete: the clause is one)
    "Post-Termination Services": {"3.4", "3.5"},  # return of materials; compensation paid after employment ends
}
# Mapped, but no part of the source is of a type that carries them: no choice of law (the preamble's 根据… names the
# statutes the parties rely on, it does not choose a law), no non-solicitation, and the date of signing left blank.
CUAD_ABSENT = {"Agreement Date", "Governing Law", "No-Solicit of Customers", "No-Solicit of Employees"}


def cuad(answer) -> dict[str, tuple[str, set[str]]]:
    return {c.concept.notation: (c.status, {a.path or NAMES[a.kind] for a in c.assignments}) for c in answer.categories}


def test_cuad_categories_the_source_has_and_lacks(backend):
    got = cuad(crosswalk(backend, "cuad"))
    assert len(got) == 41
    assert {k: parts for k, (status, parts) in got.items() if status == "present"} == CUAD_PRESENT
    assert {k for k, (status, _) in got.items() if status == "absent"} == CUAD_ABSENT
    unmapped = {k for k, (status, _) in got.items() if status == "unmapped"}
    assert len(unmapped) == 41 - len(CUAD_PRESENT) - len(CUAD_ABSENT) == 29
    assert {"Most Favored Nation", "License Grant", "Uncapped Liability", "Cap on Liability", "Exclusivity"} <= unmapped


def test_cuad_table_rows_answer_which_categories_the_agreement_lacks(store):
    columns, rows = answer_table(crosswalk(store, "cuad"))
    assert columns == ("category", "status", "evidence", "clause types")
    lacking = {row[0] for row in rows if row[1] != "present"}
    assert lacking == set(cuad(crosswalk(store, "cuad"))) - set(CUAD_PRESENT)
    assert ("Non-Compete", "present", "3.5", "non-compete (exactMatch)") in rows


LEDGAR = {  # provision: (its label: best relation, then lowest class id), all the labels it gets
    "1.1": ("Confidentiality", {"Confidentiality", "Definitions"}),
    "1.2": ("Definitions", {"Definitions"}), "1.3": ("Definitions", {"Definitions"}), "1.4": ("Definitions", {"Definitions"}),
    "1.5": ("Definitions", {"Definitions"}),
    "2": ("Confidentiality", {"Confidentiality", "Definitions", "Duties"}),
    "3.1": ("Confidentiality", {"Confidentiality"}), "3.2": ("Confidentiality", {"Confidentiality"}),
    "3.3": ("Confidentiality", {"Confidentiality"}), "3.4": ("Confidentiality", {"Confidentiality"}),
    "3.5": ("Confidentiality", {"Confidentiality", "Intellectual Property", "Payments"}),
    "3.6": ("Remedies", {"Remedies"}), "4.1": ("Confidentiality", {"Confidentiality"}), "4.2": ("Survival", {"Survival"}),
    "5.1": ("Remedies", {"Remedies"}), "5.2": ("Remedies", {"Remedies"}), "5.3": ("Remedies", {"Remedies"}),
    "5.3.1": ("Remedies", {"Remedies"}), "5.3.2": ("Remedies", {"Remedies"}), "5.3.3": ("Remedies", {"Remedies"}),
    "5.3.4": ("Remedies", {"Remedies"}), "5.4": ("Remedies", {"Remedies"}),
    "6": ("Jurisdictions", {"Jurisdictions"}),
    "7": ("Representations", {"Representations"}),
    "8.1": ("Effectiveness", {"Effectiveness", "Effective Dates"}),
    "8.2": ("Amendments", {"Amendments", "Modifications"}),
    "8.3": ("Terms", {"Terms"}),
    "9": ("Counterparts", {"Counterparts"}),
}


def ledgar(answer) -> dict[str, tuple[str, set[str]]]:
    primary = answer.primary()
    out: dict[str, tuple[str, set[str]]] = {}
    for a in answer.assignments:
        if a.path:
            out.setdefault(a.path, (primary[a.component].concept.label_en, set()))[1].add(a.concept.label_en)
    return out


def test_ledgar_labels_per_provision(store):
    assert ledgar(crosswalk(store, "ledgar")) == LEDGAR


def test_variants_move_dataset_labels_as_the_text_says(store):
    # no non-compete: 3.5 keeps ownership and secrecy; its non-compete and compensation are gone
    no_nc = cuad(crosswalk(store, "cuad", spec={"non_compete": False}))
    assert no_nc["Non-Compete"] == ("absent", set())
    assert no_nc["Post-Termination Services"] == ("present", {"3.4"})
    assert no_nc["IP Ownership Assignment"] == ("present", {"3.5"})
    # 8.1 omitted: nothing says when the agreement takes effect
    assert cuad(crosswalk(store, "cuad", spec={"omit": "8.1"}))["Effective Date"] == ("absent", set())
    # labour arbitration written into 第六条: an arbitration clause, its best LEDGAR label
    arbitration = ledgar(crosswalk(store, "ledgar", spec={"dispute_forum": "arbitration"}))
    assert arbitration["6"] == ("Arbitration", {"Arbitration", "Jurisdictions"})
    assert {k: v for k, v in arbitration.items() if k != "6"} == {k: v for k, v in LEDGAR.items() if k != "6"}


@pytest.mark.parametrize("scheme", ["cuad", "ledgar"])
def test_the_english_rendering_carries_the_same_dataset_labels(store, scheme):
    zh = crosswalk(store, scheme, spec={"omit": "3.3"})
    en = crosswalk(store, scheme, spec={"omit": "3.3", "language": "en"})
    assert [(c.concept.notation, c.status, [a.component for a in c.assignments]) for c in zh.categories] == \
        [(c.concept.notation, c.status, [a.component for a in c.assignments]) for c in en.categories]
