"""The timeline of the norms (clausegraph.timeline): windows, in-force sets on both sides of each
boundary, the text table and the chart.

The expected sets are read from the source agreement (/work/shared/seed/000_fbae400574137c56.txt) and
the statutes. D = departure (劳动合同关系终止). Windows are calendar periods (民法典 第二百零一至二百零三条):
a window opening at departure runs from the next day, one closing N months after departure runs
through that day to 24:00, so "at P24M" (the day 24 months after departure) is the non-compete's last day.
The boundaries after departure are:
  D      第三条4 return of materials falls due; 第二条's best efforts ends (a general duty in the
         employer's interest does not outlive employment, 劳动合同法 第二十三条);
  D+24M  第三条5 "自离开公司之日起两年内…": the non-compete, and Party A's compensation for it, end;
  D+36M  第八条3 "乙方从公司离职三年后本协议自动解除": every duty tied to the agreement's life ends;
  never  claims for breaches committed while a duty ran (第三条6, 第五条) and the dispute clause (第六条,
         民法典 第五百零七条) are not ended by the agreement's end (open-ended windows).
第五条1's liquidated damages for breach of confidentiality are void (劳动合同法 第二十五条): never in force,
not on the timeline.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from pathlib import Path

import pytest

from clausegraph.errors import BadInputError, DataError
from clausegraph.results import display_width, compact
from clausegraph.timeline import (
    cjk_font,
    in_force_at,
    in_force_on,
    main,
    parse_at,
    provision_key,
    render_timeline,
    timeline_rows,
)
from cli_runner import invoke

DOCS = Path(__file__).resolve().parents[1] / "docs"

IN_SERVICE = {"ag:norm-2-best-efforts"}
DUE_AT_DEPARTURE = {"ag:norm-3-4-return-materials"}
# From signing until the agreement ends (第一条1, 第三条1, 第三条3, 第四条1, 第八条2).
FROM_SIGNING = {
    "ag:norm-1-1-confidentiality", "ag:norm-3-1-keep-secret", "ag:norm-3-3-report-leak",
    "ag:norm-4-1-authorise", "ag:norm-8-2-written-amendment",
}
# From the day after departure until the agreement ends: 第二条 "在离职期间", the three prohibitions of
# 第三条2 "在劳动合同关系终止后", 第三条5 ownership and secrecy "在劳动合同关系终止之后".
AFTER_DEPARTURE = {
    "ag:norm-2-no-improper-use", "ag:norm-3-2-no-copying", "ag:norm-3-2-no-disclosure-or-use",
    "ag:norm-3-2-no-third-party-disclosure", "ag:norm-3-5-ownership",
}
# 第三条5: the two-year non-compete and the compensation Party A pays for it.
NON_COMPETE = {"ag:norm-3-5-non-compete", "ag:norm-3-5-compensation"}
# Liability for breaches and the remedies (第三条6, 第五条1 for the non-compete, 2, 3（4）, 4) and the
# dispute clause (第六条): from signing, with no end.
OPEN_ENDED = {
    "ag:norm-3-6-liability", "ag:norm-5-1-non-compete-damages", "ag:norm-5-2-compensate-loss",
    "ag:norm-5-3-4-elect-remedy", "ag:norm-5-4-pursue-liability", "ag:norm-6-resolve-dispute",
}
ON_THE_TIMELINE = IN_SERVICE | DUE_AT_DEPARTURE | FROM_SIGNING | AFTER_DEPARTURE | NON_COMPETE | OPEN_ENDED


def in_force(store, months: int) -> set[str]:
    return {compact(iri) for iri in in_force_at(store, months)}


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        # The departure day: still employed; the return of materials is due; nothing post-employment yet.
        (0, IN_SERVICE | DUE_AT_DEPARTURE | FROM_SIGNING | OPEN_ENDED),
        # A month later: the post-employment duties and the non-compete run; best efforts is over.
        (1, FROM_SIGNING | AFTER_DEPARTURE | NON_COMPETE | OPEN_ENDED),
        (23, FROM_SIGNING | AFTER_DEPARTURE | NON_COMPETE | OPEN_ENDED),
        # The day two years after leaving is the non-compete's last day.
        (24, FROM_SIGNING | AFTER_DEPARTURE | NON_COMPETE | OPEN_ENDED),
        (25, FROM_SIGNING | AFTER_DEPARTURE | OPEN_ENDED),
        # The day three years after leaving is the agreement's last day.
        (36, FROM_SIGNING | AFTER_DEPARTURE | OPEN_ENDED),
        # After it: only claims for earlier breaches and the dispute clause.
        (37, OPEN_ENDED),
        (40, OPEN_ENDED),
    ],
    ids=["P0M", "P1M", "P23M", "P24M", "P25M", "P36M", "P37M", "P40M"],
)
def test_in_force_on_both_sides_of_each_boundary(store, months, expected):
    assert in_force(store, months) == expected


def test_in_force_sizes_read_from_the_source():
    # 21 norms, 5.1's void liquidated damages left out: 1 in service, 1 due, 5 + 5 to the agreement's end,
    # 2 for the non-compete, 6 without end.
    assert [len(s) for s in (IN_SERVICE, DUE_AT_DEPARTURE, FROM_SIGNING, AFTER_DEPARTURE, NON_COMPETE, OPEN_ENDED)] == [1, 1, 5, 5, 2, 6]
    assert len(ON_THE_TIMELINE) == 20


def test_in_force_on_calendar_days(store):
    # A departure on 2024-02-29: the non-compete's last day is 2026-02-28 (no 29 February in 2026), the
    # agreement's 2027-02-28.
    d = dt.date(2024, 2, 29)
    assert {compact(i) for i in in_force_on(store, d, dt.date(2026, 2, 28))} >= NON_COMPETE
    assert not {compact(i) for i in in_force_on(store, d, dt.date(2026, 3, 1))} & NON_COMPETE
    assert {compact(i) for i in in_force_on(store, d, dt.date(2027, 3, 1))} == OPEN_ENDED
    with pytest.raises(BadInputError, match="YYYY-MM-DD"):
        in_force_on(store, "2024-02-29", dt.date(2027, 3, 1))


def test_in_force_at_by_provision_and_bearer(store, ask):
    # The question's own rows: on the day P25M after departure the 3.5 non-compete (乙方) and compensation
    # (甲方) are gone, 3.5 ownership stays; 第六条 and 第八条2 bind both parties.
    pairs = {(row["provision"], row["bearer"]) for row in ask("in-force-at", at="P25M")}
    assert ("3.5", "乙方") in pairs
    assert ("3.5", "甲方") not in pairs
    assert {("6", "甲方"), ("6", "乙方"), ("8.2", "甲方"), ("8.2", "乙方")} <= pairs
    pairs_at_37 = {(row["provision"], row["bearer"]) for row in ask("in-force-at", at="P37M")}
    assert pairs_at_37 == {("3.6", "乙方"), ("5.1", "乙方"), ("5.2", "乙方"), ("5.3.4", "甲方"), ("5.4", "甲方"),
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
        "ag:norm-5-1-non-compete-damages",  # the void liquidated damages of 5.1 are left out
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
    assert row.condition_zh is None and not row.due
    assert (row.covers(0), row.covers(1), row.covers(24), row.covers(25)) == (False, True, True, False)
    assert row.days(dt.date(2024, 2, 29)) == (dt.date(2024, 3, 1), dt.date(2026, 2, 28))


def test_one_off_row(store):
    # 第三条4: due at departure, on that day only.
    row = next(r for r in timeline_rows(store) if compact(r.norm) == "ag:norm-3-4-return-materials")
    assert row.due and (row.start_months, row.end_months) == (0, 0)
    assert (row.covers(0), row.covers(1)) == (True, False)
    assert row.days(dt.date(2024, 1, 31)) == (dt.date(2024, 1, 31), dt.date(2024, 1, 31))


def test_signing_and_open_ended_row(store):
    # 第六条 binds both parties, applies when a dispute arises, from signing and without end.
    row = next(r for r in timeline_rows(store) if compact(r.norm) == "ag:norm-6-resolve-dispute")
    assert (row.bearers, row.bearers_en) == (("甲方", "乙方"), ("Party A", "Party B"))
    assert (row.type_zh, row.type_en) == ("权利", "permission or right")
    assert (row.start_months, row.end_months, row.end_event_zh) == (None, None, None)
    assert row.start_event_zh == "双方签字或盖章（协议生效）"
    assert (row.condition_zh, row.condition_en) == ("发生纠纷", "a dispute arises")
    assert row.covers(0) and row.covers(400)
    assert row.days(dt.date(2024, 2, 29)) == (None, None)


# ------------------------------------------------------------------ text


def _squeezed(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def test_txt_lines(store):
    text = render_timeline(store, "txt", 30).decode("utf-8")
    lines = _squeezed(text)
    assert lines[0] == "规范的时间窗口（相对离职） / time windows of the norms, relative to departure"
    assert "D+24M = 竞业限制期满 end of the non-compete" in lines[1]
    assert "D+36M = 协议自动终止 the agreement ends automatically" in lines[1]
    assert lines[2].startswith("(a, b] = a 次日起有效，至 b 当日二十四时止（民法典第二百零一至二百零三条）")
    assert "条款 provision 承担方 bearer 类型 type 规范 norm 时间窗口 window 区间 interval P30M 有效 in force" in lines
    assert "3.5 乙方 禁止 离职后两年内竞业限制 乙方离职 — 竞业限制期满（离职后24个月） (D, D+24M] –" in lines
    assert "3.5 甲方 义务 甲方按月支付竞业限制补偿金 乙方离职 — 竞业限制期满（离职后24个月） (D, D+24M] –" in lines
    assert "1.1 乙方 义务 乙方对商业秘密承担保密义务 双方签字或盖章 — 协议自动终止（离职后36个月） [S, D+36M] ✓" in lines
    assert "3.4 乙方 义务 交还技术资料、设备、客户名单 乙方离职时到期 {D} –" in lines
    assert "2 乙方 义务 保密义务人为甲方利益尽最佳努力 双方签字或盖章 — 乙方离职 [S, D] –" in lines
    assert "6 甲方、乙方 权利 双方可协商、调解，不成则起诉 双方签字或盖章 — 无终止事件 [S, ∞) ✓" in lines
    # 20 norms on the timeline, 16 in force on the day P30M after departure: all but best efforts, the return
    # of materials, the non-compete and its compensation
    assert lines[-1] == "P30M（离职后30个月之日）有效 16 项 / in force on the day P30M after departure: 16 of 20 norms"


def test_txt_with_a_departure_day_shows_calendar_days(store):
    lines = _squeezed(render_timeline(store, "txt", departure=dt.date(2024, 2, 29)).decode("utf-8"))
    assert "3.5 乙方 禁止 离职后两年内竞业限制 乙方离职 — 竞业限制期满（离职后24个月） (D, D+24M] 2024-03-01 – 2026-02-28" in lines
    assert "3.5 乙方 义务 承认甲方所有权并保守商业秘密 乙方离职 — 协议自动终止（离职后36个月） (D, D+36M] 2024-03-01 – 2027-02-28" in lines
    assert "3.4 乙方 义务 交还技术资料、设备、客户名单 乙方离职时到期 {D} 2024-02-29" in lines


def test_txt_columns_line_up_with_wide_characters(store):
    lines = render_timeline(store, "txt").decode("utf-8").splitlines()
    body = [line for line in lines if re.match(r"^\d", line)]
    assert len(body) == 20
    # The interval column ([S, …], (D, …], {D}) starts at the same display column on every line, Chinese counting two.
    starts = [re.search(r" [\[({][SD]", line) for line in body]
    assert all(starts) and len({display_width(line[: m.start()]) for line, m in zip(body, starts)}) == 1
    assert "in force" not in lines[3]


# ------------------------------------------------------------------ chart


def _svg_texts(svg: str) -> set[str]:
    return {re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.DOTALL)}


def test_svg_keeps_labels_as_text(store):
    svg = render_timeline(store, "svg", 30).decode("utf-8")
    texts = " ".join(_svg_texts(svg))
    for label in ("离职后两年内竞业限制", "甲方按月支付竞业限制补偿金", "乙方对商业秘密承担保密义务", "违反竞业限制支付违约金",
                  "乙方离职", "竞业限制期满", "协议自动终止", "双方签字或盖章", "义务 obligation", "禁止 prohibition",
                  "权利 permission or right", "权能 power", "到期 due", "P30M", "in force: 16 / 20"):
        assert label in texts, label
    assert "Noto Sans CJK" in svg
    assert "<dc:date>" not in svg


def test_svg_without_at_has_no_marker(store):
    texts = " ".join(_svg_texts(render_timeline(store, "svg").decode("utf-8")))
    assert "P30M" not in texts and "in force:" not in texts
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
    result = invoke(["timeline", "--at", "P25M"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("3.5")]
    assert len(lines) == 3  # 3.5 states three norms: the ownership duty, the non-compete and its compensation
    assert sum(line.rstrip().endswith("✓") for line in lines) == 1  # at P25M only the ownership duty is still in force


@pytest.mark.parametrize("args, message", [
    (["timeline", "--at", "30"], "e.g. --at P30M or --at P2Y6M"),
    (["timeline", "--format", "gif"], "--format 'gif' is not one of txt, svg, png"),
    (["timeline", "--format", "png"], "png is binary: give --output FILE.png"),
    (["timeline", "--departure", "2024-02-30"], "--departure must be a date written YYYY-MM-DD, e.g. 2025-06-30; got '2024-02-30'"),
    (["timeline", "--departure", "2024-02-29", "--format", "svg"], "--departure writes the days into the txt table; give --format txt"),
])
def test_cli_timeline_bad_input(args, message):
    result = invoke(args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_cli_timeline_with_a_departure_day_gives_calendar_days():
    """A departure on 2024-02-29: the non-compete runs from 2024-03-01 to 2026-02-28 (no 29 February in 2026, 民法典
    第二百零二条), the agreement's duties to 2027-02-28; on the day P24M after departure the non-compete is in force."""
    result = invoke(["timeline", "--departure", "2024-02-29", "--at", "P24M"])
    assert result.exit_code == 0, result.output
    rows = {line[:80].split()[3]: line for line in result.stdout.splitlines() if line.startswith("3.5 ")}
    assert rows["离职后两年内竞业限制"].split()[-4:] == ["2024-03-01", "–", "2026-02-28", "✓"]
    assert rows["承认甲方所有权并保守商业秘密"].split()[-4:] == ["2024-03-01", "–", "2027-02-28", "✓"]
    assert "日期 days (D = 2024-02-29)" in result.stdout
