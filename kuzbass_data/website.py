"""The static website of the data: ``kuzbass-data site --out DIR``.

Every page is generated from the installed package (``loader.records``), so the site
always shows the data it ships with. HTML is built with the standard library and every
value from the data passes through ``html.escape``: excerpts and notes are text from
outside. One stylesheet and one script (``kuzbass_data/web/``) are copied beside the
pages; nothing is loaded from elsewhere, so the site works from ``file://`` and on
GitHub Pages. Without JavaScript every row is visible; the script only adds the search
box and the filters.

Pages: ``index.html`` (what the data is and is not, the catalogue, the chart, the
downloads, how to cite) and one page per table, ``<table>.html``. Each row's element
id is its row id, so ``coal_output.html#kuzbass-1932-outcome`` scrolls to the row and
highlights it (CSS ``:target``). Ids of the page's own elements contain an underscore,
which row ids never do, so they cannot collide.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .escape import html as escape_html
from .loader import cite, records
from .schema import ALL_TABLES, DATA_TABLES, MULTI_SEPARATOR, Table, Vocabulary, get_table
from .schema.package import PACKAGE
from .schema.vocabularies import QUALIFIER, STATUS
from .wording import worded_number

Row = Mapping[str, str]
STATIC_FILES = ("style.css", "search.js")
DOWNLOADS = "downloads"


class SiteError(Exception):
    """A user-facing problem with the output folder (printed as one line by the CLI)."""


@dataclass(frozen=True)
class SiteData:
    """Everything the pages show, read once from the installed package."""

    # Rows of every table, by table name, as dicts of text.
    rows: dict[str, list[dict[str, str]]]
    # The observations row (label, period in words) of every data row, by row id.
    observations: dict[str, dict[str, str]]
    # The conflicts each row belongs to, by row id.
    conflicts_of: dict[str, list[dict[str, str]]]
    # The data table each row id belongs to.
    table_of: dict[str, str]
    # Sources by id.
    sources: dict[str, dict[str, str]]


@dataclass(frozen=True)
class Download:
    """One file offered on the home page."""

    # What kind of download it is ("CSV", "SQLite database"); files of one kind are listed together.
    kind: str
    # Path relative to the site folder, with forward slashes; empty when the file could not be made.
    href: str
    # The link text (a file name), or why the file is missing.
    label: str


def read_data() -> SiteData:
    """Read every table of the installed package."""
    rows = {t.name: records(t.name) for t in ALL_TABLES}
    conflicts_of: dict[str, list[dict[str, str]]] = {}
    for conflict in rows["conflicts"]:
        for member in conflict["members"].split(MULTI_SEPARATOR):
            conflicts_of.setdefault(member.strip(), []).append(conflict)
    table_of = {r["id"]: t.name for t in DATA_TABLES for r in rows[t.name]}
    return SiteData(
        rows=rows,
        observations={r["id"]: r for r in rows["observations"]},
        conflicts_of=conflicts_of,
        table_of=table_of,
        sources={r["id"]: r for r in rows["sources"]},
    )


# ---------------------------------------------------------------- writing the folder


def build_site(out: Path, *, force: bool = False, downloads: bool = True) -> list[str]:
    """Write the website into the folder ``out``; return the files written, relative to ``out``.

    ``out`` must not exist or be empty, unless ``force``: then the site's files replace
    files of the same name in it and nothing else there is touched. The pages are first
    written to a new folder beside ``out`` and moved in at the end, so a failure leaves
    ``out`` as it was. ``downloads=False`` leaves out the exported data files.
    """
    _check_target(out, force)
    try:
        parent = out.absolute().parent
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name}.building."))
    except OSError as err:
        raise SiteError(f"cannot write the site beside {out}: {err.strerror or err}") from None
    try:
        written = _write_site(staging, downloads)
        _move_into(staging, out)
    except OSError as err:  # a full disk, a read-only folder: one line, and out is left as it was
        raise SiteError(f"cannot write the site to {out}: {err.strerror or err}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def _check_target(out: Path, force: bool) -> None:
    if out.is_symlink():
        raise SiteError(f"{out} is a symbolic link; pass a real folder to --out")
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} exists and is not a folder; pass a new or empty folder to --out")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise SiteError(f"{out} is not empty; pass a new or empty folder, or --force to replace the site's files in it")


def _move_into(staging: Path, out: Path) -> None:
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        if out.exists():
            out.rmdir()
        os.replace(staging, out)
        os.chmod(out, 0o755)  # mkdtemp made it private; a website folder is for reading
        staging.mkdir()  # so the caller's cleanup finds a folder
        return
    for source in sorted(p for p in staging.rglob("*") if p.is_file()):
        rel = source.relative_to(staging)
        target = out / rel
        for folder in [out / part for part in _prefixes(rel.parent.parts)]:
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                raise SiteError(f"{folder} is a symbolic link or a file; the site will not write through it (remove it first)")
            folder.mkdir(exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            raise SiteError(f"{target} is a folder where the site writes a file; remove it first")
        os.replace(source, target)  # replaces a symbolic link itself, never the file it points to


def _prefixes(parts: tuple[str, ...]) -> list[str]:
    return [os.path.join(*parts[: i + 1]) for i in range(len(parts))]


def _write_site(folder: Path, downloads: bool) -> list[str]:
    data = read_data()
    written: list[str] = []
    for name in STATIC_FILES:
        (folder / name).write_bytes((resources.files("kuzbass_data") / "web" / name).read_bytes())
        written.append(name)
    files = export_downloads(folder / DOWNLOADS, folder) if downloads else []
    pages = {"index.html": home_page(data, files)}
    for table in ALL_TABLES:
        pages[f"{table.name}.html"] = table_page(table, data, files=downloads)
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(name)
    return written + [f.href for f in files]


def export_downloads(folder: Path, site: Path) -> list[Download]:
    """Export the data in every format into ``folder`` with ``export.export``; the files to offer, relative to ``site``.

    The xlsx workbook needs the optional openpyxl; without it the site still builds and
    the home page says why the workbook is missing.
    """
    import importlib.util

    from .export import export

    targets = {
        "csv": (folder / "csv", "CSV"),
        "parquet": (folder / "parquet", "Parquet"),
        "xlsx": (folder / "kuzbass-data.xlsx", "Excel workbook"),
        # Its own folder: the export may write a Datasette metadata.json beside the database.
        "sqlite": (folder / "sqlite" / "kuzbass-data.sqlite", "SQLite database"),
        "zip": (folder / "kuzbass-data-datapackage.zip", "Frictionless data package, zipped (every CSV and Parquet file)"),
    }
    offered: list[Download] = []
    for fmt, (target, label) in targets.items():
        if fmt == "xlsx" and importlib.util.find_spec("openpyxl") is None:
            offered.append(Download(label, "", "not built: it needs openpyxl (pip install 'kuzbass-data[xlsx]')"))
            continue
        for path in export(fmt, target):  # type: ignore[arg-type]
            rel = Path(path).resolve().relative_to(site.resolve()).as_posix()
            offered.append(Download(label, rel, Path(path).name))
    return offered


# ---------------------------------------------------------------- page frame


def _e(text: object) -> str:
    return escape_html(str(text))  # HTML-escaped, control and invisible characters shown as escapes


def page(title: str, body: str, *, description: str = "") -> str:
    """A whole HTML page around ``body``: head, site header with navigation, footer."""
    nav = [("index.html", "Home"), ("observations.html", "Search all rows"), ("conflicts.html", "Conflicts"), ("sources.html", "Sources")]
    links = "".join(f'<li><a href="{href}">{_e(text)}</a></li>' for href, text in nav)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'\">\n"
        f'<meta name="description" content="{_e(description or PACKAGE.title)}">\n'
        f"<title>{_e(title)} · kuzbass-data {_e(PACKAGE.version)}</title>\n"
        # An empty icon: without it every browser asks the server for /favicon.ico, a 404 in the console.
        '<link rel="icon" href="data:,">\n<link rel="stylesheet" href="style.css">\n<script src="search.js" defer></script>\n</head>\n<body>\n'
        '<a class="skip" href="#kd_main">Skip to the content</a>\n'
        f'<header class="site"><p class="brand"><a href="index.html">kuzbass-data</a> <span class="version">version {_e(PACKAGE.version)}</span></p>'
        f'<nav aria-label="Site"><ul>{links}</ul></nav></header>\n'
        f'<main id="kd_main">\n{body}\n</main>\n'
        f'<footer class="site"><p>kuzbass-data {_e(PACKAGE.version)}. Data: {_e(PACKAGE.data_licence.title)} ({_e(PACKAGE.data_licence.name)}); '
        f"code: {_e(PACKAGE.code_licence.title)}.</p><p>{_e(PACKAGE.excerpt_notice)}</p>"
        "<p>Generated from the package by <code>kuzbass-data site</code>; every number is a row of the published tables.</p></footer>\n"
        "</body>\n</html>\n"
    )


def search_form(statuses: Iterable[str], qualifiers: Iterable[str], *, filters: bool) -> str:
    """The search box (and filters by status and qualifier), hidden until the script shows it."""
    controls = ['<div class="control"><label for="kd_q">Search these rows</label><input id="kd_q" name="q" type="search" autocomplete="off" placeholder="words, ids, places"></div>']
    if filters:
        for name, terms in (("status", statuses), ("qualifier", qualifiers)):
            options = '<option value="">any</option>' + "".join(f'<option value="{_e(t)}">{_e(t.replace("_", " "))}</option>' for t in terms)
            controls.append(f'<div class="control"><label for="kd_{name}">{name.capitalize()}</label><select id="kd_{name}" name="{name}">{options}</select></div>')
    controls.append('<div class="control"><button type="reset" id="kd_reset">Show all rows</button></div>')
    return (
        f'<form class="search" id="kd_search" role="search" aria-label="Search and filter the rows" hidden>{"".join(controls)}</form>\n'
        '<p class="count" id="kd_count" role="status" aria-live="polite"></p>\n'
        "<noscript><p>The search box needs JavaScript; without it every row is listed below.</p></noscript>\n"
    )


# ---------------------------------------------------------------- table pages


def table_page(table: Table, data: SiteData, *, files: bool = True) -> str:
    """The page of one table: its description, what its columns mean, and every row; ``files`` links its downloads."""
    rows = data.rows[table.name]
    head = f'<h1>{_e(table.title)}</h1>\n<p class="lead">{_e(table.description)}</p>\n'
    links = f"; files: {_file_links(table)}" if files else ""
    head += f"<p>{len(rows)} {'row' if len(rows) == 1 else 'rows'}. Table name <code>{_e(table.name)}</code>{links}.</p>\n"
    head += _columns_section(table)
    if table.name == "sources":
        body = _sources_table(rows)
    elif table.name == "conflicts":
        body = search_form((), (), filters=False) + _conflicts_table(rows, data)
    else:
        if table.name == "observations":  # every data row, rendered from its own table (it has every column)
            all_rows = [(t.name, r) for t in DATA_TABLES for r in data.rows[t.name]]
            intro = "<p>Every number of every data table on one page, each shown as on its table's page; the row id links there.</p>\n"
        else:
            all_rows, intro = [(table.name, r) for r in rows], ""
        statuses = _terms_used(STATUS, [r for _, r in all_rows], "status")
        qualifiers = _terms_used(QUALIFIER, [r for _, r in all_rows], "qualifier")
        body = intro + search_form(statuses, qualifiers, filters=True) + _rows_table(table, all_rows, data)
    return page(table.title, head + body, description=table.description)


def _terms_used(vocabulary: Vocabulary, rows: Iterable[Row], column: str) -> list[str]:
    """The vocabulary's terms that occur in ``column``, in the vocabulary's order (the filter's options)."""
    seen = {r.get(column, "") for r in rows}
    return [t for t in vocabulary.allowed if t in seen]


def _file_links(table: Table) -> str:
    return f'<a href="{DOWNLOADS}/csv/{_e(table.name)}.csv">CSV</a>, <a href="{DOWNLOADS}/parquet/{_e(table.name)}.parquet">Parquet</a>'


def _columns_section(table: Table) -> str:
    items = []
    for f in table.fields:
        allowed = ""
        if f.vocabulary is not None:
            terms = "; ".join(f"{t} ({m})" for t, m in f.vocabulary.terms.items())
            allowed = f' <span class="allowed">Allowed: {_e(terms)}</span>'
        items.append(f"<dt><code>{_e(f.name)}</code></dt><dd>{_e(f.description)}{allowed}</dd>")
    return f'<details class="columns"><summary>What the columns mean</summary><dl>{"".join(items)}</dl></details>\n'


def _rows_table(table: Table, rows: Sequence[tuple[str, Row]], data: SiteData) -> str:
    show_table = table.name == "observations"
    headers = (["Table"] if show_table else []) + ["Row id", "What", "Number, as the source words it", "Status", "Period", "Source excerpt", "Note, conflicts, citation"]
    head = "".join(f'<th scope="col" role="columnheader">{_e(h)}</th>' for h in headers)
    body = "\n".join(_data_row(name, r, data, show_table=show_table) for name, r in rows)
    caption = "Every number of every data table" if show_table else f"The rows of {table.title.lower()}"
    return (
        f'<div class="scroll"><table class="rows" role="table" id="kd_rows">\n<caption>{_e(caption)}</caption>\n'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>\n<tbody role="rowgroup">\n{body}\n</tbody>\n</table></div>\n'
    )


def _cell(label: str, content: str, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<td role="cell" data-label="{_e(label)}"{klass}>{content}</td>'


def _data_row(table_name: str, row: Row, data: SiteData, *, show_table: bool) -> str:
    table = get_table(table_name)
    row_id = row["id"]
    obs = data.observations.get(row_id, {})
    cells = []
    if show_table:
        cells.append(_cell("Table", f'<a href="{_e(table_name)}.html">{_e(table.title)}</a>'))
    link = f"{_e(table_name)}.html#{_e(row_id)}" if show_table else f"#{_e(row_id)}"
    cells.append(f'<th scope="row" role="rowheader" data-label="Row id"><a class="permalink" href="{link}">{_e(row_id)}</a></th>')
    cells.append(_cell("What", _what(table, row)))
    number = worded_number(row)
    cells.append(_cell("Number", f'<span class="number">{_e(number)}</span>', "num"))
    status = row.get("status", "")
    cells.append(_cell("Status", f'<span class="status status-{_e(status)}">{_e(status)}</span>'))
    period = obs.get("period", "")  # the period in words, as the build writes it into observations
    cells.append(_cell("Period", _e(period) if period else '<span class="none">not stated</span>'))
    cells.append(_cell("Source excerpt", _evidence(row, data)))
    cells.append(_cell("Note, conflicts, citation", _notes(row, data)))
    attrs = f'id="{_e(row_id)}" role="row" data-status="{_e(status)}" data-qualifier="{_e(row.get("qualifier", ""))}"'
    return f"<tr {attrs}>{''.join(cells)}</tr>"


# Dimensions shown in the Period column rather than under What.
PERIOD_DIMENSIONS = ("year", "base_year")


def _what(table: Table, row: Row) -> str:
    measure = table.field("measure").vocabulary
    meaning = measure.terms.get(row["measure"], "") if measure else ""
    parts = [f'<span class="measure">{_e(row["measure"].replace("_", " "))}</span>']
    if meaning:
        parts.append(f'<span class="meaning">{_e(meaning)}</span>')
    details = []
    for name in table.dimensions[1:]:
        value = row.get(name, "")
        if value and name not in PERIOD_DIMENSIONS:
            details.append(f'<li><span class="dim">{_e(name.replace("_", " "))}:</span> {_e(value.replace("_", " ").replace(MULTI_SEPARATOR, ", "))}</li>')
    if details:
        parts.append(f'<ul class="dims">{"".join(details)}</ul>')
    return "".join(parts)


def _where(row: Row) -> str:
    if row.get("footnote"):
        return f"footnote {row['footnote']}"
    if row.get("locator"):
        return row["locator"]
    return "no footnote"


def _source_name(row: Row, data: SiteData) -> str:
    source = data.sources.get(row.get("source_id", ""))
    if source is None:
        return row.get("source_id", "")
    family = source["authors"].split(";")[0].split(",")[0].strip()
    return f"{family} ({source['year']})"


def _evidence(row: Row, data: SiteData) -> str:
    source_id = row.get("source_id", "")
    return (
        f'<blockquote class="excerpt"><p>{_e(row.get("excerpt", ""))}</p></blockquote><p class="where"><a href="sources.html#{_e(source_id)}">{_e(_source_name(row, data))}</a>, {_e(_where(row))}</p>'
    )


def row_citation(row: Row, data: SiteData) -> str:
    """How to cite one row: "kuzbass-data VERSION, row ID", then its source and footnote or locator."""
    source = data.sources.get(row.get("source_id", ""), {})
    return f"kuzbass-data {PACKAGE.version}, row {row['id']}. Source: {source.get('citation', row.get('source_id', ''))}, {_where(row)}."


def _notes(row: Row, data: SiteData) -> str:
    parts = []
    if row.get("note"):
        parts.append(f'<p class="note">{_e(row["note"])}</p>')
    conflicts = data.conflicts_of.get(row["id"], [])
    if conflicts:
        links = "".join(f'<li><a href="conflicts.html#{_e(c["id"])}">{_e(c["id"])}</a> ({_e(c["kind"].replace("_", " "))})</li>' for c in conflicts)
        parts.append(f'<p class="conflicts-label">Conflicts:</p><ul class="conflicts">{links}</ul>')
    parts.append(f'<details class="cite"><summary>Cite this row</summary><p>{_e(row_citation(row, data))}</p></details>')
    return "".join(parts)


def _conflicts_table(rows: list[dict[str, str]], data: SiteData) -> str:
    kinds = get_table("conflicts").field("kind").vocabulary
    lines = []
    for c in rows:
        members = []
        for member in c["members"].split(MULTI_SEPARATOR):
            member = member.strip()
            table = data.table_of.get(member)
            href = f"{_e(table)}.html#{_e(member)}" if table else f"observations.html#{_e(member)}"
            obs = data.observations.get(member, {})
            number = worded_number(obs) if obs else ""
            members.append(f'<li><a href="{href}">{_e(member)}</a>{": " + _e(number) if number else ""}</li>')
        meaning = kinds.terms.get(c["kind"], "") if kinds else ""
        lines.append(
            f'<tr id="{_e(c["id"])}" role="row"><th scope="row" role="rowheader" data-label="Conflict"><a class="permalink" href="#{_e(c["id"])}">{_e(c["id"])}</a></th>'
            + _cell("Kind", f'{_e(c["kind"].replace("_", " "))}<span class="meaning">{_e(meaning)}</span>')
            + _cell("Rows", f'<ul class="members">{"".join(members)}</ul>')
            + _cell("How to read them", _e(c["explanation"]))
            + "</tr>"
        )
    head = "".join(f'<th scope="col" role="columnheader">{h}</th>' for h in ("Conflict", "Kind", "Rows", "How to read them"))
    return (
        '<div class="scroll"><table class="rows" role="table" id="kd_rows"><caption>Groups of rows that must not be read naively together</caption>'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead><tbody role="rowgroup">\n' + "\n".join(lines) + "\n</tbody></table></div>\n"
    )


def _sources_table(rows: list[dict[str, str]]) -> str:
    lines = []
    for s in rows:
        doi = f'<a href="https://doi.org/{_e(s["doi"])}">doi:{_e(s["doi"])}</a>' if s.get("doi") else ""
        lines.append(
            f'<tr id="{_e(s["id"])}" role="row"><th scope="row" role="rowheader" data-label="Source"><a class="permalink" href="#{_e(s["id"])}">{_e(s["id"])}</a></th>'
            + _cell("Citation", f"{_e(s['citation'])} {doi}")
            + _cell("What the package takes from it", _e(s["licence_note"]))
            + "</tr>"
        )
    head = "".join(f'<th scope="col" role="columnheader">{h}</th>' for h in ("Source", "Citation", "What the package takes from it"))
    return (
        '<div class="scroll"><table class="rows" role="table" id="kd_rows"><caption>The sources every number comes from</caption>'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead><tbody role="rowgroup">\n' + "\n".join(lines) + "\n</tbody></table></div>\n"
    )


# ---------------------------------------------------------------- home page


def home_page(data: SiteData, downloads: list[Download]) -> str:
    """The home page: what the data is and is not, search, the catalogue, the chart, downloads, citation."""
    sources = "".join(f"<li>{_e(s['citation'])}</li>" for s in data.rows["sources"])
    body = [
        f"<h1>{_e(PACKAGE.title)}</h1>",
        f'<p class="lead">{_e(PACKAGE.description)}</p>',
        '<section aria-labelledby="kd_what"><h2 id="kd_what">What the data is, and what it is not</h2><ul>',
        (
            "<li><strong>Every number is one row with its provenance:</strong> its source, the footnote (or page) the source cites for it, "
            "and a short verbatim excerpt that contains the number as written, so it can be checked in seconds.</li>"
        ),
        (
            "<li><strong>The tables say what the sources say, no more.</strong> They are not archival totals. The source's wording is kept: "
            "“almost 10” stays 10 with the qualifier <em>almost</em>, “more than 26,000” is a lower bound.</li>"
        ),
        "<li><strong>Plans, announcements, norms and claims are never outcomes:</strong> the <em>status</em> of each row says which it is.</li>",
        (
            "<li><strong>Conflicts stay visible:</strong> where figures disagree or must not be added, every one is published and linked in the "
            '<a href="conflicts.html">conflicts</a> table. Nothing is averaged or silently chosen.</li>'
        ),
        "<li><strong>Row ids are permanent:</strong> cite a row by its id; each row's address on this site ends in <code>#</code> and its id.</li>",
        "</ul>",
        f'<p>The sources:</p><ul class="sources">{sources}</ul></section>',
        '<section aria-labelledby="kd_find"><h2 id="kd_find">Find a number</h2>',
        (
            '<form class="search" id="kd_home_search" action="observations.html" method="get" role="search" aria-label="Search all rows" hidden>'
            '<div class="control"><label for="kd_home_q">Search all rows</label><input id="kd_home_q" name="q" type="search" placeholder="e.g. Japanese, 1932, rations"></div>'
            '<div class="control"><button type="submit">Search</button></div></form>'
        ),
        '<p><a href="observations.html">Browse every number of every table on one page</a>, with a search box and filters by status and qualifier.</p></section>',
        '<section aria-labelledby="kd_tables"><h2 id="kd_tables">The tables</h2>',
        _catalogue(data),
        "</section>",
        '<section aria-labelledby="kd_chart"><h2 id="kd_chart">Coal output</h2>',
        coal_chart(data.rows["coal_output"]),
        "</section>",
        '<section aria-labelledby="kd_downloads"><h2 id="kd_downloads">Downloads</h2>',
        _downloads(downloads),
        "</section>",
        '<section aria-labelledby="kd_cite"><h2 id="kd_cite">How to cite</h2>',
        (
            f"<p>Cite a single number by the package's version and the row's id, with its source, for example <q>{_e(_example_citation(data))}</q>. "
            "Every row's <em>Cite this row</em> gives the text. The package:</p>"
        ),
        f'<pre class="citation">{_e(cite("text"))}</pre></section>',
    ]
    return page("Home", "\n".join(body), description=PACKAGE.description)


def _example_citation(data: SiteData) -> str:
    first = next((rows[0] for t in DATA_TABLES if (rows := data.rows[t.name])), None)
    return f"kuzbass-data {PACKAGE.version}, row {first['id']}" if first else f"kuzbass-data {PACKAGE.version}, row ID"


def _catalogue(data: SiteData) -> str:
    lines = [
        f'<tr role="row"><th scope="row" role="rowheader" data-label="Table"><a href="{_e(t.name)}.html">{_e(t.title)}</a> <code>{_e(t.name)}</code></th>'
        + _cell("Rows", str(len(data.rows[t.name])), "num")
        + _cell("What it holds", _e(t.description))
        + "</tr>"
        for t in ALL_TABLES
    ]
    head = "".join(f'<th scope="col" role="columnheader">{h}</th>' for h in ("Table", "Rows", "What it holds"))
    return (
        '<div class="scroll"><table class="rows catalogue" role="table"><caption>Every published table</caption>'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead><tbody role="rowgroup">' + "".join(lines) + "</tbody></table></div>"
    )


def _downloads(downloads: list[Download]) -> str:
    if not downloads:
        return "<p>This build of the site has no downloads; <code>kuzbass-data export</code> writes the same files from the package.</p>"
    kinds: dict[str, list[Download]] = {}
    for d in downloads:
        kinds.setdefault(d.kind, []).append(d)
    items = []
    for kind, files in kinds.items():
        links = ", ".join(f'<a href="{_e(d.href)}">{_e(d.label)}</a>' if d.href else _e(d.label) for d in files)
        items.append(f"<dt>{_e(kind)}</dt><dd>{links}</dd>")
    return (
        "<p>The same data in other formats, exported by <code>kuzbass-data export</code>. The CSV and Parquet folders each come "
        "with a <code>datapackage.json</code> that describes every column.</p>"
        f'<dl class="downloads">{"".join(items)}</dl>\n'
    )


# ---------------------------------------------------------------- the chart


@dataclass(frozen=True)
class Point:
    """One plotted number of coal_output."""

    # The year on the x axis.
    year: int
    # The number plotted (for a bound, the bound).
    value: float
    # The row it comes from.
    row: Row


# Colours and shapes per basin and status; shapes differ too, so colour is never the only cue.
SERIES = {"kuzbass": "#1f4e79", "donbass": "#8a4b08"}


def coal_chart(rows: list[dict[str, str]]) -> str:
    """An SVG chart of coal output by year: one marker per row, no lines between years (the years are sparse)."""
    points = []
    for r in rows:
        text = r.get("value") or r.get("value_low") or r.get("value_high")
        if r.get("measure") == "output" and text and r.get("year"):
            points.append(Point(int(r["year"]), float(text), r))
    if not points:
        return "<p>No coal output rows to chart.</p>"
    width, height, left, right, top, bottom = 640, 360, 56, 150, 20, 40
    years = [p.year for p in points]
    x0, x1 = min(years) - 1, max(years) + 1
    step = 10 if max(p.value for p in points) <= 100 else 100
    y1 = step * (int(max(p.value for p in points) // step) + 1)

    def x(year: float) -> float:
        return left + (year - x0) / (x1 - x0) * (width - left - right)

    def y(value: float) -> float:
        return top + (1 - value / y1) * (height - top - bottom)

    parts = []
    for v in range(0, int(y1) + 1, step * 2 if y1 / step > 6 else step):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#d0d0d0"/>')
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="12">{v}</text>')
    # Regular ticks every two years: a time axis, not one label per data year (those would collide).
    for year in range(x0 + x0 % 2, x1 + 1, 2):
        parts.append(f'<line x1="{x(year):.1f}" x2="{x(year):.1f}" y1="{height - bottom}" y2="{height - bottom + 5}" stroke="#333"/>')
        parts.append(f'<text x="{x(year):.1f}" y="{height - bottom + 18}" text-anchor="middle" font-size="12">{year}</text>')
    parts.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{height - bottom}" stroke="#333"/>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{height - bottom}" y2="{height - bottom}" stroke="#333"/>')
    parts.append(f'<text transform="translate(14 {(height - bottom + top) / 2:.0f}) rotate(-90)" text-anchor="middle" font-size="12">million tons (the source\'s word)</text>')
    descriptions = []
    same_year = Counter((p.row["basin"], p.year) for p in points)
    for p in sorted(points, key=lambda p: (p.row["basin"], p.year)):
        colour = SERIES.get(p.row["basin"], "#333")
        plan = p.row.get("status") != "outcome"
        # A plan and an outcome of the same year sit side by side (plan left), not on top of each other.
        dodge = (-7 if plan else 7) if same_year[(p.row["basin"], p.year)] > 1 else 0
        cx, cy = x(p.year) + dodge, y(p.value)
        marker = _marker(p.row.get("status", ""), p.row.get("qualifier", ""), colour, cx, cy)
        words = worded_number(p.row)
        title = f"{p.row['basin'].capitalize()} {p.year}, {p.row.get('status', '')}: {words} (row {p.row['id']})"
        descriptions.append(title)
        parts.append(f'<a href="coal_output.html#{_e(p.row["id"])}"><title>{_e(title)}</title>{marker}</a>')
        label_x, anchor = (cx - 9, "end") if dodge < 0 else (cx + 9, "start")
        parts.append(f'<text x="{label_x:.1f}" y="{cy + 4:.1f}" font-size="11" text-anchor="{anchor}" fill="{colour}">{_e(_short(words))}</text>')
    legend_x = width - right + 16
    legend = [
        ("Kuzbass outcome", _marker("outcome", "exact", SERIES["kuzbass"], legend_x, 40)),
        ("Kuzbass, “almost”", _marker("outcome", "almost", SERIES["kuzbass"], legend_x, 62)),
        ("Kuzbass plan", _marker("plan", "exact", SERIES["kuzbass"], legend_x, 84)),
        ("Donbass outcome", _marker("outcome", "exact", SERIES["donbass"], legend_x, 106)),
    ]
    for i, (text, marker) in enumerate(legend):
        parts.append(marker + f'<text x="{legend_x + 10}" y="{44 + 22 * i}" font-size="12">{_e(text)}</text>')
    desc = "; ".join(descriptions)
    svg = (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="kd_chart_title kd_chart_desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="kd_chart_title">Coal output of the Kuzbass and the Donbass by year, plans and outcomes</title>'
        f'<desc id="kd_chart_desc">{_e(desc)}</desc>' + "".join(parts) + "</svg>"
    )
    return (
        f'<figure class="chart"><div class="plot">{svg}</div><figcaption>Each marker is one row of the <a href="coal_output.html">coal output</a> table: '
        "outcomes are filled circles, “almost” an open circle, plans squares (set just left of an outcome of the same year). The years are sparse, so no lines join them: "
        "nothing is known here about the years between. The axis starts at zero.</figcaption></figure>"
    )


def _short(words: str) -> str:
    return words.replace(" million tons", "")


def _marker(status: str, qualifier: str, colour: str, cx: float, cy: float) -> str:
    if status == "plan":
        return f'<rect x="{cx - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
    fill = "#ffffff" if qualifier != "exact" else colour
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{fill}" stroke="{colour}" stroke-width="2"/>'


__all__ = ["SiteData", "SiteError", "build_site", "coal_chart", "export_downloads", "home_page", "page", "read_data", "row_citation", "table_page"]
