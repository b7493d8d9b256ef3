"""Benchmark: does the trie of number words in the number reader pay? Side by side, in one run.

    python benchmarks/number_reader.py [PATH-TO-SOURCE-TEXT]

``numerals._TOKEN`` writes its vocabulary of number words as a trie. This script times it against
the same pattern with the words as one long alternation instead (derived from ``_TOKEN`` itself,
so the two differ only there) on 100,000 excerpts of a synthetic contribution (``synthetic.py``,
INVENTED TEST DATA) and on the source text when given, after checking that both find exactly the
same tokens. It prints the medians of interleaved runs and the speed-up.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from synthetic import add_contribution

from kuzbass_data.schema import numerals

REPO = Path(__file__).resolve().parent.parent
VOCABULARY = {*numerals.NUMBER_WORDS, *numerals.ORDINALS, *numerals.VAGUE}
TRIE = numerals._trie(VOCABULARY)
# _TOKEN with its trie replaced by the plain alternation, longest words first.
PLAIN = re.compile(numerals._TOKEN.pattern.replace(TRIE, "(?:" + "|".join(sorted(VOCABULARY, key=len, reverse=True)) + ")"))
assert PLAIN.pattern != numerals._TOKEN.pattern, "the trie is no longer in _TOKEN"


def excerpts(rows: int) -> list[str]:
    """The excerpts of a synthetic contribution of ``rows`` accident rows."""
    root = Path(tempfile.mkdtemp(prefix="kuzbass-bench-"))
    try:
        shutil.copytree(REPO / "raw", root / "raw")
        add_contribution(root, rows)
        text = (root / "raw" / "accidents.csv").read_text(encoding="utf-8")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return [row["excerpt"] for row in csv.DictReader(io.StringIO(text))]


def tokens(pattern: re.Pattern[str], texts: list[str]) -> list[tuple[int, int, str | None]]:
    """Every match of ``pattern`` in ``texts``: (text index, start, which branch)."""
    return [(i, m.start(), m.lastgroup) for i, t in enumerate(texts) for m in pattern.finditer(t)]


def main() -> None:
    """Time both patterns on each corpus and print the medians and the ratio."""
    corpora = {"100,000 synthetic excerpts": excerpts(100_000)}
    if len(sys.argv) > 1:
        corpora["the source text"] = [Path(sys.argv[1]).read_text(encoding="utf-8")]
    for name, texts in corpora.items():
        if tokens(PLAIN, texts) != tokens(numerals._TOKEN, texts):
            raise SystemExit(f"{name}: the two patterns find different tokens")
        times: dict[str, list[float]] = {"plain": [], "trie": []}
        for _ in range(5):
            for label, pattern in (("plain", PLAIN), ("trie", numerals._TOKEN)):
                start = time.perf_counter()
                for text in texts:
                    for _match in pattern.finditer(text):
                        pass
                times[label].append(time.perf_counter() - start)
        plain, trie = statistics.median(times["plain"]), statistics.median(times["trie"])
        print(f"{name:<28} plain alternation {plain:.3f} s, trie {trie:.3f} s: {plain / trie:.1f} x faster")


if __name__ == "__main__":
    main()
