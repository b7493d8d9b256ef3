"""Every source, checked in a run without the copyrighted text: the invented open test source,
proofs for copyrighted sources, supplied texts matched by fingerprint, and the coverage report.

The second source is INVENTED TEST DATA (tests/sources/): a CC0 "statistical handbook" and one
workforce row citing it. None of these tests needs the Landau text.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import errors_only
from kuzbass_data.cli import main
from kuzbass_data.gate.provenance import split_source_text
from kuzbass_data.gate.validate import validate
from kuzbass_data.source_text import SuppliedText

TEST_SOURCES = Path(__file__).resolve().parent / "sources"
INVENTED = "invented-handbook-1938"
ROW = "invented-monthly-workforce-1937"
EXCERPT = "In 1937 the Kuzbass mines of the trust employed about 1,250 workers in an average month"


def _append(path: Path, fixture: Path, **changes: str) -> int:
    """Append the fixture's one row to the CSV file ``path`` (by column name); return its line."""
    (row,) = csv.DictReader(io.StringIO(fixture.read_text(encoding="utf-8")))
    row.update(changes)
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.DictWriter(out, header, lineterminator="\n", restval="", extrasaction="ignore").writerow(row)
    path.write_text(text + out.getvalue(), encoding="utf-8")
    return len(text.splitlines()) + 1


@pytest.fixture
def invented(scratch: Path) -> Path:
    """The scratch repository with the invented open source, its text in sources/ and one row citing it."""
    _append(scratch / "raw" / "sources.csv", TEST_SOURCES / f"{INVENTED}.csv")
    _append(scratch / "raw" / "workforce.csv", TEST_SOURCES / "invented-row.csv")
    (scratch / "sources").mkdir(exist_ok=True)  # a contribution may have brought sources/ already
    shutil.copy(TEST_SOURCES / f"{INVENTED}.txt", scratch / "sources" / f"{INVENTED}.txt")
    return scratch


def _problems(root: Path, texts: list[SuppliedText] | None = None) -> list[tuple[str, int | None, str]]:
    report = validate(root, texts or [])
    return [(p.file, p.line, p.code) for p in errors_only(report)]


