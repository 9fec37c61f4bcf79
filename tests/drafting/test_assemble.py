"""Assembling variants: the source reproduced, each option's effect, renumbering, legal limits, escaping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clausegraph.drafting import Document
from clausegraph.drafting.render import layout, render, render_text
from clausegraph.errors import BadInputError, SpecError, VariantRefused
from cli_runner import invoke

# A verbatim copy of shared/seed/000_fbae400574137c56.txt, the source agreement, so the suite runs anywhere.
SOURCE = Path(__file__).parents[1] / "cases" / "source" / "000_fbae400574137c56.txt"


def txt(doc: Document) -> list[str]:
    return [line.rstrip() for line in render_text(doc, "txt").splitlines() if line.strip()]


def line_of(doc: Document, start: str) -> str:
    matches = [line for line in txt(doc) if line.startswith(start)]
    assert len(matches) == 1, f"{start!r}: {matches}"
    return matches[0]


def source_lines() -> list[str]:
    text = SOURCE.read_text(encoding="utf-8")
    return [line.rstrip().replace("[bookmark: _GoBack]", "") for line in text.splitlines() if line.strip()]


# ------------------------------------------------------------------ the source itself


def test_defaults_reproduce_the_source_line_for_line(build):
    assert txt(build()) == source_lines()


def test_cli_without_options_reproduces_the_source():
    result = invoke(["assemble", "--format", "txt"])
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.stdout.splitlines() if line.strip()] == source_lines()


def test_defaults_warn_about_the_repealed_contract_law_and_direct_litigation(build):
    warnings = {(w.option, w.ground) for w in build().warnings}
    assert warnings == {
        ("modern_legal_bases", "Civil Code Art. 1260"),
        ("dispute_forum", "Labour Dispute Mediation and Arbitration Law Art. 5"),
    }


# ------------------------------------------------------------------ each option's effect on the text


def test_party_fields_are_filled(build):
    doc = build(**{"employer.name": "山东某科技有限公司", "employer.address": "济南市市中区经十路1号", "employee.name": "张三",
                   "employee.domicile": "济南市历下区", "employee.id_number": "370102199001011234"})
    assert txt(doc)[1:6] == [
        "甲      方：山东某科技有限公司",
        "地      址：济南市市中区经十路1号",
        "乙      方：张三",
        "住      所：济南市历下区",
        "证件号码：370102199001011234",
    ]


def test_the_signature_block_is_two_columns_with_the_parties_names(build):
    """The source's signature lines are a table of two columns: the names given follow 甲方 and 乙方, and the second
    column stays where the source puts it (display column 39), so the rows line up in a fixed-width font."""
    doc = build(**{"employer.name": "山东某科技有限公司", "employee.name": "张三"})
    assert txt(doc)[-2:] == ["甲    方：山东某科技有限公司" + " " * 11 + "乙    方：张三", "签订时间：" + " " * 29 + "签订时间："]


def test_signature_block_seal_asks_for_seal_signatures_and_dates(build):
    doc = build(**{"signature_block": "seal", "employer.name": "山东某科技有限公司", "employee.name": "张三"})
    assert txt(doc)[-3:] == [
        "甲方（盖章）：山东某科技有限公司" + " " * 7 + "乙方（签字）：张三",
        "法定代表人或授权代表（签字）：",
        "日期：      年    月    日" + " " * 13 + "日期：      年    月    日",
    ]
    english = [line for line in txt(build(signature_block="seal", language="en"))][-3:]
    assert english == ["Party A (seal):" + " " * 24 + "Party B (signature):", "Legal or authorised representative (signature):",
                       "Date:" + " " * 34 + "Date:"]
    assert txt(build(signature_block="seal"))[:-3] == txt(build())[:-2]  # the rest is the source


def test_the_signature_lines_of_a_variant_are_its_table_rows(build):
    """What reads the assembled document (the crosswalk, the review) sees the signature block as laid out: a line per
    row of its table, keeping the source's line IRIs (a third row, which the source lacks, takes its first cell's)."""
    from clausegraph.results import compact

    doc = build(signature_block="seal", **{"employee.name": "张三"})
    lines = doc.blocks[-1].children
    assert [(compact(line.iri), line.kind, line.number) for line in lines] == [
        ("ag:signature-line-1", "SignatureLine", 1), ("ag:signature-line-2", "SignatureLine", 2), ("ag:seal-cell-4", "SignatureLine", 3)]
    assert [line.text["zh"] for line in lines] == txt(doc)[-3:]
    assert [line.text["zh"] for line in build().blocks[-1].children] == source_lines()[-2:]


def test_no_non_compete_drops_the_non_compete_and_its_compensation(build):
    para = line_of(build(non_compete=False), "5、乙方在职期间")
    assert para == (
        "5、乙方在职期间，获得或制作的商业秘密（包括技术秘密和经营秘密），在劳动合同关系终止之后，乙方均承认甲方因投资、"
        "支付劳动报酬而对这些商业秘密的所有权，并且乙方应当克尽保守上述商业秘密的义务。"
    )


def test_non_compete_months_in_years_and_months(build):
    assert "自离开公司之日起一年内不得自营" in line_of(build(non_compete_months=12), "5、乙方在职期间")
    assert "自离开公司之日起十八个月内不得自营" in line_of(build(non_compete_months=18), "5、乙方在职期间")
    english = line_of(build(non_compete_months=18, language="en"), "5. With respect")
    assert "within 18 months from the date of leaving the company" in english


def test_agreement_years(build):
    assert line_of(build(agreement_years=5), "3、乙方从公司离职") == "3、乙方从公司离职五年后本协议自动解除。"
    assert line_of(build(agreement_years=2, language="en"), "3. This Agreement") == (
        "3. This Agreement terminates automatically two years after Party B leaves the company."
    )


def test_province(build):
    assert line_of(build(province="山东"), "5、乙方在职期间").endswith("甲方按《山东省劳动合同条例》的规定向乙方支付补偿金。")


def test_arbitration_then_court(build):
    article = line_of(build(dispute_forum="arbitration", court="济南市市中区人民法院"), "第六条")
    assert article == "第六条 争议的解决方法"
    body = txt(build(dispute_forum="arbitration"))[txt(build()).index(article) + 1]
    assert body.endswith(
        "协商、调解不成，或者一方不愿意协商、调解的，任何一方可以向劳动争议仲裁委员会申请仲裁；对仲裁裁决不服的，可以向济南市市中区人民法院提起诉讼。"
    )


def test_court(build):
    lines = txt(build(court="济南市中级人民法院"))
    assert lines[lines.index("第六条 争议的解决方法") + 1].endswith("争议将提交济南市中级人民法院。")


def test_arbitration_does_not_warn_but_court_does(build):
    assert "dispute_forum" not in {w.option for w in build(dispute_forum="arbitration").warnings}


def test_modern_legal_bases_cite_the_civil_code(build):
    preamble = txt(build(modern_legal_bases=True))[6]
    assert "根据《中华人民共和国民法典》、《中华人民共和国劳动合同法》、《中华人民共和国劳动法》、《中华人民共和国反不正当竞争法》，甲、乙双方" in preamble
    assert "合同法》" not in preamble.replace("劳动合同法》", "")
    assert "国务院有关部委的规定" not in preamble


def test_english(build):
    lines = txt(build(language="en"))
    assert lines[0] == "Departure Confidentiality Agreement"
    assert lines[1] == "Party A:"
    assert "Article 1 Trade Secrets" in lines
    assert "Article 9 This Agreement is made in two counterparts, with Party A and Party B each holding one." in lines


def test_zh_en_txt_interleaves_the_languages(build):
    lines = txt(build(language="zh-en"))
    assert lines[:2] == ["离职保密协议", "Departure Confidentiality Agreement"]
    i = lines.index("第一条 商业秘密")
    assert lines[i + 1] == "Article 1 Trade Secrets"
    assert len(lines) == 2 * len(source_lines())


def test_zh_en_html_is_side_by_side(build):
    html = render_text(build(language="zh-en"), "html")
    assert '<table class="side-by-side">' in html
    assert '<td lang="zh"><h2>第三条 保密义务人的保密义务</h2></td><td lang="en"><h2>Article 3 Confidentiality Obligations of the Confidentiality Obligor</h2></td>' in html


# ------------------------------------------------------------------ renumbering and cross-references


def test_omitting_article_4_renumbers_and_rewrites_the_reference(build):
    doc = build(omit=["4"])
    assert line_of(doc, "6、乙方如违反") == "6、乙方如违反本项规定的，应承担本协议第四条规定的违约责任。"
    heads = [line.split(" ")[0] for line in txt(doc) if line.startswith("第") and "条 " in line[:6]]
    assert heads == ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条", "第八条"]
    assert "第四条 违约责任" in txt(doc)
    assert "第八条 本协议一式二份，甲乙双方各执一份。" in txt(doc)
    english = txt(build(omit=["4"], language="en"))
    assert "6. If Party B violates the provisions of this Article, Party B shall bear the liability for breach of contract provided in Article 4 of this Agreement." in english


def test_omitting_a_paragraph_renumbers_its_siblings(build):
    lines = txt(build(omit=["3.4"]))
    start = lines.index("第三条 保密义务人的保密义务")
    numbers = [line.split("、")[0] for line in lines[start + 1 : start + 6]]
    assert numbers == ["1", "2", "3", "4", "5"]
    assert lines[start + 5] == "5、乙方如违反本项规定的，应承担本协议第五条规定的违约责任。"


def test_omitting_an_item_renumbers_the_items(build):
    lines = txt(build(omit=["5.3.3"]))
    items = [line[:3] for line in lines if line.startswith("（")]
    assert items == ["（1）", "（2）", "（3）"]
    assert lines[[l[:3] for l in lines].index("（3）")].startswith("（3）因乙方的违约或侵权行为侵犯了甲方的商业秘密权利的")
    assert any("如果甲方的损失按照方法（1）所述的计算方法难以计算的" in line for line in lines)


def test_article_numbers_in_chinese_numerals_beyond_ten():
    from clausegraph.drafting.numerals import chinese_numeral

    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 21, 99)] == ["一", "十", "十一", "二十", "二十一", "九十九"]
    with pytest.raises(BadInputError):
        chinese_numeral(100)


def test_article_numbers_are_written_as_cn2an_writes_them():
    """The numerals are written without cn2an (its import costs ~110 ms at every start); cn2an is the oracle."""
    import cn2an

    from clausegraph.drafting.numerals import chinese_numeral

    assert [chinese_numeral(n) for n in range(1, 100)] == [cn2an.an2cn(n) for n in range(1, 100)]


# ------------------------------------------------------------------ refusals


def refused(build, **spec) -> set[tuple[str, str | None]]:
    with pytest.raises(VariantRefused) as info:
        build(**spec)
    return {(f.option, f.ground) for f in info.value.violations}


def test_non_compete_longer_than_two_years_is_refused_citing_article_24(build):
    assert refused(build, non_compete_months=30) == {("non_compete_months", "Labour Contract Law Art. 24")}


def test_non_compete_without_compensation_is_refused_citing_article_23(build):
    assert refused(build, non_compete_compensation=False) == {("non_compete_compensation", "Labour Contract Law Art. 23(2)")}


def test_no_non_compete_needs_no_compensation(build):
    assert "补偿金" not in line_of(build(non_compete=False, non_compete_compensation=False), "5、乙方在职期间")


def test_every_violation_is_listed_at_once(build):
    with pytest.raises(VariantRefused) as info:
        build(non_compete_months=36, non_compete_compensation=False, agreement_years=0)
    # 36 months breaks 第二十四条; no compensation 第二十三条第二款; 0 years is below one year, and 0 × 12 < 36
    assert [(f.option, f.ground, f.value) for f in info.value.violations] == [
        ("non_compete_months", "Labour Contract Law Art. 24", 36),
        ("non_compete_compensation", "Labour Contract Law Art. 23(2)", None),
        ("agreement_years", None, 0),
        ("agreement_years", None, 36),
    ]
    assert [f.rule for f in info.value.violations][2:] == ["the agreement lasts at least a year after departure",
                                                           "the agreement outlasts the non-compete"]


def test_agreement_must_outlast_the_non_compete(build):
    assert refused(build, agreement_years=1) == {("agreement_years", None)}
    build(agreement_years=1, non_compete_months=12)


@pytest.mark.parametrize(
    ("omit", "needed_by"),
    [
        # 1.4 defines 经营信息 (business information), which 1.1 and 3.5 use
        (["1.4"], ("cannot omit 1.4: it defines the term business information, which 1.1, 3.5 still use; omit those too, or keep 1.4.",
                   "不能删除1.4：1.1、3.5仍在使用其定义的术语“经营信息”；请一并删除，或保留1.4。")),
        # 3.6 says 本协议第五条规定的违约责任
        (["5"], ("cannot omit 5: 5 is referred to by 3.6; omit those too, or keep 5.",
                 "不能删除5：3.6引用了5；请一并删除，或保留5。")),
        # 第二条 defines 保密义务人, used by 第三条's heading, 3.1, 3.5 and 5.1
        (["2"], ("cannot omit 2: it defines the term confidentiality obligor, which 3, 3.1, 3.5, 5.1 still use; omit those too, or keep 2.",
                 "不能删除2：3、3.1、3.5、5.1仍在使用其定义的术语“保密义务人”；请一并删除，或保留2。")),
        # 5.3.2 says 按照方法（1）所述的计算方法
        (["5.3.1"], ("cannot omit 5.3.1: 5.3.1 is referred to by 5.3.2; omit those too, or keep 5.3.1.",
                     "不能删除5.3.1：5.3.2引用了5.3.1；请一并删除，或保留5.3.1。")),
        (["4.1", "4.2"], ("omitting every part of 4 leaves it empty; omit 4 itself instead.", "删除4的全部下级条款会使其为空；请直接删除4。")),
    ],
)
def test_omitting_what_others_need_is_refused_with_the_dependants(build, omit, needed_by):
    with pytest.raises(VariantRefused) as info:
        build(omit=omit)
    assert [(f.option, f.message, f.message_zh) for f in info.value.violations] == [("omit", *needed_by)]


def test_omitting_dependants_too_is_accepted(build):
    doc = build(omit=["5.3.1", "5.3.2"])
    assert [line[:3] for line in txt(doc) if line.startswith("（")] == ["（1）", "（2）"]


def test_unknown_options_and_bad_values_are_bad_input(build):
    with pytest.raises(BadInputError, match="unknown option 'noncompete'"):
        build(noncompete=False)
    with pytest.raises(BadInputError, match="non_compete_months: expected a whole number, got 'two years'"):
        build(non_compete_months="two years")
    with pytest.raises(BadInputError, match="language: 'fr' is not one of en, zh, zh-en"):
        build(language="fr")
    with pytest.raises(BadInputError, match="omit: unknown provision '10'"):
        build(omit=["10"])
    with pytest.raises(BadInputError, match=r"employee.name: holds a control character \(U\+000A\) at position 3"):
        build(**{"employee.name": "张三\n第十条 甲方有权任意处罚乙方"})


def test_every_problem_of_a_spec_is_listed_at_once(build):
    with pytest.raises(SpecError) as info:
        build(colour="red", non_compete="maybe", omit=["4", "12"])
    assert [key for key, _ in info.value.problems] == ["colour", "non_compete", "omit"]


def test_nested_and_dotted_keys_are_the_same_spec(template):
    from clausegraph.drafting import parse_spec

    nested = parse_spec(template, {"employee": {"name": "张三", "id_number": "370102199001011234"}, "omit": "4, 5.3.3"})
    dotted = parse_spec(template, {"employee.name": "张三", "employee.id_number": "370102199001011234", "omit": ["4", "5.3.3"]})
    assert nested.values == dotted.values
    assert dotted["omit"] == ("4", "5.3.3")
    assert {template.component[iri].path for iri in dotted.omitted} == {"4", "5.3.3"}


# ------------------------------------------------------------------ escaping


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'


def test_html_escapes_hostile_option_values(build):
    html = render_text(build(**{"employee.name": HOSTILE, "court": HOSTILE, "province": HOSTILE}), "html")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;" in html


def test_markdown_escapes_hostile_option_values(build):
    md = render_text(build(**{"employee.name": "<b>x</b> *y* [z](http://e)"}), "md")
    assert r"乙      方：\<b\>x\</b\> \*y\* \[z\]\(http://e\)" in md


# ------------------------------------------------------------------ CLI


def test_cli_refusal_exits_1_and_writes_nothing(tmp_path):
    out = tmp_path / "variant.docx"
    result = invoke(["assemble", "--set", "non_compete_months=30", "--format", "docx", "-o", str(out)])
    assert result.exit_code == 1
    assert "non_compete_months must be at most 24" in result.stderr
    assert "Labour Contract Law Art. 24" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_cli_spec_file_with_nested_keys_and_set_override(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text("employee:\n  name: 李四\nnon_compete_months: 12\nomit: ['4']\n", encoding="utf-8")
    result = invoke(["assemble", str(spec), "--set", "non_compete_months=6", "-o", str(tmp_path / "a.txt")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert "乙      方：李四" in text and "六个月内" in text and "本协议第四条规定" in text


def test_cli_json_spec_and_bad_spec(tmp_path):
    good = tmp_path / "spec.json"
    good.write_text(json.dumps({"language": "en"}), encoding="utf-8")
    assert invoke(["assemble", str(good)]).stdout.startswith("Departure Confidentiality Agreement")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    result = invoke(["assemble", str(bad)])
    assert result.exit_code == 2 and "must hold a mapping" in result.stderr


def test_cli_docx_needs_an_output_file():
    result = invoke(["assemble", "--format", "docx"])
    assert result.exit_code == 2 and "give --output" in result.stderr


def test_variants_lists_every_option_from_the_graph():
    result = invoke(["variants", "--format", "json"])
    options = {o["key"]: o for o in json.loads(result.stdout)}
    assert list(options) == [
        "employer.name", "employer.address", "employee.name", "employee.domicile", "employee.id_number",
        "non_compete", "non_compete_months", "non_compete_compensation", "agreement_years", "province",
        "dispute_forum", "court", "modern_legal_bases", "omit", "language", "signature_block",
    ]
    assert options["non_compete_months"]["default"] == 24 and options["non_compete_months"]["datatype"] == "integer"
    assert options["dispute_forum"]["allowed"] == ["arbitration", "court"]
    assert options["court"]["default"] == "济南市市中区人民法院"
    assert options["omit"]["is_list"] is True
    assert options["signature_block"]["default"] == "source" and options["signature_block"]["allowed"] == ["seal", "source"]


def test_layout_rows_have_one_text_per_language(build):
    rows = layout(build(language="zh-en"))
    assert all(len(texts) == 2 for _, texts in rows)
    assert [style for style, _ in rows].count("article") == 9
    assert render(build(), "txt").decode("utf-8").startswith("离职保密协议\n")


def test_zero_month_non_compete_and_blank_names_are_refused(build):
    assert refused(build, non_compete_months=0) == {("non_compete_months", None)}
    assert refused(build, court="", province="") == {("court", None), ("province", None)}


def test_a_spec_file_with_provision_numbers_as_numbers(tmp_path):
    """A provision number written unquoted stays what was written: YAML and JSON numbers with a decimal point
    are read as their text, so omit: [3.10] names no provision (refused, nothing written) instead of becoming the
    float 3.1 and dropping 3.1; omit: 3.4 and {"omit": [5.1]} omit 3.4 and 5.1; omit: 4 is article 4."""
    spec = tmp_path / "spec.yaml"
    spec.write_text("omit: [3.10]\n", encoding="utf-8")
    result = invoke(["assemble", str(spec), "-o", str(tmp_path / "a.txt")])
    assert result.exit_code == 2 and "omit: unknown provision '3.10'" in result.stderr
    assert not (tmp_path / "a.txt").exists()
    source = invoke(["assemble"]).stdout.splitlines()
    for name, text, gone in (("spec.yaml", "omit: 3.4\n", "3.4"), ("spec.json", '{"omit": [5.1]}', "5.1"), ("spec.yaml", "omit: 4\n", "4")):
        spec = tmp_path / name
        spec.write_text(text, encoding="utf-8")
        result = invoke(["assemble", str(spec)])
        assert result.exit_code == 0, result.output
        assert len(result.stdout.splitlines()) < len(source), gone
    assert "第四条 违约责任" in result.stdout.splitlines() and "第四条 保密义务的终止" not in result.stdout.splitlines()


def test_a_float_given_from_python_is_not_a_provision_number(template):
    from clausegraph.drafting import parse_spec

    with pytest.raises(SpecError) as refused:
        parse_spec(template, {"omit": [3.1]})
    assert refused.value.problems == [("omit", "omit: 3.1 is a number, not a provision number (as a number 3.10 is 3.1); "
                                                "write provision numbers as text, e.g. omit: ['3.4', '3.10']")]
