"""Take a screenshot of a page of a site written by `ictarch site`, with headless Chromium.

    .venv/bin/python scripts/site_screenshot.py SITE PAGE PNG [--width 1100] [--height 1400]

Made for docs/images/site-element.png:

    .venv/bin/ictarch --lang vi site architectures/quang-nam -o out/site
    .venv/bin/python scripts/site_screenshot.py out/site elements/lgsp.html \
        docs/images/site-element.png --width 1200 --height 1750

It drives the distribution's chromium through its chromedriver (apt-get install
chromium chromium-driver), like the browser test; Selenium downloads nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("page")
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--height", type=int, default=1400)
    options = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        sys.exit("site_screenshot.py: install chromium and chromium-driver first")
    page = (options.site / options.page).resolve()
    if not page.is_file():
        sys.exit(f"site_screenshot.py: no page {page}")

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser_options = webdriver.ChromeOptions()
    browser_options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        browser_options.add_argument(argument)
    browser_options.add_argument(f"--window-size={options.width},{options.height}")
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=browser_options)
    try:
        driver.get(page.as_uri())
        driver.save_screenshot(str(options.png))
    finally:
        driver.quit()
    print(f"wrote {options.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