def _line(root: Path, table: str, row_id: str) -> int:
    return next(i for i, line in enumerate((root / "raw" / f"{table}.csv").read_text(encoding="utf-8").splitlines(), 1) if line.startswith(row_id + ","))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_row(root: Path, table: str, row_id: str, old: str, new: str) -> None:
    """Edit the line of ``row_id`` in raw/<table>.csv only: a contribution may hold rows with the same cells."""
    path = root / "raw" / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = _line(root, table, row_id) - 1
    assert old in lines[number], (row_id, old)
    lines[number] = lines[number].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def _open_rows(root: Path) -> int:
    """How many rows cite a source whose licence is open (its text in sources/): the data's, not a pinned count."""
    with (root / "raw" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        open_ids = {row["id"] for row in csv.DictReader(handle) if row["licence"] != "copyrighted"}
    count = 0
    for path in (root / "raw").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            count += sum(row.get("source_id") in open_ids for row in csv.DictReader(handle) if "excerpt" in row)
    return count


# --- positive control -------------------------------------------------------------------------


def test_a_new_row_from_the_open_test_source_passes_without_the_landau_text(invented):
    report = validate(invented, [])
    assert [str(p) for p in errors_only(report)] == []
    first = report.coverage[0]
    n = int(first.split()[3])  # "excerpts: V of N verified (...)"
    opened = _open_rows(invented)  # the invented row, and any a contribution added from another open source
    assert opened >= 1
    assert first == f"excerpts: {n} of {n} verified (0 by supplied text, {opened} by open text, {n - opened} by proof alone)"
    assert len(report.coverage) == 1  # nothing listed as not verified


def test_the_cli_prints_the_coverage_report(invented, capsys):
    assert main(["build", str(invented)]) == 0
    assert main(["validate", str(invented)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2].startswith("excerpts: ") and f" {_open_rows(invented)} by open text" in out[-2]


# --- what must fail ---------------------------------------------------------------------------


def test_an_invented_excerpt_of_the_open_source_fails_with_the_nearest_passage(invented):
    _edit_row(invented, "workforce", ROW, "about 1,250 workers", "about 1,250 miners")
    report = validate(invented, [])
    (problem,) = errors_only(report)
    assert (problem.file, problem.line, problem.code) == ("raw/workforce.csv", _line(invented, "workforce", ROW), "excerpt-not-in-source")
    assert "'workers' for 'miners'" in problem.message  # the hint names this source's word, not Landau's
    assert any(ROW in line and "not in the open text" in line for line in report.coverage)


def test_an_excerpt_is_checked_against_its_own_source_only(invented):
    # A Landau row cited as if it came from the invented handbook: its excerpt is not in that handbook.
    _edit_row(invented, "coal_output", "kuzbass-1932-plan", "plan,landau-2015,10,", f"plan,{INVENTED},,")  # no footnote: the handbook has none
    # (Its proof in proofs/landau-2015.json is orphaned too; that is said once nothing else is wrong.)
    assert _problems(invented) == [("raw/coal_output.csv", _line(invented, "coal_output", "kuzbass-1932-plan"), "excerpt-not-in-source")]


def test_an_invented_excerpt_of_a_copyrighted_source_fails_without_the_text(scratch):
    _edit_row(scratch, "coal_output", "kuzbass-1932-plan", "Plan envisaged an enormous increase", "Plan envisaged a modest increase")
    assert _problems(scratch) == [("raw/coal_output.csv", _line(scratch, "coal_output", "kuzbass-1932-plan"), "proof-stale")]


def test_a_new_copyrighted_row_without_a_proof_fails(scratch):
    _append(scratch / "raw" / "workforce.csv", TEST_SOURCES / "invented-row.csv", source_id="landau-2015")
    report = validate(scratch, [])
    assert [(p.line, p.code) for p in errors_only(report)] == [(_line(scratch, "workforce", ROW), "proof-missing")]
    assert any(ROW in line and "no text of landau-2015 was supplied" in line for line in report.coverage)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("siblings", 0, "proof-invalid"),  # one sibling hash changed
        ("salts", 1, "proof-invalid"),  # one salt changed
        ("start", None, "proof-invalid"),  # claims another place in the text
        ("suffix", None, "proof-invalid"),  # reveals more than the rest of a word
        ("excerpt_sha256", None, "proof-stale"),  # made for another excerpt
    ],
)
def test_a_tampered_proof_fails(scratch, field, value, code):
    path = scratch / "proofs" / "landau-2015.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    proof = data["proofs"]["kuzbass-1932-plan"]
    if isinstance(value, int):
        proof[field][value] = ("0" if proof[field][value][0] != "0" else "1") + proof[field][value][1:]
    elif field == "start":
        proof["start"] += 1
    elif field == "suffix":
        proof["suffix"] += " and more words"
    else:
        proof[field] = "0" * 64
    path.write_text(_canonical(data), encoding="utf-8")
    assert _problems(scratch) == [("raw/coal_output.csv", _line(scratch, "coal_output", "kuzbass-1932-plan"), code)]


def _canonical(data: dict) -> str:
    """A proofs file edited as JSON, written back in the one form `prove` writes (else the whole file is refused)."""
    from kuzbass_data.gate.proof import ExcerptProof, render_file

    entries = {k: ExcerptProof(v["excerpt_sha256"], v["start"], v["prefix"], v["suffix"], tuple(v["salts"]), tuple(v["siblings"])) for k, v in data["proofs"].items()}
    return render_file(data["source_id"], data["fingerprint"], data["text_root"], data["words"], entries)


