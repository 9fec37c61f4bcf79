"""The README's screenshots, taken by ``make docs`` (``python -m clausegraph.docgen``),
never by the tests (a test run leaves the checkout clean).

:data:`SCREENSHOTS` maps each file under ``docs/`` to the function that makes it. The drafter's page is taken
from a real ``clausegraph serve``; the DOCX's first page is LibreOffice's print of it drawn by pdftoppm
(:mod:`clausegraph.drafting.pages`). Each is a function returning the PNG's bytes, registered here under its file
name, and the README links the file.
"""

from __future__ import annotations

from collections.abc import Callable

#: What the drafter's page shows in the README: a filled-in form, its preview and a question's answer.
DRAFTER_SPEC = {"employer.name": "济南某科技有限公司", "employee.name": "张三", "dispute_forum": "arbitration", "non_compete_months": 12}
DRAFTER_QUESTION = "legal-bases"
WAIT_S = 60


def drafter_page() -> bytes:
    """The drafter's page (docs/screenshot-drafter.png): the form filled in from a link (#spec=…), the formatted
    preview, the legal review, and the console's YASGUI with a competency question's answer."""
    import json
    from urllib.parse import quote

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from .browser import full_page_png, headless_chromium
    from .loopback import serve_clausegraph

    with serve_clausegraph() as (base, _process):
        driver = headless_chromium()
        try:
            driver.get(f"{base}/#spec={quote(json.dumps(DRAFTER_SPEC, ensure_ascii=False))}")
            wait = WebDriverWait(driver, WAIT_S)
            wait.until(lambda d: d.execute_script("return document.body.dataset.ready === 'true'"), "the page did not load")
            current = "return document.getElementById('preview-status').classList.contains('ok') && !document.getElementById('preview').hasAttribute('aria-busy')"
            wait.until(lambda d: d.execute_script(current), "the preview was not assembled")
            Select(driver.find_element(By.ID, "examples")).select_by_value(DRAFTER_QUESTION)
            driver.find_element(By.ID, "run-question").click()
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .yasr table.dataTable tbody tr td"), "the question gave no table")
            wait.until(lambda d: d.execute_script(current), "the preview was not current")
            return full_page_png(driver)
        finally:
            driver.quit()


#: The DOCX whose first page the README shows: the drafter's variant, signed with seal and signatures.
DOCX_SPEC = {**DRAFTER_SPEC, "signature_block": "seal"}
DOCX_DPI = 110


def docx_page1() -> bytes:
    """Page 1 of the assembled DOCX (docs/screenshot-docx-page1.png) as LibreOffice prints it, drawn by pdftoppm."""
    from .drafting import assemble, parse_spec, read_template, render
    from .drafting.pages import docx_pdf, page_png
    from .graph import load_store

    template = read_template(load_store())
    document = assemble(template, parse_spec(template, DOCX_SPEC))
    return page_png(docx_pdf(render(document, "docx")), page=1, dpi=DOCX_DPI)


#: docs/NAME → the function that makes it.
SCREENSHOTS: dict[str, Callable[[], bytes]] = {
    "screenshot-drafter.png": drafter_page,
    "screenshot-docx-page1.png": docx_page1,
}
