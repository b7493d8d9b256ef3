"""The website in a real browser: headless Chromium (the Debian package) driven by Selenium.

The site is opened from ``file://``, as a reader who downloaded it would. Selenium is
pointed at /usr/bin/chromedriver and /usr/bin/chromium and runs offline
(SE_OFFLINE), so Selenium Manager never downloads a driver. The tests skip only when
Chromium or Selenium is missing outside CI; in CI (CI=true) they must run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kuzbass_data.loader import records
from kuzbass_data.publish.charts import CHARTS
from kuzbass_data.publish.website import build_site
from kuzbass_data.schema import ALL_TABLES


def _first(*candidates: str | None) -> str:
    """The first candidate that is an existing file (names are looked up on PATH); "" if none."""
    for candidate in candidates:
        if candidate:
            found = candidate if os.sep in candidate else shutil.which(candidate)
            if found and Path(found).is_file():
                return found
    return ""


# Debian's Chromium first; KUZBASS_CHROMIUM / KUZBASS_CHROMEDRIVER override it, and a runner that has
# Chrome with its driver instead (GitHub's Ubuntu images: CHROMEWEBDRIVER) is used as it is.
CHROMIUM = _first(os.environ.get("KUZBASS_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
CHROMEDRIVER = _first(
    os.environ.get("KUZBASS_CHROMEDRIVER"),
    "/usr/bin/chromedriver",
    "chromedriver",
    os.path.join(os.environ["CHROMEWEBDRIVER"], "chromedriver") if os.environ.get("CHROMEWEBDRIVER") else None,
)
IN_CI = os.environ.get("CI", "").lower() == "true"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def _missing() -> str:
    if not (CHROMIUM and CHROMEDRIVER):
        return "Chromium and its driver are not installed: apt-get install chromium chromium-driver"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install '.[test]'"
    return ""


if _missing():
    if IN_CI:
        raise RuntimeError(f"the browser tests must run in CI: {_missing()}")
    pytest.skip(_missing(), allow_module_level=True)

os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager reach the network

from selenium import webdriver  # noqa: E402 (after the skip, and after SE_OFFLINE is set)
from selenium.webdriver.chrome.service import Service  # noqa: E402 (after the skip, and after SE_OFFLINE is set)
from selenium.webdriver.common.by import By  # noqa: E402 (after the skip, and after SE_OFFLINE is set)
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402 (after the skip, and after SE_OFFLINE is set)


def _driver(*, javascript: bool = True, width: int = 1280, height: int = 900) -> Any:
    profile = tempfile.mkdtemp(prefix="kuzbass-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.kuzbass_profile = profile
    return driver


def _quit(driver: Any) -> None:
    driver.quit()
    shutil.rmtree(driver.kuzbass_profile, ignore_errors=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(out, downloads=False)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver = _driver()
    yield driver
    _quit(driver)


def _open(driver: Any, site: Path, page: str) -> None:
    driver.get((site / page).as_uri() if "#" not in page and "?" not in page else site.as_uri() + "/" + page)
    driver.get_log("browser")  # drop what an earlier page logged


def _visible_rows(driver: Any) -> list[Any]:
    return [r for r in driver.find_elements(By.CSS_SELECTOR, "#kd_rows tbody tr") if r.is_displayed()]


@pytest.mark.parametrize("page", ["index.html", *(f"{t.name}.html" for t in ALL_TABLES)])
def test_pages_load_without_console_errors(browser: Any, site: Path, page: str) -> None:
    browser.get((site / page).as_uri())
    logged = browser.get_log("browser")
    assert [entry for entry in logged if entry["level"] in ("SEVERE", "WARNING")] == []
    assert browser.find_element(By.TAG_NAME, "h1").text


def test_pages_load_over_http_without_console_errors(site: Path) -> None:
    """As on GitHub Pages: served over HTTP (a localhost server), where a missing file is a logged 404."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    driver = _driver()
    try:
        for page in ("index.html", "observations.html", "coal_output.html"):
            driver.get(f"http://127.0.0.1:{server.server_address[1]}/{page}")
            assert driver.find_element(By.TAG_NAME, "h1").text
            assert [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == [], page
    finally:
        _quit(driver)
        server.shutdown()
        server.server_close()
        thread.join()


def test_search_narrows_the_rows(browser: Any, site: Path) -> None:
    _open(browser, site, "observations.html")
    total = len(records("observations"))
    assert len(_visible_rows(browser)) == total
    box = browser.find_element(By.ID, "kd_q")
    box.send_keys("Japanese")
    shown = _visible_rows(browser)
    assert 0 < len(shown) < total
    # The search reads a row's whole text, the folded note and definitions too.
    # The search reads a row's whole text, the folded note and definitions too; a nationality also
    # finds its country (the alias search's demonyms: "Japanese" finds rows from Japan).
    assert all("japan" in row.get_attribute("textContent").lower() for row in shown)
    assert f"{len(shown)} of {total}" in browser.find_element(By.ID, "kd_count").text
    box.clear()
    box.send_keys("no such words anywhere")
    assert _visible_rows(browser) == []
    browser.find_element(By.ID, "kd_reset").click()
    assert len(_visible_rows(browser)) == total


@pytest.mark.parametrize(("column", "control"), [("status", "kd_status"), ("qualifier", "kd_qualifier")])
def test_filters_narrow_the_rows(browser: Any, site: Path, column: str, control: str) -> None:
    _open(browser, site, "observations.html")
    rows = records("observations")
    term = min({r[column] for r in rows}, key=lambda t: sum(r[column] == t for r in rows))  # the rarest term
    Select(browser.find_element(By.ID, control)).select_by_value(term)
    shown = _visible_rows(browser)
    assert {row.get_attribute("id") for row in shown} == {r["id"] for r in rows if r[column] == term}


def test_the_home_search_box_leads_to_the_rows(browser: Any, site: Path) -> None:
    _open(browser, site, "index.html")
    box = browser.find_element(By.ID, "kd_home_q")
    box.send_keys("Japanese")
    box.submit()
    # Submitting navigates: wait for the new page's script to have filled in the search box.
    WebDriverWait(browser, 20).until(lambda d: "observations.html" in d.current_url and d.find_elements(By.ID, "kd_q") and d.find_element(By.ID, "kd_q").get_attribute("value"))
    assert browser.find_element(By.ID, "kd_q").get_attribute("value") == "Japanese"
    assert 0 < len(_visible_rows(browser)) < len(records("observations"))


def test_a_permalink_scrolls_to_and_highlights_its_row(browser: Any, site: Path) -> None:
    row_id = records("coal_output")[-1]["id"]
    _open(browser, site, f"coal_output.html#{row_id}")
    row = browser.find_element(By.ID, row_id)
    other = browser.find_element(By.CSS_SELECTOR, f"#kd_rows tbody tr:not([id='{row_id}'])")
    assert row.value_of_css_property("background-color") != other.value_of_css_property("background-color")
    assert browser.execute_script("return document.querySelector(':target') === arguments[0]", row)
    in_view = "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight"
    assert browser.execute_script(in_view, row)


def test_a_permalink_clears_a_filter_that_hides_its_row(browser: Any, site: Path) -> None:
    row_id = records("observations")[0]["id"]
    _open(browser, site, f"observations.html?q=no-such-text#{row_id}")
    assert browser.find_element(By.ID, row_id).is_displayed()


def test_cite_this_row(browser: Any, site: Path) -> None:
    row = records("coal_output")[0]
    _open(browser, site, "coal_output.html")
    details = browser.find_element(By.CSS_SELECTOR, f"tr[id='{row['id']}'] details.cite")
    details.find_element(By.TAG_NAME, "summary").click()
    text = details.text
    assert f"row {row['id']}" in text and "kuzbass-data " in text and "Landau" in text


def test_every_control_and_link_has_an_accessible_name(browser: Any, site: Path) -> None:
    """Chromium's own accessibility tree, read through the DevTools protocol."""
    for page in ("index.html", "observations.html", "conflicts.html", *(f"{c.table}.html" for c in CHARTS)):
        _open(browser, site, page)
        tree = browser.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
        unnamed = [
            (node.get("role", {}).get("value"), node.get("nodeId"))
            for node in tree
            if not node.get("ignored")
            and node.get("role", {}).get("value") in ("textbox", "searchbox", "combobox", "button", "link", "table", "img")
            and not node.get("name", {}).get("value", "").strip()
        ]
        assert unnamed == [], page


def test_readable_on_a_phone(site: Path) -> None:
    """At a phone's width (emulated, 390 CSS pixels) no page scrolls sideways and the rows become cards."""
    driver = _driver()
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        for page in ("index.html", *(f"{t.name}.html" for t in ALL_TABLES)):
            driver.get((site / page).as_uri())
            overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, page
            if page != "index.html" and records(page.removesuffix(".html")):  # a table with no rows yet has no card
                assert driver.find_element(By.CSS_SELECTOR, "#kd_rows tbody tr").value_of_css_property("display") == "block", page
    finally:
        _quit(driver)


def test_everything_is_visible_without_javascript(site: Path) -> None:
    driver = _driver(javascript=False)
    try:
        for table in ("observations", "coal_output"):
            driver.get((site / f"{table}.html").as_uri())
            rows = driver.find_elements(By.CSS_SELECTOR, "#kd_rows tbody tr")
            assert len(rows) == len(records(table)) and all(r.is_displayed() for r in rows)
            assert not driver.find_element(By.ID, "kd_search").is_displayed()  # no dead controls
            assert "needs JavaScript" in driver.find_element(By.TAG_NAME, "body").text
    finally:
        _quit(driver)


# What is cut off on the page: a table wider than the page, or a cell whose content is wider than
# the cell (its overflow would be hidden or spill over the next column); each as "what: pixels".
CLIPPED = """
const out = [];
const width = document.documentElement.clientWidth;
for (const table of document.querySelectorAll('table')) {
  const r = table.getBoundingClientRect();
  if (r.right > width + 1 || r.left < -1) out.push('table ' + (table.id || table.className) + ': ' + Math.round(r.right - width));
  for (const cell of table.querySelectorAll('th, td')) {
    const head = cell.closest('thead');
    // Hidden: a filtered row, or the header the card view hides from sight (it stays for screen readers).
    if (cell.offsetParent === null || (head && head.getBoundingClientRect().width <= 1)) continue;
    const over = cell.scrollWidth - cell.clientWidth;
    if (over > 1) out.push((cell.closest('tr').id || 'header') + ' ' + (cell.dataset.label || cell.textContent.slice(0, 20)) + ': ' + over);
  }
}
const page = document.documentElement.scrollWidth - width;
if (page > 0) out.push('page scrolls sideways: ' + page);
return out;
"""


def _pages() -> list[str]:
    return ["index.html", *(f"{t.name}.html" for t in ALL_TABLES)]


@pytest.mark.parametrize("width", [1280, 1366, 390])
def test_no_table_is_clipped(site: Path, width: int) -> None:
    """At 1280 and 1366 px (a laptop) and 390 px (a phone): no table wider than the page, no cell wider than itself."""
    driver = _driver(width=width)
    try:
        if width < 800:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        else:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        clipped = {}
        for page in _pages():
            driver.get((site / page).as_uri())
            found = driver.execute_script(CLIPPED)
            if found:
                clipped[page] = found[:5]
        assert clipped == {}
    finally:
        _quit(driver)


def test_the_header_is_visible_on_a_permalinked_row(browser: Any, site: Path) -> None:
    """A permalink scrolls far down the page; the column names stay on screen, above the row, not over it."""
    for table in ("observations", "coal_output"):
        row_id = records(table)[-1]["id"]
        _open(browser, site, f"{table}.html#{row_id}")
        header = browser.find_element(By.CSS_SELECTOR, "#kd_rows thead th")
        row = browser.find_element(By.ID, row_id)
        assert browser.execute_script("return window.scrollY") > 0, table  # the page did scroll
        top = browser.execute_script("return arguments[0].getBoundingClientRect().top", header)
        bottom = browser.execute_script("return arguments[0].getBoundingClientRect().bottom", header)
        row_top = browser.execute_script("return arguments[0].getBoundingClientRect().top", row)
        assert 0 <= top < 2 and bottom <= row_top + 1, (table, top, bottom, row_top)
        # Nothing covers the header: the element at its centre is the header cell itself.
        hit = browser.execute_script("const r = arguments[0].getBoundingClientRect(); return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)", header)
        assert hit == header or browser.execute_script("return arguments[0].contains(arguments[1])", header, hit), table


def test_every_chart_fits_and_reads_on_a_phone(site: Path) -> None:
    """At 390 px each chart is inside the screen and its words are drawn at least 10 px high."""
    driver = _driver(width=390)
    try:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        for page in ("index.html", *(f"{c.table}.html" for c in CHARTS)):
            driver.get((site / page).as_uri())
            charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
            assert charts, page
            for chart in charts:
                box = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right, r.width]", chart)
                assert box[0] >= 0 and box[1] <= 390 and box[2] > 300, (page, box)
                smallest = driver.execute_script("return Math.min(...[...arguments[0].querySelectorAll('text')].map(t => t.getBoundingClientRect().height).filter(h => h > 0))", chart)
                assert smallest >= 10, (page, smallest)
    finally:
        _quit(driver)
