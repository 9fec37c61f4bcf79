"""Each fixture agreement read exactly as its text says (expected answers written from the fixture texts)."""

from __future__ import annotations

from ingest_support import MANIFEST, FIXTURES


def outline(item) -> list[tuple]:
    text = item.reading.layout.text
    return [(p.path, p.kind, p.marker, p.heading.of(text) if p.heading else None, p.text.of(text) if p.text else None)
            for p in item.reading.layout.provisions()]


def refs(item) -> list[tuple]:
    text = item.reading.layout.text
    return [(r.source.path, r.target.path if r.target else None, text[r.anchor.start:r.anchor.end], r.kind) for r in item.reading.references]


def cites(item) -> list[tuple]:
    short = lambda iri: iri.rsplit("/", 1)[1] if iri else None  # noqa: E731
    return [(getattr(c.component, "path", c.component), c.status, c.title, short(c.instrument), short(c.article), short(c.nearest))
            for c in item.reading.citations]


def roles(item) -> dict[str, tuple]:
    return {d: (p.role, p.name) for d, p in item.reading.parties.items()}


def candidates(item) -> list[tuple]:
    return [(n.provision.path, n.kind, tuple(b.designation for b in n.bearers)) for n in item.reading.candidates.norms]


def notes(item) -> list[str]:
    return [n.kind for n in item.notes]


