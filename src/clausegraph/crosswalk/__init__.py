"""Crosswalk: the agreement's provisions typed by clause type and mapped to the contract datasets (CUAD, ContractNLI,
LEDGAR), with the datasets' labels computed from the norm model rather than annotated.

The entry module of the capability: the CLI (:mod:`.cli`) and the service call these functions only.

- :func:`crosswalk` answers for one dataset: the clause types of every part (derived by the rules of
  ``queries/crosswalk/clause-types.rq`` where the norm model allows, asserted where it must be); for ContractNLI the
  label of each of the 17 hypotheses with its evidence provisions (``queries/crosswalk/contractnli/nda-N.rq``; the
  character spans where the agreement has them, as an ingested one does); for CUAD and LEDGAR the labels each part
  gets through the SKOS mappings (``ontology/crosswalk/mappings.ttl``) and, per label, whether the agreement has it;
- the agreement is the template (``ag:agreement``), a variant of it (a spec, as ``clausegraph assemble`` takes it:
  its graph is the template's as the variant's text has it, :mod:`.variant`), or any agreement in the store
  (``agreement=``, e.g. an ingested one);
- :func:`export` writes the agreement and its variants (in zh, en or zh-en) in a dataset's own file layout
  (:mod:`.datasets`), with the spans of the rendered text or of the ingested source.

What does not depend on the request is read once per store and kept: the schemes with their mappings
(:func:`.graph.scheme_for`), the template (:func:`clausegraph.drafting.template_for`) and the snapshot a variant's
graph is made from (:func:`.variant.snapshot`)::

    answer = crosswalk(store, "contractnli")                          # the source agreement
    answer.hypothesis("nda-16").label                                 # 'Entailment' (第三条4)
    crosswalk(store, "contractnli", spec={"omit": "3.4"}).hypothesis("nda-16").label   # 'NotMentioned'
    [c.concept.notation for c in crosswalk(store, "cuad").lacking()]  # the CUAD categories the agreement lacks
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..drafting import AGREEMENT_IRI, check, parse_spec, template_for
from ..errors import BadInputError, UnknownNameError, VariantRefused
from ..formats import choices
from ..store import Store
from . import datasets
from .documents import DocumentText, ingested_text, variant_text
from .graph import SCHEMES, read_hypotheses, read_spans, read_typings, scheme_for
from .model import LABELLING, Answer, Assignment, Category, HypothesisLabel, Scheme, Typing, path_key
from .variant import variant_graph

__all__ = ["SCHEMES", "Answer", "crosswalk", "export", "answer_json", "answer_table"]

FORMATS = choices("crosswalk")
#: What the export writes for each dataset: the file layout and the usual suffix.
EXPORT_SUFFIX = {"contractnli": ".json", "cuad": ".json", "ledgar": ".jsonl"}
_NAMES = {"AgreementTemplate": "title", "Agreement": "title", "PartyBlock": "party block", "Preamble": "preamble",
          "SignatureBlock": "signature block"}


def _check_scheme(scheme: str) -> None:
    if scheme not in SCHEMES:
        raise UnknownNameError(f"unknown scheme {scheme!r}; use one of {', '.join(SCHEMES)}")


def _categories(scheme: Scheme, typings: tuple[Typing, ...]) -> tuple[Category, ...]:
    own = [t for t in typings if t.own]
    out = []
    for concept in scheme.concepts:
        assignments = tuple(
            Assignment(t.component, t.path, t.kind, concept, m.clause_type, m.relation)
            for m in concept.mappings if m.relation in LABELLING
            for t in sorted(own, key=lambda t: path_key(t.path)) if t.clause_type == m.clause_type
        )
        status = "present" if assignments else ("absent" if concept.mapped else "unmapped")
        out.append(Category(concept, status, assignments))
    return tuple(out)


def _spec_graph(store: Store, spec: Mapping[str, Any]):
    """The parsed spec and the variant's graph; a spec that breaks a rule of the template is refused, as assembly refuses it."""
    template = template_for(store)
    parsed = parse_spec(template, spec)
    findings = check(template, parsed)
    if findings.refused:
        raise VariantRefused(findings.violations, findings.warnings)
    return template, parsed, variant_graph(store, template, parsed)


