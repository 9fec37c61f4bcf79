"""The timeline of the norms: each norm's time window relative to departure, as a table or a chart.

``timeline_rows`` reads the windows from the graph (queries/timeline/windows.rq). Which norms are
in force at a given offset or on a given day is never recomputed here: :func:`in_force_at` and
:func:`in_force_on` run the competency question ``in-force-at``, so the project has one definition
of "in force". Windows are calendar periods (民法典 第二百零一至二百零三条): a window opening at
departure runs from the next day, one closing N months after departure runs through that day; a
one-off duty is due on its day. Given a departure day, the table shows each window's first and last
day, computed by :mod:`clausegraph.periods` (the one implementation of those articles in Python).
``render_timeline`` draws the rows as a fixed-width text table, or as a Gantt-style chart (SVG or
PNG, with matplotlib) that a lawyer can put in a memo. Every label comes from the graph.

``python -m clausegraph.timeline`` regenerates docs/timeline.svg and docs/timeline.png.
"""

from __future__ import annotations

import argparse
import io
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import datetime as dt

from . import queries
from .errors import BadInputError, ClauseGraphError, DataError
from .formats import choices
from .ordering import natural_key
from .periods import corresponding_day
from .results import display_width, pad
from .sources import CG, DATA_ROOT, QUERIES_DIR
from .store import Store

FORMATS = choices("timeline")
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP")
WINDOWS_QUERY = QUERIES_DIR / "timeline" / "windows.rq"
DOCS_DIR = DATA_ROOT / "docs"
DOCS_AT = "P30M"

# Colours of the deontic types (by class IRI), colour-blind safe (Okabe–Ito).
_COLOURS = {CG + "Obligation": "#0072B2", CG + "Prohibition": "#D55E00", CG + "Permission": "#009E73", CG + "Power": "#CC79A7"}
_OTHER_COLOUR = "#777777"
_PARENTHETICAL = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


@dataclass(frozen=True)
class WindowRow:
    """One norm and its time window, in months relative to departure (D = 0).

    ``start_months`` None means the window opens at signing, before departure; ``end_months``
    None means it has no end. A window opening at an event runs from the day after it (the event's
    day is not counted, 民法典 第二百零一条); one closing at an event runs through that day, to 24:00
    (第二百零二、二百零三条). A one-off duty (``due``) has no window: it is due on its day (D) only.
    """

    norm: str
    deontic_type: str
    provision: str
    bearers: tuple[str, ...]
    bearers_en: tuple[str, ...]
    type_zh: str
    type_en: str
    label_zh: str
    label_en: str
    start_months: int | None
    end_months: int | None
    start_event_zh: str | None
    start_event_en: str | None
    end_event_zh: str | None
    end_event_en: str | None
    condition_zh: str | None
    condition_en: str | None
    due: bool = False

    def covers(self, months: int) -> bool:
        """Whether the norm is in force on the day ``months`` after departure: start < months ≤ end
        (the start event's day not counted, the end event's day included); for a one-off duty, its day."""
        if self.due:
            return months == self.start_months
        starts = self.start_months is None or self.start_months < months
        return starts and (self.end_months is None or months <= self.end_months)

    def days(self, departure: dt.date) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day of the window for a departure on ``departure`` (None: from signing / no end)."""
        if self.due:
            day = corresponding_day(departure, self.start_months or 0)
            return day, day
        first = None if self.start_months is None else corresponding_day(departure, self.start_months) + dt.timedelta(days=1)
        last = None if self.end_months is None else corresponding_day(departure, self.end_months)
        return first, last


def provision_key(path: str) -> Any:
    """Sort key of a provision path in natural order (1.2 before 1.10): :func:`clausegraph.ordering.natural_key`."""
    return natural_key(path)


def _text(term: Any) -> str | None:
    return None if term is None else str(term.value)


def _int(term: Any) -> int | None:
    return None if term is None else int(term.value)


def timeline_rows(store: Store) -> list[WindowRow]:
    """Every norm's window, one row per norm, sorted by provision (natural order), then start, end and IRI."""
    query = queries.read_query(WINDOWS_QUERY)
    grouped: dict[str, dict[str, Any]] = {}
    for solution in queries.run(store, query.text):
        norm = solution["normIri"].value
        entry = grouped.setdefault(norm, {"solution": solution, "bearers": {}, "conditions": {}})
        entry["bearers"][solution["bearerIri"].value] = (_text(solution["bearer"]), _text(solution["bearerEn"]))
        if solution["condition"] is not None:
            entry["conditions"][_text(solution["condition"])] = _text(solution["conditionEn"])
    rows = []
    for norm, entry in grouped.items():
        s = entry["solution"]
        bearers = [entry["bearers"][iri] for iri in sorted(entry["bearers"])]
        conditions = list(entry["conditions"].items())
        rows.append(WindowRow(
            norm=norm,
            deontic_type=s["type"].value,
            provision=_text(s["provision"]) or "",
            bearers=tuple(zh or "" for zh, _ in bearers),
            bearers_en=tuple(en or "" for _, en in bearers),
            type_zh=_text(s["deonticType"]) or "",
            type_en=_text(s["deonticTypeEn"]) or "",
            label_zh=_text(s["norm"]) or "",
            label_en=_text(s["normEn"]) or "",
            start_months=_int(s["startMonths"]),
            end_months=_int(s["endMonths"]),
            start_event_zh=_text(s["startEvent"]),
            start_event_en=_text(s["startEventEn"]),
            end_event_zh=_text(s["endEvent"]),
            end_event_en=_text(s["endEventEn"]),
            condition_zh="；".join(zh for zh, _ in conditions) or None,
            condition_en="; ".join(en or "" for _, en in conditions) or None,
            due=s["due"] is not None and s["due"].value == "true",
        ))
    return sorted(rows, key=_row_key)


