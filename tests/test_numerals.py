"""The one reader of numbers in text: tokens, their kinds, unit words, ranges and declared conversions."""

from __future__ import annotations

import re

import pytest

from kuzbass_data.numerals import CONVERSIONS, NUMBER_WORDS, ORDINALS, VAGUE, Numeral, _trie, stored_value, tokenise, unit_agrees


def read(text: str) -> list[tuple[str, float, str]]:
    return [(n.written, n.value, n.kind) for n in tokenise(text)]


def one(text: str, written: str) -> Numeral:
    (found,) = [n for n in tokenise(text) if n.written == written]
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 23,630 kulak families", [("23,630", 23630, "quantity")]),
        ("from 2.4 million tons in 1928", [("2.4 million", 2.4, "quantity"), ("1928", 1928, "year")]),
        ("only one-fifth of them", [("one-fifth", 0.2, "quantity")]),
        ("Only one-half of the POWs", [("one-half", 0.5, "quantity")]),
        ("coal production increased tenfold", [("tenfold", 10, "quantity")]),
        ("the urban population quintupled", [("quintupled", 5, "quantity")]),
        ("twice as high", [("twice", 2, "quantity")]),
        ("the nine defendants", [("nine", 9, "quantity")]),
        ("children aged sixteen", [("sixteen", 16, "quantity")]),
        ("twenty-three men", [("twenty-three", 23, "quantity")]),
        ("a hewer would receive one kilo", [("one", 1, "quantity")]),
        ("On 22 September 1936 a build up", [("22", 22, "day"), ("1936", 1936, "year")]),
        ("to work in the mines.Footnote 52", [("52", 52, "footnote")]),
        ("in Camp No. 525 near Kemerovo", [("525", 525, "name")]),
        ("The First Five-Year Plan envisaged", [("First", 1, "name"), ("Five", 5, "name")]),
        ("the existence of a Fifth Column", [("Fifth", 5, "name")]),
        ("In the 1920s, when", [("1920s", 1920, "year")]),
        ("the hunger crisis of 1946−1947", [("1946", 1946, "year"), ("1947", 1947, "year")]),
        ("arrested thousands of special settlers", [("thousands", 0, "vague")]),
        ("A second wave", [("second", 2, "ordinal")]),
        ("in December 1935 that young special settlers", [("1935", 1935, "year")]),
        ("1900 workers left", [("1900", 1900, "quantity")]),
        # INVENTED phrases: numbers in words with their hundreds, one numeral per number.
        ("Two hundred settlers", [("Two hundred", 200, "quantity")]),
        ("one hundred and twenty-five men", [("one hundred and twenty-five", 125, "quantity")]),
        ("a hundred and five men", [("hundred and five", 105, "quantity")]),
        ("five hundred thousand people", [("five hundred thousand", 500, "quantity")]),
        ("two thousand families", [("two thousand", 2, "quantity")]),
        ("two hundred and the rest", [("two hundred", 200, "quantity")]),
        # Digit groups separated by spaces, abbreviated scale words.
        ("23 630 families", [("23 630", 23630, "quantity")]),
        ("24\u2009630 families", [("24\u2009630", 24630, "quantity")]),
        ("In 1931 200 miners", [("1931", 1931, "year"), ("200", 200, "quantity")]),
        ("2.7 mln people", [("2.7 mln", 2.7, "quantity")]),
        # Amounts the text does not state, names and years.
        ("several thousand settlers", [("thousand", 1000, "vague")]),
        ("a few dozen men", [("dozen", 12, "vague")]),
        ("many hundred thousand people", [("hundred thousand", 100, "vague")]),
        ("NKVD Order 447 settlers", [("447", 447, "name")]),
        ("Order No. 00447", [("00447", 447, "name")]),
        ("In late 1937 settlers", [("1937", 1937, "year")]),
        ("Throughout 1937 conspirators", [("1937", 1937, "year")]),
    ],
)
def test_tokens_and_their_kinds(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "written", "cue"),
    [
        ("about 23,630 kulak families, about 61,000 people", "23,630", "families"),
        ("about 23,630 kulak families, about 61,000 people", "61,000", "people"),
        ("more than 50,000 special settlers were sent", "50,000", "people"),
        ("almost 90 per cent of prisoners", "90", "percent"),
        ("17 million tons in 1937", "17 million", "tons"),
        ("one kilo of bread", "one", "kilo"),
        ("only 900 grams", "900", "grams"),
        ("detention of up to one month", "one", "months"),
        ("2.5 per 1,000 workers", "2.5", "per_1000_workers"),
        ("In 1931 almost 6,000 accidents", "6,000", "accidents"),
        ("actually only 5,332 were sent", "5,332", ""),
    ],
)
def test_unit_word_next_to_a_number(text, written, cue):
    assert one(text, written).unit_cue == cue


