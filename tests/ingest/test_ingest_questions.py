"""The existing questions, unchanged, on the ingested source agreement (in a store of its own), with the
answers read from the source text."""

from __future__ import annotations

from clausegraph.queries import ask
from clausegraph.results import read_table


def answer(store, name: str, **params) -> list[dict]:
    return read_table(ask(store, name, params)).values()


def test_term_usage_through_the_including_term(seed_store):
    """经营信息 is used directly in 1.1 (which defines 商业秘密 as including it), and through 商业秘密 wherever the text
    says 商业秘密 — outside 1.1, which defines it."""
    found = sorted((r["provision"], r["usesTerm"], r["direct"]) for r in answer(seed_store, "term-usage", term="经营信息"))
    through = ["1", "1.2", "1.5", "2", "3.1", "3.2", "3.3", "3.5", "4.1", "5.2", "5.3.2", "5.3.4", "5.4", "序言"]
    assert found == sorted([("1.1", "经营信息", "true")] + [(p, "商业秘密", "false") for p in through])


def test_provision_dependencies_of_3_6(seed_store):
    """3.6 refers to 第五条 and (本项, read as) 第三条: it depends on both articles and their parts, on the terms they
    use and the provisions defining them, and on the regulation 3.5 cites."""
    found = answer(seed_store, "provision-dependencies", provision="3.6")
    provisions = sorted(r["path"] for r in found if r["path"])
    assert provisions == sorted(["1.1", "1.2", "1.3", "1.4", "2", "3", "3.1", "3.2", "3.3", "3.4", "3.5",
                                 "5", "5.1", "5.2", "5.3", "5.3.1", "5.3.2", "5.3.3", "5.3.4", "5.4"])
    terms = sorted(r["dependency"] for r in found if r["kind"] == "defined term")
    assert terms == sorted(["商业秘密", "技术信息", "专有技术", "经营信息", "保密义务人"])
    assert [r["dependency"] for r in found if r["kind"] not in ("defined term", "article", "paragraph", "item")] == ["《XX省劳动合同条例》"]


def test_candidates_are_not_norms(seed_store):
    """No question about norms sees the extracted candidates until a curator promotes one."""
    assert answer(seed_store, "norms-by-party") == []
    assert answer(seed_store, "structure", agreement="https://w3id.org/clausegraph/ingested/000_fbae400574137c56/agreement")[0]["kind"] == "party block"


def test_repealed_citations_runs_and_a_blank_template_is_not_executed(seed_store):
    assert answer(seed_store, "repealed-citations") == []
