"""The website (`kuzbass-data site`): generated from the package, complete, escaped, offline, accessible.

The browser tests are in test_website_browser.py; these read the generated files.
"""

from __future__ import annotations

import dataclasses
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from website_checks import accessibility_problems, contrast, css_colours

from kuzbass_data.cli import main
from kuzbass_data.loader import records
from kuzbass_data.schema import ALL_TABLES, DATA_TABLES, get_table
from kuzbass_data.schema.package import PACKAGE
from kuzbass_data.website import SiteError, build_site, read_data, table_page
from kuzbass_data.wording import worded_number


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once, with its downloads."""
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(out)
    return out


class Page(HTMLParser):
    """A parsed page: its rows (by id, with their text), its links and its asset references."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.row_text: dict[str, str] = {}
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.assets: list[str] = []
        self._row: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "tr" and a.get("id"):
            self._row = a["id"]
            self.row_text[self._row] = ""
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "audio", "video") and "src" in a:
            self.assets.append(a["src"])
        if tag == "link":
            self.assets.append(a.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self.row_text[self._row] += data


def parsed(site: Path, name: str) -> Page:
    return Page((site / name).read_text(encoding="utf-8"))


def test_one_page_per_table_and_a_home_page(site: Path) -> None:
    for table in ALL_TABLES:
        assert (site / f"{table.name}.html").is_file(), table.name
    assert (site / "index.html").is_file()
    assert (site / "style.css").is_file() and (site / "search.js").is_file()


@pytest.mark.parametrize("name", [t.name for t in ALL_TABLES if t.name != "observations"])
def test_every_row_is_on_its_page(site: Path, name: str) -> None:
    page = parsed(site, f"{name}.html")
    assert set(page.row_text) == {r["id"] for r in records(name)}


def test_the_all_rows_page_has_every_number(site: Path) -> None:
    page = parsed(site, "observations.html")
    assert set(page.row_text) == {r["id"] for r in records("observations")}


@pytest.mark.parametrize("name", [t.name for t in DATA_TABLES])
def test_each_row_shows_its_number_excerpt_status_and_source(site: Path, name: str) -> None:
    page = parsed(site, f"{name}.html")
    for r in records(name):
        text = page.row_text[r["id"]]
        assert worded_number(r) in text, r["id"]
        assert r["excerpt"] in text, r["id"]
        assert r["status"] in text, r["id"]
        assert f"footnote {r['footnote']}" in text if r["footnote"] else True, r["id"]
        assert f"kuzbass-data {PACKAGE.version}, row {r['id']}" in text, r["id"]


def test_rows_link_to_their_conflicts(site: Path) -> None:
    for conflict in records("conflicts"):
        for member in conflict["members"].split("; "):
            table = next(t.name for t in DATA_TABLES if member in {r["id"] for r in records(t.name)})
            page = (site / f"{table}.html").read_text(encoding="utf-8")
            row = re.search(rf'<tr id="{re.escape(member)}".*?</tr>', page, re.DOTALL)
            assert row is not None and f'href="conflicts.html#{conflict["id"]}"' in row.group(0), member


def test_the_numbers_read_as_the_source_words_them(site: Path) -> None:
    text = parsed(site, "coal_output.html").row_text
    assert "almost 10 million tons" in text["kuzbass-1932-outcome"]


def test_every_link_inside_the_site_resolves(site: Path) -> None:
    for page_file in sorted(site.glob("*.html")):
        page = parsed(site, page_file.name)
        for href in page.links:
            url = urlsplit(href)
            if url.scheme:
                assert url.scheme == "https", (page_file.name, href)
                continue
            target = site / unquote(url.path) if url.path else page_file
            assert target.is_file(), (page_file.name, href)
            if url.fragment and target.suffix == ".html":
                assert unquote(url.fragment) in parsed(site, target.name).ids, (page_file.name, href)


def test_nothing_is_loaded_from_elsewhere(site: Path) -> None:
    for page_file in sorted(site.glob("*.html")):
        page = parsed(site, page_file.name)
        assert set(page.assets) <= {"style.css", "search.js", "data:,"}, page_file.name
    for name in ("style.css", "search.js"):
        text = (site / name).read_text(encoding="utf-8")
        assert not re.search(r"https?:|url\(|@import|//[a-z]", text.replace("// ", "")), name


def test_without_downloads_no_link_points_to_them(tmp_path: Path) -> None:
    build_site(tmp_path / "site", downloads=False)
    for page_file in (tmp_path / "site").glob("*.html"):
        assert not [h for h in parsed(tmp_path / "site", page_file.name).links if h.startswith("downloads/")], page_file.name


def test_the_downloads_are_linked(site: Path) -> None:
    home = parsed(site, "index.html")
    downloads = [h for h in home.links if h.startswith("downloads/")]
    for suffix in (".csv", ".parquet", ".sqlite", ".xlsx", ".zip"):
        assert any(h.endswith(suffix) for h in downloads), suffix
    assert all((site / h).is_file() for h in downloads)


def test_hostile_text_is_escaped() -> None:
    data = read_data()
    hostile = dict(data.rows["coal_output"][0])
    hostile.update(excerpt="<script>alert(1)</script>", note='"><img src=x onerror=alert(1)>', locator="</td></tr><tr>")
    rows = dict(data.rows, coal_output=[hostile, *data.rows["coal_output"][1:]])
    html = table_page(get_table("coal_output"), dataclasses.replace(data, rows=rows))
    assert "<script>alert" not in html and "<img" not in html and "</td></tr><tr>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("name", ["index.html", *(f"{t.name}.html" for t in ALL_TABLES)])
def test_pages_pass_the_accessibility_check(site: Path, name: str) -> None:
    assert accessibility_problems((site / name).read_text(encoding="utf-8")) == []


VALID = (
    '<!DOCTYPE html><html lang="en"><head><title>T</title></head><body><h1>A</h1><h2>B</h2>'
    '<label for="q">Q</label><input id="q"><table><caption>C</caption><tr><th scope="col">H</th></tr></table>'
    '<a href="#q">go</a><img src="x.png" alt="x"></body></html>'
)
BROKEN = {
    "html has no lang": ('<html lang="en">', "<html>"),
    "page has no title": ("<title>T</title>", ""),
    "page has 2 h1 headings, not one": ("<h2>B</h2>", "<h1>B</h1>"),
    "heading level skips from h1 to h3": ("<h2>B</h2>", "<h3>B</h3>"),
    "form control q has no label": ('<label for="q">Q</label>', ""),
    "1 th elements have no scope": (' scope="col"', ""),
    "1 tables have no caption": ("<caption>C</caption>", ""),
    "1 images have no alt": (' alt="x"', ""),
    "link to #r, which is not on the page": ('href="#q"', 'href="#r"'),
    "1 links have no text": (">go</a>", "></a>"),
    "duplicate ids: q": ("<h1>A</h1>", '<h1 id="q">A</h1>'),
}


def test_the_accessibility_check_passes_a_valid_page() -> None:
    assert accessibility_problems(VALID) == []


@pytest.mark.parametrize("problem", BROKEN)
def test_the_accessibility_check_finds_each_break(problem: str) -> None:
    old, new = BROKEN[problem]
    assert old in VALID
    assert accessibility_problems(VALID.replace(old, new, 1)) == [problem]


# Text colour on background colour, as the stylesheet pairs them; each must reach WCAG AA (4.5:1).
COLOUR_PAIRS = [
    ("text", "background"),
    ("muted", "background"),
    ("link", "background"),
    ("text", "header-bg"),
    ("link", "header-bg"),
    ("text", "highlight"),
    ("link", "highlight"),
    ("muted", "highlight"),
    ("text", "quote-bg"),
    ("link", "quote-bg"),
    ("plan-text", "plan-bg"),
    ("outcome-text", "outcome-bg"),
    ("other-text", "other-bg"),
]


@pytest.mark.parametrize(("fg", "bg"), COLOUR_PAIRS)
def test_colour_contrast(site: Path, fg: str, bg: str) -> None:
    colours = css_colours((site / "style.css").read_text(encoding="utf-8"))
    assert contrast(colours[fg], colours[bg]) >= 4.5


def test_focus_outline_is_visible(site: Path) -> None:
    """Focus and permalink outlines are non-text contrast: 3:1 against what they sit on."""
    colours = css_colours((site / "style.css").read_text(encoding="utf-8"))
    assert contrast(colours["focus"], colours["background"]) >= 3
    assert contrast(colours["focus"], colours["highlight"]) >= 3


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


# ---------------------------------------------------------------- the output folder


def test_refuses_a_non_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["site", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not empty" in err and "--force" in err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_force_replaces_only_the_sites_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "index.html").write_text("old", encoding="utf-8")
    build_site(tmp_path, force=True, downloads=False)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert "<!DOCTYPE html>" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_force_never_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("keep", encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").symlink_to(outside)
    build_site(out, force=True, downloads=False)
    assert outside.read_text(encoding="utf-8") == "keep"
    assert not (out / "index.html").is_symlink()


def test_force_refuses_a_linked_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "site"
    out.mkdir()
    (out / "downloads").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(SiteError, match="symbolic link"):
        build_site(out, force=True)
    assert list(elsewhere.iterdir()) == []


def test_out_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "site"
    file.write_text("x", encoding="utf-8")
    assert main(["site", "--out", str(file)]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert file.read_text(encoding="utf-8") == "x"


def test_a_new_folder_is_created_and_readable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new" / "site"
    assert main(["site", "--out", str(out)]) == 0
    assert (out / "index.html").is_file()
    assert out.stat().st_mode & 0o755 == 0o755
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")], "the staging folder is left behind"
    assert "index.html" in capsys.readouterr().out


def test_without_openpyxl_the_site_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *args: None if name == "openpyxl" else real(name, *args))
    build_site(tmp_path / "site")
    assert "Excel workbook" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "needs openpyxl" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert not list((tmp_path / "site").rglob("*.xlsx"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_folder_that_cannot_be_written_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert main(["site", "--out", str(locked / "site")]) == 2
    finally:
        locked.chmod(0o755)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err and "internal error" not in err


def test_a_file_in_the_way_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["site", "--out", str(tmp_path / "notes.txt" / "site")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err and "internal error" not in err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
