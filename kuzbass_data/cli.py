"""The ``kuzbass-data`` command line.

Exit status: 0 success, 1 problems found (or files out of date; for ``get`` and
``search``, no such row, like grep), 2 a usage error or a failure of the tool itself. Errors are one line on stderr, never a traceback
(set KUZBASS_DATA_DEBUG=1 to see one). ``list``, ``describe`` and ``cite`` never
import pandas, so they answer at once.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .__about__ import __version__

if TYPE_CHECKING:
    from .source_text import SuppliedText

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


class CommandError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def _out(text: str = "") -> None:
    print(text, flush=False)


def cmd_list(args: argparse.Namespace) -> int:
    """Print every table with its row count and title."""
    from .loader import records
    from .schema import ALL_TABLES

    width = max(len(t.name) for t in ALL_TABLES)
    for table in ALL_TABLES:
        _out(f"{table.name:<{width}}  {len(records(table.name)):>4} rows  {table.title}")
    return EXIT_OK


def cmd_describe(args: argparse.Namespace) -> int:
    """Print a table's description and the documentation of each column, wrapped at the terminal's width."""
    from . import terminal
    from .schema import get_table

    table = get_table(args.table)
    width = terminal.terminal_width(args.width)

    def wrapped(text: str, indent: str = "") -> None:
        for line in textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False) or [""]:
            _out(line)

    wrapped(f"{table.name}: {table.title}")
    wrapped(table.description)
    _out()
    for f in table.fields:
        flags = ", ".join(x for x in (f.type, "required" if f.required else "", "unique" if f.unique else "", f.unit) if x)
        wrapped(f"{f.name} ({flags})")
        wrapped(f.description, "    ")
        if f.vocabulary is not None:
            several = " (several joined by '; ')" if f.multiple else ""
            wrapped(f"allowed{several}: {', '.join(f.vocabulary.allowed)}", "    ")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Print a table: one record per row (every field, the excerpt in full), or a table of ``--columns``."""
    from . import terminal
    from .loader import load
    from .schema import get_table

    frame = load(args.table, args.format)
    if args.rows is not None:
        frame = frame.head(args.rows)
    columns = list(frame.columns)
    if args.columns:
        chosen = [c.strip() for c in args.columns.split(",") if c.strip()]
        unknown = [c for c in chosen if c not in columns]
        if unknown or not chosen:
            raise CommandError(f"no column {', '.join(map(repr, unknown)) or 'named'} in {args.table}; its columns are: {', '.join(columns)}")
        columns = chosen
    numbers = {f.name for f in get_table(args.table).fields if f.type == "number"}
    rows = [{c: _cell_text(v, c in numbers) for c, v in zip(columns, values, strict=True)} for values in frame[columns].astype(object).itertuples(index=False, name=None)]
    width = terminal.terminal_width(args.width)
    lines = terminal.table(rows, columns, width) if args.columns else None
    for line in lines if lines is not None else terminal.records(rows, width):
        _out(line)
    return EXIT_OK


def _cell_text(value: object, number: bool = False) -> str:
    """A cell as the published CSV writes it: empty for a missing value, no trailing '.0'; a ``number`` as the wording shows numbers."""
    import math

    import pandas as pd

    from .wording import number_text

    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    text = text[:-2] if isinstance(value, float) and text.endswith(".0") else text
    return number_text(text) if number else text


