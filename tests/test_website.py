"""The website (`kuzbass-data site`): generated from the package, complete, escaped, offline, accessible.

The browser tests are in test_website_browser.py; these read the generated files.
"""

from __future__ import annotations

import dataclasses
import os
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from website_checks import accessibility_problems, contrast, css_colours

from kuzbass_data.citation import bibtex_citation, plain_citation
from kuzbass_data.cli import main
from kuzbass_data.loader import cite as kd_cite
from kuzbass_data.loader import records
from kuzbass_data.publish.charts import CHARTS, chart_for, chart_points, svg_chart
from kuzbass_data.publish.website import SiteError, build_site, for_readers, listed_tables, read_data, table_page, words_of
from kuzbass_data.schema import ALL_TABLES, DATA_TABLES, get_table
from kuzbass_data.schema.package import PACKAGE
from kuzbass_data.sentence import sentence, source_name
from kuzbass_data.urls import ProjectUrls, parse_project_urls, project_urls
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


# ---------------------------------------------------------------- number-first rows


def _row_html(page: str, row_id: str) -> str:
    found = re.search(rf'<tr id="{re.escape(row_id)}".*?</tr>', page, re.DOTALL)
    assert found is not None, row_id
    return found.group(0)


def _text(html_part: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html_part))


@pytest.mark.parametrize("name", [t.name for t in DATA_TABLES])
def test_each_row_leads_with_its_number_period_and_badges_then_the_sentence_then_the_excerpt(site: Path, name: str) -> None:
    page = (site / f"{name}.html").read_text(encoding="utf-8")
    data = read_data()
    # Each row names its own source (a contribution may add sources beside Landau's).
    names = {s["id"]: source_name(s["authors"], s["year"]) for s in records("sources")}
    for r in records(name):
        row = _row_html(page, r["id"])
        lead = _text(re.search(r'<th scope="row".*?</th>', row, re.DOTALL).group(0))  # type: ignore[union-attr]
        assert lead.lstrip().startswith(worded_number(r)), r["id"]  # the number comes first
        period = data.observations[r["id"]]["period"] or "no date stated"
        assert period in lead, r["id"]
        assert f'status-{r["status"]}"' in row and r["qualifier"].replace("_", " ") in lead, r["id"]
        text = _text(row)
        said = sentence(r, names[r["source_id"]], name)
        assert said in text, r["id"]
        assert text.index(worded_number(r)) < text.index(said) < text.index(r["excerpt"]), r["id"]
        # The id, the note and the citation are folded away or in the narrow last column, after the excerpt.
        assert text.index(r["excerpt"]) < text.index(f"row {r['id']}"), r["id"]
        if r["note"]:
            folded = re.search(r'<details class="more">.*?</details>', row, re.DOTALL)
            assert folded is not None and r["note"] in _text(folded.group(0)), r["id"]


def test_codes_read_as_words_from_the_vocabulary(site: Path) -> None:
    pages = {p.name: p.read_text(encoding="utf-8") for p in site.glob("*.html")}
    rations = _text(pages["rations.html"])
    assert "Soviet zone of Germany" in rations
    for name, text in pages.items():
        assert "soviet zone germany" not in _text(text).lower(), name
        assert "soviet_zone_germany" not in _text(text).split("Allowed:")[0] or name == "observations.html", name


def test_words_of_reads_terms_as_labels() -> None:
    assert words_of("place", "soviet_zone_germany") == "Soviet zone of Germany"
    assert words_of("group", "pows_and_internees") == "Prisoners of war and internees"
    assert words_of("origin", "moscow_region; bashkiria") == "Moscow region, Bashkiria"


def test_footnote_basis_and_partial_scope_are_shown_when_present() -> None:
    """The curation's new columns (INVENTED values): the basis folds into the row's details, the scope shows as a badge."""
    data = read_data()
    row = dict(data.rows["coal_output"][0], footnote_basis="INVENTED basis of the footnote", partial_scope="INVENTED only some mines")
    rows = dict(data.rows, coal_output=[row, *data.rows["coal_output"][1:]])
    html = _row_html(table_page(get_table("coal_output"), dataclasses.replace(data, rows=rows)), row["id"])
    assert re.search(r'<details class="more">.*INVENTED basis of the footnote.*</details>', html, re.DOTALL)
    assert "part of its place or group" in _text(re.search(r'<th scope="row".*?</th>', html, re.DOTALL).group(0))  # type: ignore[union-attr]
    plain = _row_html(table_page(get_table("coal_output"), data), row["id"])
    assert "INVENTED" not in plain and "part of its place or group" not in plain


