"""A source's text in its one normalised form: for fingerprints, proofs and the verbatim check.

Every comparison between an excerpt and a source goes through ``normalise``, so a
straight quote typed for a curly one, a hyphen typed for a dash, a line break or a
footnote marker never counts as a difference, and the fingerprint of a text does not
depend on how it was copied out of a PDF. The normalised text is one line: its words
joined by single spaces. This module imports nothing heavy.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

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
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` in NFC, quotes, apostrophes and dashes folded, footnote markers removed, whitespace one space."""
    folded = unicodedata.normalize("NFC", text).translate(_FOLD)
    return _SPACE.sub(" ", _FOOTNOTE.sub("", folded)).strip()


def fingerprint(normalised: str) -> str:
    """The SHA-256 of the normalised text (hex): which text, edition and copy a source's checks used."""
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def words(normalised: str) -> list[str]:
    """The words of a normalised text: the leaves of its commitment (``proof``)."""
    return normalised.split(" ") if normalised else []
