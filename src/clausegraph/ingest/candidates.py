"""Candidate semantics: what a provision's sentences seem to say, extracted and unreviewed.

Nothing here is a norm. A sentence with a modal word is a candidate norm of the kind the modal gives
— 应/应当/须/必须 an obligation, 不得/禁止/严禁/不可/不应 a prohibition, 可以/有权/可 a permission — with its
bearer (the first party the sentence names as a subject, else the previous sentence's). Durations
(两年, 二十四个月, 2年, 6个月), money amounts (5000元, 月工资的30%, 一年工资) and the events they hang on
(离职, 劳动合同解除或终止, 签字或盖章) are extracted with their units. A curator promotes a candidate norm
to a norm (clausegraph curate); until then no question about norms sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Layout, Provision, Span
from .numbering import chinese_number
from .parties import Party, mention_pattern, parties_named

SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
PROHIBITION = re.compile(r"不得|禁止|严禁|不可|不应当?|不准|不许")
OBLIGATION = re.compile(r"(?<![相供适反对答响感呼顺报不])应当?(?![用聘届收酬])|(?<![无不])必须|(?<![无不必])须(?!知)")
PERMISSION = re.compile(r"可以|(?<!所)有权|(?<![不许认即])可(?![能行靠以视认见])")
PREPOSITIONS = set("向对给与为经按使替把将被从和及")
_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百零〇]+)"
DATE = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|年\s+月\s+日")
DURATION = re.compile(rf"(?<![月号\d一二两三四五六七八九十百零〇])(?P<n>{_NUM})\s*(?P<unit>个月|个工作日|工作日|年|日|天|周)(?!工资|薪|报酬|的工资|平均工资)")
AMOUNT = re.compile(
    rf"(?:人民币)?(?P<yuan>\d[\d,]*(?:\.\d+)?|[一二两三四五六七八九十百千万零〇壹贰叁肆伍陆柒捌玖拾佰仟]+)\s*(?P<wan>万)?元"
    rf"|(?:月|月平均|每月|上月)?工资(?:标准)?的\s*(?P<pct>\d+(?:\.\d+)?)\s*[%％]"
    rf"|(?:月|月平均|每月)?工资(?:标准)?的\s*百分之(?P<pctcn>[一二三四五六七八九十百零〇]+)"
    rf"|(?P<wn>{_NUM})\s*(?P<wunit>个月|年)(?:的)?(?:平均)?(?:工资|薪酬|报酬)(?!(?:标准)?的\s*(?:\d|百分之))"
)
EVENTS = [
    (re.compile(r"劳动合同(?:关系)?(?:的)?(?:解除或(?:者)?终止|终止或(?:者)?解除|解除|终止)|离职|离开公司|辞职|退休"), "EmploymentTermination"),
    (re.compile(r"签字或盖章|签字盖章|签字|盖章|签署|签订"), "SigningEvent"),
    (re.compile(r"违反|违约"), "Breach"),
]
UNITS = {"个月": "unitMonth", "年": "unitYear", "日": "unitDay", "天": "unitDay", "工作日": "unitDay", "个工作日": "unitDay", "周": "unitWeek"}


@dataclass
class Event:
    kind: str  # cg class local name: EmploymentTermination, SigningEvent, Breach
    span: Span
    local: str = ""


@dataclass
class Duration:
    value: float
    unit: str  # OWL-Time unit local name: unitYear, unitMonth, unitWeek, unitDay
    span: Span
    event: Event | None = None
    local: str = ""


@dataclass
class Amount:
    value: float
    unit: str  # cg:AmountUnit local name: yuan, percent-of-monthly-wage, months-of-wages
    span: Span
    event: Event | None = None
    local: str = ""


@dataclass
class CandidateNorm:
    kind: str  # Obligation, Prohibition or Permission
    modals: list[str]
    provision: Provision
    sentence: Span
    bearers: list[Party] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    local: str = ""


@dataclass
class Candidates:
    norms: list[CandidateNorm] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def _number(written: str) -> float:
    return float(written) if written[0].isdigit() else float(chinese_number(written))


def _nearest(span: Span, events: list[Event]) -> Event | None:
    return min(events, key=lambda e: abs(e.span.start - span.start), default=None)


def _subject(words: str, start: int, stop: int, mentions: re.Pattern[str], parties: dict[str, Party]) -> list[Party]:
    """The parties named as the subject: the first mention before ``stop`` not after a preposition nor before 的."""
    for m in mentions.finditer(words, 0, stop):
        before = words[m.start() - 1] if m.start() > 0 else ""
        after = words[m.end()] if m.end() < len(words) else ""
        if before in PREPOSITIONS or after == "的" or (before == "方" and m.group(0) == "公司"):
            continue
        named = parties_named(m.group(0), parties)
        if named:
            return named
    return []


def _agent(words: str, start: int, mentions: re.Pattern[str], parties: dict[str, Party]) -> list[Party]:
    """The parties after the modal introduced by 由 (可以由双方协商解决: 双方)."""
    for m in mentions.finditer(words, start):
        if m.start() > 0 and words[m.start() - 1] == "由":
            return parties_named(m.group(0), parties)
    return []


def find_candidates(layout: Layout, parties: dict[str, Party]) -> Candidates:
    """Candidate norms, durations, amounts and events in the provisions' texts."""
    text = layout.text
    found = Candidates()
    mentions = mention_pattern(parties)
    for provision in layout.provisions():
        if provision.text is None:
            continue
        previous: list[Party] = []
        for m in SENTENCE.finditer(text, provision.text.start, provision.text.end):
            lead = len(m.group(0)) - len(m.group(0).lstrip())
            sentence = Span(m.start() + lead, m.end())
            words = sentence.of(text)
            if not words.strip():
                continue
            dates = [d.span() for d in DATE.finditer(words)]
            events = [Event(kind, Span(sentence.start + e.start(), sentence.start + e.end())) for pattern, kind in EVENTS for e in pattern.finditer(words)]
            durations = [Duration(_number(d.group("n")), UNITS[d.group("unit")], Span(sentence.start + d.start(), sentence.start + d.end()))
                         for d in DURATION.finditer(words) if not any(a <= d.start() < b for a, b in dates)]
            amounts = []
            for a in AMOUNT.finditer(words):
                if a.group("yuan"):
                    value, unit = _number(a.group("yuan").replace(",", "")) * (10000 if a.group("wan") else 1), "yuan"
                elif a.group("pct") or a.group("pctcn"):
                    value, unit = _number(a.group("pct") or a.group("pctcn")), "percent-of-monthly-wage"
                else:
                    value, unit = _number(a.group("wn")) * (12 if a.group("wunit") == "年" else 1), "months-of-wages"
                amounts.append(Amount(value, unit, Span(sentence.start + a.start(), sentence.start + a.end())))
            timed = [e for e in events if e.kind != "Breach"]
            for d in durations:
                d.event = _nearest(d.span, timed)
            for a in amounts:
                a.event = _nearest(a.span, events)
            found.events += events
            found.durations += durations
            found.amounts += amounts
            subject: list[Party] | None = None
            for kind, pattern in (("Prohibition", PROHIBITION), ("Obligation", OBLIGATION), ("Permission", PERMISSION)):
                modals = [x for x in pattern.finditer(words)]
                if kind != "Prohibition":
                    modals = [x for x in modals if not PROHIBITION.search(words, max(0, x.start() - 1), x.end() + 1)]
                if not modals:
                    continue
                if subject is None:
                    subject = _subject(words, 0, modals[0].start(), mentions, parties) or _agent(words, modals[0].end(), mentions, parties) or previous
                found.norms.append(CandidateNorm(kind, list(dict.fromkeys(x.group(0) for x in modals)), provision, sentence, list(subject),
                                                 durations, amounts, events))
            if subject:
                previous = subject
    for i, n in enumerate(found.norms, 1):
        n.local = f"candidate-{i}"
    for prefix, items in (("event", found.events), ("duration", found.durations), ("amount", found.amounts)):
        for i, item in enumerate(items, 1):
            item.local = f"{prefix}-{i}"
    return found
