"""The site in a real browser: the distribution's headless Chromium, driven by Selenium.

Opened from ``file://`` as a reader would from a shared drive: no console
errors, a click on a node of a view's SVG lands on the element's page, the
search finds "quang nam" in names written "Quảng Nam", and no request leaves
the site (Chromium's own network log, read through the DevTools protocol).
Selenium is pointed at the system's chromedriver and chromium, so it never
downloads a driver. Skipped, with the reason, where they are not installed
(``bash scripts/test.sh`` installs them with apt-get when it runs as root).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ictarch.site.search import fold
from ictarch.validation import validate_architecture
from tests.conftest import QUANG_NAM

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="headless Chromium and chromedriver are not installed "
    "(Debian/Ubuntu: apt-get install chromium chromium-driver; scripts/test.sh does it as root)",
)
TIMEOUT = 60  # a bound, not a speed check: a loaded CI machine can be slow to start Chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from _browser(javascript=True)


def _browser(javascript: bool) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1200,900",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(TIMEOUT)
    try:
        yield driver
    finally:
        driver.quit()


def url_of(site: Path, page: str) -> str:
    return (site / page).as_uri()


def console_problems(browser: Any) -> list[str]:
    """Messages the pages logged at warning level or above since the last call."""
    return [
        entry["message"]
        for entry in browser.get_log("browser")
        if entry["level"] in ("SEVERE", "WARNING")
    ]


def requests_made(browser: Any) -> list[str]:
    """Every URL the pages asked for since the last call (DevTools network events)."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def wait_for(browser: Any, condition: Any) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, TIMEOUT).until(condition)


def test_the_index_opens_from_file_without_console_errors(
    browser: Any, quang_nam_site: Path
) -> None:
    browser.get(url_of(quang_nam_site, "index.html"))
    assert browser.title == "Overview · Kiến trúc ICT phát triển đô thị thông minh tỉnh Quảng Nam"
    image = browser.find_element("css selector", ".overview img")
    assert browser.execute_script("return arguments[0].naturalWidth", image) > 500
    assert console_problems(browser) == []


def test_a_click_on_a_node_of_a_view_opens_the_elements_page(
    browser: Any, quang_nam_site: Path
) -> None:
    browser.get(url_of(quang_nam_site, "views/lgsp.html"))
    node = browser.find_element("css selector", 'svg a[*|href="../elements/ndxp.html"]')
    node.click()
    wait_for(browser, lambda driver: driver.current_url.endswith("/elements/ndxp.html"))
    heading = browser.find_element("css selector", "h1").text
    assert heading == "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)"
    assert console_problems(browser) == []


def test_zoom_buttons_resize_the_diagram(browser: Any, quang_nam_site: Path) -> None:
    browser.get(url_of(quang_nam_site, "views/overview.html"))
    svg = browser.find_element("css selector", ".diagram-frame svg")
    fitted = svg.size["width"]
    browser.find_element("css selector", 'button[data-zoom="in"]').click()
    assert svg.size["width"] > fitted * 1.2
    browser.find_element("css selector", 'button[data-zoom="fit"]').click()
    assert svg.size["width"] == fitted
    assert console_problems(browser) == []


def test_search_ignores_diacritics_and_case(browser: Any, quang_nam_site: Path) -> None:
    architecture = validate_architecture(QUANG_NAM).architecture
    assert architecture is not None
    expected = {
        element.id
        for element in architecture.elements.values()
        if all(
            word in fold(f"{element.id} {element.name} {element.kind}") for word in ("quang", "nam")
        )
    }
    assert "ubnd-tinh" in expected
    assert len(expected) > 10
    # typed into the search box of any page, submitted as ?q= to the search page
    browser.get(url_of(quang_nam_site, "elements/lgsp.html"))
    box = browser.find_element("id", "site-search")
    box.send_keys("quang nam")
    box.submit()
    wait_for(browser, lambda driver: "search.html?q=quang+nam" in driver.current_url)
    results = wait_for(
        browser, lambda driver: driver.find_elements("css selector", "#search-results li code")
    )
    found = {code.text for code in results}
    assert found == expected
    summary = browser.find_element("css selector", "#search-results p").text
    assert summary == f"{len(expected)} elements match."
    # a deep link, upper case and with the real diacritics, and an id
    browser.get(url_of(quang_nam_site, "search.html") + "?q=LGSP")
    first = wait_for(
        browser, lambda driver: driver.find_elements("css selector", "#search-results li a")
    )[0]
    assert first.get_attribute("href").endswith("/elements/lgsp.html")
    browser.get(url_of(quang_nam_site, "search.html") + "?q=%C4%90i%E1%BB%87n%20B%C3%A0n")
    results = wait_for(
        browser, lambda driver: driver.find_elements("css selector", "#search-results li code")
    )
    assert "ubnd-tx-dien-ban" in {code.text for code in results}
    assert console_problems(browser) == []


def test_no_request_leaves_the_site(browser: Any, quang_nam_site: Path) -> None:
    requests_made(browser)  # forget what the earlier tests asked for: checked below anew
    for page in ("index.html", "views/overview.html", "elements/lgsp.html", "findings.html"):
        browser.get(url_of(quang_nam_site, page))
    browser.get(url_of(quang_nam_site, "search.html") + "?q=quang")
    wait_for(browser, lambda driver: driver.find_elements("css selector", "#search-results li"))
    urls = requests_made(browser)
    site = quang_nam_site.as_uri() + "/"
    assert urls, "the network log recorded nothing"
    assert [url for url in urls if not url.startswith(site)] == []
    assert any(url.endswith("/search-index.js") for url in urls)


def test_hostile_names_run_no_script(browser: Any, hostile_site: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    for page in ("index.html", "elements/app.html", "elements/so.html", "views/all.html"):
        browser.get(url_of(hostile_site, page))
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
        assert console_problems(browser) == [], page
    assert (
        browser.title
        == "</svg><script>alert('view')</script> · </title><script>alert('name')</script>"
    )


def test_pages_print_without_navigation_and_fit_a_phone(browser: Any, quang_nam_site: Path) -> None:
    browser.get(url_of(quang_nam_site, "elements/lgsp.html"))
    navigation = browser.find_element("css selector", ".site-header nav")
    assert navigation.is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not navigation.is_displayed()
        assert not browser.find_element("css selector", ".search-form").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.set_window_size(390, 844)
    try:
        for page in (
            "index.html",
            "elements/lgsp.html",
            "elements.html",
            "owners.html",
            "findings.html",
            "views/lgsp.html",
        ):
            browser.get(url_of(quang_nam_site, page))
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, page
    finally:
        browser.set_window_size(1200, 900)
    assert console_problems(browser) == []


def test_without_javascript_diagrams_link_and_search_points_to_the_lists(
    quang_nam_site: Path,
) -> None:
    for browser in _browser(javascript=False):
        browser.get(url_of(quang_nam_site, "views/lgsp.html"))
        tools = browser.find_element("css selector", ".diagram-tools")
        assert not tools.is_displayed()  # the zoom buttons need the script
        browser.find_element("css selector", 'svg a[*|href="../elements/ndxp.html"]').click()
        wait_for(browser, lambda driver: driver.current_url.endswith("/elements/ndxp.html"))
        browser.get(url_of(quang_nam_site, "search.html") + "?q=quang+nam")
        # the <noscript> paragraph is a page element only when scripts are off
        assert browser.find_element("css selector", "main a[href='elements.html']").is_displayed()
        assert browser.find_elements("css selector", "#search-results li") == []
