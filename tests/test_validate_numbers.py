"""Finding the numbers an excerpt states, as the text writes them."""

from __future__ import annotations

import numpy as np
import pytest

from kuzbass_data.validate.numbers import digit_numbers, stated_in_excerpt, word_numbers


def stated(value: float, excerpt: str) -> bool:
    rows, values = digit_numbers([excerpt])
    word_rows, word_values = word_numbers([excerpt], np.array([0]))
    numbers = np.array([value])
    return bool(stated_in_excerpt(numbers, rows, values)[0] or stated_in_excerpt(numbers, word_rows, word_values)[0])


@pytest.mark.parametrize(
    ("value", "excerpt"),
    [
        (23630, "about 23,630 kulak families"),
        (1000000, "1,000,000 people"),
        (2.4, "from 2.4 million tons in 1928"),
        (2400000, "from 2.4 million tons in 1928"),  # units scaled: 2.4 million
        (0.2, "only one-fifth of the foreign specialists"),
        (20, "only one-fifth of the foreign specialists"),  # one-fifth as a percentage
        (10, "coal production increased tenfold"),
        (5, "the urban population quintupled"),
        (2, "twice as high as for the free workers"),
        (8, "8-12 per cent of the children"),
        (12, "8-12 per cent of the children"),
        (1000, "a hewer would receive one kilo of bread per day"),  # 1 kg = 1000 grams
        (23, "twenty-three men"),
        (10, "Ten miners died"),
        (1 / 3, "one-third of the internees died"),
    ],
)
def test_number_is_found_as_written(value, excerpt):
    assert stated(value, excerpt)


@pytest.mark.parametrize(
    ("value", "excerpt"),
    [(24, "from 2.4 million tons"), (23.63, "about 23,630 families"), (6, "almost 6,000 accidents"), (11, "8-12 per cent"), (3, "one-fifth")],
)
def test_number_not_in_the_excerpt(value, excerpt):
    assert not stated(value, excerpt)


def test_many_rows_in_chunks_keep_their_row_positions():
    excerpts = [f"entry {i}: {i * 3:,} accidents" for i in range(600)]
    rows, values = digit_numbers(excerpts, chunk=100)
    numbers = np.array([i * 3 for i in range(600)], dtype=float)
    assert stated_in_excerpt(numbers, rows, values).all()
    assert not stated_in_excerpt(numbers + 1, rows, values)[200:].any()
