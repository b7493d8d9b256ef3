"""The term files of the tree being validated: its vocabularies, unit records and phrase table,
read as data, so that a pull request adds a term together with the rows that use it, and the base
branch's validator never runs the pull request's code."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..paths import TERMS_DIR
from ..schema import grammar
from ..schema.grammar import phrase_table, units
from ..schema.vocabularies import ACTIVE_TERMS, DATA_VOCABULARIES, PACKAGE_TERMS, TERM_WORDS, TERMS, WORDS, read_terms, use_terms
from .problems import Problem
from .readings import _excerpt_phrases

# A reviewed term file is short; a bigger one is refused unread.
MAX_BYTES = 2_000_000


def forget() -> None:
    """Drop every cached reading: a checked tree's term files may have changed since the last run."""
    for cached in (grammar._phrase_table, grammar._units, grammar._read_value, grammar._read_period, _excerpt_phrases):
        cached.cache_clear()
    grammar._LEXICON.clear()


@contextmanager
def terms_of(root: Path) -> Iterator[list[Problem]]:
    """Within the block, every data vocabulary holds the terms of ``root``'s term files
    (``root/`` + ``paths.TERMS_DIR``), read as data: a pull request adds a term with the rows that
    use it, and the base's validator never runs its code. Without such files, the package's own terms
    hold; a term file that cannot be read is one problem, and the package's terms hold.
    """
    folder = root / TERMS_DIR
    problems: list[Problem] = []
    terms = PACKAGE_TERMS
    if folder.exists() or folder.is_symlink():
        names = ("vocabularies.csv", "units.csv", "phrases.csv")
        bad = [n for n in names if (folder / n).is_symlink() or not (folder / n).is_file() or (folder / n).stat().st_size > MAX_BYTES]
        if any(p.is_symlink() for p in (folder, folder.parent, folder.parent.parent)) or bad:
            problems.append(
                Problem(
                    TERMS_DIR,
                    None,
                    None,
                    f"{', '.join(bad) or 'the folder'} is missing, a symbolic link or too large; the package's own terms were used",
                    "keep the term files as regular CSV files",
                    code="terms-invalid",
                )
            )
        else:
            forget()  # the tree's own files are read afresh, and read whole before any row is judged
            try:
                read = read_terms(folder)
                phrase_table(folder), units(folder)
                terms = read
            except (OSError, UnicodeDecodeError, KeyError, ValueError, IndexError, csv.Error) as err:
                problems.append(
                    Problem(
                        TERMS_DIR,
                        None,
                        None,
                        f"the term files cannot be read ({type(err).__name__}); the package's own terms were used",
                        "write them as UTF-8 CSV with their headers",
                        code="terms-invalid",
                    )
                )
    kept = {name: dict(v.terms) for name, v in DATA_VOCABULARIES.items()} | {WORDS: dict(TERM_WORDS)}
    token = ACTIVE_TERMS.set(folder if terms is not PACKAGE_TERMS else TERMS)
    try:
        use_terms(terms)
        yield problems
    finally:
        ACTIVE_TERMS.reset(token)
        use_terms(kept)
