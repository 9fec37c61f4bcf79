"""The DOCX: a Chinese contract's page (A4, GB/T 9704 margins, 宋体 小四 body and 黑体 headings in black, 1.5 lines,
第X页 共Y页), the signature block as a table whose columns line up, properties from the spec, a firm's reference
.docx as the style source; it opens in LibreOffice, which prints page 1 as expected and reads the same text as
the txt rendering; option values are escaped; only the body and the properties differ between documents."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pdfplumber
import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from PIL import Image

from clausegraph.drafting.docx import DOCUMENT, default_package, package_from_bytes, package_from_docx, render_docx
from clausegraph.drafting.pages import convert, docx_pdf, page_png
from clausegraph.drafting.render import RS, layout, render
from clausegraph.errors import BadInputError
from cli_runner import invoke

SPECS = [
    {},
    {"language": "en"},
    {"omit": ["4", "5.3.3"], "employee.name": "张三", "non_compete_months": 18, "dispute_forum": "arbitration"},
    {"signature_block": "seal", "employer.name": "济南某科技有限公司", "employee.name": "张三"},
]
SEAL = {"signature_block": "seal", "employer.name": "济南某科技有限公司", "employee.name": "张三"}


def soffice_text(data: bytes) -> list[str]:
    text = convert(data, "txt:Text (encoded):UTF8").decode("utf-8-sig")
    return [line.rstrip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("spec", SPECS, ids=["source", "english", "omissions-and-options", "seal"])
def test_docx_text_in_libreoffice_equals_the_txt_rendering(spec, build):
    """LibreOffice reads the txt rendering's lines, except that a signature row, one line of columns in the txt,
    is a row of the signature table, which LibreOffice reads cell by cell."""
    document = build(**spec)
    txt = [line.rstrip() for line in render(document, "txt").decode("utf-8").splitlines() if line.strip()]
    signature_rows = [texts[0] for style, texts in layout(document) if style == "signature"]
    assert len(signature_rows) == (3 if spec.get("signature_block") == "seal" else 2)
    cells = [cell for row in signature_rows for cell in row.split(RS) if cell]
    assert soffice_text(render(document, "docx")) == txt[: -len(signature_rows)] + cells


def test_docx_styles_carry_the_east_asian_font_size_colour_and_language(build):
    docx = read_docx(io.BytesIO(render_docx(build())))
    expected = {"Normal": ("宋体", 12), "Body Text": ("宋体", 12), "Signature": ("宋体", 12), "Title": ("黑体", 22),
                "Heading 1": ("黑体", 14), "Footer": ("宋体", 9)}
    for name, (font, size) in expected.items():
        rpr = docx.styles[name].element.rPr
        assert rpr.rFonts.get(qn("w:eastAsia")) == font, name
        assert rpr.rFonts.get(qn("w:eastAsiaTheme")) is None, name
        assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN", name
        assert docx.styles[name].font.size == Pt(size), name
        assert rpr.find(qn("w:color")).get(qn("w:val")) == "000000", name
    assert docx.styles["Normal"].paragraph_format.line_spacing == 1.5
    assert docx.styles["Title"].paragraph_format.alignment == 1  # centred
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["第一条 商业秘密", "第二条 保密义务人", "第三条 保密义务人的保密义务"]
    assert len(headings) == 9
    assert docx.paragraphs[0].style.name == "Title" and docx.paragraphs[0].text == "离职保密协议"
    body = [p for p in docx.paragraphs if p.text.startswith("1、本协议所称商业秘密")]
    assert len(body) == 1 and body[0].style.name == "Body Text"


def test_docx_page_is_a4_with_gb_t_9704_margins_and_a_page_footer(build):
    docx = read_docx(io.BytesIO(render_docx(build())))
    section = docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)]
    assert margins == [37, 35, 28, 26]
    footer = section.footer.paragraphs[0]._p.xml
    assert re.findall(r"<w:instrText[^>]*> (\w+) </w:instrText>", footer) == ["PAGE", "NUMPAGES"]
    assert "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", footer)) == "第1页 共1页"  # the fields' placeholders
    english = read_docx(io.BytesIO(render_docx(build(language="en"))))
    assert "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", english.sections[0].footer.paragraphs[0]._p.xml)) == "Page 1 of 1"


def test_the_signature_block_is_a_table_whose_columns_line_up(build):
    docx = read_docx(io.BytesIO(render_docx(build(**SEAL))))
    assert len(docx.tables) == 1
    rows = [[cell.text for cell in row.cells] for row in docx.tables[0].rows]
    assert rows == [
        ["甲方（盖章）：济南某科技有限公司", "乙方（签字）：张三"],
        ["法定代表人或授权代表（签字）：", ""],
        ["日期：      年    月    日", "日期：      年    月    日"],
    ]
    assert {cell.width for row in docx.tables[0].rows for cell in row.cells} == {Twips((11906 - 1587 - 1474) // 2)}
    source = read_docx(io.BytesIO(render_docx(build())))
    assert [[c.text for c in row.cells] for row in source.tables[0].rows] == [["甲    方：", "乙    方："], ["签订时间：", "签订时间："]]


def test_zh_en_docx_is_a_two_column_table(build):
    docx = read_docx(io.BytesIO(render_docx(build(language="zh-en", **SEAL))))
    table = docx.tables[0]
    assert len(table.columns) == 2
    assert [c.text for c in table.rows[0].cells] == ["离职保密协议", "Departure Confidentiality Agreement"]
    assert table.rows[0].cells[0].paragraphs[0].style.name == "Title"
    last = table.rows[-1].cells
    assert [p.text for p in last[0].paragraphs] == ["日期：      年    月    日", "日期：      年    月    日"]
    assert [p.text for p in last[1].paragraphs] == ["Date:", "Date:"]


def test_document_properties_come_from_the_spec(build):
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    props = read_docx(io.BytesIO(render_docx(build(**SEAL)))).core_properties
    after = dt.datetime.now(dt.timezone.utc)
    assert props.title == "离职保密协议"
    assert props.subject == "济南某科技有限公司；张三" and props.keywords == "济南某科技有限公司; 张三"
    assert props.author == "clausegraph" and props.last_modified_by == "clausegraph"
    assert before <= props.created <= after
    assert props.language == "zh-CN"
    fixed = read_docx(io.BytesIO(render_docx(build(), now=dt.datetime(2027, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))))))
    assert fixed.core_properties.created == dt.datetime(2027, 3, 1, 1, 30, tzinfo=dt.timezone.utc)  # 09:30 in Beijing
    assert fixed.core_properties.subject == ""  # no parties named


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
    assert docx.tables[0].rows[0].cells[1].text == "乙    方：" + hostile
    assert "甲方有权任意处罚乙方" in docx.core_properties.subject


# ------------------------------------------------------------------ a firm's reference document


def firm_reference(tmp_path, *, chinese_ids: bool = False):
    """A firm's template made with python-docx: A4 landscape-free, Normal at 10.5 pt, its own body; with
    ``chinese_ids`` its styles carry the ids a Chinese Word gives them (heading 1 → "1", Title → "a3")."""
    from docx import Document as new_docx
    from docx.shared import Mm

    reference = new_docx()
    reference.sections[0].page_width, reference.sections[0].page_height = Mm(210), Mm(297)
    reference.styles["Normal"].font.size = Pt(10.5)
    reference.add_paragraph("the reference's own body, which the agreement replaces")
    path = tmp_path / "firm.docx"
    reference.save(path)
    if chinese_ids:
        data = parts(path.read_bytes())
        for old, new in ((b'"Heading1"', b'"1"'), (b'"Title"', b'"a3"')):
            data["word/styles.xml"] = data["word/styles.xml"].replace(b'w:styleId=' + old, b'w:styleId=' + new).replace(
                b'<w:basedOn w:val=' + old, b'<w:basedOn w:val=' + new)
        with zipfile.ZipFile(path, "w") as archive:
            for name, content in data.items():
                archive.writestr(name, content)
    return path


def test_a_reference_docx_gives_its_page_and_styles(build, tmp_path):
    """A firm's template as the style source: its page size and its styles, with the agreement as body."""
    docx = read_docx(io.BytesIO(render_docx(build(), package_from_docx(firm_reference(tmp_path)))))
    assert (round(docx.sections[0].page_width.mm), round(docx.sections[0].page_height.mm)) == (210, 297)
    assert round(docx.sections[0].left_margin.mm) == round(1800 / 1440 * 25.4)  # python-docx's template: 1.25 in
    assert docx.styles["Normal"].font.size == Pt(10.5)
    assert docx.paragraphs[0].text == "离职保密协议" and "the reference's own body" not in "".join(p.text for p in docx.paragraphs)
    assert docx.core_properties.title == "离职保密协议" and docx.core_properties.author == "clausegraph"
    assert default_package().text_width == 11906 - 1587 - 1474  # A4 less GB/T 9704's 28 mm and 26 mm


