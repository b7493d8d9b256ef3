"""Find the numbers an excerpt states, as the text writes them, for whole columns at once.

"23,630" is 23630, "2.4 million" gives 2.4, "one-fifth" 0.2, "tenfold" 10, "one kilo" 1,
"8-12 per cent" gives 8 and 12. A stored number matches when it equals a number of its
excerpt times one of SCALES, so 1000 grams_per_day matches "one kilo" and 20 percent
matches "one-fifth".
"""

from __future__ import annotations

from typing import Any

import numpy as np


# Words that state a number, and their values.
NUMBER_WORDS: dict[str, float] = {
    **{
        w: float(i)
        for i, w in enumerate(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen twenty".split()
        )
    },
    "thirty": 30.0,
    "forty": 40.0,
    "fifty": 50.0,
    "sixty": 60.0,
    "seventy": 70.0,
    "eighty": 80.0,
    "ninety": 90.0,
    "hundred": 100.0,
    "thousand": 1000.0,
    "dozen": 12.0,
    "half": 0.5,
    "one-half": 0.5,
    "one-third": 1 / 3,
    "two-thirds": 2 / 3,
    "one-quarter": 0.25,
    "one-fourth": 0.25,
    "three-quarters": 0.75,
    "one-fifth": 0.2,
    "two-fifths": 0.4,
    "three-fifths": 0.6,
    "four-fifths": 0.8,
    "one-tenth": 0.1,
    "twice": 2.0,
    "double": 2.0,
    "doubled": 2.0,
    "twofold": 2.0,
    "thrice": 3.0,
    "tripled": 3.0,
    "threefold": 3.0,
    "quadrupled": 4.0,
    "fourfold": 4.0,
    "quintupled": 5.0,
    "fivefold": 5.0,
    "tenfold": 10.0,
    "hundredfold": 100.0,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS = "one two three four five six seven eight nine".split()
NUMBER_WORDS.update({f"{t}-{u}": float(v + i) for t, v in _TENS.items() for i, u in enumerate(_UNITS, start=1)})
_WORD_VALUES = np.array(list(NUMBER_WORDS.values()))

# A stored number may be the written one times these: as written, per cent of a fraction,
# kilo to grams, thousands and millions written out.
SCALES = (1.0, 100.0, 1000.0, 1e6)


def digit_numbers(excerpts: Any, chunk: int = 250_000) -> tuple[np.ndarray, np.ndarray]:
    """Every number written in digits in each excerpt: (row position, value) pairs.

    Long columns are cut into chunks worked on by several threads (Arrow releases the GIL).
    """
    arr = _arrow(excerpts)
    if len(arr) <= chunk:
        return _digit_numbers(arr)
    starts = range(0, len(arr), chunk)
    parts = [_digit_numbers(arr.slice(start, chunk)) for start in starts]
    rows = np.concatenate([part[0] + start for start, part in zip(starts, parts)])
    return rows, np.concatenate([part[1] for part in parts])


def _digit_numbers(arr: Any) -> tuple[np.ndarray, np.ndarray]:
    import pyarrow as pa
    import pyarrow.compute as pc

    tokens = pc.split_pattern_regex(arr, r"[^0-9.,]+")
    rows = pc.list_parent_indices(tokens).to_numpy()
    flat = pc.utf8_trim(pc.list_flatten(tokens), ".,")
    # "23,630" is one number; any other comma separates numbers ("8,12").
    grouped = pc.match_substring_regex(flat, r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
    flat = pc.if_else(grouped, pc.replace_substring(flat, ",", ""), flat)
    parts = pc.split_pattern(flat, ",")
    rows = rows[pc.list_parent_indices(parts).to_numpy()]
    flat = pc.utf8_trim(pc.list_flatten(parts), ".")
    keep = pc.match_substring_regex(flat, r"^[0-9]+(\.[0-9]+)?$")
    values = pc.cast(pc.filter(flat, keep), pa.float64()).to_numpy()
    return rows[keep.to_numpy(zero_copy_only=False)].astype(np.int64), values


def word_numbers(excerpts: Any, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every number written in words ("one-fifth", "tenfold") in the excerpts at ``candidates``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(candidates) == 0:
        return np.zeros(0, np.int64), np.zeros(0, float)
    subset = pc.utf8_lower(pc.take(_arrow(excerpts), pa.array(candidates)))
    tokens = pc.split_pattern_regex(subset, r"[^a-z-]+")
    flat = pc.list_flatten(tokens)
    rows = candidates[pc.list_parent_indices(tokens).to_numpy()]
    index = pc.index_in(flat, value_set=pa.array(list(NUMBER_WORDS))).to_numpy(zero_copy_only=False).astype(float)
    found = ~np.isnan(index)
    return rows[found].astype(np.int64), _WORD_VALUES[index[found].astype(np.int64)]


def _arrow(values: Any) -> Any:
    """``values`` as an Arrow string array (Arrow arrays pass through)."""
    import pyarrow as pa

    return values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values, type=pa.string())


def stated_in_excerpt(numbers: np.ndarray, token_rows: np.ndarray, token_values: np.ndarray) -> np.ndarray:
    """True where the row's number (not NaN) matches a number of its excerpt; NaN rows are True."""
    result = np.isnan(numbers)
    if len(token_rows) == 0:
        return result
    target = numbers[token_rows]
    hit = np.zeros(len(token_rows), dtype=bool)
    for scale in SCALES:
        hit |= np.isclose(token_values * scale, target, rtol=1e-9, atol=0.0)
    result[token_rows[hit]] = True
    return result
