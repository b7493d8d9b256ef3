"""Identity checks: one fact is one row, one id names one thing, one measure has one unit.

- ``duplicate-fact``: two rows with the same source, measure, unit and number whose excerpts overlap;
- ``lookalike-id``: two ids one character apart (other than one digit for another: 1931 and 1936
  are a series, not a typo) or equal once look-alike characters are mapped (0/o, 1/l/i, 5/s, ...,
  Cyrillic and Greek letters drawn like Latin ones) and look-alike runs of letters ("rn"/"m",
  "vv"/"w", "cl"/"d");
- ``duplicate-id``: one id in two files, sources and conflicts included;
- ``duplicate-label``: two rows a reader cannot tell apart: the same table, measure, dimensions,
  period, unit and status (the observation label and period the build gives them);
- ``measure-units-differ``: one measure stored in two units.

Everything is bucketed by a key (a hash map), so the work is linear in the number of rows;
only rows that share a bucket are compared with each other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping

from .problems import Problem
from .rowdata import NUMBER_COLUMNS, REFERENCE_TABLES, Tables, cell, data_tables, file_of

IDENTITY_CODES = ("duplicate-fact", "lookalike-id", "duplicate-id", "duplicate-label", "measure-units-differ")

# Characters that look alike in ids, mapped to one representative.
# Digits that look like other digits (6, 8, 9) are left alone: 1946 and 1948 are a series.
LOOKALIKES = str.maketrans({"0": "o", "1": "l", "i": "l", "5": "s", "2": "z", "_": "-"})
# Letters that other scripts (Cyrillic, Greek) and compatibility forms draw like Latin ones: an id is
# ASCII by its pattern, but the skeleton folds them anyway, so a look-alike is caught whichever check
# runs first.
UNICODE_LOOKALIKES = str.maketrans(
    {
        **dict.fromkeys("аαɑ", "a"),
        **dict.fromkeys("сϲ", "c"),
        **dict.fromkeys("еε", "e"),
        **dict.fromkeys("һ", "h"),
        **dict.fromkeys("іιӏ", "i"),
        **dict.fromkeys("ј", "j"),
        **dict.fromkeys("кκ", "k"),
        **dict.fromkeys("оοσ", "o"),
        **dict.fromkeys("рρ", "p"),
        **dict.fromkeys("ѕ", "s"),
        **dict.fromkeys("тτ", "t"),
        **dict.fromkeys("υ", "u"),
        **dict.fromkeys("νѵ", "v"),
        **dict.fromkeys("ԝ", "w"),
        **dict.fromkeys("хχ", "x"),
        **dict.fromkeys("уγ", "y"),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
# Runs of letters that read as one letter at a glance ("rn" as "m", "vv" as "w", "cl" as "d"):
# replaced, after the single characters are mapped (so "c1" is "cl" is "d" too).
MULTI_LOOKALIKES = (("rn", "m"), ("vv", "w"), ("cl", "d"))


def skeleton(row_id: str) -> str:
    """The form of an id a reader sees at a glance: two ids with one skeleton are look-alikes."""
    import unicodedata

    # Plain ASCII is its own NFKC form, and has none of the other scripts' letters.
    folded = row_id.lower() if row_id.isascii() else unicodedata.normalize("NFKC", row_id).lower().translate(UNICODE_LOOKALIKES)
    folded = folded.translate(LOOKALIKES)
    for run, letter in MULTI_LOOKALIKES:
        folded = folded.replace(run, letter)
    return folded


# The marked readings: the excerpt's words for the number, its period and its status, which the label
# already gives as cells (two rows that differ only in them read alike).
READING_COLUMNS = ("value_text", "period_text", "status_text")
# Columns that are not dimensions of a row: what it says, not what it is about.
NOT_DIMENSIONS = frozenset({"id", *NUMBER_COLUMNS, "qualifier", "source_id", "footnote", "locator", "excerpt", "note", "footnote_basis", *READING_COLUMNS})
# Excerpts longer than this are the cell checks' to report (at most 200 characters).
MAX_EXCERPT = 400
# Ids longer than this are the cell checks' to report (at most 80 characters).
MAX_ID = 200
# Two excerpts overlap when they are equal or share a run of this many characters.
OVERLAP = 30

# (file, line, id, row) of one row.
Entry = tuple[str, int, str, Mapping[str, str]]


def check_identity(tables: Tables) -> list[Problem]:
    """Every identity check on ``tables``."""
    facts = duplicate_facts(tables)
    # A copied row also reads the same as its original: report the copy once, as a duplicate fact.
    copies = {(p.file, p.line) for p in facts}
    labels = [p for p in duplicate_labels(tables) if (p.file, p.line) not in copies]
    return duplicate_ids(tables) + lookalike_ids(tables) + facts + labels + measure_units(tables)


def _entries(tables: Tables, names: list[str] | None = None) -> Iterator[Entry]:
    for name in names if names is not None else list(tables):
        file = file_of(name)
        for line, row in tables[name]:
            row_id = cell(row, "id")
            if row_id:
                yield file, line, row_id, row


def duplicate_ids(tables: Tables) -> list[Problem]:
    """An id used in two files, sources and conflicts included (repeats inside one file are the cell checks')."""
    places: dict[str, list[tuple[str, int]]] = {}
    for file, line, row_id, _ in _entries(tables):
        places.setdefault(row_id, []).append((file, line))
    problems = []
    for row_id, where in places.items():
        if len({f for f, _ in where}) < 2:
            continue
        # Reported once per repeat, not at the first use: a source's or conflict's id stands (rows cite
        # it), else the first table's; each use in another file names it.
        first = min(where, key=lambda p: p[0] not in {file_of(t) for t in REFERENCE_TABLES})
        for file, line in where:
            if file == first[0]:
                continue
            other = first
            problems.append(
                Problem(
                    file, line, "id", f"id {row_id!r} is also used in {other[0]}:{other[1]}", "ids are unique across all tables, sources and conflicts included: choose a new one", code="duplicate-id"
                )
            )
    return problems


def lookalike_ids(tables: Tables) -> list[Problem]:
    """Ids one edit apart (except one digit for another) or equal after mapping look-alike characters."""
    first: dict[str, tuple[str, int]] = {}
    for file, line, row_id, _ in _entries(tables):
        first.setdefault(row_id, (file, line))
    ids = list(first)
    pairs: set[tuple[str, str]] = set()
    # Equal once look-alike characters are mapped.
    skeletons: dict[str, list[str]] = {}
    for row_id in ids:
        skeletons.setdefault(skeleton(row_id), []).append(row_id)
    for same in skeletons.values():
        if len(same) > 1:
            pairs.update((a, b) for i, a in enumerate(same) for b in same[i + 1 :])
    # One edit apart: ids that share a deletion variant (each id with one character removed).
    # Counting the variants first (in C) leaves only the shared ones to look at in Python.
    usable = [row_id for row_id in ids if len(row_id) <= MAX_ID]  # the cell checks report an overlong id
    if len(usable) > PREFILTER_FROM:
        usable = _may_share_a_variant(usable)
    # Each id counts a variant once: a doubled letter ("ll") gives one variant twice, which alone is
    # no pair, and would send every such id through the loop below.
    counts = Counter(v for row_id in usable for v in {row_id, *(row_id[:i] + row_id[i + 1 :] for i in range(len(row_id)))})
    shared = {v for v, n in counts.items() if n > 1}
    variants: dict[str, list[tuple[str, int]]] = {}
    for row_id in usable if shared else ():
        if row_id in shared:
            variants.setdefault(row_id, []).append((row_id, -1))
        for i in range(len(row_id)):
            variant = row_id[:i] + row_id[i + 1 :]
            if variant in shared:
                variants.setdefault(variant, []).append((row_id, i))
    for group in variants.values():
        for j, (a, i) in enumerate(group):
            for b, k in group[j + 1 :]:
                if a == b:
                    continue
                if i >= 0 and k >= 0 and len(a) == len(b) and (i != k or (a[i].isdigit() and b[k].isdigit())):
                    continue  # one digit for another is a series (1931, 1936), not a look-alike
                pairs.add((a, b))
    problems = []
    for a, b in sorted(pairs):
        # Report at the later of the two rows, naming the earlier.
        (fa, la), (fb, lb) = first[a], first[b]
        (file, line, row_id, other, where) = (fb, lb, b, a, f"{fa}:{la}") if (fa, la) <= (fb, lb) else (fa, la, a, b, f"{fb}:{lb}")
        problems.append(Problem(file, line, "id", f"id {row_id!r} looks like {other!r} ({where})", "choose an id that differs clearly, or cite the existing row", code="lookalike-id"))
    return problems


# From this many ids on, the ids that can share a deletion variant are found by hashing first.
PREFILTER_FROM = 1000
# The base of the polynomial hash of the prefilter: odd, so that it is invertible modulo 2**64.
_BASE = 0x100000001B3


def _may_share_a_variant(ids: list[str]) -> list[str]:
    """The ids whose own text or one of whose deletion variants hashes like another id's.

    Every pair the exact comparison can find is among them (equal strings hash alike), and on a
    large contribution they are few: the variants (twenty a row) are hashed in numpy, not built as
    strings. A polynomial hash modulo 2**64 of a string c is the sum of c[k] * B**k; removing
    character i keeps the terms before i and moves those after it down one power (times B**-1).
    """
    import numpy as np

    width = max(map(len, ids))
    count = len(ids)
    # The code points, one row per id, padded with zeros (a padded zero adds nothing to a hash).
    codes = np.frombuffer("".join(row_id.ljust(width, "\0") for row_id in ids).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    terms = codes.reshape(count, width).astype(np.uint64)
    del codes
    powers = np.ones(width, dtype=np.uint64)  # B**0 .. B**(width-1)
    np.cumprod(np.full(width - 1, _BASE, dtype=np.uint64), dtype=np.uint64, out=powers[1:])
    terms *= powers  # uint64 arithmetic wraps modulo 2**64
    # before[:, i]: the hash of the first i characters of each id.
    before = np.zeros((count, width + 1), dtype=np.uint64)
    np.cumsum(terms, axis=1, dtype=np.uint64, out=before[:, 1:])
    del terms
    lengths = np.fromiter(map(len, ids), dtype=np.int64, count=count)
    whole = before[np.arange(count), lengths]
    # The variant without character i: the terms before i, and those after it times B**-1.
    variants = whole[:, None] - before[:, 1:]
    variants *= np.uint64(pow(_BASE, -1, 2**64))
    variants += before[:, :-1]
    del before
    # Arrays are built once each and dropped when done: at the row cap, ids of 80 characters make 4 million variants.
    real = np.arange(width)[None, :] < lengths[:, None]
    hashes = np.concatenate([whole, variants[real]])
    del variants
    owners = np.concatenate([np.arange(count, dtype=np.int32), np.nonzero(real)[0].astype(np.int32)])
    del real
    # A hash two ids share: sorted by hash, a run of one hash whose owners are not all one id.
    order = np.argsort(hashes)
    hashes, owners = hashes[order], owners[order]
    del order
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    several = np.minimum.reduceat(owners, starts) != np.maximum.reduceat(owners, starts)
    runs = np.repeat(several, np.diff(np.r_[starts, len(hashes)]))
    return [ids[i] for i in np.unique(owners[runs])]


def _numbers(row: Mapping[str, str]) -> tuple[str, ...]:
    out = []
    for column in NUMBER_COLUMNS:
        text = cell(row, column)
        try:
            out.append(repr(float(text)) if text else "")
        except ValueError:
            out.append(text)
    return tuple(out)


def _shingles(excerpt: str) -> set[str]:
    """The excerpt's runs of OVERLAP characters (the whole excerpt when shorter)."""
    if len(excerpt) <= OVERLAP:
        return {excerpt}
    return {excerpt[i : i + OVERLAP] for i in range(len(excerpt) - OVERLAP + 1)}


def duplicate_facts(tables: Tables) -> list[Problem]:
    """Two rows with the same source, measure, unit and number whose excerpts share a run of
    OVERLAP characters (or are equal), whatever their ids.

    Rows are bucketed by (source, measure, unit, numbers); inside a bucket each run of characters
    is looked up in a hash map, so a bucket of thousands of rows costs no pairwise comparison.
    """
    buckets: dict[tuple[str, ...], list[tuple[str, int, str, str]]] = {}
    for file, line, row_id, row in _entries(tables, data_tables(tables)):
        key = (cell(row, "source_id"), cell(row, "measure"), cell(row, "unit"), *_numbers(row))
        excerpt = " ".join(cell(row, "excerpt").split())
        if not any(key[3:]) or not excerpt or len(excerpt) > MAX_EXCERPT:
            continue
        buckets.setdefault(key, []).append((file, line, row_id, excerpt))
    problems = []
    # Only rows that share a bucket can state the same fact: most rows are alone in theirs.
    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        runs: dict[str, tuple[str, int, str]] = {}
        for file, line, row_id, excerpt in bucket:
            shingles = _shingles(excerpt)
            earlier = next((runs[s] for s in shingles if s in runs and runs[s][2] != row_id), None)
            if earlier is not None:
                problems.append(
                    Problem(
                        file,
                        line,
                        "id",
                        f"states the same fact as {earlier[2]} ({earlier[0]}:{earlier[1]}): same source, measure, number and excerpt",
                        "one fact is one row: remove the copy, or link a repeated statement in conflicts.csv",
                        code="duplicate-fact",
                    )
                )
            for s in shingles:
                runs.setdefault(s, (file, line, row_id))
    return problems


def _label_key(table: str, row: Mapping[str, str], dimensions: dict[tuple[str, ...], tuple[str, ...]]) -> tuple[object, ...]:
    """The row's table, dimension columns and their cells; ``dimensions`` remembers the dimension
    columns of each set of columns (a table's rows share one)."""
    columns = tuple(row)
    if columns not in dimensions:
        dimensions[columns] = tuple(c for c in sorted(row) if c not in NOT_DIMENSIONS)
    named = dimensions[columns]
    return (table, named, *[cell(row, c) for c in named])


def duplicate_labels(tables: Tables) -> list[Problem]:
    """Rows with equal observation labels and periods (same dimensions, period, unit and status)."""
    seen: dict[tuple[object, ...], tuple[str, int, str]] = {}
    dimensions: dict[tuple[str, ...], tuple[str, ...]] = {}
    problems = []
    for name in data_tables(tables):
        for file, line, row_id, row in _entries(tables, [name]):
            key = _label_key(name, row, dimensions)
            if key in seen:
                other_file, other_line, other_id = seen[key]
                problems.append(
                    Problem(
                        file,
                        line,
                        "measure",
                        f"reads the same as {other_id} ({other_file}:{other_line}): same measure, dimensions, period, unit and status, so their labels are equal",
                        "give the row the scope or sequence that tells it apart (a measure, a dimension or a period)",
                        code="duplicate-label",
                    )
                )
            else:
                seen[key] = (file, line, row_id)
    return problems


def measure_units(tables: Tables) -> list[Problem]:
    """A measure has one unit across the dataset: rows in another unit than the measure's first are flagged.

    Families and people are never converted into each other, so a count of families is a measure
    of its own ('families_sent' beside 'sent' in people).
    """
    first: dict[tuple[str, str], tuple[str, str, int]] = {}
    problems = []
    for name in data_tables(tables):
        if name in REFERENCE_TABLES:
            continue
        for file, line, row_id, row in _entries(tables, [name]):
            measure, unit = cell(row, "measure"), cell(row, "unit")
            if not measure or not unit:
                continue
            known = first.setdefault((name, measure), (unit, row_id, line))
            if known[0] != unit:
                problems.append(
                    Problem(
                        file,
                        line,
                        "unit",
                        f"measure '{measure}' is in '{known[0]}' in {known[1]} (line {known[2]}), here in '{unit}'",
                        "store every number of a measure in one unit (e.g. 'one-half' as 50 percent)",
                        code="measure-units-differ",
                    )
                )
    return problems
