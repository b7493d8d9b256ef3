"""The ``kuzbass-data`` command line.

Exit status: 0 success, 1 problems found (or files out of date), 2 a usage error or
a failure of the tool itself. Errors are one line on stderr, never a traceback
(set KUZBASS_DATA_DEBUG=1 to see one). ``list``, ``describe`` and ``cite`` never
import pandas, so they answer at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .__about__ import __version__

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
    """Print a table's description and the documentation of each column."""
    from .schema import get_table

    table = get_table(args.table)
    _out(f"{table.name}: {table.title}")
    _out(table.description)
    _out()
    for f in table.fields:
        flags = ", ".join(x for x in (f.type, "required" if f.required else "", "unique" if f.unique else "", f.unit) if x)
        _out(f"{f.name} ({flags})")
        _out(f"    {f.description}")
        if f.vocabulary is not None:
            several = " (several joined by '; ')" if f.multiple else ""
            _out(f"    allowed{several}: {', '.join(f.vocabulary.allowed)}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Print a table (or its first rows)."""
    import pandas as pd

    from .loader import load

    frame = load(args.table, args.format)
    if args.rows is not None:
        frame = frame.head(args.rows)
    with pd.option_context("display.max_columns", None, "display.width", 200, "display.max_colwidth", args.width):
        _out(frame.to_string(index=False, max_colwidth=args.width))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write every table in one format to a folder or file."""
    from .export import export

    for written in export(args.format, Path(args.out), tables=args.table or None):
        _out(f"wrote {written}")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Build the published files from raw/, or check that they are up to date."""
    from .build import BuildError, build_outputs, stale_files, write_outputs
    from .problems import capped

    root = _root(args.root)
    try:
        result = build_outputs(root)
    except BuildError as err:
        for problem in capped(err.problems):
            _out(str(problem))
        _out(f"build stopped: {len(set(err.problems))} problems in raw/; nothing was written")
        return EXIT_PROBLEMS
    if args.check:
        stale = stale_files(root, result)
        for problem in stale:
            _out(str(problem))
        _out("published files are up to date" if not stale else f"{len(stale)} published files are out of date: run `kuzbass-data build`")
        return EXIT_PROBLEMS if stale else EXIT_OK
    written = write_outputs(root, result)
    for rel in written:
        _out(f"wrote {rel}")
    _out(f"built {len(result.frames)} tables; {len(written)} files written, {len(result.files) - len(written)} already up to date")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Check raw/ and the published files; print every problem and a summary."""
    from .validate import validate

    root = _root(args.root)
    source = Path(args.source_text) if args.source_text else None
    if source is not None:
        _readable_text(source)
    report = validate(root, source)
    for problem in report.sorted_problems():
        _out(str(problem))
    _out(report.summary())
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def cmd_cite(args: argparse.Namespace) -> int:
    """Print how to cite the package and its sources."""
    from .loader import cite

    _out(cite(args.style))
    return EXIT_OK


def cmd_docs(args: argparse.Namespace) -> int:
    """Write the generated documents from the schemas, or check they are current."""
    from .docs import stale_documents, write_documents

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
    """Draw a chart of a table (today: coal_output)."""
    from .plot import plot_coal_output

    if args.table != "coal_output":
        raise CommandError(f"no chart for {args.table!r}; charts exist for: coal_output")
    _out(f"wrote {plot_coal_output(Path(args.out))}")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    """Account for every numeral and number word of the source text."""
    from .audit import audit, render

    root = _root(args.root)
    report = audit(root, _readable_text(Path(args.source_text)))
    _out(render(report))
    return EXIT_OK if report.ok else EXIT_PROBLEMS


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
    add("describe", cmd_describe, "document a table's columns").add_argument("table")
    show = add("show", cmd_show, "print a table")
    show.add_argument("table")
    show.add_argument("--format", choices=("csv", "parquet"), default="csv")
    show.add_argument("-n", "--rows", type=int, help="print only the first N rows")
    show.add_argument("--width", type=int, default=60, help="widest column to print (characters)")
    export = add("export", cmd_export, "export the tables to files")
    export.add_argument("--format", required=True, choices=("csv", "parquet", "sqlite", "xlsx", "zip"))
    export.add_argument("--out", required=True, help="folder for csv and parquet; file for sqlite, xlsx and zip")
    export.add_argument("--table", action="append", help="export only this table (repeatable; csv and parquet)")
    build = add("build", cmd_build, "build the published files from raw/")
    build.add_argument("root", nargs="?", default=".", help="repository root (default: .)")
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 if any published file is out of date")
    validate = add("validate", cmd_validate, "check raw/ and the published files")
    validate.add_argument("root", nargs="?", default=".", help="repository root (default: .)")
    validate.add_argument("--source-text", metavar="PATH", help="also check that every excerpt occurs in this text")
    docs = add("docs", cmd_docs, "write docs/tables.md, CONTRIBUTING.md, CITATION.cff and the README catalogue from the schemas")
    docs.add_argument("root", nargs="?", default=".", help="repository root (default: .)")
    docs.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated document is stale")
    plot = add("plot", cmd_plot, "draw a chart (needs the [plot] extra)")
    plot.add_argument("table", help="the table to chart: coal_output")
    plot.add_argument("--out", required=True, help="PNG file to write")
    audit = add("audit", cmd_audit, "account for every numeral of the source: published or left out, with the reason")
    audit.add_argument("root", nargs="?", default=".", help="repository root (default: .)")
    audit.add_argument("--source-text", metavar="PATH", required=True, help="the source's text")
    cite = add("cite", cmd_cite, "print how to cite the data")
    cite.add_argument("--style", choices=("text", "bibtex", "both"), default="both")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from .extras import MissingExtraError
    from .loader import IntegrityError
    from .schema import UnknownTableError

    args = parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (CommandError, UnknownTableError, IntegrityError, MissingExtraError) as err:
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
