"""The website's search finds names in any spelling, in a real browser (headless Chromium, as test_website_browser).

The alias table reaches the site inside search.js; these tests type the issue's spellings
into a table page's search box and compare the rows shown with those the data's own
spelling shows. They skip only when Chromium or Selenium is missing outside CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kuzbass_data import aliases
from kuzbass_data.publish.website import build_site

# The browser and its skip rule are test_website_browser's; the spellings are test_lookup's.
from test_lookup import SPELLINGS
from test_website_browser import By, _driver, _quit


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "site"
    build_site(out, downloads=False)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver = _driver()
    yield driver
    _quit(driver)


def _search(driver: Any, site: Path, text: str) -> tuple[set[str], str]:
    """The ids of the rows observations.html shows for ``text`` typed in its search box, and the count line."""
    driver.get((site / "observations.html").as_uri())
    box = driver.find_element(By.ID, "kd_q")
    box.clear()
    box.send_keys(text)
    shown = {r.get_attribute("id") for r in driver.find_elements(By.CSS_SELECTOR, "#kd_rows tbody tr") if r.is_displayed()}
    return shown, driver.find_element(By.ID, "kd_count").text


def test_the_site_ships_the_alias_table(site: Path) -> None:
    script = (site / "search.js").read_text(encoding="utf-8")
    for a in aliases.aliases():
        assert aliases.fold(a.alias) in script and aliases.fold(a.term) in script


@pytest.mark.parametrize(("spelling", "data"), SPELLINGS)
def test_site_search_finds_a_name_in_the_readers_spelling(browser: Any, site: Path, spelling: str, data: str) -> None:
    expected, _ = _search(browser, site, data)
    assert expected  # the data's own spelling is on the page
    found, _ = _search(browser, site, spelling)
    assert found == expected


def test_site_search_with_no_result_says_the_data_are_in_english_and_suggests_a_spelling(browser: Any, site: Path) -> None:
    shown, said = _search(browser, site, "Кемерова")  # Kemerovo's genitive: in no alias, close to the data's word
    assert shown == set()
    assert "English" in said and "kemerovo" in said
    shown, said = _search(browser, site, "zzzzqqq")
    assert shown == set() and "English" in said and "try \u201c" not in said