def _row_key(row: WindowRow) -> tuple[Any, ...]:
    start = -1 if row.start_months is None else row.start_months
    end = 10**6 if row.end_months is None else row.end_months
    return (provision_key(row.provision), start, end, row.norm)


def in_force_at(store: Store, months: int) -> set[str]:
    """The IRIs of the norms in force on the day ``months`` after departure, as the ``in-force-at`` question answers."""
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        raise BadInputError(f"the offset after departure must be a whole number of months ≥ 0, got {months!r}; e.g. 30 for P30M")
    solutions = queries.ask(store, "in-force-at", {"at": f"P{months}M"})
    return {solution["normIri"].value for solution in solutions}


def in_force_on(store: Store, departure: dt.date, on: dt.date) -> set[str]:
    """The IRIs of the norms in force on the day ``on`` for an employee who left on ``departure``, as the
    ``in-force-at`` question answers."""
    for name, value in (("departure", departure), ("on", on)):
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise BadInputError(f"the {name} day must be a date (YYYY-MM-DD), got {value!r}")
    solutions = queries.ask(store, "in-force-at", {"departure": departure.isoformat(), "on": on.isoformat()})
    return {solution["normIri"].value for solution in solutions}


def parse_at(value: str) -> int:
    """Months after departure from an ``--at`` value written as an ISO 8601 duration (P30M, P2Y6M)."""
    try:
        return queries.parse_duration_months(value)
    except BadInputError as exc:
        raise BadInputError(f"--at {value!r}: give the time after departure as an ISO 8601 duration, e.g. --at P30M or --at P2Y6M") from exc


def render_timeline(store: Store, fmt: str, at_months: int | None = None, *, departure: dt.date | None = None) -> bytes:
    """The timeline as ``txt`` (UTF-8 table), ``svg`` or ``png``; with ``at_months``, the norms in force on the day
    that many months after departure are marked; with ``departure`` (txt), each window's first and last day."""
    if fmt not in FORMATS:
        raise BadInputError(f"unknown timeline format {fmt!r}; use one of {', '.join(FORMATS)}")
    rows = timeline_rows(store)
    in_force = in_force_at(store, at_months) if at_months is not None else None
    if fmt == "txt":
        return render_text(rows, at_months=at_months, in_force=in_force, departure=departure).encode("utf-8")
    return render_chart(rows, fmt, at_months=at_months, in_force=in_force)


# ------------------------------------------------------------------ labels


def short_label(label: str | None) -> str:
    """An event label without its closing parenthetical: 乙方离职（劳动合同关系终止） → 乙方离职."""
    return _PARENTHETICAL.sub("", label or "").strip()


def offset_text(months: int | None, *, end: bool = False) -> str:
    """A point relative to departure in compact notation: S (signing), D, D+24M; ∞ for no end."""
    if months is None:
        return "∞" if end else "S"
    if months == 0:
        return "D"
    return f"D{months:+d}M"


