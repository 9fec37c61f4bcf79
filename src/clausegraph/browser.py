"""Headless Chromium for the pictures of the docs (``make docs``) and the browser tests: Debian's
``chromium`` and ``chromium-driver`` packages driven through Selenium, never a browser or driver
downloaded at run time, and no background traffic of the browser's own (updates, sync, safe browsing)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ServerError

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
MISSING = (f"headless Chromium needs {CHROMIUM} and {CHROMEDRIVER}: apt-get install chromium chromium-driver "
           "(.ci/run installs them), and selenium (pip install -e '.[test]', which make installs)")
ARGUMENTS = ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             "--window-size=1280,900", "--lang=zh-CN")


def headless_chromium(*, download_dir: Path | None = None, log_requests: bool = False) -> WebDriver:
    """A headless Chromium: downloads go to ``download_dir`` without asking; the browser console is logged, and
    with ``log_requests`` every request too (:func:`requested_urls`)."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        raise ServerError(MISSING)
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        raise ServerError(MISSING) from None
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ARGUMENTS:
        options.add_argument(argument)
    if download_dir is not None:
        options.add_experimental_option("prefs", {"download.default_directory": str(download_dir),
                                                  "download.prompt_for_download": False, "download.directory_upgrade": True})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", **({"performance": "ALL"} if log_requests else {})})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    if download_dir is not None:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    return driver


def requested_urls(driver: WebDriver) -> list[str]:
    """Every URL the browser requested since the last call (the performance log is read once)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def full_page_png(driver: WebDriver) -> bytes:
    """A PNG of the whole page, not just the window."""
    driver.execute_script("window.scrollTo(0, 0)")
    width, height = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
    )
    return base64.b64decode(shot["data"])
