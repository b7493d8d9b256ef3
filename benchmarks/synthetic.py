"""INVENTED TEST DATA for the benchmarks: a large contribution of valid rows from invented open sources.

``add_contribution(root, rows)`` turns a copy of the repository into one whose raw/accidents.csv
holds ``rows`` rows in all. The new rows cite invented accident registers (licence CC0 1.0),
whose texts go into ``sources/`` with their fingerprints in raw/sources.csv, as a real open
source would. Every register, name, date and number is made up; none of it is ever published.

Each row passes every check of the gate: its excerpt is a sentence of its register, states the
row's number, period and qualifier, and its id is unlike every other id. Where the schema has the
reading columns (``value_text``, ``period_text``, ``status_text``), each row marks the words of its
excerpt that state its number and its period (every row is an outcome: no status words). A contribution this
large would come from many documents, so the rows are spread over registers of
``ROWS_PER_SOURCE`` entries each (a text of about 100 KB).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from kuzbass_data.source_text import fingerprint, normalise

ROWS_PER_SOURCE = 1000
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
PLACES = {"kemerovo": "Kemerovo", "prokopyevsk": "Prokopyevsk", "kuzbass": "the Kuzbass"}
KINDS = {"all_accidents": "accidents", "gas_explosion": "gas explosions", "methane_explosion": "methane explosions", "underground_fire": "underground fires"}
# Letters that no look-alike mapping touches (see validate/identity.py), for ids that differ clearly.
ID_LETTERS = "abcdefghjkmnpqrtuvwxy"
# (first day, last day) of a period within one month.
DAY_PAIRS = [(first, last) for first in range(1, 29) for last in range(first + 1, 29)]


def _ids(count: int, seed: int) -> list[str]:
    """``count`` distinct codes of 12 random letters: two of them are one edit apart with odds of about 1e-5."""
    rng, seen = random.Random(seed), set()
    while len(seen) < count:
        seen.add("".join(rng.choices(ID_LETTERS, k=12)))
    return sorted(seen)


def _register(number: int) -> dict[str, str]:
    """The raw/sources.csv row of invented register ``number`` (fingerprint filled in later)."""
    sid = f"invented-register-{number:04d}"
    return {
        "id": sid,
        "kind": "statistical_handbook",
        "citation": f"INVENTED TEST DATA, not a real source: Accident register no. {number} (invented).",
        "authors": "Invented mine inspectorate",
        "year": "1951",
        "title": f"INVENTED TEST DATA: Accident register no. {number}",
        "licence": "cc0",
        "licence_note": "INVENTED TEST DATA written for the benchmarks; CC0 1.0.",
    }


def add_contribution(root: Path, rows: int, seed: int = 1931) -> None:
    """Fill raw/accidents.csv under ``root`` up to ``rows`` rows with valid rows from invented registers."""
    path = root / "raw" / "accidents.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, real = list(reader.fieldnames or []), list(reader)
    codes = _ids(max(rows - len(real), 0), seed)
    rng = random.Random(seed)
    registers: dict[str, list[str]] = {}
    new_rows = []
    # Numbers differ within a register: two rows of one source with one number and alike words are one fact.
    values = [v for _ in range(0, len(codes), ROWS_PER_SOURCE) for v in rng.sample(range(2, 20000), ROWS_PER_SOURCE)]
    for i, code in enumerate(codes):
        source = _register(i // ROWS_PER_SOURCE)
        place, kind = list(PLACES)[i % 3], list(KINDS)[(i // 3) % 4]  # i % 12 runs through the 12 pairs
        # Each of the 12 place and kind pairs takes every period once: labels never repeat (131,544 periods).
        j = i // 12
        year, month, (day, last) = 1921 + j % 29, (j // 29) % 12, DAY_PAIRS[(j // 348) % len(DAY_PAIRS)]
        value, about = values[i], i % 4 == 0
        written = f"{value:,}"
        period_text = f"from {day} {MONTHS[month]} {year} to {last} {MONTHS[month]} {year}"
        value_text = f"{'about ' if about else ''}{written} {KINDS[kind]}"
        sentence = f"Entry {code}: {period_text} {value_text} were recorded in {PLACES[place]}."
        registers.setdefault(source["id"], []).append(sentence)
        row = dict.fromkeys(header, "")
        row.update(
            id=f"register-{code}",
            measure="accidents_reported",
            place=place,
            kind=kind,
            period_start=f"{year}-{month + 1:02d}-{day:02d}",
            period_end=f"{year}-{month + 1:02d}-{last:02d}",
            period_precision="day",
            value=str(value),
            unit="accidents",
            qualifier="approximate" if about else "exact",
            status="outcome",
            source_id=source["id"],
            locator=f"entry {code}",
            excerpt=sentence,
            value_text=f"{'about ' if about else ''}{written} {KINDS[kind]}",
            period_text=f"from {day} {MONTHS[month]} {year} to {last} {MONTHS[month]} {year}",
            note="INVENTED TEST DATA for the benchmarks.",
        )
        # The readings, verbatim from the excerpt, where the schema has them.
        readings = {"value_text": value_text, "period_text": period_text, "status_text": ""}
        row.update({column: text for column, text in readings.items() if column in row})
        new_rows.append(row)
    _write(path, header, real + new_rows)
    sources_path = root / "raw" / "sources.csv"
    with sources_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        source_header, sources = list(reader.fieldnames or []), list(reader)
    (root / "sources").mkdir(exist_ok=True)
    for number, (sid, sentences) in enumerate(registers.items()):
        text = f"INVENTED TEST DATA, licence CC0 1.0. Accident register no. {number} (invented).\n" + "\n".join(sentences) + "\n"
        (root / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
        sources.append({**dict.fromkeys(source_header, ""), **_register(number), "fingerprint": fingerprint(normalise(text))})
    _write(sources_path, source_header, sources)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
