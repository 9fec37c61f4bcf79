"""The drafter's web page in a real browser: the real ``clausegraph serve`` on a loopback port, driven
through Selenium with the system's headless Chromium (Debian packages chromium and chromium-driver,
which .ci/run installs; clausegraph.browser starts it). The page's SPARQL console is YASGUI, served
from the package (static/vendor/): it runs queries on /sparql, shows tables and charts, and completes
the project's prefixes. Nothing the page does requests anything from elsewhere."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import threading
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait
from servers import free_port, serve_clausegraph

from clausegraph.browser import CHROMEDRIVER, CHROMIUM, MISSING, headless_chromium, requested_urls
from clausegraph.results import compact
from clausegraph.sources import PREFIXES, QUERIES_DIR

STATIC = Path(__file__).parents[1] / "src" / "clausegraph" / "service" / "static"
WAIT = 30  # seconds an explicit wait may take (the first assembly loads the graph's queries)

# the console's own starter queries (queries/console/*.rq): SPARQL lives in .rq files, never copied here
ARTICLES_QUERY = (QUERIES_DIR / "console" / "articles.rq").read_text(encoding="utf-8")
INSTANCES_QUERY = (QUERIES_DIR / "console" / "instances-per-class.rq").read_text(encoding="utf-8")
TITLE_ZH = "离职保密协议"  # the source's title (seed: 离职保密协议)


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


def sparql_json(base: str, query: str) -> dict:
    return json.loads(_get(f"{base}/sparql?" + urllib.parse.urlencode({"query": query}), accept="application/sparql-results+json"))


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
        pytest.fail(MISSING)
    driver = headless_chromium(download_dir=download_dir, log_requests=True)
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver: WebDriver, condition, message: str, timeout: float = WAIT):
    return WebDriverWait(driver, timeout).until(condition, message)


def by_id(driver: WebDriver, element_id: str):
    return driver.find_element(By.ID, element_id)


@contextlib.contextmanager
def inside_preview_frame(driver: WebDriver) -> Iterator[None]:
    driver.switch_to.frame(by_id(driver, "preview-html"))
    try:
        yield
    finally:
        driver.switch_to.default_content()


def preview_text(driver: WebDriver) -> str:
    """The preview as a reader sees it: the formatted document in its frame, or the plain text."""
    if by_id(driver, "preview-html").is_displayed():
        with inside_preview_frame(driver):
            return driver.find_element(By.TAG_NAME, "body").text
    return by_id(driver, "preview-text").text


def preview_is_current(driver: WebDriver) -> bool:
    """The preview shows the assembly of the form as it is now (not updating, not stale)."""
    status = by_id(driver, "preview-status").get_attribute("class") or ""
    return "ok" in status.split() and by_id(driver, "preview").get_attribute("aria-busy") is None


def open_page(driver: WebDriver, url: str) -> None:
    """Load the page and wait for the form, the default assembly and the console's examples."""
    driver.get("about:blank")  # a new load even when only the fragment differs
    driver.get(url if "/" in url.split("//", 1)[-1] else f"{url}/")
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


def term_text(term: dict | None) -> str:
    """A SPARQL JSON term as YASR's table shows it: IRIs compacted with the project's prefixes, a literal
    quoted with its language tag or datatype."""
    if term is None:
        return ""
    if term["type"] == "uri":
        return compact(term["value"])
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    if "xml:lang" in term:
        return f'"{term["value"]}"@{term["xml:lang"]}'
    if "datatype" in term:
        return f'"{term["value"]}"^^{compact(term["datatype"])}'
    return term["value"]


def expected_rows(answer: dict) -> list[list[str]]:
    variables = answer["head"]["vars"]
    return [[term_text(b.get(v)) for v in variables] for b in answer["results"]["bindings"]]


# ---------------------------------------------------------------- YASGUI


