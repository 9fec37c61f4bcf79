"""The clause dependency graph, impact analysis and research metrics, checked against the source text.

Expected edges and impact sets are written from reading the agreement
(tests/cases/source/000_fbae400574137c56.txt): 第三条6 (乙方如违反本项规定的，应承担本协议第五条规定的违约责任)
points at article 3 and article 5; 第五条3 (前款所述损失赔偿) at 第五条2; its item (2) (按照方法（1）所述) at item (1);
第一条4 defines 经营信息, which 第一条1 lists as part of 商业秘密.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import jsonschema
import networkx as nx
import pyoxigraph as ox
import pytest

from clausegraph import deps, impact, metrics
from clausegraph.corpus import EXECUTED
from clausegraph.graph import load_store
from clausegraph.queries import ask
from clausegraph.results import read_table
from clausegraph.sources import GRAPH_BASE, Source, graph_sources
from cli_runner import invoke

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "dependency-graph.schema.json").read_text(encoding="utf-8"))
CORPUS = Path(__file__).parent / "cases" / "corpus" / "executed.ttl"


@pytest.fixture(scope="module")
def graph(store):
    return deps.dependency_graph(store)


def out_edges(graph, node: str) -> set[tuple[str, str]]:
    return {(kind, deps.display_name(graph.nodes[target])) for _, target, kind in graph.out_edges(node, keys=True)}


def in_edges(graph, node: str) -> set[tuple[str, str]]:
    return {(kind, deps.display_name(graph.nodes[source])) for source, _, kind in graph.in_edges(node, keys=True)}


def test_3_6_refers_to_articles_3_and_5_and_rests_on_its_norm(graph):
    assert out_edges(graph, "ag:art-3-para-6") == {
        ("refers-to", "3"),
        ("refers-to", "5"),
        ("timed-by", "乙方违约"),
        ("timed-by", "双方签字或盖章（协议生效）"),
        ("legal-basis", "劳动合同法第九十条"),
        ("legal-basis", "劳动合同法第二十五条"),
    }
    via = graph.edges["ag:art-3-para-6", "ag:art-5", "refers-to"]["via"]
    assert via == ["ag:xref-3-6-to-art-5"]


def test_5_3_and_its_item_2_point_back(graph):
    assert out_edges(graph, "ag:art-5-para-3") == {("refers-to", "5.2")}
    assert out_edges(graph, "ag:art-5-para-3-item-2") == {("refers-to", "5.3.1"), ("uses-term", "商业秘密")}
    assert in_edges(graph, "ag:art-5-para-3-item-1") == {("refers-to", "5.3.2")}


def test_1_4_defines_business_information_and_rests_on_nothing(graph):
    assert out_edges(graph, "ag:art-1-para-4") == set()
    assert in_edges(graph, "ag:art-1-para-4") == {("defined-in", "经营信息")}


def test_trade_secret_includes_the_terms_1_1_lists(graph):
    # 1.5 (…也属本保密协议所称的商业秘密) adds 对外保密事项, a term of its own that 商业秘密 includes
    assert out_edges(graph, "ag:term-trade-secret") == {
        ("defined-in", "1.1"),
        ("includes-term", "技术信息"), ("includes-term", "专有技术"), ("includes-term", "经营信息"),
        ("includes-term", "绝密、机密级文件"), ("includes-term", "对外保密事项"),
    }


def test_sanctions_are_stated_in_article_5(graph):
    stated = {deps.display_name(graph.nodes[s]): deps.display_name(graph.nodes[t])
              for s, t, k in graph.edges(keys=True) if k == "stated-in" and graph.nodes[s]["label_zh"] in ("违约金", "刑事责任")}
    assert stated == {"违约金": "5.1", "刑事责任": "5.4"}


def test_every_edge_kind_comes_from_the_graph(graph, store):
    kinds = deps.dependency_kinds(store)
    assert set(kinds) == {k for _, _, k in graph.edges(keys=True)}
    assert kinds["uses-term"].label_zh == "使用术语"


def affected(graph, store, target: str) -> dict[str, str]:
    node = deps.resolve_node(graph, store, target)
    return {a.name: a.explanation() for a in impact.impact(graph, store, node)}


def test_impact_of_a_term(graph, store):
    found = affected(graph, store, "经营信息")
    # the issue's own example, and the other chains a reader follows in the text
    assert found["3.1"] == "经营信息 → 商业秘密 → 3.1"
    assert found["商业秘密"] == "经营信息 → 商业秘密"
    assert found["1.1"] == "经营信息 → 1.1"
    assert found["5.3"] == "经营信息 → 商业秘密 → 5.2 → 5.3"
    assert found["3.6"] == "经营信息 → 商业秘密 → 2 → 保密义务人 → 3 → 3.6"
    provisions = {name for name in found if name[0].isdigit() or name == "序言"}
    assert provisions == {"1.1", "1.2", "1.5", "2", "3", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "4.1",
                          "5.1", "5.2", "5.3", "5.3.2", "5.3.4", "5.4", "序言"}
    # 3.4 (hand back materials) uses no defined term: it is reached only through the sanction that enforces it,
    # stated in 5.1, whose text names the 保密义务人 that article 2 defines with 商业秘密
    assert found["3.4"] == "经营信息 → 商业秘密 → 2 → 保密义务人 → 5.1 → 违约金 → 3.4"
    # 5.3.1 (lost sales) uses no defined term and refers to nothing
    assert "5.3.1" not in found


def test_impact_of_a_provision_with_its_parts(graph, store):
    assert affected(graph, store, "5.3.1") == {"5.3.2": "5.3.1 → 5.3.2"}
    found = affected(graph, store, "5")
    assert found["3.6"] == "5 → 3.6"  # 第三条6 refers to 第五条
    assert found["违约金"] == "5.1 → 违约金"  # a chain starts at the part of article 5 that states the sanction
    assert found["3.4"] == "5.1 → 违约金 → 3.4"  # 3.4's duty is enforced by 5.1's liquidated damages
    assert not any(name.startswith("5") for name in found)  # article 5's own parts are the target, not affected


def test_impact_of_a_statute_reaches_the_preamble_and_the_corpus(graph, store):
    assert affected(graph, store, "合同法") == {"序言": "合同法 → 序言"}
    found = affected(graph, store, "劳动合同法")
    assert found["3.5"] == "劳动合同法 → 劳动合同法第二十四条 → 3.5"
    assert found["3.4"] == "劳动合同法 → 劳动合同法第五十条 → 劳动合同法第五十条第二款 → 3.4"
    corpus_store = load_store([*graph_sources(), Source(CORPUS, GRAPH_BASE + "test-corpus")])
    citing = {row["agreement"] for row in impact.executed_citing(corpus_store, "https://w3id.org/clausegraph/law/contract-law").values()}
    repealed = {row["agreement"] for row in read_table(ask(corpus_store, "repealed-citations")).values() if row["instrument"] == "合同法"}
    assert citing == repealed
    assert len(citing) == 3
    assert all(agreement.startswith(EXECUTED) or agreement.startswith("ex:") for agreement in citing)


def test_unknown_target_lists_what_can_be_named(graph, store):
    with pytest.raises(Exception, match="names nothing in the dependency graph; name a provision"):
        deps.resolve_node(graph, store, "不存在")


def test_metrics(graph):
    result = metrics.compute(graph)
    assert result.terms[0] == ("商业秘密", 13)
    degrees = {path: (inn, out) for path, inn, out in result.degrees}
    assert degrees["1.4"] == (1, 0)
    assert degrees["3.6"] == (0, 6)
    # the source's definitional cycle: 1.1 lists 技术信息 under 商业秘密, and 1.2 defines 技术信息 using 商业秘密
    assert ["1.2", "商业秘密", "技术信息"] in result.cycles
    assert len(result.cyclic_groups) == 1 and {"1.1", "1.2", "商业秘密", "技术信息", "违约金", "5.1"} <= set(result.cyclic_groups[0])
    assert result.longest_chain[0] == "3.6" and result.longest_chain[-1] == "反不正当竞争法"


def test_json_export_matches_its_schema(graph):
    document = deps.to_json(graph)
    jsonschema.validate(document, SCHEMA)
    assert len(document["nodes"]) == graph.number_of_nodes()
    assert len(document["edges"]) == graph.number_of_edges()


def test_graphml_loads_in_networkx(graph):
    loaded = nx.read_graphml(io.BytesIO(deps.to_graphml(graph).encode("utf-8")))
    assert loaded.number_of_nodes() == graph.number_of_nodes()
    assert loaded.number_of_edges() == graph.number_of_edges()
    assert loaded.nodes["ag:term-business-information"]["label_zh"] == "经营信息"


def test_dot_loads_in_graphviz(graph):
    result = subprocess.run(["dot", "-Tcanon"], input=deps.to_dot(graph).encode("utf-8"), capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Warning" not in result.stderr
    assert "经营信息" in result.stdout.decode("utf-8")


def test_svg_and_png_show_chinese_labels(graph, store):
    part = deps.neighbourhood(graph, deps.provision_parts(store, ox.NamedNode(graph.nodes["ag:art-3-para-5"]["iri"])))
    svg = deps.export(part, "svg").decode("utf-8")
    for label in ("第三条第5款", "商业秘密", "劳动合同法第二十四条", "竞业限制期满（离职后两年）", "使用术语"):
        assert label in svg
    png = deps.export(part, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_cli_deps_and_impact(tmp_path):
    result = invoke(["deps", "5.3", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    assert {(e["source"], e["target"], e["kind"]) for e in document["edges"]} >= {
        ("ag:art-5-para-3", "ag:art-5-para-2", "refers-to"), ("ag:art-5-para-3-item-2", "ag:art-5-para-3-item-1", "refers-to")}
    assert invoke(["deps", "--format", "png", "--output", str(tmp_path / "g.png")]).exit_code == 0
    assert (tmp_path / "g.png").read_bytes().startswith(b"\x89PNG")
    text = invoke(["impact", "经营信息"])
    assert text.exit_code == 0
    assert text.stdout.splitlines()[0] == "经营信息 (defined term): 28 affected"
    assert text.stdout.splitlines()[3].split() == ["1.1", "|", "paragraph", "|", "1", "|", "经营信息", "→", "1.1"]
    rows = list(csv.reader(io.StringIO(invoke(["impact", "经营信息", "--format", "csv"]).stdout)))
    assert rows[0] == ["affected", "kind", "distance", "chain"] and len(rows) == 1 + 28
    assert ["3.1", "paragraph", "2", "经营信息 → 商业秘密 → 3.1"] in rows  # 3.1 keeps 商业秘密, which includes 经营信息
    metrics_text = invoke(["deps", "--metrics"])
    assert "Cycles: 25, in 1 strongly connected group(s)" in metrics_text.stdout


@pytest.mark.parametrize("args, message", [
    (["deps", "99"], "'99' names nothing in the dependency graph"),
    (["deps", "商业秘密"], "'商业秘密' is not a provision"),
    (["deps", "--format", "pdf"], "--format 'pdf' is not one of json, graphml, dot, svg, png"),
    (["deps", "--format", "png"], "png is binary: give --output FILE.png"),
    (["deps", "--metrics", "--format", "svg"], "--format 'svg' does not fit --metrics"),
    (["impact", "不存在"], "'不存在' names nothing in the dependency graph"),
    (["impact", "3.5", "--format", "xml"], "--format 'xml' is not one of table, json"),
])
def test_cli_bad_input(args, message):
    result = invoke(args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
