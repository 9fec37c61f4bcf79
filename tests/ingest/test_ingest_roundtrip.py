"""Round trips: the source text gives back the hand-made agreement graph; an assembled variant (txt or
docx, zh or zh-en) gives back that variant's structure."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausegraph.drafting import assemble, parse_spec, read_template, render
from clausegraph.graph import load_store
from clausegraph.ingest import ingest_source, load_into, source_from_bytes
from clausegraph.queries import ask
from clausegraph.results import read_table
from clausegraph.sources import AGREEMENT

from ingest_support import clock, rows

HAND_MADE = AGREEMENT + "agreement"


@pytest.fixture(scope="module")
def both(seed):
    """The project's graph (with the hand-made agreement) and the ingested source, side by side."""
    store = load_store()
    load_into(store, [seed])
    return store


def structure(store, agreement: str) -> list[tuple]:
    table = read_table(ask(store, "structure", {"agreement": agreement})).values()
    return [(r["path"], r["kind"], r["label"], r["heading"], r["textZh"]) for r in table]


def test_structure_question_gives_the_hand_made_structure(both, seed):
    """Every component in order, with its path, kind, label, heading and Chinese text, as text.ttl has it."""
    hand, ingested = structure(both, HAND_MADE), structure(both, seed.agreement.value)
    assert len(hand) == 43
    assert ingested == hand


def test_cross_references_are_the_hand_made_ones(both, seed):
    def refs(agreement):
        return sorted((r["source"], r["target"], r["anchor"], r["kind"]) for r in rows(both, "ingest/cross-references", agreement=agreement))

    assert refs(seed.agreement.value) == refs(HAND_MADE) == [
        ("3.6", "3", "本项", "RelativeReference"),
        ("3.6", "5", "第五条", "NumberedReference"),
        ("5.3", "5.2", "前款", "RelativeReference"),
        ("5.3.2", "5.3.1", "（1）", "NumberedReference"),
    ]


def test_citations_are_the_hand_made_ones(both, seed):
    def cites(agreement):
        return sorted((r["citedIn"], r["instrument"]) for r in rows(both, "ingest/cites", agreement=agreement))

    assert cites(seed.agreement.value) == cites(HAND_MADE) == [
        ("3.5", "law:province-labour-contract-regulation"),
        ("序言", "law:anti-unfair-competition-law"),
        ("序言", "law:contract-law"),
        ("序言", "law:labour-law"),
        ("序言", "law:state-council-ministry-rules"),
        ("序言", "law:state-secrets-law"),
    ]


def test_the_vague_citation_of_5_3_4_stays_unresolved(seed_store, seed):
    found = rows(seed_store, "ingest/citations", agreement=seed.agreement.value)
    vague = [(r["citedIn"], r["words"]) for r in found if r["status"] == "CitationVague"]
    assert vague == [("5.3.4", "国家有关法律、法规")]


# ------------------------------------------------------------------------------------------------ variants


@pytest.fixture(scope="module")
def template():
    return read_template(load_store())


def expected_structure(document) -> list[tuple]:
    """(path, kind, heading zh, text zh, text en) of every provision of an assembled document, by its new numbers."""
    out = []

    def walk(block, prefix):
        path = f"{prefix}.{block.number}" if prefix else str(block.number)
        out.append((path, block.kind, block.heading.get("zh"), block.text.get("zh"), block.text.get("en") if document.language == "zh-en" else None))
        for child in block.children:
            walk(child, path)

    for block in document.blocks:
        if block.kind == "Article":
            walk(block, "")
    return out


def ingested_structure(item) -> list[tuple]:
    text = item.reading.layout.text
    return [(p.path, p.kind, p.heading.of(text) if p.heading else None, p.text.of(text) if p.text else None, p.text_en)
            for p in item.reading.layout.provisions()]


def fields_and_signatures(document, fmt: str) -> tuple[list, list]:
    """The party fields, and the signature block's lines (zh); a DOCX lays the lines out as a table, read cell by cell."""
    fields, signatures = [], []
    for block in document.blocks:
        for child in block.children:
            if child.kind == "PartyField":
                fields.append((child.text["zh"], child.value))
            elif child.kind == "SignatureLine" and fmt == "txt":
                signatures.append(child.text["zh"])
        if fmt == "docx":
            signatures.extend(cell.line("zh") for row in block.rows for cell in row if cell.line("zh"))
    return fields, signatures


def round_trip(template, spec: dict, fmt: str):
    document = assemble(template, parse_spec(template, spec))
    data = render(document, fmt)
    return document, ingest_source(source_from_bytes(f"variant.{fmt}", data), agreement_id="variant", now=clock)


