"""A source's text in its one normalised form: for fingerprints, proofs and the verbatim check.

Every comparison between an excerpt and a source goes through ``normalise``, so a
straight quote typed for a curly one, a hyphen typed for a dash, a line break or a
footnote marker never counts as a difference, and the fingerprint of a text does not
depend on how it was copied out of a PDF. The normalised text is one line: its words
joined by single spaces. This module imports nothing heavy.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass

# Typographic characters folded to what a keyboard types.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        "…": "...",
        "\u00ad": None,  # soft hyphen: invisible in the PDF, present in some copies
        "\u200b": None,  # zero-width space
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
        "\ufeff": None,  # byte-order mark / zero-width no-break space
    }
)
# The text marks where footnote N is cited as "Footnote N", glued to the word before it
# ("metres.Footnote 1 The"). A reader of the printed page sees a superscript, not these
# words, so they are removed from the text and from excerpts alike.
_FOOTNOTE = re.compile(r"Footnote [0-9]+")
_MARKER = re.compile(r"Footnote ([0-9]+)")


# Texts up to this long (excerpts and marked readings) are remembered once normalised.
_REMEMBERED = 2000


def normalise(text: str) -> str:
    """``text`` in NFC, quotes, apostrophes and dashes folded, footnote markers removed, whitespace one space.

    A short text is normalised once: the gate normalises each excerpt in several checks
    (provenance, readings, footnotes), and a large contribution has tens of thousands of them.
    A whole source text is not kept alive by the cache.
    """
    return _normalise_short(text) if len(text) <= _REMEMBERED else _normalise(text)


def _normalise(text: str) -> str:
    # Plain ASCII is its own NFC, and of the folded characters only the backtick is ASCII.
    folded = text.replace("`", "'") if text.isascii() else unicodedata.normalize("NFC", text).translate(_FOLD)
    # str.split() splits on exactly the characters re's \s matches: one space between words.
    return " ".join(_FOOTNOTE.sub("", folded).split())


_normalise_short = functools.lru_cache(maxsize=1 << 16)(_normalise)


def fingerprint(normalised: str) -> str:
    """The SHA-256 of the normalised text (hex): which text, edition and copy a source's checks used."""
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def words(normalised: str) -> list[str]:
    """The words of a normalised text: the leaves of its commitment (``proof``)."""
    return normalised.split(" ") if normalised else []


# Word separators of a normalised text: one space between words, a line break between
# paragraphs (the footnote check keeps them). Both index and excerpt are split on exactly these:
# line breaks are made spaces, then the text is split on spaces.


class Occurrences:
    """Where excerpts occur in one normalised text, in time linear in the excerpt rather than in the text.

    Wherever an excerpt occurs, each of its whole words (a separator on both sides, so not the
    first or last, which may be cut) is a whole word of the text at the same offset. So the
    places an excerpt can start are the places one of its whole words starts, shifted back:
    a few comparisons instead of a scan of the text per excerpt, which a 10 MB open text and
    thousands of excerpts would make quadratic. An excerpt without a whole word is searched
    for directly.
    """

    def __init__(self, text: str) -> None:
        """Index the start of every word of ``text`` (words separated by single spaces or line breaks)."""
        self.text = text
        self.starts: dict[str, list[int]] = {}
        position = 0
        for word in text.replace("\n", " ").split(" "):
            self.starts.setdefault(word, []).append(position)
            position += len(word) + 1

    def find_all(self, excerpt: str) -> list[int]:
        """Every position (ascending) at which ``excerpt`` occurs in the text."""
        words = excerpt.replace("\n", " ").split(" ")
        if len(words) < 3:
            found, start = [], self.text.find(excerpt) if excerpt else -1
            while start >= 0:
                found.append(start)
                start = self.text.find(excerpt, start + 1)
            return found
        # The whole word with the fewest places in the text (any one would do; fewer is faster).
        best: tuple[int, list[int]] | None = None
        offset = len(words[0]) + 1
        for word in words[1:-1]:
            places = self.starts.get(word)
            if places is None:
                return []  # a whole word the text never has
            if best is None or len(places) < len(best[1]):
                best = (offset, places)
                if len(places) == 1:
                    break
            offset += len(word) + 1
        assert best is not None
        start, places = best
        return [q - start for q in places if q >= start and self.text.startswith(excerpt, q - start)]


@dataclass(frozen=True)
class SuppliedText:
    """A source text given on the command line (``--source-text [ID=]PATH``)."""

    # The source it is declared to be, or None to find the source by fingerprint.
    source_id: str | None
    # How to name it in messages: the file name as given.
    name: str
    # The text as read (UTF-8).
    text: str


def footnote_count(raw: str) -> int | None:
    """The highest footnote number marked in a source's text as read; None when it marks none."""
    numbers = [int(n) for n in _MARKER.findall(raw)]
    return max(numbers) if numbers else None
