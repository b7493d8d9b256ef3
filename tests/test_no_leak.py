"""No passage of a copyrighted source reaches the output: a run over misspelt excerpts, with the
text supplied, prints no run of more than five consecutive words of the source that are not in
the repository (the excerpts are; the rest of the article is not).

Two variants: an INVENTED copyrighted text written by this test (always runs), and the Landau text
where it is available (beside the checkout, or at $KUZBASS_DATA_SOURCE_TEXT; skipped otherwise).
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, SOURCE_TEXT
from kuzbass_data.cli import main
from kuzbass_data.source_text import fingerprint, normalise

RUN = 6  # six consecutive words of the source not in the repository make a leak
WORD = re.compile(r"\w+")


def _ngrams(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    words = [w.lower() for w in WORD.findall(normalise(text))]
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def leaks(output: str, source: str, repository: str) -> list[str]:
    """Runs of RUN words of ``output`` that are words of ``source`` in a row and in no file of ``repository``."""
    found = _ngrams(output) & _ngrams(source)
    return sorted(" ".join(run) for run in found - _ngrams(repository))


def misspell(excerpt: str, rng: random.Random) -> str:
    """The excerpt with one or two typical copying mistakes: a letter changed, a word dropped or doubled, two words swapped."""
    words = excerpt.split(" ")
    for _ in range(rng.choice((1, 2))):
        i = rng.randrange(1, len(words) - 1) if len(words) > 2 else 0
        if any(ch.isdigit() for ch in " ".join(words[max(i - 1, 0) : i + 2])):
            continue  # the number stays as the row states it: the row is otherwise right
        kind = rng.choice(("letter", "drop", "double", "swap"))
        if kind == "letter" and len(words[i]) > 1:
            j = rng.randrange(len(words[i]))
            words[i] = words[i][:j] + ("e" if words[i][j] != "e" else "a") + words[i][j + 1 :]
        elif kind == "drop" and len(words) > 3:
            del words[i]
        elif kind == "double":
            words.insert(i, words[i])
        elif i + 1 < len(words):
            words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    main(list(argv))
    captured = capsys.readouterr()
    return captured.out + captured.err


def _outputs(capsys: pytest.CaptureFixture[str], root: Path, text_arg: str) -> str:
    """What a contributor or CI sees: validate in both formats, with the text supplied."""
    return "\n".join(_run(capsys, "validate", str(root), "--source-text", text_arg, "--format", fmt) for fmt in ("text", "github"))


# --- an invented copyrighted text ----------------------------------------------------------------

VOCABULARY = (
    "INVENTED shaft seam brigade settler barrack winter pit colliery foreman engineer commission "
    "district camp village river railway coke furnace workshop union meeting valley hill road bridge "
    "kitchen school stove window roof wagon horse cart lamp"
).split()


def _value(paragraph: int) -> int:
    return 300 + 7 * paragraph


def _invented_text(rng: random.Random) -> str:
    """An INVENTED article: forty paragraphs of made-up prose, each with one number and a footnote marker."""
    paragraphs = []
    for number in range(1, 41):
        words = [rng.choice(VOCABULARY) + rng.choice(("", "s", "ed", "ing", "er")) for _ in range(60)]
        # Paragraph 21 qualifies its number with a word an excerpt can cut off ("almost").
        words[30:30] = f"the trust employed {'almost ' if number == 21 else ''}{_value(number)} workers".split()
        paragraphs.append(" ".join(words) + f".Footnote {number}")
    return "INVENTED TEST TEXT written for the no-leak test.\n" + "\n".join(paragraphs) + "\n"


def _append_rows(root: Path, table: str, rows: list[dict[str, str]]) -> None:
    path = root / "raw" / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n", restval="", extrasaction="ignore")
    writer.writerows(rows)
    path.write_text(text + out.getvalue(), encoding="utf-8")


def test_no_passage_of_an_invented_copyrighted_text_leaks(minimal, tmp_path, capsys):
    rng = random.Random(21)
    text = _invented_text(rng)
    source = tmp_path / "invented-article.txt"  # outside the repository, as a copyrighted text is kept
    source.write_text(text, encoding="utf-8")
    sid = "invented-leak-2020"
    _append_rows(
        minimal,
        "sources",
        [
            {
                "id": sid,
                "kind": "journal_article",
                "citation": "INVENTED TEST DATA: an article that does not exist.",
                "authors": "Nobody, Invented",
                "year": "2020",
                "title": "INVENTED TEST DATA",
                "licence": "copyrighted",
                "licence_note": "INVENTED TEST DATA.",
                "fingerprint": fingerprint(normalise(text)),
                "footnotes": "40",
            }
        ],
    )
    paragraphs = text.split("\n")[1:]
    rows = []
    for k in range(20):
        words = normalise(paragraphs[k]).split(" ")
        start = rng.randrange(15, 26)
        excerpt = misspell(" ".join(words[start : 36 + rng.randrange(0, 8)]), rng)
        while len(excerpt) > 200:  # the longest excerpt a row may have
            excerpt = excerpt.split(" ", 1)[1]
        rows.append(
            {
                "id": f"invented-leak-{1921 + k}",
                "measure": "monthly_workforce",
                "group": "workers",
                "place": "kuzbass",
                "period_start": str(1921 + k),
                "period_end": str(1921 + k),
                "period_precision": "year",
                "value": str(_value(k + 1)),
                "unit": "people",
                "qualifier": "exact",
                "status": "outcome",
                "source_id": sid,
                "footnote": str(k + 1),
                "excerpt": excerpt,
                "value_text": f"{_value(k + 1)} workers",
            }
        )
    # A row whose excerpt cuts "almost" off (the reader judges that from the row's sentence beside the excerpt).
    rows.append(
        {
            **rows[0],
            "id": "invented-leak-1941",
            "period_start": "1941",
            "period_end": "1941",
            "value": str(_value(21)),
            "footnote": "21",
            "excerpt": f"{_value(21)} workers",
            "value_text": f"{_value(21)} workers",
        }
    )
    _append_rows(minimal, "workforce", rows)
    output = _outputs(capsys, minimal, f"{sid}={source}") + _run(capsys, "prove", str(minimal), "--source-text", f"{sid}={source}")
    assert output.count("not found verbatim") >= 10  # the hints were printed
    repository = "\n".join(p.read_text(encoding="utf-8") for p in sorted((minimal / "raw").glob("*.csv")))
    assert leaks(output, text, repository) == []


def test_the_leak_detector_sees_a_quoted_passage():
    source = "one two three four five six seven eight nine ten"
    assert leaks("the hint said 'two three four five six seven'", source, "") == ["two three four five six seven"]
    assert leaks("the hint said 'two three four five six'", source, "") == []  # five words: not a passage
    assert leaks("two three four five six seven", source, "two three four five six seven eight") == []  # in the repository


# --- the Landau text, where it is available -------------------------------------------------------


@pytest.fixture
def landau() -> Path:
    path = Path(os.environ.get("KUZBASS_DATA_SOURCE_TEXT", SOURCE_TEXT))
    if not path.is_file():
        pytest.skip(f"the Landau text is not available at {path}")
    return path


def _repository_text() -> str:
    """Every tracked text file of the repository: what is public already."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True, timeout=60).stdout.decode().split("\0")
    texts = []
    for rel in filter(None, listed):
        path = REPO / rel
        if path.is_file() and not path.is_symlink() and path.suffix in (".csv", ".md", ".py", ".json", ".txt", ".cff", ".toml", ".yml", ".js", ".css"):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


def test_no_passage_of_the_landau_text_leaks(scratch, landau, capsys):
    rng = random.Random(21)
    path = scratch / "raw" / "coal_output.csv"
    for table in ("coal_output", "accidents", "repression", "deportations", "prisoners_of_war", "workforce"):
        path = scratch / "raw" / f"{table}.csv"
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        if not rows:
            continue
        header = list(rows[0])
        for row in rows:
            row["excerpt"] = misspell(row["excerpt"], rng)
        out = io.StringIO()
        writer = csv.DictWriter(out, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    output = _outputs(capsys, scratch, str(landau))
    assert output.count("not found verbatim") >= 10
    assert leaks(output, landau.read_text(encoding="utf-8"), _repository_text()) == []
