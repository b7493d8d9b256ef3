"""The static website of the data: ``kuzbass-data site --out DIR``.

Every page is generated from the installed package (``loader.records``), so the site
always shows the data it ships with. HTML is built with the standard library and every
value from the data passes through ``html.escape``: excerpts and notes are text from
outside. One stylesheet and one script (``kuzbass_data/publish/web/``) are copied beside the
pages; nothing is loaded from elsewhere, so the site works from ``file://`` and on
GitHub Pages. Without JavaScript every row is visible; the script only adds the search
box and the filters.

Pages: ``index.html`` (what the data are in two sentences, the headline chart, the tables
that have rows, search, how to read the numbers, downloads, how to cite) and one page per
table, ``<table>.html``, with its chart when its rows form a series (``charts.CHARTS``, inline
SVG). A row leads with its number as the source words it, its period and its status and
qualifier as badges, then the row read as a sentence and the excerpt; its id, note,
definitions and citation stay in a narrow last column. Texts from the schemas pass through
``for_readers``, which leaves out the contributor's words. Each row's element
id is its row id, so ``coal_output.html#kuzbass-1932-outcome`` scrolls to the row and
highlights it (CSS ``:target``). Ids of the page's own elements contain an underscore,
which row ids never do, so they cannot collide.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..aliases import with_search_data
from ..escape import html as escape_html
from ..loader import cite, records
from ..paths import WEB_DIR, in_package
from ..schema import ALL_TABLES, DATA_TABLES, MULTI_SEPARATOR, Table, Vocabulary, get_table
from ..schema.package import PACKAGE
from ..schema.vocabularies import QUALIFIER, STATUS
from ..sentence import period_words, sentence, source_name, term_words
from ..urls import UNSET, ProjectUrls, project_urls
from ..wording import worded_number
from .charts import chart_for, chart_points, svg_chart

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
        content = (in_package(WEB_DIR) / name).read_bytes()
        # The site's search finds names in any spelling: the alias table goes into search.js.
        (folder / name).write_bytes(with_search_data(content.decode("utf-8")).encode("utf-8") if name == "search.js" else content)
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


# Words that speak to contributors (files of the repository, the proofs, the build), not to readers:
# a sentence of a schema text that uses one is left off the site (it stays in the contributor docs).
CONTRIBUTOR_WORDS = re.compile(r"proofs/|sources/<|text_root|hand-edited|fingerprint|\bcommitted\b|kuzbass-data prove|raw/|pandera", re.IGNORECASE)
# Columns only contributors need; the site does not describe them.
CONTRIBUTOR_FIELDS = frozenset({"fingerprint", "text_root"})


def for_readers(text: str) -> str:
    """A schema text for the site: sentences in contributor words left out (or only their part before a colon), code names in plain words."""
    kept = []
    for sentence_ in re.split(r"(?<=[.;])\s+", text):
        if CONTRIBUTOR_WORDS.search(sentence_):
            head, colon, rest = sentence_.partition(": ")
            # "Built, never hand-edited: every number ..." keeps what follows the colon; a sentence whose
            # point is the contributor's matter goes entirely.
            if not (colon and not CONTRIBUTOR_WORDS.search(rest)):
                continue
            sentence_ = rest[:1].upper() + rest[1:]
        kept.append(sentence_)
    text = " ".join(kept)
    # `unit` in a description names a column: say so in words, without the code quotes.
    text = re.sub(r"`([^`]+)`", lambda m: f"the {m.group(1).replace('_', ' ')} column", text)
    # A table named by its code reads as its title; other codes (families_sent) read as words.
    for table in ALL_TABLES:
        text = re.sub(rf"\b{table.name}\b", table.title.lower(), text) if "_" in table.name else text
    return re.sub(r"\b([a-z]+(?:_[a-z]+)+)\b", lambda m: m.group(1).replace("_", " "), text).strip()


def words_of(column: str, cell: str) -> str:
    """A cell of vocabulary terms as words, capitalised: "soviet_zone_germany" -> "Soviet zone of Germany"."""
    terms = [t.strip() for t in cell.split(MULTI_SEPARATOR) if t.strip()]
    words = ", ".join(term_words(column, t).removeprefix("the ") for t in terms)
    return words[:1].upper() + words[1:]


def page(title: str, body: str, *, description: str = "", urls: ProjectUrls | None = None) -> str:
    """A whole HTML page around ``body``: head, site header with navigation, footer (with where the project lives)."""
    urls = urls or project_urls()
    nav = [("index.html", "Home"), ("observations.html", "Search all numbers"), ("conflicts.html", "Conflicts"), ("sources.html", "Sources")]
    links = "".join(f'<li><a href="{href}">{_e(text)}</a></li>' for href, text in nav)
    where = " ".join(f"<p>{_e(name)}: " + (f'<a href="{_e(url)}">{_e(url)}</a>' if url else _e(f"{UNSET}.")) + "</p>" for name, url in (("Repository", urls.repository), ("Website", urls.site)))
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
        f"code: {_e(PACKAGE.code_licence.title)}.</p><p>{_e(PACKAGE.excerpt_notice)}</p>{where}</footer>\n"
        "</body>\n</html>\n"
    )


def search_form(statuses: Iterable[str], qualifiers: Iterable[str], *, filters: bool) -> str:
    """The search box (and filters by status and qualifier), hidden until the script shows it."""
    controls = ['<div class="control"><label for="kd_q">Search these rows</label><input id="kd_q" name="q" type="search" autocomplete="off" placeholder="words, places, years"></div>']
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


def table_page(table: Table, data: SiteData, *, files: bool = True, urls: ProjectUrls | None = None) -> str:
    """The page of one table: its description, its chart, what its columns mean, and every row; ``files`` links its downloads."""
    urls = urls or project_urls()
    rows = data.rows[table.name]
    head = f'<h1>{_e(table.title)}</h1>\n<p class="lead">{_e(for_readers(table.description))}</p>\n'
    links = f"; download it as {_file_links(table)}" if files else ""
    head += f"<p>{len(rows)} {'row' if len(rows) == 1 else 'rows'}{links}. In Python: <code>kd.load(&quot;{_e(table.name)}&quot;)</code>.</p>\n"
    head += table_chart(table.name, data, href="")
    head += _columns_section(table)
    if table.name == "sources":
        body = _sources_table(rows)
    elif table.name == "conflicts":
        body = search_form((), (), filters=False) + _conflicts_table(rows, data)
    elif table.name not in {t.name for t in DATA_TABLES} and table.name != "observations":
        body = _plain_table(table, rows)
    else:
        if table.name == "observations":  # every data row, rendered from its own table (it has every column)
            all_rows = [(t.name, r) for t in DATA_TABLES for r in data.rows[t.name]]
            intro = "<p>Every number of every table on one page, each shown as on its table's page.</p>\n"
        else:
            all_rows, intro = [(table.name, r) for r in rows], ""
        statuses = _terms_used(STATUS, [r for _, r in all_rows], "status")
        qualifiers = _terms_used(QUALIFIER, [r for _, r in all_rows], "qualifier")
        body = intro + search_form(statuses, qualifiers, filters=True) + _rows_table(table, all_rows, data, urls)
    return page(table.title, head + body, description=for_readers(table.description), urls=urls)


def table_chart(name: str, data: SiteData, *, href: str) -> str:
    """The chart of table ``name`` as a figure (SVG and caption); "" when the table has no chart or nothing to draw.

    ``href`` is the table's page, "" when the chart is on it (the marks link to the rows).
    """
    spec = chart_for(name)
    if spec is None:
        return ""
    rows = data.rows[spec.table]
    points = chart_points(spec, rows, data.rows["conflicts"])
    if not points:
        return ""
    left_out = len(rows) - len(points)
    rest = ""
    if left_out:
        others = "other row is" if left_out == 1 else f"other {left_out} rows are"
        rest = f" The table's {others} not drawn: {'it counts' if left_out == 1 else 'they count'} something else, or in another unit."
    where = "the table below" if not href else f'the <a href="{_e(href)}">{_e(get_table(spec.table).title.lower())}</a> table'
    caption = (
        f"Each mark is one row of {where}, drawn from the same data. Circles are outcomes, squares plans, norms or announcements (never outcomes); "
        f"a filled mark is an exact number, an open one is qualified. No line joins two marks: the source states these points only. {_e(spec.note)}{rest}"
    )
    return f'<figure class="chart" id="kd_figure_{_e(spec.name)}"><div class="plot">{svg_chart(spec, points, href=href)}</div><figcaption>{caption}</figcaption></figure>\n'


def _terms_used(vocabulary: Vocabulary, rows: Iterable[Row], column: str) -> list[str]:
    """The vocabulary's terms that occur in ``column``, in the vocabulary's order (the filter's options)."""
    seen = {r.get(column, "") for r in rows}
    return [t for t in vocabulary.allowed if t in seen]


def _file_links(table: Table) -> str:
    return f'<a href="{DOWNLOADS}/csv/{_e(table.name)}.csv">CSV</a> or <a href="{DOWNLOADS}/parquet/{_e(table.name)}.parquet">Parquet</a>'


def _columns_section(table: Table) -> str:
    items = []
    for f in table.fields:
        if f.name in CONTRIBUTOR_FIELDS:
            continue
        allowed = ""
        if f.vocabulary is not None:
            terms = "; ".join(f"{words_of(f.name, t)} ({for_readers(m)})" for t, m in f.vocabulary.terms.items())
            allowed = f' <span class="allowed">Allowed: {_e(terms)}</span>'
        items.append(f"<dt><code>{_e(f.name)}</code></dt><dd>{_e(for_readers(f.description))}{allowed}</dd>")
    return f'<details class="columns"><summary>What the columns mean</summary><dl>{"".join(items)}</dl></details>\n'


def _rows_table(table: Table, rows: Sequence[tuple[str, Row]], data: SiteData, urls: ProjectUrls) -> str:
    show_table = table.name == "observations"
    headers = ("The number", "What the source says", "Row")
    head = "".join(f'<th scope="col" role="columnheader">{_e(h)}</th>' for h in headers)
    body = "\n".join(_data_row(name, r, data, urls, show_table=show_table) for name, r in rows)
    caption = "Every number of every table" if show_table else f"The rows of {table.title.lower()}"
    # No scroll box around the table: the columns wrap to fit, and the sticky header needs the page as its scroller.
    return (
        f'<table class="rows numbers" role="table" id="kd_rows">\n<caption>{_e(caption)}</caption>\n'
        '<colgroup><col class="c-number"><col class="c-source"><col class="c-row"></colgroup>\n'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>\n<tbody role="rowgroup">\n{body}\n</tbody>\n</table>\n'
    )


def _cell(label: str, content: str, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<td role="cell" data-label="{_e(label)}"{klass}>{content}</td>'


def _badges(row: Row, data: SiteData) -> str:
    status, qualifier = row.get("status", ""), row.get("qualifier", "")
    status_meaning = STATUS.terms.get(status, "")
    qualifier_meaning = QUALIFIER.terms.get(qualifier, "")
    badges = [
        f'<span class="badge status status-{_e(status)}" title="{_e(status_meaning)}">{_e(status.replace("_", " "))}</span>',
        f'<span class="badge qualifier" title="{_e(qualifier_meaning)}">{_e(qualifier.replace("_", " "))}</span>',
    ]
    if row.get("partial_scope"):
        badges.append(f'<span class="badge scope" title="{_e(row["partial_scope"])}">part of its place or group</span>')
    conflicts = data.conflicts_of.get(row["id"], [])
    links = "".join(f'<li><a href="conflicts.html#{_e(c["id"])}">{_e(_conflict_words(c, row["id"], data))}</a></li>' for c in conflicts)
    listed = f'<p class="conflicts-label">In conflict, read with others:</p><ul class="conflicts">{links}</ul>' if conflicts else ""
    return f'<p class="badges">{" ".join(badges)}</p>{listed}'


def _conflict_words(conflict: Row, row_id: str, data: SiteData) -> str:
    """A conflict as a link reads it from one of its rows: its kind and the other rows' numbers ("different scope, with about 61,000 people")."""
    others = [m.strip() for m in conflict["members"].split(MULTI_SEPARATOR) if m.strip() and m.strip() != row_id]
    numbers = [worded_number(data.observations[m]) for m in others if m in data.observations]
    shown = ", ".join(numbers[:3]) + (f" and {len(numbers) - 3} more" if len(numbers) > 3 else "")
    kind = conflict["kind"].replace("_", " ")
    return f"{kind}, with {shown}" if shown else kind


def _data_row(table_name: str, row: Row, data: SiteData, urls: ProjectUrls, *, show_table: bool) -> str:
    table = get_table(table_name)
    row_id = row["id"]
    obs = data.observations.get(row_id, {})
    period = obs.get("period", "") or period_words(row)  # the period in words, as the build writes it into observations
    where = f'<p class="table-name"><a href="{_e(table_name)}.html">{_e(table.title)}</a></p>' if show_table else ""
    number = (
        f'<th scope="row" role="rowheader" data-label="The number">{where}<span class="number">{_e(worded_number(row))}</span>'
        f'<span class="period">{_e(period) if period else "no date stated"}</span>{_badges(row, data)}</th>'
    )
    # The note and definitions fold under the excerpt, where an opened fold has the width to read.
    said = f'<p class="sentence">{_e(sentence(row, _source_name(row, data), table_name))}</p>' + _evidence(row, data) + _more(table, row, urls)
    link = f"{_e(table_name)}.html#{_e(row_id)}" if show_table else f"#{_e(row_id)}"
    meta = f'<a class="permalink" href="{link}" title="Link to this row">{_e(row_id)}</a>' + _cite(row, data, urls)
    attrs = f'id="{_e(row_id)}" role="row" data-status="{_e(row.get("status", ""))}" data-qualifier="{_e(row.get("qualifier", ""))}"'
    return f"<tr {attrs}>{number}{_cell('What the source says', said)}{_cell('Row', meta, 'meta')}</tr>"


# Dimensions that are the period, shown with the number rather than among the definitions.
PERIOD_DIMENSIONS = ("year", "base_year")


def _definitions(table: Table, row: Row) -> str:
    """What the row's measure means and its dimensions, as words."""
    measure = table.field("measure").vocabulary
    meaning = measure.terms.get(row["measure"], "") if measure else ""
    items = [f"<dt>{_e(words_of('measure', row['measure']))}</dt><dd>{_e(for_readers(meaning))}</dd>"]
    for name in table.dimensions[1:]:
        value = row.get(name, "")
        if value and name not in PERIOD_DIMENSIONS:
            items.append(f"<dt>{_e(name.replace('_', ' ').capitalize())}</dt><dd>{_e(words_of(name, value))}</dd>")
    return f'<dl class="defs">{"".join(items)}</dl>'


def _more(table: Table, row: Row, urls: ProjectUrls) -> str:
    parts = []
    if row.get("note"):
        parts.append(f'<p class="note"><span class="lbl">Note:</span> {_e(row["note"])}</p>')
    if row.get("footnote_basis"):
        parts.append(f'<p class="note"><span class="lbl">Why this footnote:</span> {_e(row["footnote_basis"])}</p>')
    if row.get("partial_scope"):
        parts.append(f'<p class="note"><span class="lbl">Only part of its place or group:</span> “{_e(row["partial_scope"])}”</p>')
    parts.append(_definitions(table, row))
    report = urls.report_url(row["id"])
    parts.append(
        f'<p class="report"><a href="{_e(report)}">Report an error in this row</a></p>'
        if report
        else f'<p class="report">Report an error in this row: there is no address to report it to yet ({_e(urls.repository_text())}).</p>'
    )
    return f'<details class="more"><summary>Note and definitions</summary>{"".join(parts)}</details>'


def _cite(row: Row, data: SiteData, urls: ProjectUrls) -> str:
    return f'<details class="cite"><summary>Cite this row</summary><p>{_e(row_citation(row, data, urls))}</p></details>'


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
    return source_name(source["authors"], source["year"])


def _evidence(row: Row, data: SiteData) -> str:
    source_id = row.get("source_id", "")
    return (
        f'<blockquote class="excerpt"><p>{_e(row.get("excerpt", ""))}</p></blockquote><p class="where"><a href="sources.html#{_e(source_id)}">{_e(_source_name(row, data))}</a>, {_e(_where(row))}</p>'
    )


def row_citation(row: Row, data: SiteData, urls: ProjectUrls | None = None) -> str:
    """How to cite one row: "kuzbass-data VERSION, row ID", where the site lives (or that it is unset), then its source and footnote or locator."""
    urls = urls or project_urls()
    source = data.sources.get(row.get("source_id", ""), {})
    table = data.table_of.get(row["id"], "")
    at = f"{urls.site.rstrip('/')}/{table}.html#{row['id']}" if urls.site and table else "website URL not yet set"
    return f"kuzbass-data {PACKAGE.version}, row {row['id']}, {at}. Source: {source.get('citation', row.get('source_id', ''))}, {_where(row)}."


def _plain_table(table: Table, rows: list[dict[str, str]]) -> str:
    """A table that holds no numbers (the retired ids): every column as it is, or a sentence when it has no rows."""
    if not rows:
        return "<p>This table has no rows: no id has been retired.</p>\n" if table.name == "retired_ids" else "<p>This table has no rows.</p>\n"
    names = [f.name for f in table.fields]
    head = "".join(f'<th scope="col" role="columnheader">{_e(n.replace("_", " ").capitalize())}</th>' for n in names)
    lines = [
        f'<tr id="{_e(r[names[0]])}" role="row"><th scope="row" role="rowheader" data-label="{_e(names[0])}">{_e(r[names[0]])}</th>' + "".join(_cell(n, _e(r.get(n, ""))) for n in names[1:]) + "</tr>"
        for r in rows
    ]
    return (
        f'<table class="rows" role="table" id="kd_rows"><caption>{_e(table.title)}</caption>'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead><tbody role="rowgroup">' + "".join(lines) + "</tbody></table>\n"
    )


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
            status = obs.get("status", "")
            said = ", ".join(x for x in (number, obs.get("period", ""), status if status != "outcome" else "") if x)
            # The number first, as on the rows' pages; the id after it, as the link.
            members.append(f'<li>{"<strong>" + _e(said) + "</strong> " if said else ""}<a href="{href}">{_e(member)}</a></li>')
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
        '<table class="rows conflicts-table" role="table" id="kd_rows"><caption>Groups of rows that must not be read naively together</caption>'
        '<colgroup><col class="c-id"><col class="c-kind"><col class="c-members"><col></colgroup>'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead><tbody role="rowgroup">\n' + "\n".join(lines) + "\n</tbody></table>\n"
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
        '<table class="rows" role="table" id="kd_rows"><caption>The sources every number comes from</caption>'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead><tbody role="rowgroup">\n' + "\n".join(lines) + "\n</tbody></table>\n"
    )


# ---------------------------------------------------------------- home page


def home_page(data: SiteData, downloads: list[Download], urls: ProjectUrls | None = None) -> str:
    """The home page: what the data are in two sentences, the headline chart, the tables, search, how to read them, downloads, citation."""
    urls = urls or project_urls()
    numbers = sum(len(data.rows[t.name]) for t in DATA_TABLES)
    tables = sum(1 for t in DATA_TABLES if data.rows[t.name])
    sources = "".join(f"<li>{_e(s['citation'])}</li>" for s in data.rows["sources"])
    source_names = " and ".join(source_name(s["authors"], s["year"]) for s in data.rows["sources"]) or "the sources"
    body = [
        f"<h1>{_e(PACKAGE.title)}</h1>",
        (
            f'<p class="lead">{numbers:,} numbers about the Kuzbass coal region of western Siberia, 1920–1950, in {tables} tables: coal output, mine accidents, '
            f"deportations, foreign specialists, prisoners of war, bread rations, the workforce and repression, as {_e(source_names)} gives them. "
            "Each number is kept as the source words it, with the footnote it cites and a short quotation, so that you can check it.</p>"
        ),
        f'<p class="start"><a href="#kd_tables">Browse the tables</a> or <a href="observations.html">search all {numbers:,} numbers</a>.</p>',
        '<section aria-labelledby="kd_chart"><h2 id="kd_chart">Coal output</h2>',
        table_chart("coal_output", data, href="coal_output.html"),
        "</section>",
        '<section aria-labelledby="kd_tables"><h2 id="kd_tables">The tables</h2>',
        _catalogue(data),
        "</section>",
        '<section aria-labelledby="kd_find"><h2 id="kd_find">Find a number</h2>',
        (
            '<form class="search" id="kd_home_search" action="observations.html" method="get" role="search" aria-label="Search all rows" hidden>'
            '<div class="control"><label for="kd_home_q">Search all numbers</label><input id="kd_home_q" name="q" type="search" placeholder="e.g. Japanese, 1932, rations"></div>'
            '<div class="control"><button type="submit">Search</button></div></form>'
        ),
        '<p><a href="observations.html">Every number of every table on one page</a>, with a search box and filters. The data are in English, in the source\'s spellings.</p></section>',
        '<section aria-labelledby="kd_what"><h2 id="kd_what">How to read the numbers</h2><ul>',
        (
            "<li><strong>The tables say what the sources say, no more.</strong> They are not archival totals: "
            "“almost 10” stays 10 with the qualifier <em>almost</em>, “more than 26,000” is a lower bound.</li>"
        ),
        "<li><strong>Plans, norms, announcements and claims are never outcomes:</strong> each number's <em>status</em> says which it is.</li>",
        (
            "<li><strong>Conflicts stay visible:</strong> where figures disagree or must not be added, every one is published and linked in the "
            '<a href="conflicts.html">conflicts</a> table. Nothing is averaged or silently chosen.</li>'
        ),
        "<li><strong>Every number has a permanent name</strong> (its row id): each row's address on this site ends in <code>#</code> and that name.</li>",
        "</ul>",
        f'<p>The sources:</p><ul class="sources">{sources}</ul></section>',
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
    return page("Home", "\n".join(body), description=PACKAGE.description, urls=urls)


def _example_citation(data: SiteData) -> str:
    first = next((rows[0] for t in DATA_TABLES if (rows := data.rows[t.name])), None)
    return f"kuzbass-data {PACKAGE.version}, row {first['id']}" if first else f"kuzbass-data {PACKAGE.version}, row ID"


def listed_tables(data: SiteData) -> list[Table]:
    """The tables the home page lists as data: every table that has rows (an empty one holds no data yet), the numbers first."""
    numbers = [t for t in DATA_TABLES if data.rows[t.name]]
    return numbers + [t for t in ALL_TABLES if t not in numbers and data.rows[t.name]]


def _catalogue(data: SiteData) -> str:
    lines = [
        f'<tr role="row"><th scope="row" role="rowheader" data-label="Table"><a href="{_e(t.name)}.html">{_e(t.title)}</a>'
        + (' <span class="has-chart">with a chart</span>' if chart_for(t.name) else "")
        + "</th>"
        + _cell("Numbers", str(len(data.rows[t.name])), "num")
        + _cell("What it holds", _e(for_readers(t.description)))
        + "</tr>"
        for t in listed_tables(data)
    ]
    head = "".join(f'<th scope="col" role="columnheader">{h}</th>' for h in ("Table", "Numbers", "What it holds"))
    return (
        '<table class="rows catalogue" role="table"><caption>Every published table</caption>'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead><tbody role="rowgroup">' + "".join(lines) + "</tbody></table>"
    )


def _downloads(downloads: list[Download]) -> str:
    if not downloads:
        return "<p>This copy of the site has no downloads; the Python package <code>kuzbass-data</code> holds the same data.</p>"
    kinds: dict[str, list[Download]] = {}
    for d in downloads:
        kinds.setdefault(d.kind, []).append(d)
    items = []
    for kind, files in kinds.items():
        links = ", ".join(f'<a href="{_e(d.href)}">{_e(d.label)}</a>' if d.href else _e(d.label) for d in files)
        items.append(f"<dt>{_e(kind)}</dt><dd>{links}</dd>")
    return (
        f'<p>The same data in other formats. The CSV and Parquet folders each come with a <code>datapackage.json</code> that describes every column.</p><dl class="downloads">{"".join(items)}</dl>\n'
    )


__all__ = [
    "SiteData",
    "SiteError",
    "build_site",
    "export_downloads",
    "for_readers",
    "home_page",
    "listed_tables",
    "page",
    "read_data",
    "row_citation",
    "table_chart",
    "table_page",
    "words_of",
]
