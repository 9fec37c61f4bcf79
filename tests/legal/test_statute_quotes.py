"""Every statute article the graph uses carries its words quoted verbatim from the primary texts, with the
file, the text version and the validity interval; the quotes are compared with the files here.

The files are tests/legal/statutes/*.md, unchanged copies of shared/legal/statutes/ (SHA256SUMS). An article's
IRI names its number path (law:…-art-23-para-2, law:…-art-2-item-2); its file is the cg:sourceFile of the
article or of the article it is part of.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from clausegraph.queries import run
from clausegraph.results import read_table

from statute_texts import STATUTES, articles, chinese_number, unit_text

LAW = "https://w3id.org/clausegraph/law/"
_PATH = re.compile(r"-art-(\d+)(?:-para-(\d+))?(?:-item-(\d+))?$")

QUOTED = """
PREFIX cg: <https://w3id.org/clausegraph/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?article ?quote ?file ?number ?label ?version ?from ?until WHERE {
  ?article a cg:StatuteArticle ; cg:quote ?quote ; cg:number ?number ; cg:inVersion ?version ;
           rdfs:label ?label FILTER(LANG(?label) = "zh")
  ?article eli:is_part_of* ?top . ?top cg:sourceFile ?file .
  OPTIONAL { ?article eli:first_date_entry_in_force ?ownFrom }
  OPTIONAL { ?version eli:first_date_entry_in_force ?versionFrom }
  OPTIONAL { ?article eli:date_no_longer_in_force ?ownUntil }
  OPTIONAL { ?version eli:date_no_longer_in_force ?versionUntil }
  BIND(COALESCE(?ownFrom, ?versionFrom) AS ?from)
  BIND(COALESCE(?ownUntil, ?versionUntil) AS ?until)
}
"""

USED = """
PREFIX cg: <https://w3id.org/clausegraph/ontology#>
SELECT DISTINCT ?article ?verification WHERE {
  ?by cg:restsOn|cg:restates|cg:limitedBy|cg:voidUnder|cg:overriddenBy|cg:supplementedBy|cg:imposedBy ?article .
  OPTIONAL { ?article cg:verification ?verification }
}
"""

ARTICLES = """
PREFIX cg: <https://w3id.org/clausegraph/ontology#>
SELECT ?article ?verification ?quote WHERE {
  ?article a cg:StatuteArticle ; cg:verification ?verification .
  OPTIONAL { ?article cg:quote ?quote }
}
"""


@pytest.fixture(scope="module")
def quoted(store) -> list[dict[str, str]]:
    return read_table(run(store, QUOTED)).values()


def test_the_copies_are_the_primary_texts_unchanged():
    listed = {}
    for line in (STATUTES / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split()
        listed[name] = digest
    present = {p.name for p in STATUTES.glob("*.md") if p.name != "README.md"}
    assert present == set(listed), "every copied statute file is listed in SHA256SUMS, and only those"
    for name, digest in listed.items():
        assert hashlib.sha256((STATUTES / name).read_bytes()).hexdigest() == digest, f"{name} differs from the primary text"


def test_every_quote_is_the_file_text_verbatim(quoted):
    assert len(quoted) >= 80, "the graph quotes the articles it uses"
    wrong = []
    for row in quoted:
        iri = row["article"].replace("law:", LAW)
        match = _PATH.search(iri)
        assert match, f"{iri}: name it law:<instrument>-art-<n>[-para-<m>][-item-<k>]"
        article, paragraph, item = (int(g) if g else None for g in match.groups())
        expected = unit_text(row["file"], article, paragraph, item)
        if row["quote"] != expected:
            wrong.append(f"{row['article']} ({row['file']}):\n  graph: {row['quote']!r}\n  file:  {expected!r}")
        assert int(row["number"]) == (item or paragraph or article), f"{row['article']}: cg:number disagrees with the IRI"
    assert not wrong, "quotes that differ from the primary text:\n" + "\n".join(wrong)


def test_every_label_names_the_article_it_quotes(quoted):
    for row in quoted:
        numbers = re.findall(r"第([零〇一二三四五六七八九十百千]+)条", row["label"])
        match = _PATH.search(row["article"].replace("law:", LAW))
        assert numbers and chinese_number(numbers[0]) == int(match.group(1)), f"{row['article']}: label {row['label']!r}"


def test_every_quoted_article_states_when_it_is_in_force(quoted):
    # the criminal law's version has no date of entry into force, so its article 219 states its own
    for row in quoted:
        assert row["from"], f"{row['article']} has no date of entry into force (on itself or its text version)"
        if row["until"]:
            assert row["from"] < row["until"], f"{row['article']}: in force from {row['from']} until {row['until']}"


def test_every_article_a_legal_statement_uses_is_quoted_from_a_primary_text(store):
    used = read_table(run(store, USED)).values()
    assert used
    assert {row["verification"] for row in used} == {"cg:VerifiedAgainstStatute"}


def test_articles_without_a_primary_text_carry_no_quote(store):
    for row in read_table(run(store, ARTICLES)).values():
        if row["verification"] != "cg:VerifiedAgainstStatute":
            assert row["quote"] is None, f"{row['article']} quotes words no primary text here holds"


@pytest.mark.parametrize(("file", "article", "expected"), [
    # the parser against a few units read by eye in the files
    ("labour-contract-law-2012.md", "25", "除本法第二十二条和第二十三条规定的情形外，用人单位不得与劳动者约定由劳动者承担违约金。"),
    ("criminal-law.md", "219之一", "为境外的机构、组织、人员窃取、刺探、收买、非法提供商业秘密的，处五年以下有期徒刑，并处或者单处罚金；情节严重的，处五年以上有期徒刑，并处罚金。"),
    ("civil-code-general-part.md", "202", "按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日。"),
])
def test_the_reader_splits_articles_as_the_files_number_them(file, article, expected):
    assert articles(file)[article].text == expected


def test_the_reader_finds_paragraphs_and_items():
    assert unit_text("labour-contract-law-2012.md", 26, 1, 2) == "用人单位免除自己的法定责任、排除劳动者权利的；"
    assert unit_text("labour-dispute-mediation-arbitration-law-2007.md", 2, item=2) == "因订立、履行、变更、解除和终止劳动合同发生的争议；"
    assert unit_text("anti-unfair-competition-law-2025.md", 10, 4) == unit_text("anti-unfair-competition-law-2019.md", 9, 4)
    with pytest.raises(KeyError):
        unit_text("labour-contract-law-2012.md", 26, item=2)  # two paragraphs: say which


def test_the_readmes_calendar_example_quotes_the_civil_code_verbatim():
    """The README's timeline example says why a departure on 2024-02-29 ends the non-compete on 2026-02-28: it quotes
    民法典 第二百零二条 (in force since 2021-01-01), which must be the primary text's words."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    quote = re.search(r'民法典 第二百零二条, "([^"]+)"', " ".join(readme.split())).group(1)
    assert quote == "没有对应日的，月末日为期间的最后一日"
    assert quote in unit_text("civil-code-general-part.md", 202)


