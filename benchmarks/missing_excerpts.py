"""How long the excerpt check takes when many excerpts are missing from their source.

Run: python benchmarks/missing_excerpts.py [PATH-TO-TEXT]. 400 excerpts that are not in the
text each get a nearest-passage hint from the word n-gram index; without the text, each is
checked against its proof. Both must finish in well under a second (issue 9: no quadratic
paths). With no text given, an invented text of the Landau text's size is used.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from kuzbass_data.gate.provenance import check_sources
from kuzbass_data.source_text import SuppliedText


def main() -> None:
    """Time check_sources on 400 missing excerpts, with and without the text."""
    rng = random.Random(1)
    vocabulary = [f"w{i}" for i in range(2000)]
    text = Path(sys.argv[1]).read_text(encoding="utf-8") if len(sys.argv) > 1 else " ".join(rng.choice(vocabulary) for _ in range(7000))
    words = text.split()
    rows = []
    for i in range(400):
        start = rng.randrange(len(words) - 30)
        excerpt = " ".join(words[start : start + 25]) + f" invented{i}"
        rows.append((i + 2, {"id": f"row-{i}", "source_id": "landau-2015", "excerpt": excerpt[:200]}))
    sources = [(2, {"id": "landau-2015", "licence": "copyrighted", "kind": "journal_article", "fingerprint": "", "text_root": ""})]
    for label, texts in (("with the text", [SuppliedText("landau-2015", "text", text)]), ("without the text", [])):
        t = time.perf_counter()
        problems, coverage = check_sources({"workforce": rows}, sources, texts, Path("/nonexistent"))
        print(f"{label}: {len(problems)} problems, {coverage.verified} verified, {time.perf_counter() - t:.3f} s")


if __name__ == "__main__":
    main()
