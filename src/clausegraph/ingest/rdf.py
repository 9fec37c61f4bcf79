"""The agreement graph of an ingested text, as triples in the clausegraph ontology.

Every node is named under ``https://w3id.org/clausegraph/ingested/ID/`` with the local names the
hand-made agreement uses (agreement, party-block, preamble, art-3-para-5, signature-line-1,
party-a), so the existing questions read an ingested agreement as they read the source. Components
carry their spans (cg:textStart/End, cg:headingStart/End, cg:extentStart/End) into the text kept as
the agreement's cg:SourceText. Candidate semantics are typed cg:Extracted, never cg:Norm.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from ..sources import CG, GRAPH_BASE, PREFIXES
from .candidates import Candidates
from .citations import Citation
from .decode import SourceDocument
from .model import Field, Layout, Line, Note, Provision, Span
from .numbering import chinese_numeral
from .parties import Party
from .references import Reference
from .terms import Term

INGESTED = "https://w3id.org/clausegraph/ingested/"
TOOL = "https://w3id.org/clausegraph/tool/ingest/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_PROV = PREFIXES["prov"]
_TIME = PREFIXES["time"]
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
_FORMAT = ox.NamedNode("http://purl.org/dc/terms/format")
_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_DEFINITION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#definition")
_INTEGER = ox.NamedNode(_XSD + "integer")
_DECIMAL = ox.NamedNode(_XSD + "decimal")
_DATETIME = ox.NamedNode(_XSD + "dateTime")


@lru_cache(maxsize=512)
def cg(local: str) -> ox.NamedNode:
    return ox.NamedNode(CG + local)


def integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_INTEGER)


def zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def graph_iri(agreement_id: str) -> str:
    """The named graph an ingested agreement is loaded into."""
    return f"{GRAPH_BASE}ingested/{agreement_id}"


@dataclass(frozen=True)
class Reading:
    """Everything ingestion read from one source, ready to become triples."""

    agreement_id: str
    source: SourceDocument
    layout: Layout
    parties: dict[str, Party]
    references: list[Reference]
    citations: list[Citation]
    terms: list[Term]
    candidates: Candidates
    started: dt.datetime
    ended: dt.datetime
    version: str


class _Builder:
    def __init__(self, reading: Reading):
        self.r = reading
        self.base = f"{INGESTED}{reading.agreement_id}/"
        self.text = reading.layout.text
        self.triples: list[ox.Triple] = []

    def node(self, local: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + local)

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o) -> None:
        self.triples.append(ox.Triple(s, p, o))

    def span(self, s: ox.NamedNode, span: Span, start: str = "textStart", end: str = "textEnd") -> None:
        self.add(s, cg(start), integer(span.start))
        self.add(s, cg(end), integer(span.end))

    def words(self, span: Span) -> ox.Literal:
        return zh(span.of(self.text))

    # ------------------------------------------------------------------------------------------------

    def build(self) -> list[ox.Triple]:
        agreement = self.node("agreement")
        self.add(agreement, _TYPE, cg("AgreementTemplate"))
        layout = self.r.layout
        title = layout.title.of(self.text) if layout.title else self.r.source.name
        self.add(agreement, _TITLE, zh(title))
        self.add(agreement, _LABEL, zh(title))
        if layout.title_en:
            self.add(agreement, _TITLE, en(layout.title_en))
            self.add(agreement, _LABEL, en(layout.title_en))
        if layout.title is not None:
            self.span(agreement, layout.title, "headingStart", "headingEnd")
        self._provenance(agreement)
        position = 0
        if layout.fields:
            position += 1
            self._party_block(agreement, position, layout.fields)
        if layout.preamble is not None:
            position += 1
            self._top(agreement, "preamble", "Preamble", position, ("序言", "Preamble"))
            self._text(self.node("preamble"), layout.preamble.text, layout.preamble.text_en)
        for article in layout.articles:
            position += 1
            self._provision(article, agreement, position)
        if layout.signatures:
            position += 1
            self._signature_block(agreement, position, layout.signatures)
        self._chapters(agreement)
        self._parties(agreement)
        for i, note in enumerate(layout.notes, 1):
            self._note(agreement, i, note)
        self._references()
        self._citations()
        self._terms()
        self._candidates()
        # a graph holds a triple once: a component that cites one statute twice (第二十三条、第二十四条) or uses a term
        # in two sentences states it once
        return list(dict.fromkeys(self.triples))

    def _top(self, agreement: ox.NamedNode, local: str, kind: str, position: int, labels: tuple[str, str]) -> ox.NamedNode:
        node = self.node(local)
        self.add(node, _TYPE, cg(kind))
        self.add(node, cg("partOf"), agreement)
        self.add(agreement, cg("hasPart"), node)
        self.add(node, cg("position"), integer(position))
        self.add(node, _LABEL, zh(labels[0]))
        self.add(node, _LABEL, en(labels[1]))
        return node

    def _text(self, node: ox.NamedNode, span: Span, english: str | None) -> None:
        self.add(node, cg("text"), self.words(span))
        if english:
            self.add(node, cg("text"), en(english))
        self.span(node, span)

    def _party_block(self, agreement: ox.NamedNode, position: int, fields: list[Field]) -> None:
        block = self._top(agreement, "party-block", "PartyBlock", position, ("当事人", "Parties"))
        self.span(block, Span(fields[0].label.start, max((f.value or f.label).end for f in fields)), "extentStart", "extentEnd")
        for f in fields:
            node = self.node(f"party-field-{f.number}")
            self.add(node, _TYPE, cg("PartyField"))
            self.add(node, cg("partOf"), block)
            self.add(block, cg("hasPart"), node)
            self.add(node, cg("number"), integer(f.number))
            self._text(node, f.label, f.text_en)
            if f.value is not None:
                self.add(node, cg("fieldValue"), ox.Literal(f.value.of(self.text)))
                self.span(node, f.value, "valueStart", "valueEnd")
            if f.party in self.r.parties:
                self.add(node, cg("ofParty"), self.node(self.r.parties[f.party].local))

    def _signature_block(self, agreement: ox.NamedNode, position: int, lines: list[Line]) -> None:
        block = self._top(agreement, "signature-block", "SignatureBlock", position, ("签署", "Signatures"))
        self.span(block, Span(lines[0].text.start, lines[-1].text.end), "extentStart", "extentEnd")
        for line in lines:
            node = self.node(f"signature-line-{line.number}")
            self.add(node, _TYPE, cg("SignatureLine"))
            self.add(node, cg("partOf"), block)
            self.add(block, cg("hasPart"), node)
            self.add(node, cg("number"), integer(line.number))
            self._text(node, line.text, line.text_en)

    def _provision(self, p: Provision, parent: ox.NamedNode, position: int | None) -> None:
        node = self.node(p.local)
        self.add(node, _TYPE, cg(p.kind))
        self.add(node, cg("partOf"), parent)
        self.add(parent, cg("hasPart"), node)
        if position is not None:
            self.add(node, cg("position"), integer(position))
        self.add(node, cg("number"), integer(p.number))
        self.add(node, cg("path"), ox.Literal(p.path))
        self.add(node, cg("numberMarker"), ox.Literal(p.marker))
        label_zh, label_en = provision_labels(p)
        self.add(node, _LABEL, zh(label_zh))
        self.add(node, _LABEL, en(label_en))
        self.span(node, Span(p.start, p.end), "extentStart", "extentEnd")
        if p.heading is not None:
            self.add(node, cg("heading"), self.words(p.heading))
            self.span(node, p.heading, "headingStart", "headingEnd")
        if p.heading_en:
            self.add(node, cg("heading"), en(p.heading_en))
        if p.text is not None:
            self._text(node, p.text, p.text_en)
        for child in p.children:
            self._provision(child, node, None)

    def _chapters(self, agreement: ox.NamedNode) -> None:
        """Each chapter (第一章 总则) and the articles in it (cg:inChapter): the articles stay the agreement's parts."""
        for chapter in self.r.layout.chapters:
            node = self.node(chapter.local)
            self.add(node, _TYPE, cg("Chapter"))
            self.add(node, cg("chapterOf"), agreement)
            self.add(node, cg("number"), integer(chapter.number))
            self.add(node, _LABEL, zh(chapter.marker.of(self.text)))
            self.add(node, _LABEL, en(f"Chapter {chapter.number}"))
            self.span(node, Span(chapter.marker.start, chapter.end), "extentStart", "extentEnd")
            if chapter.heading is not None:
                self.add(node, cg("chapterHeading"), self.words(chapter.heading))
                self.span(node, chapter.heading, "headingStart", "headingEnd")
            if chapter.heading_en:
                self.add(node, cg("chapterHeading"), en(chapter.heading_en))
            for article in chapter.articles:
                self.add(self.node(article.local), cg("inChapter"), node)

    def _parties(self, agreement: ox.NamedNode) -> None:
        roles = {"employer": "EmployerRole", "employee": "EmployeeRole"}
        named = {}
        for party in self.r.parties.values():
            node = self.node(party.local)
            self.add(agreement, cg("hasParty"), node)
            self.add(node, _TYPE, cg("Party"))
            role_zh = {"employer": "（用人单位）", "employee": "（劳动者）"}.get(party.role or "", "")
            role_en = {"employer": " (employer)", "employee": " (employee)"}.get(party.role or "", "")
            english = f"Party {'ABC'['甲乙丙'.index(party.designation[0])]}"
            self.add(node, _LABEL, zh(party.designation + role_zh))
            self.add(node, _LABEL, en(english + role_en))
            self.add(node, cg("designation"), zh(party.designation))
            self.add(node, cg("designation"), en(english))
            if party.role:
                self.add(node, cg("hasRole"), cg(roles[party.role]))
            if party.name:
                self.add(node, cg("name"), ox.Literal(party.name))
                if party.role:
                    named[party.role] = node
        if "employee" in named:
            # the text as written is the template its executed agreement rests on, with no options chosen
            executed, variant = self.node("executed"), self.node("variant")
            self.add(executed, _TYPE, cg("ExecutedAgreement"))
            self.add(executed, cg("basedOnTemplate"), agreement)
            self.add(executed, cg("variant"), variant)
            self.add(variant, _TYPE, cg("Variant"))
            for role, party in named.items():
                self.add(executed, cg(role), party)

    def _provenance(self, agreement: ox.NamedNode) -> None:
        source, r = self.r.source, self.r
        file, text, activity, tool = self.node("source-file"), self.node("source-text"), self.node("ingest"), ox.NamedNode(TOOL + r.version)
        prov = lambda local: ox.NamedNode(_PROV + local)  # noqa: E731
        self.add(agreement, prov("wasGeneratedBy"), activity)
        self.add(agreement, prov("wasDerivedFrom"), file)
        self.add(agreement, cg("sourceText"), text)
        self.add(file, _TYPE, cg("SourceFile"))
        self.add(file, cg("fileName"), ox.Literal(source.name))
        self.add(file, cg("sha256"), ox.Literal(source.sha256))
        self.add(file, cg("byteSize"), integer(source.size))
        self.add(file, _FORMAT, ox.Literal(source.media_type))
        if source.encoding:
            self.add(file, cg("encoding"), ox.Literal(source.encoding))
        self.add(text, _TYPE, cg("SourceText"))
        self.add(text, cg("content"), ox.Literal(self.text))
        self.add(text, prov("wasDerivedFrom"), file)
        self.add(text, prov("wasGeneratedBy"), activity)
        self.add(activity, _TYPE, cg("IngestActivity"))
        self.add(activity, prov("used"), file)
        self.add(activity, prov("wasAssociatedWith"), tool)
        self.add(activity, prov("startedAtTime"), ox.Literal(r.started.isoformat(), datatype=_DATETIME))
        self.add(activity, prov("endedAtTime"), ox.Literal(r.ended.isoformat(), datatype=_DATETIME))
        self.add(tool, _TYPE, prov("SoftwareAgent"))
        self.add(tool, _LABEL, en(f"clausegraph ingest {r.version}"))
        self.add(tool, cg("toolVersion"), ox.Literal(r.version))

    def _note(self, agreement: ox.NamedNode, i: int, note: Note) -> None:
        node = self.node(f"issue-{i}")
        self.add(node, _TYPE, cg("IngestIssue"))
        self.add(node, cg("issueOf"), agreement)
        self.add(node, cg("issueKind"), cg(f"issue-{note.kind}"))
        self.add(node, cg("message"), en(note.message))
        if note.span is not None:
            self.add(node, cg("matchedText"), self.words(note.span))
            self.span(node, note.span)
        if note.path:
            local = next((p.local for p in self.r.layout.provisions() if p.path == note.path), None)
            if local:
                self.add(node, cg("foundIn"), self.node(local))

    def component(self, component: object) -> ox.NamedNode:
        return self.node(component.local if isinstance(component, Provision) else str(component))

    def _references(self) -> None:
        for i, ref in enumerate(self.r.references, 1):
            source = self.node(ref.source.local)
            if ref.target is None:
                node = self.node(f"unresolved-reference-{i}")
                self.add(node, _TYPE, cg("UnresolvedReference"))
                self.add(node, cg("foundIn"), source)
                self.add(node, cg("matchedText"), self.words(ref.anchor))
                if ref.target_path:
                    self.add(node, cg("namedPath"), ox.Literal(ref.target_path))
                self.span(node, ref.anchor)
                continue
            target = self.node(ref.target.local)
            node = self.node(f"xref-{i}")
            self.add(source, cg("refersTo"), target)
            self.add(node, _TYPE, cg("CrossReference"))
            self.add(node, cg("referenceSource"), source)
            self.add(node, cg("referenceTarget"), target)
            self.add(node, cg("anchorText"), self.words(ref.anchor))
            self.add(node, cg("referenceKind"), cg("NumberedReference" if ref.kind == "numbered" else "RelativeReference"))
            self.span(node, ref.anchor)

    def _citations(self) -> None:
        status = {"resolved": "CitationResolved", "unknown-title": "CitationUnknownTitle", "vague": "CitationVague"}
        for i, c in enumerate(self.r.citations, 1):
            node, component = self.node(f"citation-{i}"), self.component(c.component)
            self.add(node, _TYPE, cg("Citation"))
            self.add(node, cg("foundIn"), component)
            self.add(node, cg("citationStatus"), cg(status[c.status]))
            self.add(node, cg("matchedText"), self.words(c.span))
            self.span(node, c.span)
            if c.title:
                self.add(node, cg("citedTitle"), ox.Literal(c.title))
            if c.article_number is not None:
                self.add(node, cg("citedArticleNumber"), integer(c.article_number))
            if c.nearest:
                self.add(node, cg("nearestKnownInstrument"), ox.NamedNode(c.nearest))
            for iri in (c.instrument, c.article):
                if iri and c.status == "resolved":
                    self.add(node, cg("citedInstrument"), ox.NamedNode(iri))
                    self.add(component, cg("cites"), ox.NamedNode(iri))

    def _terms(self) -> None:
        uses = 0
        for term in self.r.terms:
            node = self.node(term.local)
            self.add(node, _TYPE, cg("DefinedTerm"))
            self.add(node, _PREF, zh(term.label))
            self.add(node, _LABEL, zh(term.label))
            self.add(node, _DEFINITION, self.words(term.definition))
            self.span(node, term.definition)
            self.add(node, cg("definedIn"), self.node(term.provision.local))
            for other in term.includes:
                self.add(node, cg("includesTerm"), self.node(other.local))
            for component, span in term.uses:
                uses += 1
                use = self.node(f"term-use-{uses}")
                self.add(self.component(component), cg("usesTerm"), node)
                self.add(use, _TYPE, cg("TermUse"))
                self.add(use, cg("ofTerm"), node)
                self.add(use, cg("foundIn"), self.component(component))
                self.add(use, cg("matchedText"), self.words(span))
                self.span(use, span)

    def _candidates(self) -> None:
        found = self.r.candidates
        unreviewed = cg("Unreviewed")
        time = lambda local: ox.NamedNode(_TIME + local)  # noqa: E731
        for e in found.events:
            node = self.node(e.local)
            self._extracted(node, "CandidateEvent", e.span, unreviewed)
            self.add(node, cg("proposedType"), cg(e.kind))
        for d in found.durations:
            node = self.node(d.local)
            self._extracted(node, "CandidateDuration", d.span, unreviewed)
            self.add(node, time("numericDuration"), ox.Literal(_decimal(d.value), datatype=_DECIMAL))
            self.add(node, time("unitType"), time(d.unit))
            if d.event is not None:
                self.add(node, cg("hangsOn"), self.node(d.event.local))
        for a in found.amounts:
            node = self.node(a.local)
            self._extracted(node, "CandidateAmount", a.span, unreviewed)
            self.add(node, cg("amountValue"), ox.Literal(_decimal(a.value), datatype=_DECIMAL))
            self.add(node, cg("amountUnit"), cg(f"unit-{a.unit}"))
            if a.event is not None:
                self.add(node, cg("hangsOn"), self.node(a.event.local))
        for n in found.norms:
            node = self.node(n.local)
            self._extracted(node, "CandidateNorm", n.sentence, unreviewed)
            self.add(node, cg("foundIn"), self.node(n.provision.local))
            self.add(node, cg("proposedType"), cg(n.kind))
            for word in n.modals:
                self.add(node, cg("modalWord"), ox.Literal(word))
            for party in n.bearers:
                self.add(node, cg("proposedBearer"), self.node(party.local))
            for item in [*n.durations, *n.amounts, *n.events]:
                self.add(node, cg("mentions"), self.node(item.local))

    def _extracted(self, node: ox.NamedNode, kind: str, span: Span, status: ox.NamedNode) -> None:
        self.add(node, _TYPE, cg(kind))
        self.add(node, cg("reviewStatus"), status)
        self.add(node, cg("matchedText"), self.words(span))
        self.span(node, span)


def _decimal(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def provision_labels(p: Provision) -> tuple[str, str]:
    """第五条第3款第（1）项 / Article 5(3)(1), as the hand-made agreement labels its provisions."""
    chain = []
    node: Provision | None = p
    while node is not None:
        chain.append(node)
        node = node.parent
    chain.reverse()
    zh_parts, en_parts = [], []
    for n in chain:
        if n.kind == "Article":
            zh_parts.append(f"第{chinese_numeral(n.number)}条")
            en_parts.append(f"Article {n.number}")
        elif n.kind == "Paragraph":
            zh_parts.append(f"第{n.number}款")
            en_parts.append(f"({n.number})")
        else:
            zh_parts.append(f"第（{n.number}）项")
            en_parts.append(f"({n.number})")
    return "".join(zh_parts), "".join(en_parts)


def build_triples(reading: Reading) -> list[ox.Triple]:
    """The triples of one ingested agreement (loaded into its own named graph, :func:`graph_iri`)."""
    return _Builder(reading).build()