def window_text_zh(row: WindowRow) -> str:
    """The window in Chinese from the graph's event labels: 乙方离职 — 竞业限制期满（离职后24个月）; 乙方离职时到期."""

    def point(label: str | None, months: int | None) -> str:
        name = short_label(label)
        return f"{name}（离职后{months}个月）" if months else name

    if row.due:
        return f"{point(row.start_event_zh, row.start_months)}时到期"
    end = point(row.end_event_zh, row.end_months) if row.end_event_zh or row.end_months is not None else "无终止事件"
    return f"{point(row.start_event_zh, row.start_months)} — {end}"


def window_text_en(row: WindowRow) -> str:
    """The window as an interval of days: (D, D+24M] from the day after departure through the day 24 months
    after it; [S, D+36M] from signing; [S, ∞) without end; {D} for a one-off duty due on that day."""
    if row.due:
        return "{" + offset_text(row.start_months) + "}"
    opening = "[" if row.start_months is None else "("
    closing = ")" if row.end_months is None else "]"
    return f"{opening}{offset_text(row.start_months)}, {offset_text(row.end_months, end=True)}{closing}"


def dates_text(row: WindowRow, departure: dt.date) -> str:
    """The window's first and last day for a departure day: 2024-03-01 – 2026-02-28, 签署 – 2027-02-28, 2024-02-29."""
    first, last = row.days(departure)
    if row.due:
        return first.isoformat() if first else ""
    return f"{first.isoformat() if first else '签署 S'} – {last.isoformat() if last else '∞'}"


def _events(rows: Sequence[WindowRow]) -> tuple[tuple[str, str] | None, list[tuple[int, str, str]]]:
    """The signing event's labels (a start with no offset) and the events at an offset, from the rows."""
    signing = None
    points: dict[int, tuple[str, str]] = {}
    for row in rows:
        for months, zh, en in ((row.start_months, row.start_event_zh, row.start_event_en),
                               (row.end_months, row.end_event_zh, row.end_event_en)):
            if months is not None and zh:
                points.setdefault(months, (zh, en or ""))
        if row.start_months is None and row.start_event_zh and signing is None:
            signing = (row.start_event_zh, row.start_event_en or "")
    return signing, [(m, zh, en) for m, (zh, en) in sorted(points.items())]


# ------------------------------------------------------------------ text


