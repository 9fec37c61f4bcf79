"""The drafter's web page in a real browser: the real ``clausegraph serve`` on a loopback port,
driven through Selenium with the system's headless Chromium (Debian packages chromium and
chromium-driver, which .ci/run installs)."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait
from servers import serve_clausegraph

from clausegraph.results import compact
from clausegraph.sources import QUERIES_DIR

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
MISSING_BROWSER = f"the browser test needs {CHROMIUM} and {CHROMEDRIVER}; .ci/run installs them (apt-get install chromium chromium-driver)"
SCREENSHOT = Path(__file__).parents[1] / "docs" / "screenshot-drafter.png"
WAIT = 30  # seconds an explicit wait may take (the first assembly loads the graph's queries)

# the console's own starter query (queries/console/articles.rq): SPARQL lives in .rq files, never copied here
ARTICLES_QUERY = (QUERIES_DIR / "console" / "articles.rq").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the server and its API


def _get(url: str, accept: str = "application/json") -> bytes:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def _post_json(url: str, body: object) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode("utf-8"), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``clausegraph serve`` (uvicorn) on a free loopback port; its base URL. Stopped after the module."""
    with serve_clausegraph() as (base, _process):
        yield base


@pytest.fixture(scope="module")
def variants(server) -> dict:
    return json.loads(_get(f"{server}/v1/variants"))


@pytest.fixture(scope="module")
def title(variants) -> str:
    return variants["title"]["zh"]


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def download_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(download_dir) -> Iterator[WebDriver]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(MISSING_BROWSER)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=zh-CN"):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(download_dir),
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
            "safebrowsing.enabled": True,
        },
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver: WebDriver, condition, message: str, timeout: float = WAIT):
    return WebDriverWait(driver, timeout).until(condition, message)


def by_id(driver: WebDriver, element_id: str):
    return driver.find_element(By.ID, element_id)


def preview_text(driver: WebDriver) -> str:
    return by_id(driver, "preview").text


def preview_is_current(driver: WebDriver) -> bool:
    """The preview shows the assembly of the form as it is now (not updating, not stale)."""
    status = by_id(driver, "preview-status").get_attribute("class") or ""
    return "ok" in status.split() and by_id(driver, "preview").get_attribute("aria-busy") is None


