"""Citations of statutes and other legal instruments, resolved to the IRIs of ontology/legal-bases.ttl.

Found: titles in book-title marks (《中华人民共和国劳动合同法》, 《劳动合同法》第二十三条), a known title
written without them (劳动合同法第二十三条, 国务院有关部委的规定), and vague references (国家有关法律、法规,
有关规定). A title is resolved by its full title, short label or alternative label in the legal
bases (read once per process by queries/ingest/*.rq), with or without 中华人民共和国; a following
article (and paragraph) is resolved when the legal bases hold it. A title that is not known — a
misnomer such as 《中华人民共和国不正当竞争法》 — is kept with the nearest known title (difflib) and
reported, never dropped nor silently corrected; a vague reference stays unresolved.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from .model import Layout, Note, Span

_N = r"(?:[一二三四五六七八九十百零〇两]+|\d+)"
BRACKETED = re.compile(r"《(?P<title>[^《》\n]{1,60})》")
ARTICLE = re.compile(rf"\s*第(?P<article>{_N})条(?:第(?P<para>{_N})款)?")
STATUTE_SUFFIX = re.compile(r"(?:法|法典|条例|规定|办法|解释|决定|通知|意见|细则|规则|（[一二三四五六七八九十]+）)$")
VAGUE = re.compile(
    r"(?:国家|国务院|政府)?(?:有关|相关)(?:部委|部门|主管部门)?的?(?:法律|法规|规定|规章|政策)(?:[、和及与或](?:法律|法规|规定|规章|政策|行政法规))*"
    r"|国家(?:的)?规定"
)
PRC = "中华人民共和国"


@dataclass(frozen=True)
class Citation:
    """A citation found in a component's words."""

    component: object  # the Provision, or "preamble"
    span: Span
    status: str  # resolved, unknown-title or vague
    title: str | None  # the title as written (without 《》)
    instrument: str | None = None  # IRI
    article: str | None = None  # IRI of the article (or paragraph) when the legal bases hold it
    article_number: int | None = None
    nearest: str | None = None  # IRI of the nearest known title, for an unknown one
    nearest_title: str | None = None


@dataclass(frozen=True)
class Instruments:
    """The names of the instruments in the legal bases and their articles."""

    by_name: dict[str, str]  # normalised name → IRI
    titles: dict[str, str]  # full title → IRI (for the nearest match)
    articles: dict[tuple[str, int], str]  # (parent IRI, number) → article IRI
    bare: re.Pattern[str] | None  # known names written without 《》


def _normalise(title: str) -> str:
    return re.sub(r"\s", "", title).strip("《》")


@lru_cache(maxsize=1)
def instruments() -> Instruments:
    """Read once per process from the legal bases (queries/ingest/instrument-names.rq, statute-articles.rq)."""
    from ..queries import read_query, run
    from ..sources import GRAPH_BASE, ONTOLOGY_DIR, QUERIES_DIR, Source
    from ..store import open_store

    store = open_store("memory", sources=[Source(ONTOLOGY_DIR / "clausegraph.ttl", GRAPH_BASE + "clausegraph"),
                                          Source(ONTOLOGY_DIR / "legal-bases.ttl", GRAPH_BASE + "legal-bases")])
    by_name: dict[str, str] = {}
    titles: dict[str, str] = {}
    for row in run(store, read_query(QUERIES_DIR / "ingest" / "instrument-names.rq").text):
        iri, name = row["instrument"].value, _normalise(row["name"].value)
        for key in (name, name.removeprefix(PRC)):
            by_name.setdefault(key, iri)
        if row["isTitle"].value == "true":
            titles[name] = iri
    articles = {(row["parent"].value, int(row["number"].value)): row["article"].value
                for row in run(store, read_query(QUERIES_DIR / "ingest" / "statute-articles.rq").text)}
    names = sorted((n for n in by_name if len(n) >= 3), key=len, reverse=True)
    bare = re.compile("|".join(re.escape(n) for n in names) + r"(?![律规院人官])") if names else None
    store.close()
    return Instruments(by_name, titles, articles, bare)