def render_text(rows: Sequence[WindowRow], *, at_months: int | None = None, in_force: set[str] | None = None,
                departure: dt.date | None = None) -> str:
    """A fixed-width table, one line per norm; wide characters count two columns. With ``departure``, a column of
    each window's first and last day."""
    signing, points = _events(rows)
    legend = []
    if signing:
        legend.append(f"S = {short_label(signing[0])} {short_label(signing[1])}")
    legend += [f"{offset_text(m)} = {short_label(zh)} {short_label(en)}" for m, zh, en in points]
    header = ["条款 provision", "承担方 bearer", "类型 type", "规范 norm", "时间窗口 window", "区间 interval"]
    if departure is not None:
        header.append(f"日期 days (D = {departure.isoformat()})")
    at = f"P{at_months}M" if at_months is not None else None
    if at:
        header.append(f"{at} 有效 in force")
    body = []
    for row in rows:
        cells = [row.provision, "、".join(row.bearers), row.type_zh, row.label_zh, window_text_zh(row), window_text_en(row)]
        if departure is not None:
            cells.append(dates_text(row, departure))
        if at:
            cells.append("✓" if in_force is not None and row.norm in in_force else "–")
        body.append(cells)
    widths = [max(display_width(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [
        "规范的时间窗口（相对离职） / time windows of the norms, relative to departure",
        "; ".join(legend),
        "(a, b] = a 次日起有效，至 b 当日二十四时止（民法典第二百零一至二百零三条）/ in force from the day after a through the day of b; "
        "[S = 自签署起 from signing; {D} = 当日到期 due that day",
        "",
        "  ".join(pad(h, w) for h, w in zip(header, widths)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(pad(c, w) for c, w in zip(cells, widths)).rstrip() for cells in body]
    if at:
        count = sum(1 for row in rows if in_force is not None and row.norm in in_force)
        lines += ["", f"{at}（离职后{at_months}个月之日）有效 {count} 项 / in force on the day {at} after departure: {count} of {len(rows)} norms"]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ chart


def cjk_font(available: Iterable[str] | None = None) -> str:
    """The first installed CJK font of :data:`CJK_FONTS`; DataError naming the package when none is."""
    if available is None:
        from matplotlib import font_manager

        available = {entry.name for entry in font_manager.fontManager.ttflist}
    names = set(available)
    for font in CJK_FONTS:
        if font in names:
            return font
    raise DataError(
        f"no CJK font for the timeline chart (looked for {', '.join(CJK_FONTS)}); install the "
        "fonts-noto-cjk package (apt-get install fonts-noto-cjk), or use --format txt"
    )


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise DataError("the timeline chart needs matplotlib; install it (pip install matplotlib), or use --format txt") from None
    return matplotlib


def render_chart(rows: Sequence[WindowRow], fmt: str, *, at_months: int | None = None, in_force: set[str] | None = None) -> bytes:
    """A Gantt-style chart of the windows as SVG (text kept as text, deterministic) or PNG."""
    if fmt not in ("svg", "png"):
        raise BadInputError(f"unknown chart format {fmt!r}; use svg or png")
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure

    font = cjk_font()
    settings = {
        "font.family": "sans-serif",
        "font.sans-serif": [font, "DejaVu Sans"],
        "svg.fonttype": "none",
        "svg.hashsalt": "clausegraph-timeline",
        "axes.unicode_minus": False,
    }
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=(14, 1.9 + 0.5 * len(rows)), dpi=100)
        _draw(figure, rows, at_months, in_force)
        out = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(out, format=fmt, metadata=metadata, dpi=110 if fmt == "png" else None)
    return out.getvalue()


def _draw(figure: Any, rows: Sequence[WindowRow], at_months: int | None, in_force: set[str] | None) -> None:
    from matplotlib.patches import Patch, Rectangle
    from matplotlib.transforms import blended_transform_factory

    signing, points = _events(rows)
    last = max([m for m, _, _ in points] + [at_months or 0, 0])
    right = last + 8
    sign_x = -10
    left_edge = sign_x - 2
    fade_from = last + 0.5

    top = 1.2
    figure.subplots_adjust(left=0.33, right=0.97, top=1 - top / figure.get_figheight(), bottom=0.85 / figure.get_figheight())
    ax = figure.add_subplot()
    ax.set_xlim(left_edge, right)
    ax.set_ylim(len(rows) - 0.4, -0.6)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)

    labels = blended_transform_factory(ax.transAxes, ax.transData)
    above = blended_transform_factory(ax.transData, ax.transAxes)

    # Before departure the distance from signing is not fixed: a shaded band with a break mark.
    ax.axvspan(left_edge, 0, color="#f2f2f2", zorder=0)
    ax.text(sign_x / 2, 0, "≈", transform=above, ha="center", va="center", fontsize=14, color="#666666",
            bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"}, zorder=6, clip_on=False)

    # Event lines: signing (no fixed offset) and every event at an offset after departure.
    marks = ([(sign_x, signing[0], signing[1], "S")] if signing else []) + [(m, zh, en, offset_text(m)) for m, zh, en in points]
    for x, zh, en, code in marks:
        ax.axvline(x, color="#444444", linewidth=1.0, linestyle=(0, (4, 3)), zorder=1)
        en_lines = "\n".join(textwrap.wrap(short_label(en), 20, break_on_hyphens=False))
        ax.text(x, 1.0 + 0.08 / figure.get_figheight(), f"{short_label(zh)}\n{en_lines}\n{code}", transform=above,
                ha="center", va="bottom", fontsize=8.5, color="#222222", linespacing=1.15)

    ticks = list(range(0, right, 6))
    ax.set_xticks([sign_x] + ticks)
    ax.set_xticklabels(["S"] + [offset_text(t) for t in ticks], fontsize=8.5)
    ax.set_xlabel("离职后月数 months after departure (D)", fontsize=9)

    previous_article = None
    for y, row in enumerate(rows):
        article = row.provision.split(".")[0]
        if previous_article is not None and article != previous_article:
            ax.axhline(y - 0.5, color="#dddddd", linewidth=0.6, zorder=0)
        previous_article = article
        active = in_force is None or row.norm in in_force
        colour = _COLOURS.get(row.deontic_type, _OTHER_COLOUR)
        alpha = 1.0 if active else 0.22
        start = sign_x if row.start_months is None else row.start_months
        end = fade_from if row.end_months is None else row.end_months
        if row.due:
            # a one-off duty: due on its day, no window
            ax.plot([start], [y], marker="D", markersize=11, color=colour, alpha=alpha, zorder=4,
                    markeredgecolor="#111111" if (active and in_force is not None) else colour)
            ax.text(start + 0.9, y, "到期 due", va="center", ha="left", fontsize=7.5, color="#333333" if active else "#888888", zorder=4)
        else:
            ax.add_patch(Rectangle((start, y - 0.3), end - start, 0.6, facecolor=colour, alpha=alpha,
                                   edgecolor="#111111" if (active and in_force is not None) else "none",
                                   linewidth=1.0, hatch="///" if row.condition_zh else None, zorder=2))
        if row.end_months is None:
            steps = 12
            width = (right - 1.2 - fade_from) / steps
            for i in range(steps):
                ax.add_patch(Rectangle((fade_from + i * width, y - 0.3), width, 0.6, facecolor=colour,
                                       alpha=alpha * (1 - (i + 1) / (steps + 1)), edgecolor="none", zorder=2))
            ax.annotate("", xy=(right - 0.2, y), xytext=(right - 1.4, y),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "alpha": alpha, "lw": 1.2}, zorder=3)
        if row.condition_zh:
            ax.text(start + 0.4, y, f"若 if: {row.condition_zh} {row.condition_en or ''}", va="center", ha="left",
                    fontsize=7, color="white" if active else "#555555", zorder=4,
                    bbox={"boxstyle": "round,pad=0.12", "facecolor": colour, "edgecolor": "none", "alpha": alpha})
        bearer = "、".join(row.bearers)
        ax.text(-0.01, y - 0.05, f"{row.provision}  {bearer}：{row.label_zh}", transform=labels, ha="right", va="bottom",
                fontsize=9.5, color="#111111" if active else "#888888")
        ax.text(-0.01, y + 0.02, row.label_en, transform=labels, ha="right", va="top", fontsize=7.5, color="#666666")

    title = "规范的时间窗口（相对离职） Time windows of the norms, relative to departure"
    if at_months is not None and in_force is not None:
        at = f"P{at_months}M"
        ax.axvline(at_months, color="#111111", linewidth=2.0, zorder=5)
        ax.text(at_months, 1.0 + 0.04 / figure.get_figheight(), at, transform=above, ha="center", va="bottom",
                fontsize=10, fontweight="bold", zorder=6, bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "#111111"})
        count = sum(1 for row in rows if row.norm in in_force)
        title += f" — {at} 时有效 in force: {count} / {len(rows)}"
    figure.suptitle(title, fontsize=12, x=0.02, ha="left", y=1 - 0.12 / figure.get_figheight())

    seen: dict[str, tuple[str, str]] = {}
    for row in rows:
        seen.setdefault(row.deontic_type, (row.type_zh, row.type_en))
    handles = [Patch(facecolor=_COLOURS.get(iri, _OTHER_COLOUR), label=f"{zh} {en}")
               for iri, (zh, en) in sorted(seen.items(), key=lambda item: list(_COLOURS).index(item[0]) if item[0] in _COLOURS else 99)]
    if any(row.condition_zh for row in rows):
        handles.append(Patch(facecolor="#bbbbbb", hatch="///", label="附条件 conditional"))
    if any(row.end_months is None for row in rows):
        handles.append(Patch(facecolor="#dddddd", label="→ 无终止事件 no end"))
    if any(row.due for row in rows):
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], marker="D", linestyle="none", color="#555555", label="一次性义务到期 one-off duty due"))
    figure.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.005), ncol=len(handles), fontsize=8.5, frameon=False)


# ------------------------------------------------------------------ docs pictures


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate docs/timeline.svg and docs/timeline.png (marked at P30M)."""
    from .graph import load_store

    parser = argparse.ArgumentParser(prog="python -m clausegraph.timeline", description=main.__doc__)
    parser.add_argument("--at", default=DOCS_AT, help="time after departure to mark (ISO 8601, default P30M)")
    parser.add_argument("--output-dir", type=Path, default=DOCS_DIR, help="folder for timeline.svg and timeline.png")
    args = parser.parse_args(argv)
    try:
        at = parse_at(args.at)
        if not args.output_dir.is_dir():
            raise BadInputError(f"no such folder {args.output_dir}; give an existing one with --output-dir")
        store = load_store()
        pictures = {fmt: render_timeline(store, fmt, at) for fmt in ("svg", "png")}
    except ClauseGraphError as exc:
        parser.exit(exc.exit_code, f"error: {exc}\n")
    for fmt, data in pictures.items():
        path = args.output_dir / f"timeline.{fmt}"
        path.write_bytes(data)
        print(f"wrote {path} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
