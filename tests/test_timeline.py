"""The timeline of the norms (clausegraph.timeline): windows, in-force sets on both sides of each
boundary, the text table and the chart.

The expected sets are read from the source agreement (/work/shared/seed/000_fbae400574137c56.txt)
and norms.ttl. D = departure (劳动合同关系终止). The boundaries after departure are:
  D+24M  第三条5 "自离开公司之日起两年内不得自营或为公司的竞争者提供服务…": the non-compete, and
         Party A's compensation for it (same paragraph), run for two years from leaving;
  D+36M  第八条3 "乙方从公司离职三年后本协议自动解除": every duty tied to the agreement's life ends;
  never  liability for breaches already committed (第三条6, 第五条) and the dispute clause (第六条)
         are not ended by dissolution (open-ended windows).
Windows are half-open: a norm ending at D+24M is in force at P23M and no longer at P24M.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from clausegraph.errors import BadInputError, DataError
from clausegraph.results import display_width, compact
from clausegraph.timeline import (
    cjk_font,
    in_force_at,
    main,
    parse_at,
    provision_key,
    render_timeline,
    timeline_rows,
)

DOCS = Path(__file__).resolve().parents[1] / "docs"

# 第三条5: the two-year non-compete and the compensation Party A pays for it.
NON_COMPETE = {"ag:norm-3-5-non-compete", "ag:norm-3-5-compensation"}

# Duties that last the life of the agreement, until it dissolves three years after departure (第八条3):
# from signing (第一条1, 第二条 best efforts, 第三条1, 第三条3, 第四条1, 第八条2) or from departure
# (第二条 "在离职期间", the three prohibitions of 第三条2 "在劳动合同关系终止后", 第三条4 return of
# materials, 第三条5 ownership and secrecy "在劳动合同关系终止之后").
AGREEMENT_LIFE = {
    "ag:norm-1-1-confidentiality",
    "ag:norm-2-best-efforts",
    "ag:norm-2-no-improper-use",
    "ag:norm-3-1-keep-secret",
    "ag:norm-3-2-no-copying",
    "ag:norm-3-2-no-disclosure-or-use",
    "ag:norm-3-2-no-third-party-disclosure",
    "ag:norm-3-3-report-leak",
    "ag:norm-3-4-return-materials",
    "ag:norm-3-5-ownership",
    "ag:norm-4-1-authorise",
    "ag:norm-8-2-written-amendment",
}

# Liability for a breach and the remedies (第三条6, 第五条1, 2, 3（4）, 4) and dispute resolution (第六条):
# from signing, with no end event.
OPEN_ENDED = {
    "ag:norm-3-6-liability",
    "ag:norm-5-1-liquidated-damages",
    "ag:norm-5-2-compensate-loss",
    "ag:norm-5-3-4-elect-remedy",
    "ag:norm-5-4-pursue-liability",
    "ag:norm-6-resolve-dispute",
}

ALL_NORMS = NON_COMPETE | AGREEMENT_LIFE | OPEN_ENDED


def in_force(store, months: int) -> set[str]:
    return {compact(iri) for iri in in_force_at(store, months)}


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        # The day of departure: the post-employment windows open at D (start ≤ 0), the non-compete
        # runs "自离开公司之日起"; everything signed is still in force.
        (0, ALL_NORMS),
        # The last month of the non-compete.
        (23, ALL_NORMS),
        # Two years after leaving: the non-compete and its compensation have ended (half-open window).
        (24, AGREEMENT_LIFE | OPEN_ENDED),
        # The last month before the agreement dissolves.
        (35, AGREEMENT_LIFE | OPEN_ENDED),
        # Three years after leaving the agreement dissolves: only liability, remedies and disputes remain.
        (36, OPEN_ENDED),
        # Long after dissolution nothing else comes back.
        (40, OPEN_ENDED),
    ],
    ids=["P0M", "P23M", "P24M", "P35M", "P36M", "P40M"],
)
def test_in_force_on_both_sides_of_each_boundary(store, months, expected):
    assert in_force(store, months) == expected


def test_in_force_sizes_read_from_the_source():
    # 20 norms: 2 end with the non-compete, 12 with the agreement, 6 never.
    assert (len(ALL_NORMS), len(NON_COMPETE), len(AGREEMENT_LIFE), len(OPEN_ENDED)) == (20, 2, 12, 6)


def test_in_force_at_p24m_by_provision_and_bearer(store, ask):
    # The question's own rows: at P24M the 3.5 non-compete (乙方) and compensation (甲方) are gone,
    # 3.5 ownership stays; 第六条 and 第八条2 bind both parties.
    pairs = {(row["provision"], row["bearer"]) for row in ask("in-force-at", at="P24M")}
    assert ("3.5", "乙方") in pairs
    assert ("3.5", "甲方") not in pairs
    assert {("6", "甲方"), ("6", "乙方"), ("8.2", "甲方"), ("8.2", "乙方")} <= pairs
    pairs_at_36 = {(row["provision"], row["bearer"]) for row in ask("in-force-at", at="P36M")}
    assert pairs_at_36 == {("3.6", "乙方"), ("5.1", "乙方"), ("5.2", "乙方"), ("5.3.4", "甲方"), ("5.4", "甲方"),
                           ("6", "甲方"), ("6", "乙方")}


@pytest.mark.parametrize("months", range(41))
def test_windows_agree_with_the_in_force_question(store, months):
    rows = timeline_rows(store)
    assert {row.norm for row in rows if row.covers(months)} == in_force_at(store, months)


def test_rows_one_per_norm_in_natural_provision_order(store):
    rows = timeline_rows(store)
    assert [compact(row.norm) for row in rows] == [
        "ag:norm-1-1-confidentiality",
        "ag:norm-2-best-efforts",  # 第二条: from signing before from departure
        "ag:norm-2-no-improper-use",
        "ag:norm-3-1-keep-secret",
        "ag:norm-3-2-no-copying",
        "ag:norm-3-2-no-disclosure-or-use",
        "ag:norm-3-2-no-third-party-disclosure",
        "ag:norm-3-3-report-leak",
        "ag:norm-3-4-return-materials",
        "ag:norm-3-5-compensation",  # 3.5: the two-year windows before the three-year one
        "ag:norm-3-5-non-compete",
        "ag:norm-3-5-ownership",
        "ag:norm-3-6-liability",
        "ag:norm-4-1-authorise",
        "ag:norm-5-1-liquidated-damages",
        "ag:norm-5-2-compensate-loss",
        "ag:norm-5-3-4-elect-remedy",
        "ag:norm-5-4-pursue-liability",
        "ag:norm-6-resolve-dispute",
        "ag:norm-8-2-written-amendment",
    ]


def test_provision_key_is_natural_order():
    assert sorted(["1.10", "5.3.4", "1.2", "2", "5.3"], key=provision_key) == ["1.2", "1.10", "2", "5.3", "5.3.4"]


def test_non_compete_row(store):
    row = next(r for r in timeline_rows(store) if compact(r.norm) == "ag:norm-3-5-non-compete")
    assert (row.provision, row.bearers, row.bearers_en) == ("3.5", ("乙方",), ("Party B",))
    assert (row.type_zh, row.type_en) == ("禁止", "prohibition")
    assert (row.label_zh, row.label_en) == ("离职后两年内竞业限制", "non-compete for two years after leaving")
    assert (row.start_months, row.end_months) == (0, 24)
    assert (row.start_event_zh, row.end_event_zh) == ("乙方离职（劳动合同关系终止）", "竞业限制期满（离职后两年）")
    assert (row.start_event_en, row.end_event_en) == ("Party B leaves (employment ends)", "end of the non-compete (two years after departure)")
    assert row.condition_zh is None
    assert (row.covers(23), row.covers(24)) == (True, False)


def test_signing_and_open_ended_row(store):
    # 第六条 binds both parties, applies when a dispute arises, from signing and without end.
    row = next(r for r in timeline_rows(store) if compact(r.norm) == "ag:norm-6-resolve-dispute")
    assert (row.bearers, row.bearers_en) == (("甲方", "乙方"), ("Party A", "Party B"))
    assert (row.type_zh, row.type_en) == ("权利", "permission or right")
    assert (row.start_months, row.end_months, row.end_event_zh) == (None, None, None)
    assert row.start_event_zh == "双方签字或盖章（协议生效）"
    assert (row.condition_zh, row.condition_en) == ("发生纠纷", "a dispute arises")
    assert row.covers(0) and row.covers(400)


# ------------------------------------------------------------------ text


def _squeezed(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def test_txt_lines(store):
    text = render_timeline(store, "txt", 30).decode("utf-8")
    lines = _squeezed(text)
    assert lines[0] == "规范的时间窗口（相对离职） / time windows of the norms, relative to departure"
    assert "D+24M = 竞业限制期满 end of the non-compete" in lines[1]
    assert "D+36M = 协议自动解除 automatic dissolution" in lines[1]
    assert "条款 provision 承担方 bearer 类型 type 规范 norm 时间窗口 window 区间 interval P30M 有效 in force" in lines
    assert "3.5 乙方 禁止 离职后两年内竞业限制 乙方离职 — 竞业限制期满（离职后24个月） [D, D+24M) –" in lines
    assert "3.5 甲方 义务 甲方支付竞业限制补偿金 乙方离职 — 竞业限制期满（离职后24个月） [D, D+24M) –" in lines
    assert "1.1 乙方 义务 乙方对商业秘密承担保密义务 双方签字或盖章 — 协议自动解除（离职后36个月） [S, D+36M) ✓" in lines
    assert "6 甲方、乙方 权利 双方可协商、调解，不成则起诉 双方签字或盖章 — 无终止事件 [S, ∞) ✓" in lines
    assert lines[-1] == "P30M（离职后30个月）有效 18 项 / in force at P30M: 18 of 20 norms"


def test_txt_columns_line_up_with_wide_characters(store):
    lines = render_timeline(store, "txt").decode("utf-8").splitlines()
    body = [line for line in lines if re.match(r"^\d", line)]
    assert len(body) == 20
    # The interval column starts at the same display column on every line, Chinese counting two.
    assert len({display_width(line[: line.index("[")]) for line in body}) == 1
    assert "in force" not in lines[3]


# ------------------------------------------------------------------ chart


def _svg_texts(svg: str) -> set[str]:
    return {re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.DOTALL)}


def test_svg_keeps_labels_as_text(store):
    svg = render_timeline(store, "svg", 30).decode("utf-8")
    texts = " ".join(_svg_texts(svg))
    for label in ("离职后两年内竞业限制", "甲方支付竞业限制补偿金", "乙方对商业秘密承担保密义务", "违反保密义务支付违约金",
                  "乙方离职", "竞业限制期满", "协议自动解除", "双方签字或盖章", "义务 obligation", "禁止 prohibition",
                  "权利 permission or right", "P30M", "in force: 18 / 20"):
        assert label in texts, label
    assert "Noto Sans CJK" in svg
    assert "<dc:date>" not in svg


def test_svg_without_at_has_no_marker(store):
    texts = " ".join(_svg_texts(render_timeline(store, "svg").decode("utf-8")))
    assert "P30M" not in texts and "in force" not in texts
    assert "3.5 乙方：离职后两年内竞业限制" in texts


def test_svg_is_deterministic(store):
    assert render_timeline(store, "svg", 30) == render_timeline(store, "svg", 30)


def test_png(store):
    png = render_timeline(store, "png", 30)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert 1200 <= width <= 2400 and 900 <= height <= 2400 and height > 20 * 40


def test_committed_pictures_hold_the_graph_labels(store, tmp_path):
    assert main(["--output-dir", str(tmp_path), "--at", "P30M"]) == 0
    fresh = (tmp_path / "timeline.svg").read_text(encoding="utf-8")
    committed = (DOCS / "timeline.svg").read_text(encoding="utf-8")
    assert _svg_texts(committed) == _svg_texts(fresh), "regenerate with: python -m clausegraph.timeline"
    assert (DOCS / "timeline.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ bad input


def test_unknown_format_names_the_allowed_ones(store):
    with pytest.raises(BadInputError, match=r"unknown timeline format 'pdf'; use one of txt, svg, png"):
        render_timeline(store, "pdf")


@pytest.mark.parametrize("value", ["thirty", "30", "P", "P-3M", "PT30M", ""])
def test_bad_at_gives_an_example(value):
    with pytest.raises(BadInputError, match=r"e\.g\. --at P30M"):
        parse_at(value)


@pytest.mark.parametrize(("value", "months"), [("P30M", 30), ("P2Y6M", 30), ("p24m", 24), ("P3Y", 36), ("P0M", 0)])
def test_parse_at(value, months):
    assert parse_at(value) == months


def test_negative_offset_is_refused(store):
    with pytest.raises(BadInputError, match="≥ 0"):
        in_force_at(store, -1)


def test_bad_at_on_the_command_line_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--at", "thirty", "--output-dir", str(tmp_path)])
    assert exc.value.code == 2
    assert "e.g. --at P30M" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_missing_cjk_font_names_the_package():
    with pytest.raises(DataError, match="fonts-noto-cjk"):
        cjk_font(["DejaVu Sans"])
    assert cjk_font(["DejaVu Sans", "Noto Sans CJK JP"]) == "Noto Sans CJK JP"


def test_cli_timeline_txt_marks_what_is_in_force():
    from typer.testing import CliRunner

    from clausegraph.cli import app

    result = CliRunner().invoke(app, ["timeline", "--at", "P24M"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("3.5")]
    assert len(lines) == 3  # 3.5 states three norms: the ownership duty, the non-compete and its compensation
    assert sum(line.rstrip().endswith("✓") for line in lines) == 1  # at P24M only the ownership duty is still in force


@pytest.mark.parametrize("args, message", [
    (["timeline", "--at", "30"], "e.g. --at P30M or --at P2Y6M"),
    (["timeline", "--format", "gif"], "--format 'gif' is not one of txt, svg, png"),
    (["timeline", "--format", "png"], "png is binary: give --output FILE.png"),
])
def test_cli_timeline_bad_input(args, message):
    from typer.testing import CliRunner

    from clausegraph.cli import app

    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