@pytest.mark.parametrize(
    ("text", "low", "high", "form"),
    [
        ("8-12 per cent of the children", "8", "12", "dash"),
        ("8–12 per cent", "8", "12", "dash"),
        ("between 25 and 40 per cent", "25", "40", "between"),
        ("from 1.5 to 20 metres", "1.5", "20", "from"),
    ],
)
def test_ranges_are_linked_and_share_their_unit(text, low, high, form):
    a, b = one(text, low), one(text, high)
    assert (a.range_role, b.range_role, a.range_form) == ("low", "high", form)
    assert a.unit_cue == b.unit_cue != ""


def test_a_change_from_one_number_to_another_is_no_range():
    text = "with rates dropping from 50 per cent to only 10 per cent"
    assert [n.range_role for n in tokenise(text)] == ["", ""]


@pytest.mark.parametrize(
    ("text", "written", "unit", "stored"),
    [
        ("one kilo of bread", "one", "grams_per_day", 1000),
        ("only one-fifth of", "one-fifth", "fraction", 0.2),
        ("only one-fifth of", "one-fifth", "percent", 20),
        ("Only one-half of the POWs", "one-half", "percent", 50),
        ("2.4 million tons", "2.4 million", "million_tonnes", 2.4),
        ("2.4 million people", "2.4 million", "people", 2_400_000),
        ("23,000 workers", "23,000", "people", 23000),
        ("Ten miners died", "Ten", "people", 10),
    ],
)
def test_declared_conversions(text, written, unit, stored):
    assert stored_value(one(text, written), unit) == pytest.approx(stored)


def test_no_blanket_scale_factor():
    # 23,000 workers are 23000 people, never 23,000,000; 17 million tons are 17 million_tonnes, never 17000.
    assert stored_value(one("23,000 workers", "23,000"), "people") == 23000
    assert stored_value(one("17 million tons", "17 million"), "million_tonnes") == 17
    assert stored_value(one("In 1932", "1932"), "people") is None  # a year is never a value
    # A conversion applies to its declared unit only: 'one kilo' is 1000 grams_per_day, nothing else.
    assert stored_value(one("one kilo of bread", "one"), "people") == 1
    assert all(c.factor in (1.0, 100.0, 1000.0, 1e6, 1e3) for c in CONVERSIONS)


@pytest.mark.parametrize(
    ("text", "written", "unit", "agrees"),
    [
        ("50,000 special settlers", "50,000", "families", False),
        ("50,000 special settlers", "50,000", "people", True),
        ("about 10 per cent", "10", "accidents", False),
        ("about 10 per cent", "10", "percent", True),
        ("5,332 were sent", "5,332", "people", True),
        ("5,332 were sent", "5,332", "percent", False),
        ("17 tons", "17", "million_tonnes", False),
        ("tenfold", "tenfold", "factor", True),
        ("tenfold", "tenfold", "people", False),
    ],
)
def test_unit_agreement(text, written, unit, agrees):
    assert unit_agrees(one(text, written), unit) is agrees


@pytest.mark.parametrize("text", ["About 12.5 per cent of them.", "The share was 52.4 per cent.", "Output rose 2.41 times."])
def test_a_decimal_of_four_characters_is_read_not_raised(text):
    (numeral,) = tokenise(text)
    assert numeral.kind == "quantity"


def test_the_trie_of_number_words_matches_exactly_its_words():
    """The tokeniser's alternation of number words is written as a trie for speed: it must accept
    every word of its vocabulary, and nothing else (no prefix, no extension, no other word)."""
    words = {*NUMBER_WORDS, *ORDINALS, *VAGUE}
    pattern = re.compile(_trie(words))
    assert all(pattern.fullmatch(w) for w in words)
    near = {w[:-1] for w in words} | {w + "x" for w in words} | {w[1:] for w in words} | {"twenty-ten", "fiftyone", "hundreds-", ""}
    assert [w for w in near - words if pattern.fullmatch(w)] == []


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("in 1931 twenty-one", ["1931", "twenty-one"]),
        ("Fifteen-fold", ["Fifteen-fold"]),
        ("SEVENTY-THREE miners", ["SEVENTY-THREE"]),
        ("a sixth of 2,400 and the tenth", ["sixth", "2,400", "tenth"]),
        ("someone often sevens", []),
    ],
)
def test_number_words_are_found_whatever_their_case_or_compound(text, written):
    assert [n.written for n in tokenise(text)] == written


def test_an_abbreviated_scale_word_is_the_scale_it_stands_for():
    assert one("2.7 mln people", "2.7 mln").scale == "million" and one("3 bn tons", "3 bn").scale == "billion"


def test_a_range_shares_the_scale_word_written_once():
    low, high = tokenise("3-4 thousand settlers")
    assert (low.scale, high.scale) == ("thousand", "thousand")
    assert (stored_value(low, "people"), stored_value(high, "people")) == (3000, 4000)
    low, _ = tokenise("between 2 and 3 million tons")
    assert unit_agrees(low, "million_tonnes")