def test_a_missing_proofs_file_leaves_every_copyrighted_excerpt_without_proof(scratch):
    # A missing file is not a broken one: each excerpt says its proof is missing, and nothing else.
    (scratch / "proofs" / "landau-2015.json").unlink()
    report = validate(scratch, [])
    problems = errors_only(report)
    assert problems and {(p.file.startswith("raw/"), p.code) for p in problems} == {(True, "proof-missing")}


@pytest.mark.parametrize("content", [b"{not json", b"[" * 100_000 + b"]" * 100_000, b'{"format": "other"}', b"\xff\xfe"])
def test_a_broken_proofs_file_is_one_clean_problem_and_every_excerpt_unverified(scratch, content):
    (scratch / "proofs" / "landau-2015.json").write_bytes(content)
    report = validate(scratch, [])
    problems = errors_only(report)
    assert {p.code for p in problems} == {"proof-file-invalid", "proof-invalid"}
    assert [p.file for p in problems if p.code == "proof-file-invalid"] == ["proofs/landau-2015.json"]
    # Every excerpt of the source is unverified, whatever other sources a contribution added.
    cites = sum(line.count(",landau-2015,") for path in (scratch / "raw").glob("*.csv") if path.name != "sources.csv" for line in path.read_text(encoding="utf-8").splitlines())
    assert sum(p.code == "proof-invalid" for p in problems) == cites > 0


def test_a_supplied_text_of_the_wrong_edition_is_named_clearly(invented):
    wrong = (TEST_SOURCES / f"{INVENTED}.txt").read_text(encoding="utf-8").replace("2.6 million", "2.7 million")
    problems = errors_only(validate(invented, [SuppliedText(INVENTED, "handbook-2nd-edition.txt", wrong)]))
    assert [(p.file, p.code) for p in problems] == [("raw/sources.csv", "source-text-mismatch")]
    assert "handbook-2nd-edition.txt" in problems[0].message and INVENTED in problems[0].message and "wrong edition" in problems[0].message


def test_a_bare_text_is_matched_to_its_source_by_fingerprint(committed_invented):
    root, text = committed_invented
    report = validate(root, [SuppliedText(None, "handbook.txt", text)])
    assert errors_only(report) == []
    assert "1 by supplied text" in report.coverage[0]


def test_a_bare_text_that_matches_no_source_is_a_problem(scratch):
    text = (TEST_SOURCES / f"{INVENTED}.txt").read_text(encoding="utf-8")
    (problem,) = errors_only(validate(scratch, [SuppliedText(None, "handbook.txt", text)]))
    assert (problem.file, problem.line, problem.code) == ("raw/sources.csv", None, "source-text-unmatched")
    assert "handbook.txt" in problem.message and "landau-2015" in problem.message


def test_the_cli_accepts_id_equals_path_and_a_bare_path(committed_invented, tmp_path, capsys):
    root, text = committed_invented
    path = tmp_path / "handbook.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["build", str(root)]) == 0
    assert main(["validate", str(root), "--source-text", f"{INVENTED}={path}"]) == 0
    assert main(["validate", str(root), "--source-text", str(path)]) == 0
    assert capsys.readouterr().out.count("1 by supplied text") == 2


def test_split_source_text():
    assert split_source_text("landau-2015=../a.txt") == ("landau-2015", Path("../a.txt"))
    assert split_source_text("../shared/seeds/a.txt") == (None, Path("../shared/seeds/a.txt"))
    assert split_source_text("x/a=b.txt") == (None, Path("x/a=b.txt"))  # not an id before '='


# --- prove ------------------------------------------------------------------------------------


@pytest.fixture
def committed_invented(invented) -> tuple[Path, str]:
    """The invented source treated as copyrighted: proved, then its text removed from the repository."""
    _edit_row(invented, "sources", INVENTED, ",cc0,", ",copyrighted,")
    text_path = invented / "sources" / f"{INVENTED}.txt"
    text = text_path.read_text(encoding="utf-8")
    text_path.unlink()
    outside = invented.parent / "handbook.txt"
    outside.write_text(text, encoding="utf-8")
    assert main(["prove", str(invented), "--source-text", f"{INVENTED}={outside}"]) == 0
    return invented, text