def test_a_reference_docx_styles_are_found_by_name(build, tmp_path):
    """A Chinese Word names heading 1's style id "1" and Title's "a3": the agreement's headings take them."""
    package = package_from_docx(firm_reference(tmp_path, chinese_ids=True))
    assert package.styles["article"] == "1" and package.styles["title"] == "a3"
    docx = read_docx(io.BytesIO(render_docx(build(), package)))
    assert docx.paragraphs[0].style.name == "Title"
    assert [p.style.name for p in docx.paragraphs if p.text.startswith("第一条")] == ["Heading 1"]


def test_a_reference_without_properties_gets_the_agreements(build, tmp_path):
    """A template saved without docProps/core.xml (nor its relationship): the DOCX still carries title and author."""
    data = parts(firm_reference(tmp_path).read_bytes())
    del data["docProps/core.xml"]
    data["_rels/.rels"] = re.sub(rb'<Relationship [^>]*core-properties[^>]*/>', b"", data["_rels/.rels"])
    data["[Content_Types].xml"] = re.sub(rb'<Override PartName="/docProps/core.xml"[^>]*/>', b"", data["[Content_Types].xml"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in data.items():
            archive.writestr(name, content)
    docx = read_docx(io.BytesIO(render_docx(build(), package_from_bytes(buffer.getvalue()))))
    assert docx.core_properties.title == "离职保密协议" and docx.core_properties.author == "clausegraph"


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04broken", b""], ids=["text", "broken-zip", "empty"])
def test_a_reference_that_is_not_a_docx_is_refused(data):
    with pytest.raises(BadInputError, match="is not a Word document"):
        package_from_bytes(data, name="firm.docx")


def test_a_zip_without_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(BadInputError, match=r"firm.xlsx is not a Word document \(no word/document.xml"):
        package_from_bytes(buffer.getvalue(), name="firm.xlsx")


def test_cli_assemble_takes_a_reference_docx(tmp_path):
    out = tmp_path / "agreement.docx"
    result = invoke(["assemble", "--format", "docx", "--reference", str(firm_reference(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_docx(out).styles["Normal"].font.size == Pt(10.5)
    bad = tmp_path / "firm.docx.txt"
    bad.write_text("plain text", encoding="utf-8")
    refused = invoke(["assemble", "--format", "docx", "--reference", str(bad), "-o", str(tmp_path / "x.docx")])
    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1 and "is not a Word document" in refused.stderr
    assert not (tmp_path / "x.docx").exists()
    missing = invoke(["assemble", "--format", "docx", "--reference", str(tmp_path / "none.docx"), "-o", str(out)])
    assert missing.exit_code == 2 and "cannot read the reference document" in missing.stderr
    text = invoke(["assemble", "--format", "txt", "--reference", str(firm_reference(tmp_path))])
    assert text.exit_code == 2 and "--reference is for --format docx" in text.stderr


# ------------------------------------------------------------------ page 1 as LibreOffice prints it


@pytest.fixture(scope="module")
def printed(template):
    from clausegraph.drafting import assemble, parse_spec

    data = render_docx(assemble(template, parse_spec(template, SEAL)))
    return docx_pdf(data)


def chars_of(page, text: str) -> list[dict]:
    """The characters (spaces left out) of the one line of ``page`` that reads ``text``, spaces aside."""
    lines = page.extract_text_lines(return_chars=True)
    found = [line for line in lines if line["text"].replace(" ", "") == text]
    assert len(found) == 1, [line["text"] for line in lines]
    return [c for c in found[0]["chars"] if c["text"].strip()]


def kind(fontname: str) -> str:
    """song (宋体 or the serif CJK standing in for it), hei (黑体 or the sans CJK), or the font's own name."""
    name = fontname.split("+")[-1]
    if re.search(r"SimSun|Song|SerifCJK|SourceHanSerif", name):
        return "song"
    return "hei" if re.search(r"SimHei|Hei|SansCJK|SourceHanSans", name) else name


def test_page_1_printed_by_libreoffice_is_a_chinese_contract(printed):
    """A4; the title in 黑体 (or the sans CJK standing in for it) at 22 pt (二号), article headings at 14 pt (四号), the
    body in 宋体 (or the serif CJK) at 12 pt (小四); every character black; the footer reads 第1页 共N页, N the page count."""
    with pdfplumber.open(io.BytesIO(printed)) as pdf:
        page = pdf.pages[0]
        assert abs(page.width - 595) < 1 and abs(page.height - 842) < 1
        expected = {"离职保密协议": ("hei", 22), "第一条商业秘密": ("hei", 14), "甲方：济南某科技有限公司": ("song", 12),
                    "证件号码：": ("song", 12)}
        for text, (family, size) in expected.items():
            chars = chars_of(page, text)
            assert {kind(c["fontname"]) for c in chars} == {family}, text
            assert {round(c["size"]) for c in chars} == {size}, text
        colours = {tuple(round(v, 3) for v in (c["non_stroking_color"] or (0,))) for c in page.chars}
        assert colours <= {(0,), (0, 0, 0), (0, 0, 0, 1)}, colours
        pages = len(pdf.pages)
        assert page.extract_text().splitlines()[-1] == f"第1页 共{pages}页"
        assert pdf.pages[-1].extract_text().splitlines()[-1] == f"第{pages}页 共{pages}页"


def test_the_printed_signature_columns_line_up(printed):
    """On the last page, 乙方（签字） starts where the second 日期 does, and 甲方（盖章）, 法定代表人… and the first 日期 at one x."""
    with pdfplumber.open(io.BytesIO(printed)) as pdf:
        page = pdf.pages[-1]
        first = chars_of(page, "甲方（盖章）：济南某科技有限公司乙方（签字）：张三")
        second, third = chars_of(page, "法定代表人或授权代表（签字）："), chars_of(page, "日期：年月日日期：年月日")
        party_b = next(c for c in first if c["text"] == "乙")
        date_b = [c for c in third if c["text"] == "日"][2]  # 日期 年 月 日 | 日期 …: the third 日 opens column 2
        assert abs(party_b["x0"] - date_b["x0"]) < 0.5
        assert abs(first[0]["x0"] - second[0]["x0"]) < 0.5 and abs(first[0]["x0"] - third[0]["x0"]) < 0.5
        assert party_b["x0"] - first[0]["x0"] > 200  # column 2 is well to the right: half the text width


def test_page_1_as_a_picture(printed):
    png = page_png(printed, dpi=40)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and abs(image.height / image.width - 842 / 595) < 0.01
    saturation = image.convert("RGB").convert("HSV").getextrema()[1]
    assert saturation[1] < 24  # grey only: nothing blue (nor any colour) on the page
