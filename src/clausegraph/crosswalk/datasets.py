"""The datasets' own file layouts, so that a model trained on a dataset reads the agreement and its variants as it
reads its test split.

- ContractNLI (``train.json``/``dev.json``/``test.json`` of the v1.0 release): ``{"documents": [{"id", "file_name",
  "text", "document_type", "url", "spans": [[start, end], …], "annotation_sets": [{"annotations": {"nda-1":
  {"choice", "spans": [span indices]}}}]}], "labels": {"nda-1": {"short_description", "hypothesis"}}}``;
- CUAD (``CUAD_v1.json``, SQuAD 2.0): ``{"version", "data": [{"title", "paragraphs": [{"context", "qas": [{"answers":
  [{"text", "answer_start"}], "id": "TITLE__Category", "question", "is_impossible"}]}]}]}``;
- LEDGAR as LexGLUE ships it (``ledgar.jsonl``): one JSON object per line, ``{"text", "clause_type", "data_type"}``,
  plus ``"source"`` (LEDGAR's own field for where a provision comes from).
"""

from __future__ import annotations

import json
from typing import Any

from .documents import DocumentText
from .model import NOT_MENTIONED, Answer, Scheme

CUAD_QUESTION = 'Highlight the parts (if any) of this contract related to "{category}" that should be reviewed by a lawyer. Details: {description}'
CLAUSEGRAPH_DOCUMENT_TYPE = "clausegraph-txt"


def contractnli_document(number: int, document: DocumentText, answer: Answer, url: str) -> dict[str, Any]:
    """One ContractNLI document: the text, its spans, and the label and evidence spans of every hypothesis."""
    annotations = {}
    for h in answer.hypotheses:
        spans = document.indices(set(h.provisions)) if h.label != NOT_MENTIONED else []
        annotations[h.key] = {"choice": h.label, "spans": spans}
    return {
        "id": number,
        "file_name": document.name,
        "text": document.text,
        "document_type": CLAUSEGRAPH_DOCUMENT_TYPE,
        "url": url,
        "spans": [[s.start, s.end] for s in document.segments],
        "annotation_sets": [{"annotations": annotations}],
    }


def contractnli_file(documents: list[dict[str, Any]], scheme: Scheme) -> dict[str, Any]:
    return {
        "documents": documents,
        "labels": {c.notation: {"short_description": c.label_en, "hypothesis": c.definition_en} for c in scheme.concepts},
    }


def cuad_paragraph(document: DocumentText, answer: Answer) -> dict[str, Any]:
    """One CUAD contract: the text as context and one question per category, answered by the parts that carry it."""
    qas = []
    for category in answer.categories:
        concept = category.concept
        seen: set[int] = set()
        answers = []
        for assignment in category.assignments:
            for index in document.covering(assignment.component):
                if index in seen:
                    continue
                seen.add(index)
                segment = document.segments[index]
                answers.append({"text": document.words(segment), "answer_start": segment.start})
        answers.sort(key=lambda a: a["answer_start"])
        qas.append({
            "answers": answers,
            "id": f"{document.name}__{concept.notation}",
            "question": CUAD_QUESTION.format(category=concept.notation, description=concept.definition_en),
            "is_impossible": not answers,
        })
    return {"title": document.name, "paragraphs": [{"context": document.text, "qas": qas}]}


def cuad_file(contracts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"version": "clausegraph-cuad-v1", "data": contracts}


def ledgar_rows(document: DocumentText, answer: Answer, split: str = "test") -> list[dict[str, Any]]:
    """One row per provision of the document that has a LEDGAR label (its best one; LexGLUE is single-label), in
    each language of the document."""
    primary = answer.primary()
    rows = []
    for segment in document.segments:
        if segment.role != "text" or segment.component not in primary:
            continue
        assignment = primary[segment.component]
        rows.append({"text": document.words(segment), "clause_type": assignment.concept.label_en, "data_type": split,
                     "source": f"{document.name}#{assignment.path or segment.component}@{segment.lang}"})
    return rows


def dumps_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def dumps_jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