SPECS = [
    {},
    {"omit": ["4"], "employee.name": "张三"},
    {"language": "zh-en", "dispute_forum": "arbitration", "modern_legal_bases": True},
    {"omit": ["5.3.3", "7"], "non_compete": False, "agreement_years": 2},
    {"language": "zh-en", "omit": ["4.1", "5.4"], "employer.name": "济南明湖科技有限公司", "non_compete_months": 12},
]


@pytest.mark.parametrize("fmt", ["txt", "docx"])
@pytest.mark.parametrize("spec", SPECS, ids=[str(i) for i in range(len(SPECS))])
def test_an_assembled_variant_gives_its_structure_back(template, spec, fmt):
    document, item = round_trip(template, spec, fmt)
    assert ingested_structure(item) == expected_structure(document)
    layout, text = item.reading.layout, item.reading.layout.text
    fields, signatures = fields_and_signatures(document, fmt)
    assert [(f.label.of(text), f.value.of(text) if f.value else None) for f in layout.fields] == fields
    assert [s.text.of(text) for s in layout.signatures] == signatures
    assert layout.title.of(text) == document.title["zh"]


def test_a_variant_without_article_4_refers_to_the_renumbered_article(template):
    """Omitting 第四条 renumbers 第五条 as 第四条 and rewrites 3.6's reference; ingestion follows it there."""
    _, item = round_trip(template, {"omit": ["4"]}, "txt")
    refs = sorted((r.source.path, r.target.path, item.reading.layout.text[r.anchor.start:r.anchor.end]) for r in item.reading.references)
    assert refs == [("3.6", "3", "本项"), ("3.6", "4", "第四条"), ("4.3", "4.2", "前款"), ("4.3.2", "4.3.1", "（1）")]


def test_a_variant_with_names_is_an_executed_agreement_citing_a_repealed_statute(template):
    """With the parties named, the ingested text also records an executed agreement: repealed-citations finds
    it citing 合同法 (repealed by the Civil Code), as it finds the generated executed agreements."""
    _, item = round_trip(template, {"employer.name": "济南明湖科技有限公司", "employee.name": "张三"}, "txt")
    from ingest_support import store_of

    found = read_table(ask(store_of(item), "repealed-citations")).values()
    assert [(r["employee"], r["instrument"]) for r in found] == [("张三", "合同法")]


OMITTABLE = ["4", "7", "8.2", "5.3.3", "5.4", "3.4", "1.5", "4.1"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    omit=st.lists(st.sampled_from(OMITTABLE), unique=True, max_size=3),
    language=st.sampled_from(["zh", "zh-en"]),
    fmt=st.sampled_from(["txt", "docx"]),
    months=st.sampled_from([6, 12, 18, 24]),
    name=st.sampled_from([None, "李四", "青岛海蓝有限公司"]),
)
def test_any_variant_round_trips(template, omit, language, fmt, months, name):
    spec = {"omit": omit, "language": language, "non_compete_months": months}
    if name:
        spec["employee.name"] = name
    document, item = round_trip(template, spec, fmt)
    assert ingested_structure(item) == expected_structure(document)


def test_docx_reader_writes_out_word_numbering(tmp_path):
    """A DOCX whose numbers Word generates (第%1条 in Chinese counting, %1、, ①) reads with those numbers as text."""
    from docx_numbering import numbered_docx

    from clausegraph.ingest import ingest_source, source_from_bytes

    item = ingest_source(source_from_bytes("numbered.docx", numbered_docx()), agreement_id="numbered", now=clock)
    text = item.reading.layout.text
    assert [(p.path, p.marker, p.heading.of(text) if p.heading else None, p.text.of(text) if p.text else None)
            for p in item.reading.layout.provisions()] == [
        ("1", "第一条", "保密义务", None),
        ("1.1", "1、", None, "乙方应当保守甲方的商业秘密。"),
        ("1.2", "2、", None, "乙方不得披露下列信息："),
        ("1.2.1", "①", None, "客户名单；"),
        ("1.2.2", "②", None, "技术方案。"),
        ("2", "第二条", "违约责任", None),
        ("2.1", "1、", None, "乙方违反第一条的，应当赔偿甲方的损失。"),
    ]
    assert [(r.source.path, r.target.path) for r in item.reading.references] == [("2.1", "1")]


def test_docx_extracted_text_is_kept_beside_the_agreement(tmp_path):
    from docx_numbering import numbered_docx

    item = ingest_source(source_from_bytes("numbered.docx", numbered_docx()), agreement_id="numbered", now=clock)
    assert item.reading.source.extracted and item.reading.source.encoding is None
    assert item.reading.layout.text.startswith("保密协议\n甲方：")
    assert io.BytesIO(numbered_docx()).getvalue()[:2] == b"PK"