def yasr_rows(driver: WebDriver) -> list[list[str]]:
    """The rows of YASR's table (all of them: one page holds up to 50), without its row-number column."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#yasgui .yasr table.dataTable tbody tr')]"
        ".filter((tr) => !tr.querySelector('td.dataTables_empty'))"
        ".map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent.trim()));"
    )


def yasr_headers(driver: WebDriver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('#yasgui .yasr table.dataTable thead th')].slice(1).map((th) => th.textContent.trim());"
    )


def set_editor(driver: WebDriver, query: str) -> None:
    """Put a query into YASQE (a CodeMirror editor) as a paste would."""
    driver.execute_script("document.querySelector('#yasgui .CodeMirror').CodeMirror.setValue(arguments[0]);", query)


def run_editor(driver: WebDriver) -> None:
    driver.find_element(By.CSS_SELECTOR, "#yasgui .yasqe_queryButton").click()


def run_question(driver: WebDriver, name: str) -> None:
    Select(by_id(driver, "examples")).select_by_value(name)
    wait(driver, lambda d: by_id(d, "run-question").is_enabled(), f"run-question did not become enabled for {name}")
    by_id(driver, "run-question").click()


# ---------------------------------------------------------------- the drafter


def test_chromium_is_installed():
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), MISSING


def test_form_has_every_option_and_previews_the_default_assembly(browser, server, variants, title):
    open_page(browser, server)
    for option in variants["options"]:
        field_id = option["key"].replace(".", "-")
        field = by_id(browser, f"opt-{field_id}")
        assert field.is_displayed(), option["key"]
        assert by_id(browser, f"msg-{field_id}") is not None
        label = browser.find_element(By.CSS_SELECTOR, f"label[for='opt-{field_id}']").text
        assert option["label_zh"] in label and option["label_en"] in label
    assert title == TITLE_ZH and title in preview_text(browser)
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


def test_dropdowns_show_the_choices_labels(browser, server, variants):
    open_page(browser, server)
    for option in variants["options"]:
        if not option["allowed"]:
            continue
        select = Select(by_id(browser, f"opt-{option['key'].replace('.', '-')}"))
        shown = [(o.get_attribute("value"), o.text) for o in select.options]
        assert shown == [(c["value"], f"{c['label_zh']} / {c['label_en']}") for c in option["choices"]], option["key"]
    forum = Select(by_id(browser, "opt-dispute_forum"))
    assert forum.first_selected_option.get_attribute("value") == "court"  # the source's 第六条: the court
    assert "法院" in forum.first_selected_option.text
    forum.select_by_value("arbitration")
    wait(browser, lambda d: "劳动争议仲裁委员会" in preview_text(d) and preview_is_current(d), "choosing arbitration by its label did not reassemble")
    assert not script_errors(browser)


def test_typing_a_name_updates_the_preview(browser, server):
    open_page(browser, server)
    before = preview_text(browser)
    assert "张三" not in before
    type_into(browser, "opt-employee-name", "张三")
    wait(browser, lambda d: "张三" in preview_text(d) and preview_is_current(d), "the preview never showed 张三")
    assert preview_text(browser) != before
    assert not script_errors(browser)


def test_the_html_preview_is_formatted_in_a_sandbox(browser, server):
    """The preview renders the service's HTML (headings, paragraphs) inside a frame with no scripts and an
    opaque origin; markup typed into a field stays text; plain text is one choice away."""
    open_page(browser, server)
    frame = by_id(browser, "preview-html")
    assert frame.get_attribute("sandbox") == ""  # no allow-scripts, no allow-same-origin
    type_into(browser, "opt-employee-name", "<b id='smuggled'>王五</b><script>window.parent.pwned=1</script>")
    wait(browser, lambda d: "王五" in preview_text(d) and preview_is_current(d), "the preview never showed the typed name")
    with inside_preview_frame(browser):
        assert browser.find_element(By.TAG_NAME, "h1").text == TITLE_ZH
        headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
        assert headings[0].startswith("第一条") and len(headings) == 9  # the source's nine articles
        assert not browser.find_elements(By.ID, "smuggled")  # escaped: the markup is text
        assert "<b id='smuggled'>王五</b>" in browser.find_element(By.TAG_NAME, "body").text
    assert browser.execute_script("return window.pwned === undefined && !document.getElementById('smuggled')")
    # the page itself holds no copy of the document: only the frame does
    assert browser.execute_script("return document.querySelectorAll('h1').length") == 1
    Select(by_id(browser, "preview-format")).select_by_value("txt")
    wait(browser, lambda d: by_id(d, "preview-text").is_displayed() and "王五" in by_id(d, "preview-text").text and preview_is_current(d),
         "the plain-text preview did not show")
    assert not frame.is_displayed()
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


def test_a_cannot_download_message_goes_with_a_valid_edit(browser, server):
    open_page(browser, server)
    type_into(browser, "opt-non_compete_months", "30")
    wait(browser, lambda d: "stale" in by_id(d, "preview").get_attribute("class").split(), "30 months was not refused")
    by_id(browser, "download-docx").click()
    status = by_id(browser, "download-status")
    wait(browser, lambda d: "Cannot download" in status.text, "the refused download said nothing")
    assert "无法下载" in status.text
    type_into(browser, "opt-non_compete_months", "12")
    wait(browser, lambda d: preview_is_current(d) and not status.is_displayed(), "the cannot-download message survived a valid edit")
    assert status.text == ""
    assert not script_errors(browser)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    return text + "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)


def wait_for_file(driver: WebDriver, target: Path) -> None:
    folder = target.parent
    wait(driver, lambda d: target.is_file() and not list(folder.glob("*.crdownload")) and target.stat().st_size > 0,
         f"{target.name} never appeared in {folder} ({sorted(p.name for p in folder.iterdir())})")


def test_docx_download_is_named_after_the_parties(browser, server, download_dir, title):
    open_page(browser, server)
    # a path separator and a drive colon in the employer's name: neither may reach the file name
    type_into(browser, "opt-employer-name", "济南/某科技:有限公司")
    type_into(browser, "opt-employee-name", "李四")
    wait(browser, lambda d: "李四" in preview_text(d) and preview_is_current(d), "the preview never showed 李四")
    target = download_dir / f"{TITLE_ZH}-济南_某科技_有限公司-李四.docx"
    target.unlink(missing_ok=True)
    by_id(browser, "download-docx").click()
    wait_for_file(browser, target)
    assert target.read_bytes().startswith(b"PK") and zipfile.is_zipfile(target)
    text = docx_text(target)
    assert title in text and "李四" in text and "济南/某科技:有限公司" in text
    assert target.name in by_id(browser, "download-status").text
    # without names the file is the title alone
    open_page(browser, server)
    plain = download_dir / f"{TITLE_ZH}.docx"
    plain.unlink(missing_ok=True)
    by_id(browser, "download-docx").click()
    wait_for_file(browser, plain)
    assert not script_errors(browser)


def fill_in(driver: WebDriver) -> dict:
    """Fill the form as a drafter would; the spec it means (only options changed from their defaults)."""
    type_into(driver, "opt-employer-name", "济南某科技有限公司")
    type_into(driver, "opt-employee-name", "张三")
    Select(by_id(driver, "opt-dispute_forum")).select_by_value("arbitration")
    type_into(driver, "opt-non_compete_months", "12")
    type_into(driver, "opt-omit", "5.3.2")
    wait(driver, lambda d: "张三" in preview_text(d) and "劳动争议仲裁委员会" in preview_text(d) and preview_is_current(d),
         "the filled-in form was not previewed")
    return {"employer.name": "济南某科技有限公司", "employee.name": "张三", "non_compete_months": 12,
            "dispute_forum": "arbitration", "omit": ["5.3.2"]}


def form_values(driver: WebDriver) -> dict:
    return {key: by_id(driver, f"opt-{key.replace('.', '-')}").get_attribute("value")
            for key in ("employer.name", "employee.name", "dispute_forum", "non_compete_months", "omit")}


FILLED = {"employer.name": "济南某科技有限公司", "employee.name": "张三", "dispute_forum": "arbitration",
          "non_compete_months": "12", "omit": "5.3.2"}


def test_the_address_is_a_shareable_link_to_the_spec(browser, server):
    open_page(browser, server)
    assert "#" not in browser.current_url  # the default spec needs no link
    spec = fill_in(browser)
    link = browser.current_url
    fragment = urllib.parse.parse_qs(urllib.parse.urlsplit(link).fragment)
    assert json.loads(fragment["spec"][0]) == spec
    # the link in a new load restores every choice, and the preview follows
    open_page(browser, link)
    assert form_values(browser) == FILLED
    wait(browser, lambda d: "张三" in preview_text(d) and "劳动争议仲裁委员会" in preview_text(d), "the link's spec was not assembled")
    assert browser.current_url == link
    assert "链接" in by_id(browser, "spec-status").text
    # a nested spec, as YAML files and the API take it, works in a link too
    nested = urllib.parse.quote(json.dumps({"employee": {"name": "王五"}, "language": "zh-en"}, ensure_ascii=False))
    open_page(browser, f"{server}/#spec={nested}")
    assert by_id(browser, "opt-employee-name").get_attribute("value") == "王五"
    assert Select(by_id(browser, "opt-language")).first_selected_option.get_attribute("value") == "zh-en"
    # a link whose spec names no option of the template says so, and the form keeps its defaults
    bad = urllib.parse.quote(json.dumps({"employe.name": "typo"}))
    open_page(browser, f"{server}/#spec={bad}")
    assert "unknown option employe.name" in by_id(browser, "spec-status").text
    assert by_id(browser, "opt-employee-name").get_attribute("value") == ""
    assert not script_errors(browser)


def test_save_and_load_the_spec_as_json(browser, server, download_dir, tmp_path):
    open_page(browser, server)
    spec = fill_in(browser)
    saved = download_dir / f"{TITLE_ZH}-济南某科技有限公司-张三.json"
    saved.unlink(missing_ok=True)
    by_id(browser, "save-spec").click()
    wait_for_file(browser, saved)
    assert json.loads(saved.read_text(encoding="utf-8")) == spec
    # the saved file is the API's spec: it assembles the same document
    assert _post_json(f"{server}/v1/check", spec)["valid"] is True
    # a fresh page loads it back
    open_page(browser, server)
    assert form_values(browser)["employee.name"] == ""
    by_id(browser, "spec-file").send_keys(str(saved))
    wait(browser, lambda d: "张三" in preview_text(d) and "劳动争议仲裁委员会" in preview_text(d) and preview_is_current(d),
         "the loaded spec was not assembled")
    assert form_values(browser) == FILLED
    assert saved.name in by_id(browser, "spec-status").text
    # a file that is not a spec is refused with the reason, and the form stays as it was
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2]", encoding="utf-8")
    by_id(browser, "spec-file").send_keys(str(broken))
    wait(browser, lambda d: "broken.json" in by_id(d, "spec-status").text, "the broken file was not reported")
    assert "not a JSON object" in by_id(browser, "spec-status").text
    wrong = tmp_path / "wrong-value.json"
    wrong.write_text(json.dumps({"dispute_forum": "mediation"}), encoding="utf-8")
    by_id(browser, "spec-file").send_keys(str(wrong))
    wait(browser, lambda d: "wrong-value.json" in by_id(d, "spec-status").text, "the wrong value was not reported")
    assert "one of arbitration, court" in by_id(browser, "spec-status").text
    assert form_values(browser) == FILLED
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


# ---------------------------------------------------------------- the SPARQL console (YASGUI)


def test_yasgui_runs_a_starter_query_and_shows_its_rows(browser, server):
    open_page(browser, server)
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .yasqe .CodeMirror"), "YASGUI did not start")
    # the first starter query (queries/console/articles.rq) is in the editor, the endpoint is the service's own
    wait(browser, lambda d: d.execute_script("return document.querySelector('#yasgui .CodeMirror').CodeMirror.getValue()") == ARTICLES_QUERY,
         "the editor did not get the first starter query")
    assert browser.find_element(By.CSS_SELECTOR, "#yasgui input.autocomplete").get_attribute("value") == f"{server}/sparql"
    highlighted = browser.find_elements(By.CSS_SELECTOR, "#yasgui .CodeMirror .cm-keyword")
    assert {"SELECT", "WHERE"} <= {k.text for k in highlighted}  # SPARQL highlighting
    run_editor(browser)
    answer = sparql_json(server, ARTICLES_QUERY)
    wait(browser, lambda d: yasr_rows(d) == expected_rows(answer), "YASR's table never matched /sparql's answer")
    assert yasr_headers(browser) == answer["head"]["vars"]
    # the source's nine articles, 第一条 商业秘密 first
    assert [row[0] for row in yasr_rows(browser)] == [str(n) for n in range(1, 10)]
    assert yasr_rows(browser)[0][1] == '"商业秘密"@zh' and yasr_rows(browser)[0][2] == "ag:art-1"
    assert not script_errors(browser)


def test_yasgui_shows_the_endpoints_error(browser, server):
    open_page(browser, server)
    set_editor(browser, "SELECT ?x WHERE { ?x")
    run_editor(browser)
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .yasr .errorResult"), "a bad query showed no error")
    error = browser.find_element(By.CSS_SELECTOR, "#yasgui .yasr .errorResult").text
    assert "400" in error and "bad-query" in error
    assert yasr_rows(browser) == []
    # YASGUI logs the failed request itself; nothing else went wrong
    assert all("Bad Request" in message for message in script_errors(browser))


def test_run_question_shows_the_answer_in_yasgui(browser, server):
    open_page(browser, server)
    question = json.loads(_get(f"{server}/v1/questions/survival"))
    rows = question["results"]["results"]["bindings"]
    assert rows, "the survival question should have answers"
    run_question(browser, "survival")
    # YASR pages a long table: its info line counts every row
    wait(browser, lambda d: f"{len(rows)} 行 rows" in by_id(d, "question-status").text, "the question's rows were not counted")
    wait(browser, lambda d: yasr_headers(d) == question["results"]["head"]["vars"], "YASR did not show the question's columns")
    assert browser.execute_script("return document.querySelector('#yasgui .CodeMirror').CodeMirror.getValue()") == question["question"]["query"]
    shown = yasr_rows(browser)
    assert shown == expected_rows(question["results"])[: len(shown)] and len(shown) == min(len(rows), 50)


def test_yasgui_completes_the_projects_prefixes(browser, server):
    open_page(browser, server)
    set_editor(browser, "PREFIX c")
    browser.execute_script("const cm = document.querySelector('#yasgui .CodeMirror').CodeMirror; cm.focus(); cm.setCursor(cm.lineCount(), 0);")
    browser.switch_to.active_element.send_keys(Keys.CONTROL, " ")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"), "no prefix completion was offered")
    hints = [li.text for li in browser.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li")]
    assert f"cg: <{PREFIXES['cg']}>" in hints
    assert all(hint.split(":")[0] in PREFIXES for hint in hints)  # the project's prefixes, not prefix.cc's
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)


def test_yasgui_draws_a_chart_of_a_count(browser, server):
    open_page(browser, server)
    Select(by_id(browser, "examples")).select_by_value("starter:instances-per-class")
    run_editor(browser)
    answer = sparql_json(server, INSTANCES_QUERY)
    wait(browser, lambda d: yasr_rows(d) == expected_rows(answer), "the instances table was not shown")
    browser.find_element(By.CSS_SELECTOR, "#yasgui .yasr .select_chart").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .yasr canvas"), "no chart was drawn")
    chart = browser.execute_script(
        "const c = Chart.getChart(document.querySelector('#yasgui .yasr canvas'));"
        "return {type: c.config.type, labels: c.data.labels, data: c.data.datasets[0].data};")
    bindings = answer["results"]["bindings"]
    assert chart["type"] == "bar"
    assert chart["labels"] == [compact(b["class"]["value"]) for b in bindings]
    assert chart["data"] == [int(b["instances"]["value"]) for b in bindings]
    Select(browser.find_element(By.CSS_SELECTOR, "#yasgui .chart-kind")).select_by_value("pie")
    wait(browser, lambda d: d.execute_script("return Chart.getChart(document.querySelector('#yasgui .yasr canvas')).config.type") == "pie",
         "the chart did not become a pie")
    assert not script_errors(browser)


def test_no_request_leaves_the_machine(browser, server):
    """Everything the page loads and asks, through every test above and a console session here, goes to the
    service itself (Chrome's performance log lists every request)."""
    open_page(browser, server)
    # completion where YASQE's own completers would ask lov.linkeddata.es (a property, a class): they are off
    for text in ("SELECT * WHERE { ?s rdfs:la", "SELECT * WHERE { ?s a owl:Cl"):
        set_editor(browser, text)
        browser.execute_script("const cm = document.querySelector('#yasgui .CodeMirror').CodeMirror; cm.focus(); cm.setCursor(cm.lineCount(), 0);")
        browser.switch_to.active_element.send_keys(Keys.CONTROL, " ")
    set_editor(browser, ARTICLES_QUERY)
    run_editor(browser)  # after the completions: any request they made is logged before this one's answer
    wait(browser, lambda d: yasr_rows(d), "the console's query gave no rows")
    requested = requested_urls(browser)
    assert f"{server}/static/vendor/yasgui/yasgui.min.js" in requested
    assert f"{server}/static/vendor/chart.js/chart.umd.min.js" in requested
    assert f"{server}/sparql" in requested
    assert [url for url in requested if not url.startswith((server, "data:", "blob:", "about:"))] == []


# ---------------------------------------------------------------- a hosted YASGUI through --cors

HOSTED_PAGE = """<!doctype html><meta charset="utf-8"><title>hosted YASGUI</title>
<link rel="stylesheet" href="yasgui.min.css"><script src="yasgui.min.js"></script>
<div id="yasgui"></div><script src="hosted.js"></script>"""
HOSTED_SCRIPT = """const endpoint = new URLSearchParams(location.search).get("endpoint");
Yasgui.Yasqe.defaults.autocompleters = ["variables"];
window.yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint, method: "POST" }, persistenceId: null, populateFromUrl: false,
  endpointCatalogueOptions: { getData: () => [] } });"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def hosted_yasgui(tmp_path_factory) -> Iterator[str]:
    """YASGUI on another origin (a static server on another port), as a knowledge engineer's hosted copy."""
    folder = tmp_path_factory.mktemp("hosted")
    for name in ("yasgui.min.js", "yasgui.min.css"):
        shutil.copy(STATIC / "vendor" / "yasgui" / name, folder / name)
    (folder / "index.html").write_text(HOSTED_PAGE, encoding="utf-8")
    (folder / "hosted.js").write_text(HOSTED_SCRIPT, encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def hosted_query(driver: WebDriver, hosted: str, endpoint: str) -> None:
    driver.get(f"{hosted}/index.html?" + urllib.parse.urlencode({"endpoint": endpoint}))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .CodeMirror"), "the hosted YASGUI did not start")
    set_editor(driver, ARTICLES_QUERY)
    run_editor(driver)


def test_a_hosted_yasgui_queries_through_cors(browser, server, hosted_yasgui):
    with serve_clausegraph("--cors", hosted_yasgui, "--workers", "1") as (cors_server, _process):
        hosted_query(browser, hosted_yasgui, f"{cors_server}/sparql")
        # the source's nine articles (the hosted copy knows only the query's own prefixes: the paths are compared)
        wait(browser, lambda d: [row[0] for row in yasr_rows(d)] == [str(n) for n in range(1, 10)],
             "the hosted YASGUI did not get the articles")
        assert yasr_rows(browser)[0][1] == '"商业秘密"@zh'
    # the module's server was started without --cors: the same page is refused, and YASGUI says it cannot reach it
    hosted_query(browser, hosted_yasgui, f"{server}/sparql")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#yasgui .yasr .errorResult"), "the refused query showed no error")
    assert yasr_rows(browser) == []
    assert any("CORS" in m or "Access-Control-Allow-Origin" in m for m in script_errors(browser))  # the browser's own word
