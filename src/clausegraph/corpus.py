"""A reproducible synthetic corpus of executed agreements, for tests and benchmarks.

Each executed agreement is a cg:ExecutedAgreement based on the template, with its parties, its
variant (the option values chosen) and its dates: signing, departure (unless the employee still
works there), and the days derived from them: the non-compete's last day as written and as the law
lets it bind, and the agreement's last day. A small share are "legacy" agreements on an old form,
with a three-year non-compete, as a corpus of real executed agreements holds them. The same N and
seed always give the same triples.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from .errors import BadInputError
from .periods import corresponding_day
from .sources import AGREEMENT, CG

EXECUTED = "https://w3id.org/clausegraph/executed/"
OPT = "https://w3id.org/clausegraph/option#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平"]
_CITIES = ["济南", "青岛", "上海", "北京", "深圳", "杭州", "南京", "苏州", "成都", "武汉"]
_TRADES = ["科技", "软件", "电子", "生物", "材料", "精密", "数据", "智能"]
_PROVINCES = ["山东", "江苏", "浙江", "广东", "四川", "湖北", "XX"]
_COURTS = ["济南市市中区人民法院", "青岛市市南区人民法院", "上海市浦东新区人民法院", "北京市海淀区人民法院"]
_OMITTABLE = [["4"], ["7"], ["8.2"], ["5.3.3"], ["4", "7"]]


# 劳动合同法 第二十四条第二款: a non-compete after the labour contract ends "不得超过二年"; what the text agrees beyond
# is void and the rest stays valid (第二十七条), so the non-compete binds until the day corresponding to the departure
# day 24 months later at the latest (cg:nonCompeteBindsUntil)
NON_COMPETE_CAP_MONTHS = 24


def _lit(value: object) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    return ox.Literal(str(value))


def executed_agreement(i: int, rng: random.Random) -> list[ox.Triple]:
    """The triples of executed agreement number ``i``."""
    node = ox.NamedNode(f"{EXECUTED}{i:06d}")
    variant = ox.NamedNode(f"{EXECUTED}{i:06d}/variant")
    employer = ox.NamedNode(f"{EXECUTED}{i:06d}/employer")
    employee = ox.NamedNode(f"{EXECUTED}{i:06d}/employee")
    legacy = rng.random() < 0.05
    signed = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 11))
    departed = corresponding_day(signed, rng.randrange(6, 120)) + dt.timedelta(days=rng.randrange(0, 28)) if rng.random() < 0.8 else None
    non_compete = legacy or rng.random() < 0.8
    months = 36 if legacy else rng.choice([6, 12, 18, 24])
    years = rng.choice([3, 5]) if legacy or months > 24 else rng.choice([2, 3, 3, 5])
    options = {
        "non_compete": non_compete,
        "non_compete_months": months,
        "non_compete_compensation": not legacy or rng.random() < 0.5,
        "agreement_years": years,
        "province": rng.choice(_PROVINCES),
        "dispute_forum": rng.choice(["court", "arbitration"]),
        "court": rng.choice(_COURTS),
        "modern_legal_bases": signed.year >= 2021 and rng.random() < 0.8,
        "language": rng.choice(["zh", "zh", "zh-en"]),
        "employer.name": f"{rng.choice(_CITIES)}{rng.choice(_TRADES)}有限公司",
        "employee.name": rng.choice(_SURNAMES) + rng.choice(_GIVEN),
    }
    cg = lambda local: ox.NamedNode(CG + local)  # noqa: E731
    triples = [
        ox.Triple(node, _RDF_TYPE, cg("ExecutedAgreement")),
        ox.Triple(node, cg("basedOnTemplate"), ox.NamedNode(AGREEMENT + "agreement")),
        ox.Triple(node, cg("variant"), variant),
        ox.Triple(node, cg("employer"), employer),
        ox.Triple(node, cg("employee"), employee),
        ox.Triple(node, cg("signedOn"), _lit(signed)),
        ox.Triple(variant, _RDF_TYPE, cg("Variant")),
        ox.Triple(employer, _RDF_TYPE, cg("Party")),
        ox.Triple(employer, cg("name"), _lit(options["employer.name"])),
        ox.Triple(employer, cg("hasRole"), cg("EmployerRole")),
        ox.Triple(employer, cg("designation"), ox.Literal("甲方", language="zh")),
        ox.Triple(employee, _RDF_TYPE, cg("Party")),
        ox.Triple(employee, cg("name"), _lit(options["employee.name"])),
        ox.Triple(employee, cg("hasRole"), cg("EmployeeRole")),
        ox.Triple(employee, cg("designation"), ox.Literal("乙方", language="zh")),
    ]
    triples += [ox.Triple(variant, ox.NamedNode(OPT + key), _lit(value)) for key, value in options.items()]
    if rng.random() < 0.1:
        triples += [ox.Triple(variant, ox.NamedNode(OPT + "omit"), _lit(path)) for path in rng.choice(_OMITTABLE)]
    if departed is not None:
        triples.append(ox.Triple(node, cg("departedOn"), _lit(departed)))
        triples.append(ox.Triple(node, cg("dissolvesOn"), _lit(corresponding_day(departed, 12 * years))))
        if non_compete:
            triples.append(ox.Triple(node, cg("nonCompeteEndsOn"), _lit(corresponding_day(departed, months))))
            triples.append(ox.Triple(node, cg("nonCompeteBindsUntil"),
                                     _lit(corresponding_day(departed, min(months, NON_COMPETE_CAP_MONTHS)))))
    return triples


def generate(n: int, seed: int, *, step: Callable[[int], object] | None = None) -> list[ox.Triple]:
    """N executed agreements, the same for the same N and seed; ``step(1)`` after each (a progress bar)."""
    if n < 0:
        raise BadInputError(f"N must be zero or more, got {n}")
    rng = random.Random(seed)
    triples: list[ox.Triple] = []
    for i in range(1, n + 1):
        triples += executed_agreement(i, rng)
        if step is not None:
            step(1)
    return triples


def write_corpus(path: Path, n: int, seed: int, *, step: Callable[[int], object] | None = None) -> int:
    """Write the corpus as N-Triples (or Turtle for .ttl); return the number of triples."""
    triples = generate(n, seed, step=step)
    fmt = ox.RdfFormat.TURTLE if path.suffix == ".ttl" else ox.RdfFormat.N_TRIPLES
    prefixes = {"cg": CG, "ex": EXECUTED, "opt": OPT, "ag": AGREEMENT} if fmt == ox.RdfFormat.TURTLE else None
    from .export import write_bytes_atomically

    write_bytes_atomically(path, ox.serialize(triples, format=fmt, prefixes=prefixes))
    return len(triples)