def crosswalk(store: Store, scheme: str, *, spec: Mapping[str, Any] | None = None, agreement: str | None = None) -> Answer:
    """The crosswalk of the template (or, with ``spec``, of that variant of it; or of ``agreement``) to ``scheme``."""
    _check_scheme(scheme)
    if spec is not None and agreement not in (None, AGREEMENT_IRI):
        raise BadInputError("a variant spec applies to the agreement template only; an agreement given by --agreement "
                            "has no options: leave out the spec and --set")
    target = agreement or AGREEMENT_IRI
    graph, values = store, None
    if spec is not None:
        _template, parsed, graph = _spec_graph(store, spec)
        values = dict(parsed.values)
    typings = read_typings(graph, target)
    if not typings:
        raise UnknownNameError(f"the store holds no agreement <{target}> with parts; give the IRI of an agreement loaded "
                               "in it (clausegraph load, clausegraph ingest --store)")
    found = scheme_for(store, scheme)
    if scheme == "contractnli":
        return Answer(found, target, values, typings, hypotheses=read_hypotheses(graph, target, found))
    return Answer(found, target, values, typings, categories=_categories(found, typings))


# ------------------------------------------------------------------ rendering at the edge


def _name(kind: str | None, path: str | None) -> str:
    return path if path else _NAMES.get(kind or "", kind or "")


def _hypothesis_json(h: HypothesisLabel) -> dict[str, Any]:
    return {"key": h.key, "short_description": h.hypothesis.label_en, "short_description_zh": h.hypothesis.label_zh,
            "hypothesis": h.hypothesis.definition_en, "label": h.label,
            "evidence": [{"provision": e.provision, "path": e.path, "via": e.via, "span": list(e.span) if e.span else None}
                         for e in sorted(h.evidence, key=lambda e: (path_key(e.path), e.via))]}


def answer_json(answer: Answer) -> dict[str, Any]:
    """The answer as JSON data (what ``--format json`` prints and ``GET /v1/crosswalk`` returns)."""
    body: dict[str, Any] = {"scheme": answer.scheme.name, "agreement": answer.agreement, "spec": answer.values}
    if answer.hypotheses:
        body["hypotheses"] = [_hypothesis_json(h) for h in answer.hypotheses]
    if answer.categories:
        body["categories"] = [
            {"notation": c.concept.notation, "label_en": c.concept.label_en, "label_zh": c.concept.label_zh, "status": c.status,
             "components": [{"component": a.component, "path": a.path, "name": _name(a.kind, a.path), "clause_type": a.clause_type,
                             "relation": a.relation} for a in c.assignments],
             "unmapped_because": {"en": c.concept.unmapped_en, "zh": c.concept.unmapped_zh} if c.status == "unmapped" else None}
            for c in answer.categories]
        primary = answer.primary()
        provisions: dict[str, dict[str, Any]] = {}
        for a in sorted(answer.assignments, key=lambda a: path_key(a.path)):
            entry = provisions.setdefault(a.component, {"component": a.component, "path": a.path, "name": _name(a.kind, a.path),
                                                        "labels": [], "primary": primary[a.component].concept.notation})
            entry["labels"].append({"notation": a.concept.notation, "label": a.concept.label_en, "clause_type": a.clause_type,
                                    "relation": a.relation})
        body["provisions"] = list(provisions.values())
    body["clause_types"] = [{"component": t.component, "path": t.path, "name": _name(t.kind, t.path), "clause_type": t.clause_type,
                             "label_en": t.label_en, "label_zh": t.label_zh, "bases": list(t.bases)}
                            for t in sorted(answer.typings, key=lambda t: (path_key(t.path), t.component, t.clause_type))]
    return body


