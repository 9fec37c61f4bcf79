"""The parties (甲方, 乙方, 丙方), which is the employer and which the employee, and the other words
the text uses for them (保密义务人, 公司, 员工).

Roles are read, in this order, from a role written beside the designation (甲方（用人单位）, 乙方（员工）),
then from what the text says each party does (离职, 在职 and 为甲方提供服务 are the employee's; paying
补偿金 or 工资 and owning 商业秘密 the employer's). When the text says neither, 甲方 is taken as the
employer by the usual convention and that assumption is reported: some agreements reverse them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Layout, Note

DESIGNATION = re.compile(r"[甲乙丙]方")
EXPLICIT = re.compile(r"(?P<party>[甲乙丙])\s*方\s*[（(]\s*(?P<role>用人单位|公司|单位|雇主|企业|劳动者|员工|职工|雇员|受雇人)\s*[）)]")
EMPLOYER_WORDS = {"用人单位", "公司", "单位", "雇主", "企业"}
EMPLOYEE_CUES = re.compile(
    r"(?P<party>[甲乙丙])方(?:在职|离职|入职|从公司离职|离开公司|曾经?为|履行职务|的工资|的劳动报酬|在[^，。；]{0,8}任职|的?任职期间)"
)
EMPLOYER_CUES = re.compile(
    r"(?P<party>[甲乙丙])方(?:公司)?(?:的(?:商业秘密|技术信息|经营信息|保密信息|技术资料)|[^，。；]{0,16}?向[甲乙丙]方支付|聘用|招用|录用)"
    r"|(?:在|为)(?P<host>[甲乙丙])方(?:处)?(?:任职|工作|提供服务)"
)
ORGANISATION = re.compile(r"(?:公司|集团|厂|中心|研究院|研究所|事务所|银行|医院|学校|大学)$")
ALIAS = re.compile(r"(?P<party>[甲乙丙])方为本(?:协议|合同)所称的?(?P<alias>[\u4e00-\u9fff]{2,8}?)[。，；]")
EMPLOYER_ALIASES = ("用人单位", "公司", "单位", "企业", "雇主")
EMPLOYEE_ALIASES = ("劳动者", "员工", "职工", "雇员")


@dataclass
class Party:
    """A party to the agreement as the text designates it."""

    designation: str  # 甲方
    local: str  # party-a
    role: str | None = None  # employer or employee
    name: str | None = None  # from the party block, when filled in
    aliases: list[str] = field(default_factory=list)


def find_parties(layout: Layout) -> dict[str, Party]:
    """The parties by designation, with roles, names from the party block and aliases."""
    text = layout.text
    found = sorted(set(DESIGNATION.findall(re.sub(r"\s", "", text))), key=lambda d: "甲乙丙".index(d[0]))
    parties = {d: Party(d, f"party-{'abc'['甲乙丙'.index(d[0])]}") for d in found}
    for f in layout.fields:
        if f.party in parties and f.value is not None and f.label.of(text).replace(" ", "").startswith(f.party):
            parties[f.party].name = parties[f.party].name or f.value.of(text)
    flat = re.sub(r"\s", "", text)
    votes: dict[str, dict[str, int]] = {d: {"employer": 0, "employee": 0} for d in parties}
    explicit = False
    for m in EXPLICIT.finditer(flat):
        d = f"{m.group('party')}方"
        if d in parties:
            votes[d]["employer" if m.group("role") in EMPLOYER_WORDS else "employee"] += 100
            explicit = True
    for pattern, role in ((EMPLOYEE_CUES, "employee"), (EMPLOYER_CUES, "employer")):
        for m in pattern.finditer(flat):
            d = f"{m.group('party') or m.group('host')}方"
            if d in votes:
                votes[d][role] += 1
    for party in parties.values():
        if party.name:
            votes[party.designation]["employer" if ORGANISATION.search(party.name) else "employee"] += 2
    a, b = parties.get("甲方"), parties.get("乙方")
    if a is not None and b is not None:
        lean = (votes["甲方"]["employer"] - votes["甲方"]["employee"]) - (votes["乙方"]["employer"] - votes["乙方"]["employee"])
        if lean < 0:
            a.role, b.role = "employee", "employer"
        else:
            a.role, b.role = "employer", "employee"
        if lean == 0 and not explicit:
            layout.notes.append(Note("assumed-roles", "the text says neither who employs nor who is employed: 甲方 is taken as the employer and 乙方 as the employee, by convention"))
    for m in ALIAS.finditer(text):
        d = f"{m.group('party')}方"
        if d in parties and m.group("alias") not in parties[d].aliases:
            parties[d].aliases.append(m.group("alias"))
    return parties


def mention_pattern(parties: dict[str, Party]) -> re.Pattern[str]:
    """The words that name a party: designations, 甲乙双方/双方, aliases and role words."""
    words = {"甲乙双方", "双方", *parties, *EMPLOYER_ALIASES, *EMPLOYEE_ALIASES}
    for party in parties.values():
        words.update(party.aliases)
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def parties_named(word: str, parties: dict[str, Party]) -> list[Party]:
    """The parties a mention names (双方: both)."""
    if word in ("双方", "甲乙双方"):
        return [p for d, p in parties.items() if d in ("甲方", "乙方")]
    if word in parties:
        return [parties[word]]
    for party in parties.values():
        if word in party.aliases:
            return [party]
    role = "employer" if word in EMPLOYER_ALIASES else "employee" if word in EMPLOYEE_ALIASES else None
    return [p for p in parties.values() if role and p.role == role]
