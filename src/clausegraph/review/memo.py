"""The review rendered at the edge: a table for the terminal, JSON and CSV for programs, and a memo a lawyer could send
(Markdown, HTML, DOCX): the findings by severity, each with its explanation in Chinese and English, its
grounds quoted with their file and version, and its fix.

The Markdown and HTML memos are Jinja2 templates beside this module (``templates/``; HTML autoescaped,
strict about missing values); the DOCX is built with python-docx, its Chinese text in 宋体 (the East
Asian font set on the styles, the headings' theme font removed, the language zh-CN).
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from ..errors import UnknownNameError
from ..formats import choices
from .findings import Finding, Review

FORMATS = choices("review")
TEMPLATES = Path(__file__).parent / "templates"
EAST_ASIAN_FONT = "宋体"
BODY_FONT = "Times New Roman"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(map(str, value))
    return str(value)


def fix_text(finding: Finding) -> str:
    """``dispute_forum=arbitration``, ``employer.name=…`` (the user gives the value), or empty when no option fixes it."""
    fix = finding.fix
    if fix.option is None:
        return ""
    return f"{fix.option}={_value(fix.value) if fix.value is not None else '…'}"


def to_json(review: Review) -> dict[str, Any]:
    """The review as a JSON document (what ``--format json`` and ``POST /v1/review`` answer)."""
    return {
        "agreement": review.agreement,
        "title": dict(review.title),
        "on": review.on.isoformat(),
        "values": {k: list(v) if isinstance(v, tuple) else v for k, v in (review.values or {}).items()} if review.values is not None else None,
        "counts": review.counts(),
        "severities": [{"key": s.key, "rank": s.rank, "label_zh": s.label["zh"], "label_en": s.label["en"],
                        "definition_zh": s.definition["zh"], "definition_en": s.definition["en"]} for s in review.severities],
        "findings": [{**{k: v for k, v in asdict(f).items() if k != "key"}, "fix": {**asdict(f.fix), "one_click": f.fix.one_click}}
                     for f in review.findings],
        "refusals": [asdict(r) for r in review.refusals],
        "skipped": list(review.skipped),
    }


COLUMNS = ("severity", "code", "provision", "finding", "grounds", "fix")


def rows(review: Review) -> list[tuple[str, ...]]:
    """One row per finding (:data:`COLUMNS`): severity, code, provision, title, grounds, fix."""
    return [(f.severity, f.code, f.path or f.provision_zh, f.title_zh, "、".join(g.label_zh for g in f.grounds), fix_text(f))
            for f in review.findings]


def table(review: Review) -> str:
    """The findings as a table for the terminal, their counts by severity, and what was refused or not run."""
    from ..tables import render

    found = rows(review)
    counts = review.counts()
    lines = [render(COLUMNS, found, count=None) if found else "",
             f"({len(found)} findings: " + ", ".join(f"{counts[s.key]} {s.key}" for s in review.severities) + ")"]
    if review.refusals:
        lines.append("refused by the drafter (legal limits): " + "; ".join(f"{r.option}: {r.message}" for r in review.refusals))
    if review.skipped:
        lines.append("not run (need curated norms): " + ", ".join(review.skipped))
    return "\n".join(line for line in lines if line)


def to_csv(review: Review) -> str:
    """The findings as CSV: one row per finding with its grounds and its fix (the source path, not the label)."""
    from ..tables import to_csv as rows_csv

    return rows_csv(("severity", "code", "rule", "provision", "path", "finding_zh", "finding_en", "grounds", "fix"),
                    [(f.severity, f.code, f.rule, f.provision_en, f.path or "", f.title_zh, f.title_en,
                      "; ".join(g.label_zh for g in f.grounds), fix_text(f)) for f in review.findings])


@lru_cache(maxsize=None)
def _environment(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=autoescape, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["fix"] = fix_text
    env.filters["value"] = _value
    return env


def _context(review: Review) -> dict[str, Any]:
    return {"review": review, "by_severity": [(s, review.of(s.key)) for s in review.severities], "counts": review.counts()}


def markdown(review: Review) -> str:
    return _environment(False).get_template("memo.md.j2").render(**_context(review))


def html(review: Review) -> str:
    return _environment(True).get_template("memo.html.j2").render(**_context(review))


def _east_asian(style) -> None:
    from docx.oxml.ns import qn

    style.font.name = BODY_FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    for attribute in ("w:eastAsiaTheme", "w:asciiTheme", "w:hAnsiTheme"):
        fonts.attrib.pop(qn(attribute), None)
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        from docx.oxml import OxmlElement

        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def docx(review: Review) -> bytes:
    """The memo as a Word document whose Chinese text LibreOffice and Word show in 宋体."""
    import docx as python_docx

    document = python_docx.Document()
    styles = document.styles
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Quote", "List Bullet"):
        _east_asian(styles[name])
    title = review.title.get("zh", "")
    document.add_paragraph(f"法律审查意见：{title}" if title else "法律审查意见", style="Title")
    document.add_paragraph(f"Legal review memo: {review.title.get('en', title)}")
    document.add_paragraph(f"审查日期 Review date: {review.on.isoformat()}")
    if review.values:
        document.add_paragraph("选项 Options: " + ", ".join(f"{k}={_value(v)}" for k, v in review.values.items()))
    counts = review.counts()
    document.add_paragraph("发现 Findings: " + "；".join(f"{s.label['zh']} {s.label['en']} {counts[s.key]}" for s in review.severities))
    for refusal in review.refusals:
        document.add_paragraph(f"起草工具拒绝（法律限制）Refused by the drafter: {refusal.message_zh} / {refusal.message}", style="List Bullet")
    for severity, found in ((s, review.of(s.key)) for s in review.severities):
        if not found:
            continue
        document.add_heading(f"{severity.label['zh']} {severity.label['en']}", level=1)
        document.add_paragraph(f"{severity.definition['zh']} {severity.definition['en']}")
        for f in found:
            document.add_heading(f"{f.code} {f.provision_zh}：{f.title_zh} — {f.provision_en}: {f.title_en}", level=2)
            document.add_paragraph(f.explanation_zh)
            document.add_paragraph(f.explanation_en)
            for g in f.grounds:
                source = f"（{g.version_zh}，{g.file}）" if g.file else f"（{g.version_zh}）"
                document.add_paragraph(f"{g.label_zh}{source}：{g.quote}", style="Quote")
            document.add_paragraph(f"修改建议：{f.fix.suggestion_zh}")
            document.add_paragraph(f"Fix: {f.fix.suggestion_en}")
            if f.fix.option:
                document.add_paragraph(f"选项 Option: {fix_text(f)}")
    if review.skipped:
        document.add_paragraph("未运行（需要已审核的规范）Not run (need curated norms): " + ", ".join(review.skipped))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render(review: Review, fmt: str) -> bytes:
    """The review in ``fmt`` (table, json, csv, md, html, docx), as bytes (UTF-8 for the text formats)."""
    if fmt == "docx":
        return docx(review)
    if fmt == "table":
        return (table(review) + "\n").encode("utf-8")
    if fmt == "json":
        return (json.dumps(to_json(review), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "csv":
        return to_csv(review).encode("utf-8")
    if fmt == "md":
        return markdown(review).encode("utf-8")
    if fmt == "html":
        return html(review).encode("utf-8")
    raise UnknownNameError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