def answer_table(answer: Answer) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The answer as one table (what ``--format table`` and ``csv`` print): for ContractNLI one row per hypothesis,
    for CUAD one row per category (present, absent or unmapped: the categories the agreement lacks are the rows not
    present), for LEDGAR one row per provision with its label."""
    if answer.scheme.name == "contractnli":
        columns = ("key", "hypothesis", "label", "evidence", "spans")
        rows = [(h.key, h.hypothesis.label_en, h.label, ", ".join(h.paths),
                 "; ".join(dict.fromkeys(f"{e.path}:{e.span[0]}-{e.span[1]}" for e in sorted(h.evidence, key=lambda e: path_key(e.path))
                                         if e.span)))
                for h in answer.hypotheses]
        return columns, rows
    if answer.scheme.name == "cuad":
        columns = ("category", "status", "evidence", "clause types")
        rows = []
        for c in answer.categories:
            names = ", ".join(dict.fromkeys(_name(a.kind, a.path) for a in c.assignments))
            types = ", ".join(dict.fromkeys(f"{a.clause_type.rsplit('/', 1)[-1]} ({a.relation})" for a in c.assignments))
            rows.append((c.concept.notation, c.status, names, types))
        return columns, rows
    columns = ("provision", "label", "id", "clause type", "relation", "all labels")
    primary = answer.primary()
    by_component: dict[str, list[Assignment]] = {}
    for a in answer.assignments:
        by_component.setdefault(a.component, []).append(a)
    rows = []
    for component, items in sorted(by_component.items(), key=lambda kv: path_key(kv[1][0].path)):
        best = primary[component]
        rows.append((_name(best.kind, best.path), best.concept.label_en, best.concept.notation, best.clause_type.rsplit("/", 1)[-1],
                     best.relation, ", ".join(dict.fromkeys(a.concept.label_en for a in items))))
    return columns, rows


# ------------------------------------------------------------------ export


def export(store: Store, scheme: str, specs: Sequence[tuple[str, Mapping[str, Any]]] = (), *, languages: Sequence[str] = (),
           agreement: str | None = None) -> str:
    """The agreement and its variants as a file of ``scheme``'s dataset: ContractNLI or CUAD JSON, LEDGAR JSON Lines.

    ``specs`` are (name, spec) pairs of the template (none: the source as it is); each is exported once per language
    in ``languages`` (none: the spec's own). With ``agreement`` (an ingested agreement) its own source text and
    offsets are exported instead."""
    _check_scheme(scheme)
    documents: list[tuple[DocumentText, Answer]] = []
    if agreement not in (None, AGREEMENT_IRI):
        if specs or languages:
            raise BadInputError("an agreement given by --agreement is exported from its own source text: leave out the specs and --language")
        content, spans = read_spans(store, agreement)  # type: ignore[arg-type]
        if content is None:
            raise BadInputError(f"<{agreement}> has no source text (cg:sourceText) to export; only an ingested agreement has one")
        answer = crosswalk(store, scheme, agreement=agreement)
        documents.append((ingested_text(agreement, content, spans, agreement.rstrip("/").rsplit("/", 2)[-2]), answer))
    else:
        template = template_for(store)
        for name, spec in (specs or [("source", {})]):
            langs = list(languages) or [None]
            answer = crosswalk(store, scheme, spec=spec)
            for lang in langs:
                values = dict(spec) if lang is None else {**spec, "language": lang}
                parsed = parse_spec(template, values)
                documents.append((variant_text(template, parsed, f"{name}-{parsed.language}"), answer))
    return _write(scheme, documents, agreement or AGREEMENT_IRI)


def _write(scheme: str, documents: list[tuple[DocumentText, Answer]], url: str) -> str:
    if scheme == "contractnli":
        items = [datasets.contractnli_document(i, doc, answer, f"{url}#{doc.name}") for i, (doc, answer) in enumerate(documents, 1)]
        return datasets.dumps_json(datasets.contractnli_file(items, documents[0][1].scheme))
    if scheme == "cuad":
        return datasets.dumps_json(datasets.cuad_file([datasets.cuad_paragraph(doc, answer) for doc, answer in documents]))
    return datasets.dumps_jsonl([row for doc, answer in documents for row in datasets.ledgar_rows(doc, answer)])