def open_page(driver: WebDriver, base: str) -> None:
    """Load the page and wait for the form, the default assembly and the console's examples."""
    driver.get(f"{base}/")
    wait(driver, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"), "the page did not finish loading")
    wait(driver, lambda d: preview_is_current(d) and preview_text(d).strip(), "the default assembly was not previewed")
    assert not by_id(driver, "load-error").is_displayed(), by_id(driver, "load-error").text


def type_into(driver: WebDriver, element_id: str, text: str) -> None:
    field = by_id(driver, element_id)
    field.clear()
    field.send_keys(text)


def script_errors(driver: WebDriver) -> list[str]:
    """Browser console errors other than failed requests (a refused variant is a 422 on purpose)."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and "Failed to load resource" not in entry["message"]
    ]


def table_cells(driver: WebDriver) -> list[list[str]]:
    rows = by_id(driver, "results").find_elements(By.CSS_SELECTOR, "tbody tr")
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows]


def result_rows(driver: WebDriver) -> int:
    return len(by_id(driver, "results").find_elements(By.CSS_SELECTOR, "tbody tr"))


def term_text(term: dict | None) -> str:
    """A SPARQL JSON term as the page shows it: IRIs compacted with the project prefixes."""
    if term is None:
        return ""
    if term["type"] == "uri":
        return compact(term["value"])
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    return term["value"]


def run_question(driver: WebDriver, name: str) -> None:
    Select(by_id(driver, "examples")).select_by_value(name)
    wait(driver, lambda d: by_id(d, "run-question").is_enabled(), f"run-question did not become enabled for {name}")
    by_id(driver, "run-question").click()


# ---------------------------------------------------------------- the tests


def test_chromium_is_installed():
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), MISSING_BROWSER


def test_form_has_every_option_and_previews_the_default_assembly(browser, server, variants, title):
    open_page(browser, server)
    for option in variants["options"]:
        field_id = option["key"].replace(".", "-")
        field = by_id(browser, f"opt-{field_id}")
        assert field.is_displayed(), option["key"]
        assert by_id(browser, f"msg-{field_id}") is not None
        label = browser.find_element(By.CSS_SELECTOR, f"label[for='opt-{field_id}']").text
        assert option["label_zh"] in label and option["label_en"] in label
    assert title in preview_text(browser)
    assert variants["title"]["zh"] in browser.title
    # the default variant cites the repealed 合同法: the warning is shown beside modern_legal_bases
    check = _post_json(f"{server}/v1/check", {})
    assert check["valid"] is True
    for warning in check["warnings"]:
        if warning["option"]:
            message = by_id(browser, f"msg-{warning['option'].replace('.', '-')}").text
            assert warning["message_zh"] in message
    assert "stale" not in (by_id(browser, "preview").get_attribute("class") or "").split()
    assert not script_errors(browser)


def test_typing_a_name_updates_the_preview(browser, server):
    open_page(browser, server)
    before = preview_text(browser)
    assert "张三" not in before
    type_into(browser, "opt-employee-name", "张三")
    wait(browser, lambda d: "张三" in preview_text(d) and preview_is_current(d), "the preview never showed 张三")
    assert preview_text(browser) != before
    assert not script_errors(browser)


def test_non_compete_beyond_two_years_is_refused_beside_its_option(browser, server):
    check = _post_json(f"{server}/v1/check", {"non_compete_months": 30})
    assert check["valid"] is False
    (issue,) = [v for v in check["violations"] if v["option"] == "non_compete_months"]
    grounds = [g for g in (issue["ground_zh"], issue["ground"]) if g]
    assert any("劳动合同法" in g for g in grounds), issue

    open_page(browser, server)
    last_good = preview_text(browser)
    type_into(browser, "opt-non_compete_months", "30")
    message = by_id(browser, "msg-non_compete_months")
    wait(browser, lambda d: all(g in message.text for g in grounds), f"msg-non_compete_months never showed {grounds}")
    assert "劳动合同法" in message.text
    assert issue["message_zh"] in message.text
    # the summary lists it too, and the last good text stays, marked stale
    wait(browser, lambda d: issue["message_zh"] in by_id(d, "violations").text, "the summary never listed the violation")
    assert "stale" in by_id(browser, "preview").get_attribute("class").split()
    assert preview_text(browser) == last_good
    # back within the limit: the message goes and the preview is current again
    type_into(browser, "opt-non_compete_months", "12")
    wait(browser, lambda d: preview_is_current(d) and not message.text, "the violation did not clear at 12 months")
    assert "stale" not in by_id(browser, "preview").get_attribute("class").split()
    assert not script_errors(browser)


def test_docx_download(browser, server, download_dir, title):
    open_page(browser, server)
    type_into(browser, "opt-employee-name", "李四")
    wait(browser, lambda d: "李四" in preview_text(d) and preview_is_current(d), "the preview never showed 李四")
    target = download_dir / "agreement.docx"
    target.unlink(missing_ok=True)
    by_id(browser, "download-docx").click()
    wait(
        browser,
        lambda d: target.is_file() and not list(download_dir.glob("*.crdownload")) and target.stat().st_size > 0,
        f"agreement.docx never appeared in {download_dir} ({sorted(p.name for p in download_dir.iterdir())})",
    )
    data = target.read_bytes()
    assert data.startswith(b"PK") and zipfile.is_zipfile(target)
    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert title in text
    assert "李四" in text
    assert "agreement.docx" in by_id(browser, "download-status").text
    assert not script_errors(browser)


def test_sparql_console_runs_a_question_and_free_sparql(browser, server):
    open_page(browser, server)
    question = json.loads(_get(f"{server}/v1/questions/survival"))
    expected_rows = question["results"]["results"]["bindings"]
    assert expected_rows, "the survival question should have answers"

    run_question(browser, "survival")
    wait(
        browser,
        lambda d: result_rows(d) == len(expected_rows) and "rows" in by_id(d, "results-count").text,
        f"the survival table never had {len(expected_rows)} rows",
    )
    headers = [th.text for th in by_id(browser, "results").find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers == question["results"]["head"]["vars"]
    column = headers.index("provision")
    assert [row[column] for row in table_cells(browser)] == [term_text(b.get("provision")) for b in expected_rows]

    url = f"{server}/sparql?" + urllib.parse.urlencode({"query": ARTICLES_QUERY})
    answer = json.loads(_get(url, accept="application/sparql-results+json"))
    variables = answer["head"]["vars"]
    expected = [[term_text(b.get(v)) for v in variables] for b in answer["results"]["bindings"]]
    assert len(expected) >= 8

    type_into(browser, "sparql-query", ARTICLES_QUERY)
    by_id(browser, "run-sparql").click()
    wait(browser, lambda d: table_cells(d) == expected, "the free SPARQL table never matched /sparql's answer")
    assert [th.text for th in by_id(browser, "results").find_elements(By.CSS_SELECTOR, "thead th")] == variables
    assert not by_id(browser, "sparql-error").is_displayed()

    # a broken query: the endpoint's error is shown, not a table
    type_into(browser, "sparql-query", "SELECT ?x WHERE { ?x")
    by_id(browser, "run-sparql").click()
    wait(browser, lambda d: by_id(d, "sparql-error").is_displayed(), "a bad query showed no error")
    assert result_rows(browser) == 0
    assert not script_errors(browser)


def review_codes(driver: WebDriver) -> list[tuple[str, str]]:
    """The findings beside the preview: (code, provision as the variant names it)."""
    return [tuple(pair) for pair in driver.execute_script(  # read at once: a refresh replaces the list's items
        "return [...document.querySelectorAll('#review-findings li.finding')]"
        ".map((li) => [li.dataset.code, li.querySelector('.provision').textContent]);")]


def test_review_findings_beside_the_preview_and_one_click_fixes(browser, server):
    expected = _post_json(f"{server}/v1/review", {})
    open_page(browser, server)
    listed = [(f["code"], f["provision_zh"]) for f in expected["findings"]]
    wait(browser, lambda d: review_codes(d) == listed, "the review's findings were not listed beside the preview")
    assert "29" in by_id(browser, "review-count").text
    court = browser.find_element(By.CSS_SELECTOR, "#review-findings li[data-code='P9']")
    assert "第六条" in court.text and "劳动争议调解仲裁法第五条" in court.text
    # a fix whose value the user gives (a party's name) has no button; one an option value fixes has one
    blank = browser.find_element(By.CSS_SELECTOR, "#review-findings li[data-code='P25']")
    assert not blank.find_elements(By.CSS_SELECTOR, "button.apply-fix")
    button = court.find_element(By.CSS_SELECTOR, "button.apply-fix")
    assert "dispute_forum=arbitration" in button.text
    button.click()
    after = _post_json(f"{server}/v1/review", {"dispute_forum": "arbitration"})
    wait(browser, lambda d: review_codes(d) == [(f["code"], f["provision_zh"]) for f in after["findings"]],
         "applying the fix did not review the new variant")
    assert Select(by_id(browser, "opt-dispute_forum")).first_selected_option.get_attribute("value") == "arbitration"
    wait(browser, lambda d: "劳动争议仲裁委员会" in preview_text(d) and preview_is_current(d), "the preview did not follow the fix")
    assert "P9" not in [code for code, _ in review_codes(browser)]
    # a fix that leaves a provision out adds it to the omitted list
    damages = browser.find_element(By.CSS_SELECTOR, "#review-findings li[data-code='P13'] button.apply-fix")
    assert "omit=5.3.2" in damages.text
    damages.click()
    wait(browser, lambda d: by_id(d, "opt-omit").get_attribute("value") == "5.3.2", "the omit field did not get 5.3.2")
    # 5.3(3) is now numbered 5.3(2): one finding on the damages formula is left, the lawyers' fees
    wait(browser, lambda d: [p for c, p in review_codes(d) if c == "P13"] == ["第五条第3款第（2）项"] and preview_is_current(d),
         "5.3(2)'s finding stayed")
    assert not script_errors(browser)


def test_screenshot(browser, server):
    """docs/screenshot-drafter.png: the form filled in, its preview, and a question's answer in the console."""
    open_page(browser, server)
    type_into(browser, "opt-employer-name", "济南某科技有限公司")
    type_into(browser, "opt-employee-name", "张三")
    Select(by_id(browser, "opt-dispute_forum")).select_by_value("arbitration")
    type_into(browser, "opt-non_compete_months", "12")
    wait(browser, lambda d: "张三" in preview_text(d) and preview_is_current(d), "the filled-in form was not previewed")
    run_question(browser, "legal-bases")
    wait(browser, lambda d: result_rows(d) > 0, "the legal-bases question gave no table")
    wait(browser, preview_is_current, "the preview was not current")

    # the whole page, not just the window: the console sits below the form and the preview
    browser.execute_script("window.scrollTo(0, 0)")
    width, height = browser.execute_script("return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    shot = browser.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
    )
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.write_bytes(base64.b64decode(shot["data"]))
    assert SCREENSHOT.read_bytes().startswith(b"\x89PNG")
    assert not script_errors(browser)
