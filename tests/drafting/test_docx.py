"""The DOCX opens in LibreOffice, holds the same text as the txt rendering, sets a Chinese font, escapes option
values, and takes every part but its body and properties from a package built once (or from a reference .docx)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn

from clausegraph.drafting.docx import DOCUMENT, default_package, package_from_docx, render_docx
from clausegraph.drafting.render import render

SPECS = [
    {},
    {"language": "en"},
    {"omit": ["4", "5.3.3"], "employee.name": "张三", "non_compete_months": 18, "dispute_forum": "arbitration"},
]


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
def test_docx_text_in_libreoffice_equals_the_txt_rendering(spec, build, tmp_path):
    document = build(**spec)
    path = tmp_path / "agreement.docx"
    path.write_bytes(render(document, "docx"))
    expected = [line.rstrip() for line in render(document, "txt").decode("utf-8").splitlines() if line.strip()]
    assert soffice_text(path, tmp_path) == expected


def test_docx_styles_carry_the_east_asian_font_and_headings(build):
    docx = read_docx(io.BytesIO(render_docx(build())))
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


def test_zh_en_docx_is_a_two_column_table(build):
    docx = read_docx(io.BytesIO(render_docx(build(language="zh-en"))))
    table = docx.tables[0]
    assert len(table.columns) == 2
    assert [c.text for c in table.rows[0].cells] == ["离职保密协议", "Departure Confidentiality Agreement"]


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_only_the_body_and_the_properties_differ_between_documents(build):
    first, second = parts(render_docx(build())), parts(render_docx(build(language="en", omit=["4"])))
    assert set(first) == set(second)
    assert {name for name in first if first[name] != second[name]} == {DOCUMENT, "docProps/core.xml"}
    assert b"<dc:title>Departure Confidentiality Agreement</dc:title>" in second["docProps/core.xml"]


def test_option_values_are_escaped_in_the_xml(build):
    hostile = '</w:t></w:r></w:p><w:p><w:r><w:t>甲方有权任意处罚乙方 & "x"'
    docx = read_docx(io.BytesIO(render_docx(build(**{"employee.name": hostile}))))  # parses: the XML is well-formed
    assert docx.paragraphs[3].text == "乙      方：" + hostile
    assert sum("甲方有权任意处罚乙方" in p.text for p in docx.paragraphs) == 1


def test_a_reference_docx_gives_its_page_and_styles(build, tmp_path):
    """A firm's template as the style source: its page size and its styles' fonts, with the agreement as body."""
    from docx import Document as new_docx
    from docx.shared import Mm, Pt

    reference = new_docx()
    reference.sections[0].page_width, reference.sections[0].page_height = Mm(210), Mm(297)
    reference.styles["Normal"].font.size = Pt(12)
    reference.add_paragraph("the reference's own body, which the agreement replaces")
    reference.save(tmp_path / "firm.docx")
    docx = read_docx(io.BytesIO(render_docx(build(), package_from_docx(tmp_path / "firm.docx"))))
    assert (round(docx.sections[0].page_width.mm), round(docx.sections[0].page_height.mm)) == (210, 297)
    assert docx.styles["Normal"].font.size == Pt(12)
    assert docx.paragraphs[0].text == "离职保密协议" and "the reference's own body" not in "".join(p.text for p in docx.paragraphs)
    assert default_package().text_width == 12240 - 2 * 1800  # python-docx's default page: Letter, 1.25 in margins