def _articles(index: Instruments, instrument: str, text: str, pos: int, end: int) -> list[tuple[str | None, int, Span]]:
    """The articles written at ``pos`` (第二十三条第二款、第二十四条): IRI (when the legal bases hold it), number, span."""
    from .numbering import numeral_value

    found = []
    while True:
        m = ARTICLE.match(text, pos, end)
        if m is None:
            return found
        number = numeral_value(m.group("article"))
        iri = index.articles.get((instrument, number))
        if iri and m.group("para"):
            para = numeral_value(m.group("para"))
            iri = index.articles.get((iri, para), iri)
        found.append((iri, number, Span(m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end())))
        pos = m.end()
        if not text.startswith(("、", "，", "和", "及"), pos) or ARTICLE.match(text, pos + 1, end) is None:
            return found
        pos += 1


def _resolved(component: object, title_span: Span, title: str, iri: str, articles: list[tuple[str | None, int, Span]]) -> list[Citation]:
    """One citation of the instrument (with its first article), and one more for each further article."""
    if not articles:
        return [Citation(component, title_span, "resolved", title, iri)]
    first_iri, first_number, first_span = articles[0]
    citations = [Citation(component, Span(title_span.start, first_span.end), "resolved", title, iri, first_iri, first_number)]
    citations += [Citation(component, span, "resolved", title, iri, article, number) for article, number, span in articles[1:]]
    return citations


def find_citations(layout: Layout, components: list[tuple[object, Span]]) -> list[Citation]:
    """The citations in the given components' words (a component and the span of its text)."""
    index = instruments()
    text = layout.text
    found: list[Citation] = []
    for component, span in components:
        taken: list[tuple[int, int]] = []
        for m in BRACKETED.finditer(text, span.start, span.end):
            title = _normalise(m.group("title"))
            if not STATUTE_SUFFIX.search(title):
                continue  # the title of a document (《保密协议》), not of a legal instrument
            iri = index.by_name.get(title) or index.by_name.get(title.removeprefix(PRC))
            if iri is not None:
                cites = _resolved(component, Span(m.start(), m.end()), title, iri, _articles(index, iri, text, m.end(), span.end))
                found += cites
                taken += [(c.span.start, c.span.end) for c in cites]
            else:
                close = difflib.get_close_matches(title if title.startswith(PRC) else PRC + title, list(index.titles), n=1, cutoff=0.6)
                nearest = index.titles[close[0]] if close else None
                found.append(Citation(component, Span(m.start(), m.end()), "unknown-title", title, nearest=nearest,
                                      nearest_title=close[0] if close else None))
                hint = f"; the nearest known title is 《{close[0]}》" if close else ""
                layout.notes.append(Note("unknown-title", f"《{title}》 is not a title in the legal bases{hint}; kept as cited, not corrected",
                                         Span(m.start(), m.end()), getattr(component, "path", None)))
            taken.append(m.span())
        if index.bare is not None:
            for m in index.bare.finditer(text, span.start, span.end):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                iri = index.by_name[m.group(0)]
                cites = _resolved(component, Span(m.start(), m.end()), m.group(0), iri, _articles(index, iri, text, m.end(), span.end))
                found += cites
                taken += [(c.span.start, c.span.end) for c in cites]
        for m in VAGUE.finditer(text, span.start, span.end):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
                continue
            if text[max(span.start, m.start() - 2) : m.start()].endswith(("》的", "》")):
                continue  # 《劳动合同法》的有关规定: the provisions of the statute just cited
            found.append(Citation(component, Span(m.start(), m.end()), "vague", None))
            layout.notes.append(Note("vague-citation", f"{m.group(0)!r} names no instrument; kept as an unresolved citation",
                                     Span(m.start(), m.end()), getattr(component, "path", None)))
    return found


def cited(citations: list[Citation]) -> list[tuple[object, ox.NamedNode]]:
    """(component, IRI) for every resolved citation: the instrument, and the article when known."""
    pairs = []
    for c in citations:
        if c.status == "resolved" and c.instrument:
            pairs.append((c.component, ox.NamedNode(c.instrument)))
            if c.article:
                pairs.append((c.component, ox.NamedNode(c.article)))
    return pairs
