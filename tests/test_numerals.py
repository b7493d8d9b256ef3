"""The one number tokeniser (the audit reads the whole article with it): tokens, their kinds, and the
numbers a unit's record lets a row store for them."""

from __future__ import annotations

import re

import pytest

from kuzbass_data.schema.numerals import NUMBER_WORDS, ORDINALS, VAGUE, Numeral, _trie, stored_values, tokenise


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
        # Four digits in year range are a year here; a row's marked value_text says when they count ("a total of 1932 settlers").
        ("1900 workers left", [("1900", 1900, "year")]),
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
    ("text", "unit", "stored"),
    [
        ("only one-fifth of them", "percent", {20.0}),
        ("only one-fifth of them", "fraction", {0.2}),
        ("only one-fifth of them", "people", set()),
        ("from 2.4 million tons in 1928", "million_tonnes", {2.4}),
        ("2.7 mln settlers", "people", {2700000.0}),
        ("a hewer would receive one kilo", "grams_per_day", {1.0, 1000.0}),
        ("increased tenfold", "factor", {10.0}),
        ("The trains brought 5.000 settlers", "people", set()),
        ("about 23,630 kulak families", "no_such_unit", set()),
    ],
)
def test_stored_values_follow_the_unit_records(text, unit, stored):
    (numeral,) = [n for n in tokenise(text) if n.kind == "quantity"]
    assert {round(v, 9) for v in stored_values(numeral, unit)} == stored


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
