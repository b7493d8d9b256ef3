"""Invented, valid contributions of every kind, made as a contributor makes them: by editing files by hand.

Used by tests/test_contribution.py and by .ci/run, which applies them to a copy of the checkout
and runs the test suite there (`python tests/contribution.py ROOT [--source-text PATH]`): the
tests must stay green on any valid contribution. Every text, name and number of the new source is
INVENTED TEST DATA, written for these tests; the rows chosen from the existing data are chosen by
rule, not by id, so that the contributions stay valid whatever the data hold.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

SOURCE_ID = "invented-ledger-1939"
SOURCE_TEXT = (
    "INVENTED TEST DATA. This is not a real source: it was written for the kuzbass-data contribution tests, "
    "and every name, number and page in it is made up. Licence: CC0 1.0.\n"
    "Ledger of the (Invented) Kemerovo Miners' Cooperative, 1939.\n"
    "p. 3. In 1939 the Kuzbass pits of the cooperative employed about 980 workers in an average month.\n"
)
SOURCE_ROW = {
    "id": SOURCE_ID,
    "kind": "statistical_handbook",
    "citation": "INVENTED TEST DATA, not a real source: Kemerovo Miners' Cooperative (invented). 1939. Ledger of the Cooperative, 1939.",
    "authors": "Kemerovo Miners' Cooperative (invented)",
    "year": "1939",
    "title": "INVENTED TEST DATA: Ledger of the Kemerovo Miners' Cooperative, 1939",
    "licence": "cc0",
    "licence_note": f"INVENTED TEST DATA written for the tests; CC0 1.0, so its text is kept in sources/{SOURCE_ID}.txt.",
}
ROW = {
    "id": "invented-ledger-workforce-1939",
    "measure": "monthly_workforce",
    "group": "workers",
    "place": "kuzbass",
    "period_start": "1939",
    "period_end": "1939",
    "period_precision": "year",
    "value": "980",
    "unit": "people",
    "qualifier": "approximate",
    "status": "outcome",
    "source_id": SOURCE_ID,
    "locator": "p. 3",
    "excerpt": "In 1939 the Kuzbass pits of the cooperative employed about 980 workers in an average month",
    # The words of the excerpt that say the number and the period (tables that have these columns).
    "value_text": "about 980 workers",
    "period_text": "In 1939",
    "note": "INVENTED TEST DATA: a row of the invented contribution test source.",
}


def append_row(root: Path, table: str, row: dict[str, str], *, first: bool = False) -> None:
    """Append ``row`` to raw/<table>.csv, its cells in the file's column order (what a spreadsheet would save);
    with ``first``, put it before every other row instead (a row may stand anywhere in its table)."""
    path = root / "raw" / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader([text.split("\n", 1)[0]]))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([row.get(column, "") for column in header])
    if first:
        head, _, rest = text.partition("\n")
        path.write_text(head + "\n" + out.getvalue() + rest, encoding="utf-8")
    else:
        path.write_text(text.rstrip("\n") + "\n" + out.getvalue(), encoding="utf-8")


def note(root: Path, name: str, text: str) -> None:
    """Write the contribution's change note changes/<name>.md (a new file: a name of its own, never an earlier note's)."""
    (root / "changes").mkdir(exist_ok=True)
    while (root / "changes" / f"{name}.md").exists():
        name += "-again"
    (root / "changes" / f"{name}.md").write_text(text, encoding="utf-8")


def add_open_source(root: Path, name: str = SOURCE_ID, workers: int = 980, year: int = 1939, *, fingerprinted: bool = True) -> str:
    """A new open source with one row: sources/<name>.txt, its row of raw/sources.csv, the row, a change note.

    With ``fingerprinted`` the fingerprint cell holds what ``validate`` prints for a new open text
    (which the contributor copies in); without, it is left empty, as a contributor first writes it.
    """
    from kuzbass_data.source_text import fingerprint, normalise

    taken = (root / "raw" / "sources.csv").read_text(encoding="utf-8")
    # The checkout may hold such a contribution already (.ci/run runs the suite on one): a new name, and a
    # later year, so that the new row does not read the same as an earlier one.
    year += 2 * taken.count(f"\n{SOURCE_ID}")
    while f"\n{name}," in taken:
        name += "-again"
    text = SOURCE_TEXT.replace("980", f"{workers:,}").replace("In 1939", f"In {year}").replace("Ledger of the", f"Ledger ({name}) of the")
    (root / "sources").mkdir(exist_ok=True)
    (root / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
    source = {**SOURCE_ROW, "id": name, "licence_note": f"INVENTED TEST DATA written for the tests; CC0 1.0, so its text is kept in sources/{name}.txt."}
    append_row(root, "sources", {**source, "fingerprint": fingerprint(normalise(text)) if fingerprinted else ""})
    excerpt = str(ROW["excerpt"]).replace("980", f"{workers:,}").replace("In 1939", f"In {year}")
    row = {
        **ROW,
        "id": f"{name}-workforce",
        "source_id": name,
        "value": str(workers),
        "period_start": str(year),
        "period_end": str(year),
        "excerpt": excerpt,
        "value_text": f"about {workers:,} workers",
        "period_text": f"In {year}",
    }
    append_row(root, "workforce", row)
    note(root, name, f"- Added the invented open source {name} and its row {row['id']} (INVENTED TEST DATA).\n")
    return row["id"]


def _rows(root: Path, table: str) -> list[dict[str, str]]:
    with (root / "raw" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def plain_row(root: Path, skip: int = 0) -> tuple[str, dict[str, str]]:
    """A data row that nothing else names (no conflict, exception, note or successor), with a note: the rule that picks
    the row a contribution corrects or retires, whatever the data hold; ``skip`` passes over the first ones."""
    from kuzbass_data.schema import DATA_TABLES

    elsewhere = "\n".join(p.read_text(encoding="utf-8") for folder in ("raw", "audit") for p in sorted((root / folder).glob("*.csv")))
    for table in DATA_TABLES:
        for row in _rows(root, table.name):
            if row.get("note") and elsewhere.count(row["id"]) == 1 and "\n" not in "".join(row.values()):
                if skip == 0:
                    return table.name, row
                skip -= 1
    raise LookupError("no data row that nothing else names")


def edit_note(root: Path) -> str:
    """A correction of a row's note (a patch), with its change note."""
    table, row = plain_row(root)
    path = root / "raw" / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    [number] = [i for i, line in enumerate(lines) if line.startswith(f"{row['id']},")]
    old = row["note"]
    assert lines[number].count(old) == 1, old
    lines[number] = lines[number].replace(old, old.rstrip(".") + ". (Reworded in a contribution test.)")
    path.write_text("\n".join(lines), encoding="utf-8")
    note(root, "note-edit", f"- {row['id']}: its note says more plainly what the number is (contribution test).\n")
    return row["id"]


