"""The DOCX opens in LibreOffice, holds the same text as the txt rendering, and sets a Chinese font."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn

from clausegraph.assemble import assemble
from clausegraph.graph import load_store
from clausegraph.render import render, render_docx
from clausegraph.sources import assembly_sources

SPECS = [
    {},
    {"language": "en"},
    {"omit": ["4", "5.3.3"], "employee.name": "张三", "non_compete_months": 18, "dispute_forum": "arbitration"},
]


@pytest.fixture(scope="module")
def astore():
    return load_store(assembly_sources())


def soffice_text(path, tmp_path) -> list[str]:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is needed: .ci/run installs libreoffice-writer-nogui"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "txt:Text (encoded):UTF8",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )
    text = path.with_suffix(".txt").read_text(encoding="utf-8-sig")
    return [line.rstrip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("spec", SPECS, ids=["source", "english", "omissions-and-options"])
def test_docx_text_in_libreoffice_equals_the_txt_rendering(spec, astore, tmp_path):
    document = assemble(astore, spec)
    path = tmp_path / "agreement.docx"
    path.write_bytes(render(document, "docx"))
    expected = [line.rstrip() for line in render(document, "txt").decode("utf-8").splitlines() if line.strip()]
    assert soffice_text(path, tmp_path) == expected


def test_docx_styles_carry_the_east_asian_font_and_headings(astore):
    docx = read_docx(io.BytesIO(render_docx(assemble(astore, {}))))
    for name in ("Normal", "Title", "Heading 1"):
        fonts = docx.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "宋体", name
        assert fonts.get(qn("w:eastAsiaTheme")) is None, name
        assert docx.styles[name].element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["第一条 商业秘密", "第二条 保密义务人", "第三条 保密义务人的保密义务"]
    assert len(headings) == 9
    assert docx.paragraphs[0].style.name == "Title" and docx.paragraphs[0].text == "离职保密协议"
    assert docx.core_properties.title == "离职保密协议"


def test_zh_en_docx_is_a_two_column_table(astore):
    docx = read_docx(io.BytesIO(render_docx(assemble(astore, {"language": "zh-en"}))))
    table = docx.tables[0]
    assert len(table.columns) == 2
    assert [c.text for c in table.rows[0].cells] == ["离职保密协议", "Departure Confidentiality Agreement"]
