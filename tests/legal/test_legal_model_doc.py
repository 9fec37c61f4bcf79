"""docs/legal-model.md: its generated part is current, and shows one worked example of each relation kind,
the survival answer per termination, and a departure's calendar computed under 民法典 第二百至二百零四条."""

from __future__ import annotations

from clausegraph.docgen import GENERATED_BEGIN, GENERATED_END, LEGAL_MODEL, RELATIONS, legal_model


def test_the_generated_part_is_current():
    current = LEGAL_MODEL.read_text(encoding="utf-8")
    assert current == legal_model(current), "run `make docs` and commit docs/legal-model.md"


def test_one_worked_example_per_relation_kind():
    text = LEGAL_MODEL.read_text(encoding="utf-8").split(GENERATED_BEGIN, 1)[1]
    assert text.rstrip().endswith(GENERATED_END)
    for relation in RELATIONS:
        assert text.count(f"### `cg:{relation}`") == 1, relation
    # the void liquidated damages of 5.1 and what applies instead; the court clause and the procedure instead
    assert "void under **劳动合同法第二十五条**" in text
    assert "Applies instead — **违反保密义务或竞业限制按实际损失赔偿**" in text
    assert "Applies instead — **劳动争议处理程序（先仲裁后诉讼）**" in text
    # an example quotes the article verbatim from its file
    assert "> 除本法第二十二条和第二十三条规定的情形外，用人单位不得与劳动者约定由劳动者承担违约金。" in text


def test_the_calendar_counts_a_departure_on_29_february():
    text = LEGAL_MODEL.read_text(encoding="utf-8")
    assert "3.5 离职后两年内竞业限制（2024-03-01–2026-02-28） :2024-03-01, 2026-03-01" in text
    assert "3.4 交还技术资料、设备、客户名单（到期 2024-02-29） :milestone, 2024-02-29, 0d" in text
    assert "### 乙方离职（劳动合同关系终止）" in text and "### 协议自动终止（离职后三年）" in text