def test_the_lawful_end_of_a_non_compete_quotes_the_labour_contract_law_verbatim():
    """cg:nonCompeteBindsUntil (the last day a non-compete binds under the law) quotes 劳动合同法 第二十四条第二款 (the
    two-year cap) and 第二十七条 (the rest of a partly void contract stays valid) in both its definitions: each quoted
    piece, cut at the ellipsis, is the primary text's words."""
    ontology = (Path(__file__).resolve().parents[2] / "ontology" / "clausegraph.ttl").read_text(encoding="utf-8")
    block = ontology.split("cg:nonCompeteBindsUntil a owl:DatatypeProperty", 1)[1].split("\n\n", 1)[0]
    quotes = re.findall(r'“([^”]+)”', block) + re.findall(r'\\"([^"\\]+)\\"', block)
    assert len(quotes) == 4  # 第二十四条 and 第二十七条, in the zh and the en definition
    cap, partial = unit_text("labour-contract-law-2012.md", 24), unit_text("labour-contract-law-2012.md", 27)
    assert {q for q in quotes if "竞业限制期限" in q} == {"在解除或者终止劳动合同后，……竞业限制期限，不得超过二年。"}
    assert {q for q in quotes if "部分无效" in q} == {"劳动合同部分无效，不影响其他部分效力的，其他部分仍然有效。"}
    for piece in "在解除或者终止劳动合同后，……竞业限制期限，不得超过二年。".split("……"):
        assert piece in cap.split("\n")[-1]  # the second paragraph
    assert "劳动合同部分无效，不影响其他部分效力的，其他部分仍然有效。" in partial
