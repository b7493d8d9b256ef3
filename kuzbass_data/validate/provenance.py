"""Check that every excerpt occurs verbatim in the source text.

Whitespace runs and typographic quotes are normalised on both sides, so a line
break or a straight quote typed by a contributor does not count as a difference.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import numpy as np

from ..intake import CheckedTable
from ..problems import Problem

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text with typographic quotes made straight and whitespace runs made one space."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def read_source_text(path: Path) -> str:
    """The source text, read as UTF-8."""
    return path.read_text(encoding="utf-8")


def check_excerpts(tables: dict[str, CheckedTable], source: str, source_name: str) -> list[Problem]:
    """One problem for every excerpt that does not occur in ``source``, with the nearest passage."""
    haystack = normalise(source)
    verdicts: dict[str, bool] = {}
    problems = []
    for t in tables.values():
        if "excerpt" not in t.arrow:
            continue
        excerpts = t.arrow["excerpt"].to_pylist()
        for i in np.flatnonzero(t.valid["excerpt"]):
            excerpt = excerpts[int(i)]
            if not excerpt:
                continue
            if excerpt not in verdicts:
                verdicts[excerpt] = normalise(excerpt) in haystack
            if not verdicts[excerpt]:
                near = nearest_passage(normalise(excerpt), haystack)
                problems.append(
                    Problem(
                        t.raw.file,
                        int(t.raw.lines[int(i)]),
                        "excerpt",
                        f"not found verbatim in {source_name}; the closest passage is {near!r}",
                        "copy the excerpt character for character from the source",
                        code="excerpt-not-in-source",
                    )
                )
    return problems


def nearest_passage(excerpt: str, text: str, slack: int = 20) -> str:
    """The stretch of ``text`` most like ``excerpt``: aligned on their longest common run,
    widened by ``slack`` characters on each side and cut at word boundaries."""
    matcher = difflib.SequenceMatcher(None, excerpt, text, autojunk=False)
    match = matcher.find_longest_match(0, len(excerpt), 0, len(text))
    start = max(0, match.b - match.a - slack)
    end = min(len(text), match.b - match.a + len(excerpt) + slack)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]
