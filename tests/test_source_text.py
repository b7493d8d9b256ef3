"""The index that finds excerpts in a source text (``source_text.Occurrences``)."""

from __future__ import annotations

import random
import unicodedata

import pytest

from kuzbass_data.source_text import Occurrences

TEXT = "In 1931 almost 6,000 accidents were reported.Footnote 3\nIn 1936 more than 20,000 accidents were reported."


def _every_start(text: str, excerpt: str) -> list[int]:
    return [i for i in range(len(text) - len(excerpt) + 1) if text.startswith(excerpt, i)]


@pytest.mark.parametrize(
    ("excerpt", "expected"),
    [
        ("accidents were reported", [21, 81]),  # twice: both places
        ("almost 6,000 accidents", [8]),
        ("6,000 acc", [15]),  # cut words at both ends
        ("were reported.Footnote 3\nIn 1936", [31]),  # across a line break
        ("reported", [36, 96]),  # no whole word: searched directly
        ("almost 6,001 accidents", []),
        ("almost  6,000 accidents", []),  # two spaces are not one
        ("", []),
    ],
)
def test_finds_every_occurrence_and_nothing_else(excerpt, expected):
    assert _every_start(TEXT, excerpt) == expected or not excerpt
    assert Occurrences(TEXT).find_all(excerpt) == expected


def test_agrees_with_a_scan_of_the_text_on_random_texts_and_excerpts():
    rng = random.Random(1931)
    words = ["the", "a", "coal", "mine", "1931", "tons", "x", "of", "Footnote", "12"]
    for _ in range(500):
        text = "".join(rng.choice(words) + rng.choice([" ", " ", "\n", "  ", "\t", " \n"]) for _ in range(rng.randrange(40)))
        index = Occurrences(text)
        for _ in range(10):
            i = rng.randrange(len(text) + 1)
            excerpt = text[i : rng.randrange(i, min(len(text), i + 40) + 1)] if rng.random() < 0.7 else " ".join(rng.choices(words, k=rng.randrange(1, 5)))
            assert index.find_all(excerpt) == (_every_start(text, excerpt) if excerpt else [])


def test_only_short_texts_are_remembered_once_normalised():
    # Excerpts are normalised by several checks and remembered; a whole source text is not kept alive.
    from kuzbass_data import source_text

    before = source_text._normalise_short.cache_info().currsize
    long_text = "Footnote 3 a “long” text " * 200
    assert source_text.normalise(long_text) == source_text._normalise(long_text)
    assert source_text._normalise_short.cache_info().currsize == before
    assert source_text.normalise("an “excerpt”  here") == 'an "excerpt" here'
    assert source_text._normalise_short.cache_info().currsize == before + 1


def test_plain_ascii_is_folded_as_any_other_text():
    # ASCII text skips NFC and the fold table: of the characters folded, only the backtick is ASCII.
    from kuzbass_data import source_text

    assert [chr(key) for key in source_text._FOLD if key < 128] == ["`"]
    rng = random.Random(1937)
    for _ in range(2000):
        text = "".join(rng.choice(["a", "`", " ", "\t", "\n", "Footnote 12", "1,000", "\x0b", "\x1c", "'"]) for _ in range(rng.randrange(12)))
        general = " ".join(source_text._FOOTNOTE.sub("", unicodedata.normalize("NFC", text).translate(source_text._FOLD)).split())
        assert source_text._normalise(text) == general
    assert source_text.normalise("the `Kuzbass`  coal ") == "the 'Kuzbass' coal"
