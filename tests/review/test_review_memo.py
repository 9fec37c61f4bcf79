"""The review rendered: a table, JSON, and the memo a lawyer could send (Markdown, HTML escaped, DOCX that opens in
LibreOffice with its Chinese text)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn

from clausegraph.errors import UnknownNameError
from clausegraph.review import FORMATS, render


def test_formats():
    assert FORMATS == ("table", "json", "csv", "md", "html", "docx")


def test_unknown_format_is_refused(reviewed):
    with pytest.raises(UnknownNameError, match="not one of table, json, csv, md, html, docx"):
        render(reviewed(), "pdf")


def test_table_lists_every_finding_by_severity(reviewed, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # a terminal wide enough for one line per finding
    lines = render(reviewed(), "table").decode("utf-8").splitlines()
    assert [c.strip() for c in lines[0].split(" | ")] == ["severity", "code", "provision", "finding", "grounds", "fix"]
    rows = [line.split(" | ") for line in lines[2:-1]]
    assert len(rows) == 29
    assert [r[0].strip() for r in rows][:3] == ["void", "unenforceable", "unenforceable"]
    assert lines[-1] == "(29 findings: 1 void, 2 unenforceable, 12 risky, 14 drafting)"


def test_csv_has_a_row_per_finding(reviewed):
    rows = list(csv.DictReader(io.StringIO(render(reviewed(), "csv").decode("utf-8"))))
    assert len(rows) == 29 and [r["severity"] for r in rows][:3] == ["void", "unenforceable", "unenforceable"]
    by_code = {r["code"]: r for r in rows}
    # 第五条1: liquidated damages for more than the non-compete, which 劳动合同法第二十五条 does not allow
    assert (by_code["P4"]["severity"], by_code["P4"]["path"], by_code["P4"]["grounds"]) == (
        "void", "5.1", "劳动合同法第二十五条; 劳动合同法第九十条")
    # 第六条: a labour dispute goes to arbitration before any court; the option that fixes it
    assert (by_code["P9"]["severity"], by_code["P9"]["fix"]) == ("unenforceable", "dispute_forum=arbitration")


def test_json_carries_grounds_quotes_and_fixes(reviewed):
    data = json.loads(render(reviewed({"non_compete": False}), "json"))
    assert data["on"] == "2026-12-01" and data["values"] == {"non_compete": False}
    assert data["counts"] == {"void": 2, "unenforceable": 2, "risky": 8, "drafting": 12}
    (p23,) = [f for f in data["findings"] if f["code"] == "P23"]
    assert p23["severity"] == "void" and p23["source_path"] == "5.1"
    (ground,) = p23["grounds"]
    assert ground["label_zh"] == "劳动合同法第二十五条" and ground["file"] == "labour-contract-law-2012.md"
    assert ground["quote"] == "除本法第二十二条和第二十三条规定的情形外，用人单位不得与劳动者约定由劳动者承担违约金。"
    assert ground["in_force_from"] == "2013-07-01" and ground["in_force_until"] is None
    assert p23["fix"] == {**p23["fix"], "option": "omit", "value": "5.1", "one_click": True}


def test_markdown_memo_by_severity_with_quoted_grounds(reviewed):
    text = render(reviewed(), "md").decode("utf-8")
    assert text.startswith("# 法律审查意见：离职保密协议\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## 无效 · void", "## 不能依约执行 · unenforceable", "## 有风险 · risky", "## 起草问题 · drafting"]
    assert "### P9 第六条：劳动争议约定直接向法院起诉，未先经劳动仲裁" in text
    assert "> 发生劳动争议，当事人不愿协商、协商不成或者达成和解协议后不履行的" in text
    assert "- 选项 Option: `dispute_forum=arbitration`" in text


def test_html_memo_escapes_what_the_user_typed(reviewed):
    html = render(reviewed({"employer.name": '<script>alert("x")</script>&'}), "html").decode("utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;" in html
    assert html.count('<article class="finding"') == 28  # the employer's name is given: one blank field fewer
    assert "<blockquote><strong>劳动合同法第二十五条</strong>" in html


def _soffice_text(path, tmp_path) -> str:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is needed: .ci/run installs libreoffice-writer-nogui"
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "txt:Text (encoded):UTF8",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=120)
    return path.with_suffix(".txt").read_text(encoding="utf-8-sig")


def test_docx_memo_opens_in_libreoffice_with_its_chinese_text(reviewed, tmp_path):
    result = reviewed({"dispute_forum": "arbitration"})
    path = tmp_path / "review.docx"
    path.write_bytes(render(result, "docx"))
    text = _soffice_text(path, tmp_path)
    assert "法律审查意见：离职保密协议" in text
    assert "P4 第五条第1款：竞业限制以外的违约金" in text
    assert "除本法第二十二条和第二十三条规定的情形外，用人单位不得与劳动者约定由劳动者承担违约金。" in text
    assert "P9 " not in text  # arbitration comes first in this variant
    for finding in result.findings:
        assert finding.explanation_zh in text


def test_docx_styles_set_the_chinese_font(reviewed):
    memo = read_docx(io.BytesIO(render(reviewed(), "docx")))
    for style in ("Normal", "Title", "Heading 1", "Heading 2", "Quote"):
        fonts = memo.styles[style].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "宋体", style
        assert fonts.get(qn("w:eastAsiaTheme")) is None, style
        assert memo.styles[style].element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    headings = [p.text for p in memo.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["无效 void", "不能依约执行 unenforceable", "有风险 risky", "起草问题 drafting"]