# ---------------------------------------------------------------- charts


class Svg(HTMLParser):
    """The inline charts of a page: their accessible names and every reference they make."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.charts: list[dict[str, str]] = []
        self.text_of: dict[str, str] = {}
        self.refs: list[str] = []
        self.marks: list[tuple[str, str]] = []  # (shape, fill) inside a link
        self._id: str | None = None
        self._in_svg = False
        self._link = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "svg":
            self._in_svg = True
            self.charts.append(a)
        if not self._in_svg:
            return
        self._id = a.get("id") or None
        if self._id:
            self.text_of[self._id] = ""
        for key in ("href", "xlink:href", "src"):
            if key in a:
                self.refs.append(a[key])
        if "style" in a and "url(" in a["style"]:
            self.refs.append(a["style"])
        if tag == "a":
            self._link = a.get("href", "")
        if tag in ("circle", "rect") and self._link and a.get("stroke-dasharray") is None:
            self.marks.append((self._link + " " + tag, a.get("fill", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_svg = False
        if tag == "a":
            self._link = ""
        self._id = None

    def handle_data(self, data: str) -> None:
        if self._id:
            self.text_of[self._id] += data


CHARTED = [c.table for c in CHARTS]


def test_at_least_five_table_pages_have_a_chart(site: Path) -> None:
    with_chart = [t.name for t in DATA_TABLES if Svg((site / f"{t.name}.html").read_text(encoding="utf-8")).charts]
    assert len(with_chart) >= 5 and {"coal_output", "rations", "prisoners_of_war", "foreigners", "deportations"} <= set(with_chart)


@pytest.mark.parametrize("name", CHARTED)
def test_each_chart_is_named_offline_and_drawn_from_the_rows_of_its_page(site: Path, name: str) -> None:
    html = (site / f"{name}.html").read_text(encoding="utf-8")
    svg = Svg(html)
    assert len(svg.charts) == 1
    chart = svg.charts[0]
    assert chart.get("role") == "img"
    title_id, desc_id = chart["aria-labelledby"].split()
    assert svg.text_of[title_id].strip() and svg.text_of[desc_id].strip()
    # Offline: every reference inside the chart is a row of this page.
    rows = Page(html).row_text
    assert svg.refs and all(ref.startswith("#") and ref[1:] in rows for ref in svg.refs), svg.refs
    spec = chart_for(name)
    assert spec is not None
    drawn = {p.row_id for p in chart_points(spec, records(name), records("conflicts"))}
    assert {ref[1:] for ref in svg.refs} == drawn
    for row_id in drawn:  # the description names every number it draws, as the table words it
        row = next(r for r in records(name) if r["id"] == row_id)
        assert worded_number(row) in svg.text_of[desc_id], row_id


def test_the_home_page_shows_the_headline_chart_linked_to_its_table(site: Path) -> None:
    svg = Svg((site / "index.html").read_text(encoding="utf-8"))
    assert len(svg.charts) == 1
    assert svg.refs and all(ref.startswith("coal_output.html#") for ref in svg.refs)


def _rows_with(**cells: str) -> list[dict[str, str]]:
    base = {"id": "x-1", "measure": "output", "basin": "kuzbass", "year": "1932", "unit": "million_tonnes", "value": "10", "value_low": "", "value_high": "", "qualifier": "exact", "status": "outcome"}
    return [dict(base, **cells)]


@pytest.mark.parametrize(
    ("cells", "shape", "filled"),
    [
        ({}, "circle", True),
        ({"qualifier": "almost"}, "circle", False),
        ({"status": "plan"}, "rect", True),
        ({"status": "norm", "qualifier": "approximate"}, "rect", False),
    ],
)
def test_chart_marks_keep_plans_apart_from_outcomes_and_qualified_from_exact(cells: dict[str, str], shape: str, filled: bool) -> None:
    spec = chart_for("coal_output")
    assert spec is not None
    svg = Svg(svg_chart(spec, chart_points(spec, _rows_with(**cells))))
    ((mark, fill),) = svg.marks
    assert mark.endswith(shape) and (fill != "#ffffff") is filled


def test_chart_marks_a_conflict_and_a_bound() -> None:
    spec = chart_for("deportations")
    assert spec is not None
    row = {"id": "d-1", "measure": "sent", "unit": "people", "value": "", "value_low": "26000", "value_high": "", "qualifier": "more_than", "status": "outcome"}
    plain = svg_chart(spec, chart_points(spec, [row]))
    marked = svg_chart(spec, chart_points(spec, [row], [{"id": "conflict-x", "members": "d-1; d-2"}]))
    assert "stroke-dasharray" not in plain and "stroke-dasharray" in marked and "in a conflict" in marked
    assert "<path" in plain and "bound" in plain  # the arrow of a lower bound, and its legend


def test_a_chart_skips_rows_of_another_unit_and_says_so(site: Path) -> None:
    spec = chart_for("deportations")
    assert spec is not None
    drawn = chart_points(spec, records("deportations"))
    assert drawn and all(next(r for r in records("deportations") if r["id"] == p.row_id)["unit"] == "people" for p in drawn)
    left_out = len(records("deportations")) - len(drawn)
    caption = _text(re.search(r"<figcaption>.*?</figcaption>", (site / "deportations.html").read_text(encoding="utf-8"), re.DOTALL).group(0))  # type: ignore[union-attr]
    assert (f"other {left_out} rows are not drawn" in caption) if left_out > 1 else ("not drawn" in caption) is bool(left_out)


# ---------------------------------------------------------------- a site for readers

# Terms that speak to contributors; no page of the site may name one.
CONTRIBUTOR_TERMS = ("proofs/", "text_root", "hand-edited", "`", "kuzbass-data prove", "raw/", "fingerprint", "sources/<")


@pytest.mark.parametrize("name", ["index.html", *(f"{t.name}.html" for t in ALL_TABLES)])
def test_no_page_names_contributor_terms(site: Path, name: str) -> None:
    text = unescape((site / name).read_text(encoding="utf-8"))
    assert [t for t in CONTRIBUTOR_TERMS if t in text] == []


def test_for_readers_leaves_out_only_the_contributor_words() -> None:
    assert for_readers("One row per source. Its excerpts carry proofs (proofs/x.json).") == "One row per source."
    assert for_readers("Built, never hand-edited: every number in one table.") == "Every number in one table."
    assert for_readers("The number, in `unit`.") == "The number, in the unit column."
    assert for_readers("Kept. How they are checked: an open text is in sources/<id>.txt.") == "Kept."
    assert for_readers("Shares are in prisoners_of_war; see families_sent.") == "Shares are in prisoners of war and internees; see families sent."
    assert for_readers("Nothing to change here.") == "Nothing to change here."


def test_the_home_page_says_what_the_data_are_and_leads_to_the_tables(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    lead = _text(re.search(r'<p class="lead">.*?</p>', html, re.DOTALL).group(0))  # type: ignore[union-attr]
    numbers = sum(len(records(t.name)) for t in DATA_TABLES)
    assert lead.count(". ") + 1 == 2 and f"{numbers:,} numbers" in lead and "Kuzbass" in lead
    assert html.index('class="lead"') < html.index("<svg") < html.index('class="rows catalogue"')
    assert 'href="#kd_tables"' in html


def test_empty_tables_are_not_listed_as_data(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    catalogue = re.search(r'<table class="rows catalogue".*?</table>', html, re.DOTALL).group(0)  # type: ignore[union-attr]
    listed = set(re.findall(r'<th scope="row"[^>]*><a href="([a-z_]+)\.html"', catalogue))
    assert listed == {t.name for t in ALL_TABLES if records(t.name)}
    data = read_data()
    retired = {"id": "old-id", "retired_in_version": "1.1.0", "reason": "INVENTED", "successor": ""}
    with_one = dataclasses.replace(data, rows=dict(data.rows, retired_ids=[retired]))
    without = dataclasses.replace(data, rows=dict(data.rows, retired_ids=[]))
    assert "retired_ids" in [t.name for t in listed_tables(with_one)] and "retired_ids" not in [t.name for t in listed_tables(without)]


# ---------------------------------------------------------------- where the project lives

SET = ProjectUrls(repository="https://github.com/INVENTED-owner/kuzbass-data", site="https://invented-owner.github.io/kuzbass-data/")
# The only addresses the site and the citation may carry while the owners have set none: the source's DOI.
KNOWN_HOSTS = {"doi.org", "www.w3.org"}


def test_no_url_is_made_up_while_unset(site: Path) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in site.glob("*.html")}
    texts["cite"] = kd_cite("both")
    texts["CITATION.cff"] = (Path(__file__).resolve().parent.parent / "CITATION.cff").read_text(encoding="utf-8")
    for name, text in texts.items():
        hosts = {urlsplit(u).hostname for u in re.findall(r"https?://[^\s\"'<>),]+", text)}
        assert hosts <= KNOWN_HOSTS, (name, hosts)
    assert "not yet set" in _text(texts["index.html"]).split("</main>")[-1] or "not yet set" in _text(texts["index.html"])
    assert "not yet set" in texts["cite"] and "not yet set" in texts["CITATION.cff"]
    row = records("coal_output")[0]
    html = _row_html(texts["coal_output.html"], row["id"])
    assert "Report an error in this row" in html and "not yet set" in _text(html)


def test_a_set_url_flows_into_the_footer_cite_and_the_rows() -> None:
    data = read_data()
    html = table_page(get_table("coal_output"), data, urls=SET)
    row_id = records("coal_output")[0]["id"]
    row = _row_html(html, row_id)
    assert f"{SET.site}coal_output.html#{row_id}" in _text(row)
    assert f'href="{SET.repository}/issues/new?title=Error%20in%20row%20{row_id}"' in row
    footer = html.split("<footer")[1]
    assert f'href="{SET.repository}"' in footer and f'href="{SET.site}"' in footer and "not yet set" not in footer
    assert f"url     = {{{SET.repository}}}" in bibtex_citation(records("sources"), SET)
    assert f"Repository: {SET.repository}." in plain_citation(records("sources"), SET)


def test_project_urls_come_from_the_metadata_or_pyproject(tmp_path: Path) -> None:
    assert parse_project_urls(["Repository, https://example.org/r", "Homepage, https://example.org/s"]) == ProjectUrls("https://example.org/r", "https://example.org/s")
    assert parse_project_urls(["Repository, http://insecure.example", "Homepage, not a url"]) == ProjectUrls()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[project.urls]\nRepository = "https://example.org/INVENTED"\n', encoding="utf-8")
    assert project_urls(tmp_path) == ProjectUrls(repository="https://example.org/INVENTED")
    (tmp_path / "pyproject.toml").write_text("[project\n", encoding="utf-8")  # unreadable: unset, never a traceback
    assert project_urls(tmp_path) == ProjectUrls()
    repo = Path(__file__).resolve().parent.parent
    assert project_urls(repo) == project_urls()  # the installed metadata says what the checkout says


def test_the_pages_workflow_deploys_from_main() -> None:
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load((Path(__file__).resolve().parent.parent / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads the key `on` as true
    assert "main" in triggers["push"]["branches"]


def test_a_rows_conflict_link_names_the_numbers_it_is_read_with(site: Path) -> None:
    numbers = {r["id"]: worded_number(r) for r in records("observations")}
    conflict = records("conflicts")[0]
    member, other = (m.strip() for m in conflict["members"].split("; ")[:2])
    table = next(t.name for t in DATA_TABLES if member in {r["id"] for r in records(t.name)})
    row = _row_html((site / f"{table}.html").read_text(encoding="utf-8"), member)
    link = re.search(rf'<a href="conflicts.html#{re.escape(conflict["id"])}">([^<]*)</a>', row)
    assert link is not None and numbers[other] in unescape(link.group(1)) and conflict["kind"].replace("_", " ") in link.group(1)


@pytest.mark.parametrize("name", CHARTED)
def test_plot_draws_the_sites_chart_from_the_same_definition(name: str) -> None:
    """``kuzbass-data plot`` and the site share the chart: the same points, words, series colours and title."""
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from kuzbass_data.publish.charts import series_colours, short_number
    from kuzbass_data.publish.plot import chart_figure

    spec = chart_for(name)
    assert spec is not None
    points = chart_points(spec, records(name), records("conflicts"))
    fig = chart_figure(spec)
    try:
        ax = fig.axes[0]
        assert sorted(t.get_text() for t in ax.texts if t.get_text()) == sorted(short_number(p) for p in points)
        edges = {to_hex(c) for collection in ax.collections for c in collection.get_edgecolors()}
        assert set(series_colours(points).values()) <= edges
        assert ax.get_title() == spec.title
        assert (ax.get_ylim() if spec.layout == "time" else ax.get_xlim())[0] == 0  # the value axis starts at zero
    finally:
        plt.close(fig)