def test_every_fixture_is_in_the_manifest_with_its_source():
    listed = {entry["file"] for entry in MANIFEST["fixture"]}
    assert listed == {p.name for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md", ".docx")}
    assert len(listed) >= 8 and all(entry["source"] and entry["covers"] for entry in MANIFEST["fixture"])


def test_arabic_article_numbers_with_dotted_paragraphs_and_half_width_items(ingested):
    item = ingested["01-arabic-articles.txt"]
    assert outline(item) == [
        ("1", "Article", "第1条", "定义", None),
        ("1.1", "Paragraph", "1.", None, "本协议所称“竞争对手”是指与甲方经营同类业务的企业。"),
        ("1.2", "Paragraph", "2.", None, "“竞业限制期”是指乙方离职之日起十二个月。"),
        ("2", "Article", "第2条", "竞业限制义务", None),
        ("2.1", "Paragraph", "1.", None, "在竞业限制期内，乙方不得到竞争对手任职。"),
        ("2.2", "Paragraph", "2.", None, "乙方不得自营与甲方有竞争关系的业务。"),
        ("3", "Article", "第3条", "补偿金", None),
        ("3.1", "Paragraph", "1.", None, "甲方应在竞业限制期内按月向乙方支付补偿金，每月补偿金为乙方离职前十二个月平均工资的30%。"),
        ("3.2", "Paragraph", "2.", None, "补偿金按下列方式支付："),
        ("3.2.1", "Item", "(1)", None, "每月十五日前支付上月补偿金；"),
        ("3.2.2", "Item", "(2)", None, "以银行转账方式支付至乙方工资账户。"),
        ("4", "Article", "第4条", "违约责任", "乙方违反本协议第2条的，应向甲方支付违约金人民币50000元，并返还已领取的补偿金。"),
        ("5", "Article", "第5条", "其他", "本协议自双方签字之日起生效，一式两份，双方各执一份。"),
    ]
    assert roles(item) == {"甲方": ("employer", "北京星河软件有限公司"), "乙方": ("employee", "李明")}
    assert refs(item) == [("4", "2", "第2条", "numbered")]
    assert cites(item) == [
        ("preamble", "resolved", "中华人民共和国劳动合同法", "labour-contract-law", "labour-contract-law-art-23", None),
        ("preamble", "resolved", "中华人民共和国劳动合同法", "labour-contract-law", "labour-contract-law-art-24", None),
    ]
    terms = {t.label: (t.provision.path, sorted({c.path for c, _ in t.uses})) for t in item.reading.terms}
    assert terms == {"竞争对手": ("1.1", ["2.1"]), "竞业限制期": ("1.2", ["2.1", "3.1"])}
    assert candidates(item) == [("2.1", "Prohibition", ("乙方",)), ("2.2", "Prohibition", ("乙方",)),
                                ("3.1", "Obligation", ("甲方",)), ("4", "Obligation", ("乙方",))]
    found = item.reading.candidates
    assert [(d.value, d.unit, d.event.kind) for d in found.durations] == [(12, "unitMonth", "EmploymentTermination")]
    assert [(a.value, a.unit) for a in found.amounts] == [(30, "percent-of-monthly-wage"), (50000, "yuan")]
    assert [s.text.of(item.reading.layout.text) for s in item.reading.layout.signatures] == ["甲方（盖章）：", "乙方（签字）：", "日期：    年   月   日"]
    assert notes(item) == []


def test_chinese_comma_articles_with_parenthesised_paragraphs(ingested):
    item = ingested["02-cjk-comma.txt"]
    assert [(p, k, m) for p, k, m, _, _ in outline(item)] == [
        ("1", "Article", "一、"), ("1.1", "Paragraph", "（一）"), ("1.2", "Paragraph", "（二）"),
        ("2", "Article", "二、"), ("2.1", "Paragraph", "（一）"), ("2.2", "Paragraph", "（二）"), ("2.3", "Paragraph", "（三）"),
        ("3", "Article", "三、"), ("4", "Article", "四、"),
    ]
    assert refs(item) == [("2.3", "2.2", "前款", "relative")]
    assert roles(item) == {"甲方": ("employer", "上海云帆数据科技有限公司"), "乙方": ("employee", "王芳")}
    assert candidates(item)[-1] == ("4", "Permission", ("甲方", "乙方"))


def test_markdown_with_arabic_comma_articles_and_circled_items(ingested):
    item = ingested["03-arabic-comma.md"]
    assert item.reading.source.extracted and item.reading.layout.text.startswith("技术资料保管协议\n甲方：广州明德电子有限公司\n")
    assert [(p, k, m, h) for p, k, m, h, _ in outline(item)] == [
        ("1", "Article", "1、", "资料范围"), ("1.1", "Paragraph", "（1）", None), ("1.2", "Paragraph", "（2）", None),
        ("1.2.1", "Item", "①", None), ("1.2.2", "Item", "②", None),
        ("2", "Article", "2、", "保管义务"), ("2.1", "Paragraph", "（1）", None), ("2.2", "Paragraph", "（2）", None),
        ("3", "Article", "3、", "违约责任"),
    ]
    assert refs(item) == [("3", "2", "第2条", "numbered")]
    assert [(d.value, d.unit, d.event.kind) for d in item.reading.candidates.durations] == [(3, "unitDay", "EmploymentTermination")]


def test_full_width_dot_with_bom_and_crlf(ingested):
    item = ingested["04-fullwidth-dot.txt"]
    text = item.reading.layout.text
    assert not text.startswith("\ufeff") and item.reading.layout.title.of(text) == "保密及竞业限制协议"
    assert [(p, k, m) for p, k, m, _, _ in outline(item)] == [
        ("1", "Article", "1．"), ("1.1", "Paragraph", "（一）"), ("1.2", "Paragraph", "（二）"),
        ("1.2.1", "Item", "(1)"), ("1.2.2", "Item", "(2)"),
        ("2", "Article", "2．"), ("2.1", "Paragraph", "（一）"), ("2.2", "Paragraph", "（二）"), ("3", "Article", "3．"),
    ]
    assert all("\r" not in t for *_, t in outline(item) if t)
    assert item.reading.layout.preamble is None
    assert cites(item) == [("3", "vague", None, None, None, None)]
    assert [(a.value, a.unit) for a in item.reading.candidates.amounts] == [(3000, "yuan")]


def test_reversed_parties(ingested):
    item = ingested["05-reversed-parties.txt"]
    assert roles(item) == {"甲方": ("employee", "刘洋"), "乙方": ("employer", "杭州智能科技有限公司")}
    assert candidates(item) == [("1", "Prohibition", ("甲方",)), ("2", "Obligation", ("乙方",)), ("3", "Obligation", ("甲方",))]
    assert cites(item) == [("preamble", "resolved", "劳动合同法", "labour-contract-law", None, None)]
    assert [(d.value, d.unit) for d in item.reading.candidates.durations] == [(18, "unitMonth")]


def test_reversed_parties_in_the_graph(ingested):
    """The executed agreement's employee is 甲方 (刘洋), its employer 乙方."""
    from ingest_support import store_of

    item = ingested["05-reversed-parties.txt"]
    store = store_of(item)
    ask = "PREFIX cg: <https://w3id.org/clausegraph/ontology#> SELECT ?e ?r WHERE { ?x cg:employee/cg:name ?e ; cg:employer/cg:name ?r }"
    assert [(s["e"].value, s["r"].value) for s in store.query(ask)] == [("刘洋", "杭州智能科技有限公司")]


def test_one_line_text(ingested):
    item = ingested["06-one-line.txt"]
    layout, text = item.reading.layout, item.reading.layout.text
    assert "\n" not in text
    assert layout.title.of(text) == "保密协议"
    assert [(f.label.of(text), f.value.of(text)) for f in layout.fields] == [("甲方：", "南京远航材料有限公司"), ("乙方：", "孙磊")]
    assert layout.preamble.text.of(text) == "为保护甲方商业秘密，双方协商一致，订立本协议。"
    assert outline(item) == [
        ("1", "Article", "第一条", "保密内容", "乙方应当保守甲方的商业秘密。"),
        ("2", "Article", "第二条", "保密期限", "乙方离职后两年内仍应履行保密义务。"),
        ("3", "Article", "第三条", "违约责任", "乙方违反本协议第一条的，应当支付违约金人民币十万元。"),
    ]
    assert [s.text.of(text) for s in layout.signatures] == ["甲方（盖章）：", "乙方（签字）："]
    assert [(a.value, a.unit) for a in item.reading.candidates.amounts] == [(100000, "yuan")]


def test_numbering_gap_and_repeat_are_reported_and_kept(ingested):
    item = ingested["07-numbering-gap.txt"]
    assert [(p, m) for p, _, m, _, _ in outline(item)] == [("1", "第一条"), ("2", "第二条"), ("2.1", "1、"), ("2.2", "2、"), ("2.2", "2、"), ("4", "第四条")]
    assert [p.local for p in item.reading.layout.provisions()] == ["art-1", "art-2", "art-2-para-1", "art-2-para-2", "art-2-para-2-dup2", "art-4"]
    assert [(n.kind, n.message) for n in item.notes] == [
        ("numbering-repeat", "in 第二条, 2、 repeats or goes back after number 2; kept as written"),
        ("numbering-gap", "in the agreement, 第四条 follows number 2: number 3 is missing; kept as written, not renumbered"),
    ]
    assert refs(item) == [("4", "2", "第二条", "numbered")]


def test_misnamed_statute_is_flagged_with_the_nearest_title(ingested):
    item = ingested["08-misnamed-statute.txt"]
    assert cites(item) == [
        ("preamble", "unknown-title", "中华人民共和国不正当竞争法", None, None, "anti-unfair-competition-law"),
        ("preamble", "resolved", "中华人民共和国劳动合同法", "labour-contract-law", None, None),
        ("2", "resolved", "劳动法", "labour-law", "labour-law-art-102", None),
        ("3", "vague", None, None, None, None),
    ]
    assert refs(item) == [("2", "1", "第一条", "numbered"), ("2", None, "第十二条", "numbered")]
    assert notes(item) == ["unknown-title", "vague-citation", "unresolved-reference"]


def test_gbk_file(ingested):
    item = ingested["09-gbk.txt"]
    assert item.reading.source.encoding in ("gb18030", "gbk", "gb2312")
    assert item.reading.layout.title.of(item.reading.layout.text) == "保密协议书"
    assert [(p, m, t) for p, _, m, _, t in outline(item)] == [
        ("1", "第一条", "本协议所称保密信息，是指甲方的客户名单和工艺流程。"),
        ("2", "第二条", None), ("2.1", "1、", "乙方不得泄露保密信息。"), ("2.2", "2、", "乙方离职时应当交还全部资料。"),
        ("3", "第三条", "本协议自签订之日起生效，至乙方离职后三年终止。"),
    ]
    assert cites(item) == [("preamble", "resolved", "中华人民共和国反不正当竞争法", "anti-unfair-competition-law", None, None)]


def test_ten_articles(ingested):
    item = ingested["10-ten-articles.txt"]
    articles = [p for p in item.reading.layout.articles]
    assert [(a.path, a.marker) for a in articles][-2:] == [("9", "第九条"), ("10", "第十条")]
    assert len(item.reading.layout.provisions()) == 23
    assert refs(item) == [("5.2", "5.1", "前款", "relative"), ("6.1", "4", "第四条", "numbered"), ("6.2", "2", "第二条", "numbered")]
    assert {t.label: t.provision.path for t in item.reading.terms} == {"商业秘密": "1.1", "竞争单位": "1.2"}
    assert [(a.value, a.unit) for a in item.reading.candidates.amounts] == [(30, "percent-of-monthly-wage"), (80000, "yuan")]


def test_each_graph_states_a_triple_once(ingested, seed):
    """A component citing one statute twice (第二十三条、第二十四条 of 劳动合同法) or using a term in two sentences states
    it once: the graphs hold no repeated triple (the seed had 8, fixture 01 one)."""
    for name, item in {**ingested, "seed": seed}.items():
        assert len(item.triples) == len(set(item.triples)), name


def test_chapters_group_articles_and_are_never_article_text(ingested):
    """第X章 lines are chapters: each names its articles, and none is read as a paragraph of the article before it
    (第二条 has one text, not a second paragraph 第二章 保密义务)."""
    item = ingested["11-chapters.txt"]
    text = item.reading.layout.text
    chapters = [(c.number, c.marker.of(text), c.heading.of(text), [a.path for a in c.articles]) for c in item.reading.layout.chapters]
    assert chapters == [(1, "第一章", "总则", ["1", "2"]), (2, "第二章", "保密义务", ["3", "4"]), (3, "第三章", "竞业限制", ["5", "6"])]
    assert [(p, k) for p, k, _, _, _ in outline(item)] == [
        ("1", "Article"), ("2", "Article"), ("3", "Article"), ("3.1", "Paragraph"), ("3.2", "Paragraph"), ("4", "Article"),
        ("5", "Article"), ("6", "Article"),
    ]
    article_2 = next(a for a in item.reading.layout.articles if a.path == "2")
    assert article_2.text.of(text) == "本协议自双方签字之日起生效。" and not article_2.children
    assert item.reading.layout.preamble.text.of(text) == "甲乙双方根据《中华人民共和国劳动合同法》第二十三条的规定，订立本协议。"
    assert [line.text.of(text) for line in item.reading.layout.signatures] == ["甲方（盖章）：", "乙方（签字）："]
    assert ": 3 chapters, 6 articles, 2 paragraphs and items, " in item.summary() and item.notes == []


def test_chapters_in_the_graph(ingested):
    """In the graph: a cg:Chapter per chapter with its heading (span checked by queries/ingest/span-mismatches.rq),
    and cg:inChapter from each article; the articles stay the agreement's own parts."""
    import pyoxigraph as ox

    item = ingested["11-chapters.txt"]
    cg = "https://w3id.org/clausegraph/ontology#"
    triples = set(item.triples)
    chapter = ox.NamedNode(item.agreement.value.replace("agreement", "chapter-3"))
    assert ox.Triple(chapter, ox.NamedNode(cg + "chapterHeading"), ox.Literal("竞业限制", language="zh")) in triples
    in_chapter = sorted(t.subject.value.rsplit("/", 1)[1] for t in triples
                        if t.predicate.value == cg + "inChapter" and t.object == chapter)
    assert in_chapter == ["art-5", "art-6"]
    assert ox.Triple(item.agreement, ox.NamedNode(cg + "hasPart"), ox.NamedNode(item.agreement.value.replace("agreement", "art-5"))) in triples


def test_a_chapter_out_of_order_is_reported_and_a_chapter_may_have_no_heading():
    from clausegraph.ingest.segment import segment

    text = "协议\n第一章\n第一条 乙方应保密。\n第三章 附则\n第二条 本协议自签字之日起生效。\n"
    layout = segment(text)
    assert [(c.number, c.heading.of(text) if c.heading else None, [a.path for a in c.articles]) for c in layout.chapters] == [
        (1, None, ["1"]), (3, "附则", ["2"])]
    assert [(n.kind, n.message) for n in layout.notes] == [
        ("numbering-gap", "第三章 follows chapter 1; kept as written, not renumbered")]


def test_decimal_numbers_name_their_level_and_their_parents(ingested):
    """1.1 is a paragraph of article 1 and 2.2.1 an item of paragraph 2.2: the number's parts give the level and the
    provisions it is in (before, a line 1.1 was not a number at all and became text of article 1). 第2.2条 refers to
    paragraph 2.2."""
    item = ingested["12-decimal.txt"]
    assert outline(item) == [
        ("1", "Article", "1.", "定义", None),
        ("1.1", "Paragraph", "1.1", None, "本协议所称“商业秘密”，是指不为公众所知悉、具有商业价值并经甲方采取相应保密措施的技术信息和经营信息。"),
        ("1.2", "Paragraph", "1.2", None, "本协议所称“离职”，是指乙方与甲方的劳动合同解除或者终止。"),
        ("2", "Article", "2.", "保密义务", None),
        ("2.1", "Paragraph", "2.1", None, "乙方应当对甲方的商业秘密承担保密义务。"),
        ("2.2", "Paragraph", "2.2", None, "乙方不得实施下列行为："),
        ("2.2.1", "Item", "2.2.1", None, "披露甲方的商业秘密；"),
        ("2.2.2", "Item", "2.2.2", None, "使用或者允许他人使用甲方的商业秘密。"),
        ("2.3", "Paragraph", "2.3", None, "乙方离职时，应当将载有商业秘密的全部资料交还甲方。"),
        ("3", "Article", "3.", "违约责任", "乙方违反本协议第2.2条的约定，给甲方造成损失的，应当承担赔偿责任。"),
        ("4", "Article", "4.", "其他", None),
        ("4.1", "Paragraph", "4.1", None, "本协议自双方签字之日起生效。"),
        ("4.2", "Paragraph", "4.2", None, "本协议一式两份，甲乙双方各执一份。"),
    ]
    assert refs(item) == [("3", "2.2", "第2.2条", "numbered")]
    assert candidates(item) == [("2.1", "Obligation", ("乙方",)), ("2.2", "Prohibition", ("乙方",)),
                                ("2.3", "Obligation", ("乙方",)), ("3", "Obligation", ("乙方",))]
    assert item.notes == []


def test_a_decimal_number_outside_its_provision_or_too_deep_is_reported_and_kept_as_text():
    from clausegraph.ingest.segment import segment

    text = "协议\n第一条 保密\n1.1 乙方应保密。\n2.1 乙方不得披露。\n1.2 乙方应交还资料：\n1.2.1 文件；\n1.2.1.1 电子文件。\n第二条 生效\n"
    layout = segment(text)
    assert [(p.path, p.text.of(text) if p.text else None) for p in layout.provisions()] == [
        ("1", None), ("1.1", "乙方应保密。\n2.1 乙方不得披露。"), ("1.2", "乙方应交还资料："),
        ("1.2.1", "文件；\n1.2.1.1 电子文件。"), ("2", "生效")]
    assert [(n.kind, n.message) for n in layout.notes] == [
        ("numbering-mismatch", "2.1 is not a part of the open provision (1.1): kept as text of it"),
        ("deep-numbering", "1.2.1.1 numbers a fourth level, which the model does not have: kept as text of 1.2.1"),
    ]