def retire_and_readd(root: Path, source_text: Path) -> tuple[str, str]:
    """Retire a row and publish it again under a new id with its proof (``kuzbass-data prove``, which needs the text)."""
    from kuzbass_data.cli import main

    table, row = plain_row(root, skip=1)  # not the row edit_note corrects
    version = re.search(r'__version__ = "([^"]+)"', (root / "kuzbass_data" / "__about__.py").read_text(encoding="utf-8"))
    assert version is not None
    old_id, new_id = row["id"], row["id"][:60] + "-v2"
    path = root / "raw" / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    [number] = [i for i, line in enumerate(lines) if line.startswith(f"{old_id},")]
    del lines[number]
    path.write_text("\n".join(lines), encoding="utf-8")
    # The new row goes first in its table: every other row's line moves, and the table's first row changes, so a
    # test that pins a line number or the first row fails on this contribution as it would on a real one.
    append_row(root, table, {**row, "id": new_id}, first=True)
    append_row(root, "retired_ids", {"id": old_id, "retired_in_version": version.group(1), "reason": "Contribution test: the id is replaced.", "successor": new_id})
    assert main(["prove", str(root), "--source-text", str(source_text)]) == 0
    note(root, "retirement", f"- Retired {old_id}; {new_id} publishes the same number (contribution test).\n")
    return old_id, new_id


def run(argv: list[str] | None = None) -> int:
    """Apply every contribution to the checkout copy ROOT (the retirement only with --source-text)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--source-text", type=Path)
    args = parser.parse_args(argv)
    print("added", add_open_source(args.root))
    print("edited the note of", edit_note(args.root))
    if args.source_text is not None and args.source_text.is_file():
        print("retired and re-added", *retire_and_readd(args.root, args.source_text))
    return 0


if __name__ == "__main__":
    sys.exit(run())