def cmd_get(args: argparse.Namespace) -> int:
    """Print one row from any table by its id, with its source, footnote or locator, excerpt and conflicts."""
    from . import terminal
    from .lookup import RetiredIdError, RowNotFoundError, row
    from .schema import get_table
    from .sentence import sentence, source_name
    from .wording import number_text

    try:
        found = row(args.id)
    except RetiredIdError as err:
        print(f"kuzbass-data: {err}", file=sys.stderr)
        if not err.successor:
            return EXIT_PROBLEMS
        found = row(err.successor)
    except RowNotFoundError as err:
        print(f"kuzbass-data: {err}", file=sys.stderr)
        return EXIT_PROBLEMS
    width = terminal.terminal_width(args.width)
    _out(f"{found.id}  (table {found.table})")
    if found.table not in ("sources", "conflicts"):
        # The row read back as one English sentence, to compare with its excerpt below.
        source = source_name(found.source.get("authors", ""), found.source.get("year", "")) if found.source else None
        for line in terminal.record({"reads": sentence(found.text, source, found.table)}, width):
            _out(line)
    _out()
    # Numbers as every display words them (number_text), not as a float's repr.
    numbers = {f.name for f in get_table(found.table).fields if f.type == "number"}
    for line in terminal.record({c: number_text(t) if c in numbers else t for c, t in found.text.items()}, width):
        _out(line)
    extra: dict[str, str] = {}
    if found.source is not None:
        extra["source"] = found.source.get("citation", "")
    for number, conflict in enumerate(found.conflicts, start=1):
        extra[f"conflict {number}"] = f"{conflict['id']} ({conflict['kind']}): {conflict['explanation']}"
    if found.table == "conflicts":
        for number, member in enumerate(found.text["members"].split("; "), start=1):
            try:
                extra[f"member {number}"] = f"{member}: {row(member).summary()}"
            except LookupError as err:
                extra[f"member {number}"] = f"{member}: {err}"
    if found.table not in ("sources", "conflicts"):
        extra["cite as"] = f"kuzbass-data {__version__}, row {found.id}"
    if extra:
        _out()
        for line in terminal.record(extra, width):
            _out(line)
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    """Print every row whose labels, excerpts, notes or terms contain the text, one line each."""
    from . import escape, terminal
    from .lookup import search

    try:
        hits = search(args.text)
    except ValueError as err:
        raise CommandError(str(err)) from None
    if not hits:
        print(f"kuzbass-data: {hits.message}", file=sys.stderr)
        return EXIT_PROBLEMS
    width = terminal.terminal_width(args.width)
    for hit in hits:
        _out(terminal.one_line(f"{hit.id}  ({hit.table}; found in {', '.join(hit.matched)})", width))
        for line in textwrap.wrap(escape.terminal(hit.summary()), width - 4, break_on_hyphens=False):
            _out(f"    {line}")
    _out(terminal.one_line(f"{len(hits)} rows; `kuzbass-data get ID` prints one in full, with its excerpt and source", width))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write every table in one format to a folder or file."""
    from .publish.export import export

    for written in export(args.format, Path(args.out), tables=args.table or None, force=args.force):
        _out(f"wrote {written}")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Build the published files from raw/, or check that they are up to date."""
    from .gate.problems import capped
    from .publish.build import BuildError, build_outputs, stale_files, write_outputs

    root = _root(args.root)
    try:
        result = build_outputs(root)
    except BuildError as err:
        for problem in capped(err.problems):
            _out(str(problem))
        _out(f"build stopped: {len(set(err.problems))} problems in raw/; nothing was written")
        return EXIT_PROBLEMS
    if args.check:
        from .gate.published import check_published

        stale = check_published(root) or stale_files(root, result)
        for problem in stale:
            _out(str(problem))
        _out("built files are up to date" if not stale else "built files are out of date or altered: run `kuzbass-data build`")
        return EXIT_PROBLEMS if stale else EXIT_OK
    written = write_outputs(root, result)
    for rel in written:
        _out(f"wrote {rel}")
    _out(f"built {len(result.frames)} tables; {len(written)} files written, {len(result.files) - len(written)} already up to date")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Check raw/, the change note against the merge base and the committed inputs; print every problem and a summary."""
    from .gate.problems import printable
    from .gate.validate import validate

    root = _root(args.root)
    base = args.base
    if base is None:  # the contribution's change note is checked against the merge base with main, when there is one
        from .gate.revision import RevisionError, default_base

        try:
            base = default_base(root)
        except RevisionError:
            base = None
    report = validate(root, _supplied_texts(args.source_text or []), base=base)
    if base is None and args.base is None:
        report.notes.append("No merge base with main was found: the change note and release level are checked in CI (or pass --base BASE).")
    escaped: Callable[[str], str] = printable
    if args.format == "github":
        from .gate.annotations import github_annotations, log_line

        for line in github_annotations(report.sorted_problems(), root):
            _out(line)
        escaped = log_line  # a reason or id from the files can start or hide no workflow command
    else:
        for problem in report.sorted_problems():
            _out(str(problem))
    # Notes and the coverage report quote ids and paths from the files: shown escaped, like problems.
    for line in (*report.notes, *report.coverage):
        _out(escaped(line))
    _out(report.summary())
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def cmd_diff(args: argparse.Namespace) -> int:
    """Print the data diff against BASE; with --check, also the id and versioning problems."""
    from .gate.diff import compare, render_json, render_markdown, render_text
    from .gate.review import read_head, review_problems
    from .gate.revision import RevisionError, open_base
    from .gate.versioning import required_bump

    root = _root(args.root)
    head, problems = read_head(root)
    if head is None:
        raise CommandError(problems[0].message)
    try:
        base = open_base(root, args.base)
    except RevisionError as err:
        raise CommandError(str(err)) from None
    diff = compare(base, head)
    level, _ = required_bump(diff)
    found = sorted(set(review_problems(head, base)), key=lambda p: p.sort_key()) if args.check else []
    render = {"text": render_text, "markdown": render_markdown, "json": render_json}[args.format]
    _out(render(diff, level, found))
    return EXIT_PROBLEMS if any(p.level == "error" for p in found) else EXIT_OK  # a warning is the reviewer's


def cmd_release(args: argparse.Namespace) -> int:
    """Make a release (maintainers): version, CHANGELOG from changes/, rebuild; refused below the level the data change needs."""
    from .gate.revision import RevisionError
    from .publish.release import release

    root = _root(args.root)
    try:
        result = release(root, args.version, previous=args.previous, date=args.date)
    except RevisionError as err:
        raise CommandError(str(err)) from None
    for problem in result.problems:
        _out(str(problem))
    if result.problems:
        _out(f"release {args.version} refused: {len(result.problems)} problems (compared with {result.previous}; the data change is {result.level})")
        return EXIT_PROBLEMS
    for rel in result.written:
        _out(f"wrote {rel}")
    for rel in result.removed:
        _out(f"removed {rel}")
    _out(f"release {args.version} made ({result.level} change since {result.previous}): review, commit, tag v{args.version} and push the tag")
    return EXIT_OK


def cmd_cite(args: argparse.Namespace) -> int:
    """Print how to cite the package and its sources."""
    from .loader import cite

    _out(cite(args.style))
    return EXIT_OK


def cmd_docs(args: argparse.Namespace) -> int:
    """Write the generated documents from the schemas, or check they are current."""
    from .publish.docs import stale_documents, write_documents

    root = _root(args.root)
    if args.check:
        stale = stale_documents(root)
        for rel in stale:
            _out(f"{rel}: differs from what the schemas generate")
        _out("generated docs are up to date" if not stale else "run `kuzbass-data docs` and commit the result")
        return EXIT_PROBLEMS if stale else EXIT_OK
    for rel in write_documents(root):
        _out(f"wrote {rel}")
    return EXIT_OK


def cmd_plot(args: argparse.Namespace) -> int:
    """Draw the chart of a table, the same chart as on its page of the website."""
    from .publish.charts import CHARTS
    from .publish.plot import plot_chart

    names = [c.name for c in CHARTS]
    if args.table not in names:
        raise CommandError(f"no chart for {args.table!r}; charts exist for: {', '.join(names)}")
    _out(f"wrote {plot_chart(args.table, Path(args.out))}")
    return EXIT_OK


def cmd_site(args: argparse.Namespace) -> int:
    """Write the static website of the data into a folder."""
    from .publish.website import SiteError, build_site

    try:
        written = build_site(Path(args.out), force=args.force)
    except SiteError as err:
        raise CommandError(str(err)) from None
    # Count the files that are there: a download that could not be made (no openpyxl) is listed without a file.
    files = {name for name in written if name and (Path(args.out) / name).is_file()}
    _out(f"wrote {len(files)} files to {args.out}; open {Path(args.out) / 'index.html'} in a browser")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    """Account for every numeral and number word of the source text."""
    from .gate.audit import audit, render

    root = _root(args.root)
    supplied = _supplied_texts([args.source_text])[0]
    report = audit(root, supplied.text)
    _out(render(report))
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def cmd_prove(args: argparse.Namespace) -> int:
    """Write the proofs of every excerpt of each given source, and record its fingerprint and text_root."""
    from .gate.prove import ProveError, prove

    root = _root(args.root)
    try:
        lines, ok = prove(root, _supplied_texts(args.source_text), replace=args.replace)
    except ProveError as err:
        raise CommandError(str(err)) from None
    for line in lines:
        _out(line)
    return EXIT_OK if ok else EXIT_PROBLEMS


def cmd_add(args: argparse.Namespace) -> int:
    """Append a new row to a raw table, its readings pre-filled from its excerpt (never over a row)."""
    from .gate.add import AddError, main

    try:
        lines = main(_root(args.root), args.table, args.source, args.excerpt)
    except AddError as err:
        raise CommandError(str(err)) from None
    for line in lines:
        _out(line)
    return EXIT_OK


def _supplied_texts(values: Sequence[str]) -> list[SuppliedText]:
    """The texts of ``--source-text`` values: ``ID=PATH`` names the source, a bare ``PATH`` is matched by fingerprint."""
    from .gate.provenance import split_source_text
    from .source_text import SuppliedText

    texts = []
    for value in values:
        source_id, path = split_source_text(value)
        texts.append(SuppliedText(source_id, path.name, _readable_text(path)))
    return texts


def _readable_text(path: Path) -> str:
    """The UTF-8 text of ``path``; a CommandError when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"source text {path} not found") from None
    except UnicodeDecodeError as err:
        raise CommandError(f"source text {path} is not UTF-8 (byte offset {err.start})") from None
    except OSError as err:
        raise CommandError(f"source text {path} cannot be read: {err.strerror}") from None