def test_prove_lets_a_copyrighted_row_pass_without_its_text(committed_invented):
    root, _ = committed_invented
    report = validate(root, [])
    assert errors_only(report) == []
    n = int(report.coverage[0].split()[3])
    opened = _open_rows(root)  # other open sources a contribution added; the invented one is no longer among them
    assert report.coverage[0].endswith(f"(0 by supplied text, {opened} by open text, {n - opened} by proof alone)")
    proofs = json.loads((root / "proofs" / f"{INVENTED}.json").read_text(encoding="utf-8"))
    assert list(proofs["proofs"]) == [ROW]
    assert "ambitious" not in json.dumps(proofs)  # nothing of the text beyond the excerpt


def test_prove_refuses_a_text_that_does_not_match_the_recorded_fingerprint(committed_invented, capsys):
    root, text = committed_invented
    other = root.parent / "other.txt"
    other.write_text(text + " An added sentence.", encoding="utf-8")
    before = (root / "raw" / "sources.csv").read_bytes()
    assert main(["prove", str(root), "--source-text", f"{INVENTED}={other}"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and INVENTED in err and "--replace" in err
    assert (root / "raw" / "sources.csv").read_bytes() == before


# --- rules of raw/sources.csv and of the sources/ and proofs/ folders ---------------------------

SOURCE_ROW_EDITS = {
    # name: (old, new, code) applied to the invented source's row
    "archival document without fond": (",statistical_handbook,", ",archival_document,", "archival-reference-missing"),
    "web page without url": (",statistical_handbook,", ",web_page,", "url-missing"),
    "open licence, text missing": (None, None, "open-text-missing"),
    "open text edited after its fingerprint": ("120f644f", "020f644f", "fingerprint-mismatch"),
}


@pytest.mark.parametrize("name", SOURCE_ROW_EDITS)
def test_rules_of_a_source_row(invented, name):
    old, new, code = SOURCE_ROW_EDITS[name]
    if old is None:
        (invented / "sources" / f"{INVENTED}.txt").unlink()
    else:
        _edit_row(invented, "sources", INVENTED, old, new)
    found = _problems(invented)
    # One problem, at the source's row: a text refused is not reported again at each row citing it.
    assert found == [("raw/sources.csv", _line(invented, "sources", INVENTED), code)]


def test_a_complete_archival_reference_passes(invented):
    _edit_row(invented, "sources", INVENTED, ",statistical_handbook,", ",archival_document,")
    _edit_row(invented, "sources", INVENTED, ",,,,,,cc0,", ",GAKO,P-12,3,45,17-19ob,cc0,")
    assert _problems(invented) == []


def test_a_copyrighted_text_in_the_repository_is_refused(committed_invented):
    # By its name, and under any other name by its fingerprint.
    root, text = committed_invented
    (root / "sources" / f"{INVENTED}.txt").write_text(text, encoding="utf-8")
    (root / "sources" / "article.txt").write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    assert _problems(root) == [
        ("sources/article.txt", None, "copyrighted-text-committed"),
        (f"sources/{INVENTED}.txt", None, "copyrighted-text-committed"),
    ]


def test_unexpected_and_linked_files_are_refused_without_being_read(invented):
    (invented / "sources" / "notes.md").write_text("x", encoding="utf-8")
    (invented / "proofs" / "other.json").write_text("{}", encoding="utf-8")
    (invented / "sources" / f"{INVENTED}.txt").unlink()
    (invented / "sources" / f"{INVENTED}.txt").symlink_to("/proc/self/environ")
    report = validate(invented, [])
    assert [(p.file, p.code) for p in errors_only(report)] == [
        ("proofs/other.json", "unexpected-proof-file"),
        ("raw/sources.csv", "open-text-unreadable"),
        ("sources/notes.md", "unexpected-source-file"),
    ]
    assert any(ROW in line and "is a symbolic link" in line for line in report.coverage)  # its row is listed unverified
    printed = "\n".join(str(p) for p in errors_only(report))
    assert "is a symbolic link: refused without being read" in printed and "PATH=" not in printed


def test_a_file_in_proofs_that_is_no_sources_proofs_is_the_one_problem(scratch: Path) -> None:
    (scratch / "proofs" / "other.json").write_text("{}", encoding="utf-8")
    (problem,) = errors_only(validate(scratch, []))
    assert (problem.file, problem.line, problem.column, problem.code) == ("proofs/other.json", None, None, "unexpected-proof-file")
    assert problem.message and problem.hint and problem.message != problem.hint


def test_a_proof_left_behind_by_a_deleted_row_is_reported(scratch):
    path = scratch / "raw" / "accidents.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("accidents-1931-reported,")), encoding="utf-8")
    # Removed the way the rules allow, with its retirement recorded; only the proof is left behind.
    from kuzbass_data import __version__

    with (scratch / "raw" / "retired_ids.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"accidents-1931-reported,{__version__},A test: the row is removed.,\n")
    (problem,) = errors_only(validate(scratch, []))
    assert (problem.file, problem.code) == ("proofs/landau-2015.json", "proof-orphaned")
    assert "accidents-1931-reported" in problem.message


def test_a_copyrighted_excerpt_needs_its_proof_even_when_the_text_is_supplied(committed_invented):
    # Public CI has no text: a row that passes only with the text would fail there.
    root, text = committed_invented
    (root / "proofs" / f"{INVENTED}.json").unlink()
    report = validate(root, [SuppliedText(INVENTED, "handbook.txt", text)])
    assert [(p.line, p.code) for p in errors_only(report)] == [(_line(root, "workforce", ROW), "proof-missing")]
    assert "1 by supplied text" in report.coverage[0]


def test_a_text_root_changed_without_proving_again_makes_the_proofs_stale(scratch):
    path = scratch / "raw" / "sources.csv"
    root_now = json.loads((scratch / "proofs" / "landau-2015.json").read_text(encoding="utf-8"))["text_root"]
    _edit(path, root_now, "0" * 64)
    codes = {(p.file, p.code) for p in errors_only(validate(scratch, []))}
    assert ("proofs/landau-2015.json", "proof-stale") in codes
    assert {code for _, code in codes} == {"proof-stale"}


def test_a_source_id_that_is_a_path_names_no_file(invented):
    (invented / "secret.txt").write_text("not to be read", encoding="utf-8")
    _edit_row(invented, "sources", INVENTED, f"{INVENTED},", "../secret,")
    _edit_row(invented, "workforce", ROW, f",{INVENTED},", ",../secret,")
    report = validate(invented, [])
    # The text left in sources/, and the id itself, which is not well formed.
    assert {p.code for p in errors_only(report) if p.code} <= {"unexpected-source-file", "bad-format"}
    assert any(ROW in line and "is not in raw/sources.csv" in line for line in report.coverage)


def test_prove_names_an_excerpt_that_is_not_in_the_text(invented, capsys):
    _edit_row(invented, "workforce", ROW, "about 1,250 workers", "about 1,250 miners")
    assert main(["prove", str(invented), "--source-text", f"{INVENTED}={TEST_SOURCES / f'{INVENTED}.txt'}"]) == 1
    out = capsys.readouterr().out
    assert f"raw/workforce.csv:{_line(invented, 'workforce', ROW)}: excerpt: not found in {INVENTED}.txt" in out


def test_prove_refuses_a_bare_text_that_matches_no_source(scratch, capsys):
    assert main(["prove", str(scratch), "--source-text", str(TEST_SOURCES / f"{INVENTED}.txt")]) == 2
    assert "matches the fingerprint of no source" in capsys.readouterr().err


# --- the proofs file has a strict schema: it can carry proofs and nothing else ----------------------

INVENTED_PASSAGE = "INVENTED words standing for a passage of the article that must never be committed"


@pytest.mark.parametrize(
    "edit, said",
    [
        (lambda t: t.replace('"words":', f'"text": "{INVENTED_PASSAGE}",\n  "words":', 1), "unknown key 'text'"),
        (lambda t: t.replace('"words":', '"words": 1,\n  "words":', 1), "key 'words' twice"),
        (lambda t: t.replace('"proofs": {', '"proofs": {\n    "kuzbass-1932-plan": {},', 1), "key 'kuzbass-1932-plan' twice"),
        (lambda t: t.replace("\n", "\n" + " " * 40, 3), "not in the form `prove` writes"),
        (lambda t: t.replace('"prefix":', f'"note": "{INVENTED_PASSAGE}", "prefix":', 1), None),
    ],
    ids=["extra key", "duplicate key", "duplicate entry", "padding", "extra key in an entry"],
)
def test_a_proofs_file_that_carries_anything_but_proofs_is_refused(scratch, edit, said):
    path = scratch / "proofs" / "landau-2015.json"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    report = validate(scratch, [])
    problems = errors_only(report)
    if said is None:  # one entry is unreadable: its row's proof is invalid, and nothing else
        (problem,) = problems
        assert problem.code == "proof-invalid" and "unknown key 'note'" in problem.message
    else:
        file_level = [p for p in problems if p.file == "proofs/landau-2015.json"]
        assert [p.code for p in file_level] == ["proof-file-invalid"] and said in file_level[0].message
        assert {p.code for p in problems} == {"proof-file-invalid", "proof-invalid"}
    assert INVENTED_PASSAGE not in "\n".join(str(p) for p in problems)


def test_an_entry_no_row_uses_cannot_carry_text_in_its_edges(scratch):
    """Entries of rows that do not cite the source are errors, and their prefix or suffix is bounded even unverified."""
    path = scratch / "proofs" / "landau-2015.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = dict(data["proofs"]["kuzbass-1932-plan"])
    data["proofs"]["no-such-row"] = {**entry, "prefix": "INVENTED" * 20}
    path.write_text(json.dumps(data), encoding="utf-8")
    (problem,) = errors_only(validate(scratch, []))
    assert (problem.file, problem.code) == ("proofs/landau-2015.json", "proof-orphaned") and "no-such-row" in problem.message
    from kuzbass_data.gate.proof import ProofFile, parse_proofs

    parsed = parse_proofs(path.read_bytes())
    assert isinstance(parsed, ProofFile) and "prefix or suffix" in str(parsed.proofs["no-such-row"])
    data["proofs"]["no-such-row"]["prefix"] = ""
    path.write_text(_canonical(data), encoding="utf-8")
    (problem,) = errors_only(validate(scratch, []))
    assert (problem.file, problem.code) == ("proofs/landau-2015.json", "proof-orphaned")


# --- a source is an identity: no two share one, a bare text names one, its footnotes are counted ------


def _source_row(root: Path, sid: str) -> str:
    return next(line for line in (root / "raw" / "sources.csv").read_text(encoding="utf-8").splitlines() if line.startswith(sid + ","))


def test_a_second_source_that_copies_a_sources_identity_is_refused(scratch):
    landau = _source_row(scratch, "landau-2015")
    copy = landau.replace("landau-2015,", "landau-2015-copy,", 1)
    path = scratch / "raw" / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8") + copy + "\n", encoding="utf-8")
    shutil.copy(scratch / "proofs" / "landau-2015.json", scratch / "proofs" / "landau-2015-copy.json")
    problems = errors_only(validate(scratch, []))
    shared = [p for p in problems if p.code == "source-identity-shared"]
    # Reported once, at the copy's line (the later one), whatever other sources stand above it.
    assert [(p.file, p.line, p.column) for p in shared] == [("raw/sources.csv", _line(scratch, "sources", "landau-2015-copy"), "fingerprint")]
    assert "landau-2015" in shared[0].message


def test_a_bare_text_that_matches_two_sources_is_an_error(committed_invented):
    root, text = committed_invented
    row = _source_row(root, INVENTED)
    path = root / "raw" / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8") + row.replace(f"{INVENTED},", "invented-copy,", 1) + "\n", encoding="utf-8")
    codes = [p.code for p in errors_only(validate(root, [SuppliedText(None, "handbook.txt", text)]))]
    assert "source-text-ambiguous" in codes and "source-identity-shared" in codes
    # Named, the same text is used for the source it names.
    named = [p.code for p in errors_only(validate(root, [SuppliedText(INVENTED, "handbook.txt", text)]))]
    assert "source-text-ambiguous" not in named
    # prove refuses it too, naming both, and writes nothing.
    bare = root.parent / "bare.txt"
    bare.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    assert main(["prove", str(root), "--source-text", str(bare)]) == 2
    assert path.read_bytes() == before


def test_a_footnote_beyond_the_sources_count_is_refused_without_the_text(scratch):
    _edit_row(scratch, "coal_output", "kuzbass-1932-plan", "plan,landau-2015,10,", "plan,landau-2015,59,")
    assert _problems(scratch) == [("raw/coal_output.csv", _line(scratch, "coal_output", "kuzbass-1932-plan"), "footnote-beyond-source")]


def test_rows_citing_footnotes_of_a_source_without_a_count_are_refused(scratch):
    _edit_row(scratch, "sources", "landau-2015", ",58", ",")  # the footnote count is the row's last cell
    assert _problems(scratch) == [("raw/sources.csv", _line(scratch, "sources", "landau-2015"), "footnote-count-missing")]


def _with_markers(text: str) -> str:
    """The invented text with footnote markers (INVENTED): normalisation removes them, so its fingerprint is unchanged."""
    return text.replace("Workforce of the trust’s mines.", "Workforce of the trust’s mines.Footnote 1").replace("“ambitious”.", "“ambitious”.Footnote 2")


def test_a_footnote_count_the_text_contradicts_is_refused(invented):
    path = invented / "sources" / f"{INVENTED}.txt"
    path.write_text(_with_markers(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert _problems(invented) == []  # the markers do not change the fingerprint
    _edit(invented / "raw" / "sources.csv", _source_row(invented, INVENTED), _source_row(invented, INVENTED) + "3")
    assert _problems(invented) == [("raw/sources.csv", _line(invented, "sources", INVENTED), "footnote-count-mismatch")]


def test_prove_records_the_footnote_count_and_reidentifies_only_when_told(committed_invented, capsys):
    root, text = committed_invented
    marked = root.parent / "marked.txt"
    marked.write_text(_with_markers(text), encoding="utf-8")
    assert main(["prove", str(root), "--source-text", f"{INVENTED}={marked}"]) == 0
    assert _source_row(root, INVENTED).endswith(",2")
    edited = root.parent / "edited.txt"
    edited.write_text(text.replace("1,250", "1,350"), encoding="utf-8")
    assert main(["prove", str(root), "--source-text", f"{INVENTED}={edited}"]) == 2
    capsys.readouterr()
    assert main(["prove", str(root), "--source-text", f"{INVENTED}={edited}", "--reidentify"]) == 1  # the excerpt is no longer in it
    assert "RE-IDENTIFIED" in capsys.readouterr().out


def test_an_edited_open_text_names_prove_replace(invented):
    path = invented / "sources" / f"{INVENTED}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("1,250", "1,350"), encoding="utf-8")
    (mismatch,) = errors_only(validate(invented, []))  # one cause, one problem: not one per row citing it
    assert mismatch.code == "fingerprint-mismatch"
    assert f"kuzbass-data prove --replace --source-text {INVENTED}=sources/{INVENTED}.txt" in mismatch.hint
