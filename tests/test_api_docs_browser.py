"""The API page (/docs) renders offline: headless Chromium opens it from the real server, Swagger UI
(served from the fastapi-offline package, not a CDN) lists the operations, and every request the
page makes goes to the server itself."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from servers import serve_clausegraph

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def page() -> Iterator[tuple[str, list[str], list[str]]]:
    """The server's base URL, the operation paths the API page shows, and every URL the page requested."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail(f"the browser test needs {CHROMIUM} and {CHROMEDRIVER}; .ci/run installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1280,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    with serve_clausegraph() as (base, _process):
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            driver.get(f"{base}/docs")
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"),
                                            "Swagger UI did not render the operations")
            paths = [e.get_attribute("data-path") or e.text for e in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")]
            requested = []
            for entry in driver.get_log("performance"):
                message = json.loads(entry["message"])["message"]
                if message["method"] == "Network.requestWillBeSent":
                    requested.append(message["params"]["request"]["url"])
        finally:
            driver.quit()
    yield base, paths, requested


def test_the_api_page_lists_the_operations(page):
    _, paths, _ = page
    assert {"/sparql", "/v1/assemble", "/v1/check", "/v1/variants", "/v1/questions/{name}", "/healthz"} <= set(paths)


def test_the_api_page_requests_nothing_from_elsewhere(page):
    base, _, requested = page
    assert f"{base}/docs-assets/swagger-ui-bundle.js" in requested and f"{base}/openapi.json" in requested
    assert [url for url in requested if not url.startswith((base, "data:", "blob:"))] == []