def _root(value: str) -> Path:
    root = Path(value)
    if not root.is_dir():
        raise CommandError(f"{value} is not a folder: pass the repository root (the folder that holds raw/)")
    return root


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``kuzbass-data``."""
    p = argparse.ArgumentParser(prog="kuzbass-data", description="Curated numbers on the Kuzbass coal region, 1920-1950.")
    p.add_argument("--version", action="version", version=f"kuzbass-data {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help, description=help)
        command.set_defaults(handler=handler)
        return command

    add("list", cmd_list, "list the tables")
    describe = add("describe", cmd_describe, "document a table's columns")
    describe.add_argument("table")
    describe.add_argument("--width", type=int, help="characters per line (default: the terminal's width; 80 when piped)")
    show = add("show", cmd_show, "print a table")
    show.add_argument("table")
    show.add_argument("--format", choices=("csv", "parquet"), default="csv")
    show.add_argument("-n", "--rows", type=int, help="print only the first N rows")
    show.add_argument("--columns", metavar="A,B,C", help="print only these columns, as a table when they fit the width")
    show.add_argument("--width", type=int, help="characters per line (default: the terminal's width; 80 when piped)")
    get = add("get", cmd_get, "print one row of any table by its id, with its source, excerpt and conflicts")
    get.add_argument("id", help="a row id, e.g. kuzbass-1932-plan")
    get.add_argument("--width", type=int, help="characters per line (default: the terminal's width; 80 when piped)")
    search = add("search", cmd_search, "find rows by their words (labels, excerpts, notes, terms), case-insensitive; names in any spelling")
    search.add_argument("text", help="words that must all occur in a row, e.g. Japanese, Прокопьевск, Eikhe")
    search.add_argument("--width", type=int, help="characters per line (default: the terminal's width; 80 when piped)")
    export = add("export", cmd_export, "export the tables to files")
    export.add_argument("--format", required=True, choices=("csv", "parquet", "sqlite", "xlsx", "zip"))
    export.add_argument("--out", required=True, help="folder for csv and parquet; file for sqlite, xlsx and zip")
    export.add_argument("--table", action="append", help="export only this table and the tables it refers to (repeatable; csv and parquet)")
    export.add_argument("--force", action="store_true", help="replace an existing file, or write into a non-empty folder")
    build = add("build", cmd_build, "build the published files from raw/")
    build.add_argument("root", nargs="?", default=".", help="repository root (default: .)")
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 if any published file is out of date")
    validate = add("validate", cmd_validate, "check raw/, the change note and the committed inputs (`build --check` judges the built files)")
    validate.add_argument("root", nargs="?", default=".", help="repository root (default: .)")
    validate.add_argument(
        "--source-text",
        action="append",
        metavar="[ID=]PATH",
        help="also check the excerpts of source ID against this text (repeatable); a bare PATH is matched to its source by fingerprint",
    )
    validate.add_argument(
        "--base",
        nargs="?",
        const="",
        metavar="BASE",
        help="compare with BASE for id permanence, the change note and the release level (git ref, checkout, package; default: the merge base with main, when there is one)",
    )
    validate.add_argument("--format", choices=("text", "github"), default="text", help="'github': one ::error annotation per problem, for GitHub Actions")
    new_row = add("add", cmd_add, "start a new row in raw/TABLE.csv from its excerpt: readings pre-filled, id proposed")
    new_row.add_argument("table", help="the data table, e.g. workforce")
    new_row.add_argument("--source", required=True, help="the source id, e.g. landau-2015")
    new_row.add_argument("--excerpt", required=True, help="the verbatim words of the source that state the number")
    new_row.add_argument("--root", default=".", help="repository root (default: .)")
    diff = add("diff", cmd_diff, "the data diff against BASE, keyed by id: rows added, retired, changed field by field")
    diff.add_argument("base", nargs="?", metavar="BASE", help="git ref, checkout folder, package folder, wheel or zip (default: the merge base with main)")
    diff.add_argument("--root", default=".", help="repository root of the new revision (default: .)")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="markdown: for a pull-request comment or $GITHUB_STEP_SUMMARY")
    diff.add_argument("--check", action="store_true", help="also check id permanence and the versioning rule; exit 1 on problems")
    docs = add("docs", cmd_docs, "write docs/tables.md, CITATION.cff and the README catalogue from the schemas")
    docs.add_argument("root", nargs="?", default=".", help="repository root (default: .)")
    docs.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated document is stale")
    plot = add("plot", cmd_plot, "draw a chart (needs the [plot] extra)")
    plot.add_argument("table", help="the table to chart: coal_output, rations, prisoners_of_war, foreigners, deportations, accidents or workforce")
    plot.add_argument("--out", required=True, help="file to write: .png, .svg or .pdf (the extension chooses the format)")
    audit = add("audit", cmd_audit, "account for every numeral of the source: published or left out, with the reason")
    audit.add_argument("root", nargs="?", default=".", help="repository root (default: .)")
    audit.add_argument("--source-text", metavar="[ID=]PATH", required=True, help="the source's text")
    prove = add("prove", cmd_prove, "write proofs that the excerpts occur in a copyrighted source, checkable without its text")
    prove.add_argument("root", nargs="?", default=".", help="repository root (default: .)")
    prove.add_argument("--source-text", metavar="ID=PATH", action="append", required=True, help="the source's text (repeatable); a bare PATH is matched by fingerprint")
    prove.add_argument(
        "--reidentify",
        "--replace",
        dest="replace",
        action="store_true",
        help="maintainers only: give a published source a new identity (its text changed: a new edition, an edited open text); "
        "fingerprint, text_root and footnote count are rewritten with every proof. A breaking change: the gate's comparison with the base reports it",
    )
    site = add("site", cmd_site, "write the static website of the data (offline; GitHub Pages)")
    site.add_argument("--out", required=True, help="folder to write; must be new or empty unless --force")
    site.add_argument("--force", action="store_true", help="write into a non-empty folder, replacing only the site's own files")
    rel = add("release", cmd_release, "maintainers: make release X.Y.Z (version, CHANGELOG from changes/, rebuild)")
    rel.add_argument("version", metavar="X.Y.Z", help="the version to make; at least the level the data change needs")
    rel.add_argument("root", nargs="?", default=".", help="repository root (default: .)")
    rel.add_argument("--previous", metavar="REF", help="the previous release (default: the tag v<current version>, else the last commit that changed the version)")
    rel.add_argument("--date", metavar="YYYY-MM-DD", help="the release date (default: today, UTC)")
    cite = add("cite", cmd_cite, "print how to cite the data")
    cite.add_argument("--style", choices=("text", "bibtex", "both"), default="both")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from .errors import UsageError
    from .loader import IntegrityError
    from .schema import UnknownTableError

    args = parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (CommandError, UsageError, UnknownTableError, IntegrityError) as err:
        print(f"kuzbass-data: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # the tool's own failure: one line, exit 2
        if os.environ.get("KUZBASS_DATA_DEBUG"):
            raise
        print(f"kuzbass-data: internal error: {type(err).__name__}: {err} (set KUZBASS_DATA_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_ERROR


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
