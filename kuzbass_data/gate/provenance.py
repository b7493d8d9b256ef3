"""Check every excerpt against its own source: by its text, or by its proof when the text is absent.

Each excerpt is verified by one or more means:

- ``open text``: the source's licence is open, so its text is in the repository
  (``sources/<id>.txt``) and every run reads it;
- ``supplied text``: the text was given with ``--source-text`` and matches the source's
  recorded fingerprint;
- ``proof``: a proof of inclusion in ``proofs/<id>.json`` leads to the source's
  ``text_root`` (see ``kuzbass_data.gate.proof``); this needs no text.

An excerpt of a copyrighted source needs a valid proof even when the text is supplied,
because public CI has no text. Whatever cannot be verified is a problem and is listed in
the coverage report: nothing is skipped silently.

The check works on raw cells (``tables``: per table, rows as (physical line, cells)), so
it does not depend on how the rest of the validator parses files.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..files import FileTooLargeError, UnsafeFileError, entry_kind, read_regular
from ..paths import PROOF_DIR, TEXT_DIR, raw_file
from ..schema.tables import ID_PATTERN
from ..schema.vocabularies import OPEN_LICENCES
from ..source_text import Occurrences, SuppliedText, fingerprint, footnote_count, normalise
from .problems import Problem
from .proof import MAX_FILE_BYTES, ExcerptProof, ProofFile, parse_proofs, verify

# Rows of one table: (physical CSV line of the row, its raw cells by column name).
Rows = Sequence[tuple[int, Mapping[str, str]]]

SOURCES_FILE = raw_file("sources")
# Largest source text read from the repository or the command line.
MAX_TEXT_BYTES = 10_000_000
# At most this many unverified excerpts are listed one by one in the coverage report.
LISTED = 20

MEANS = ("supplied text", "open text", "proof")
ARCHIVAL = ("archive", "fond", "opis", "delo")
PROVE_HINT = "whoever holds the source's text runs `kuzbass-data prove --source-text {sid}=PATH` and commits proofs/{sid}.json and raw/sources.csv; see CONTRIBUTING.md, Sources"


@dataclass
class Coverage:
    """How many excerpts were verified, by which means, and which were not and why."""

    # Number of excerpts looked at (rows with an excerpt column).
    excerpts: int = 0
    # Per means (see MEANS): how many excerpts it verified; one excerpt may count under several.
    by_means: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEANS, 0))
    # Number of excerpts verified by at least one means.
    verified: int = 0
    # Excerpts not verified: (where, e.g. "raw/x.csv:3 row-id", why).
    unverified: list[tuple[str, str]] = field(default_factory=list)
    # The trusted texts (fingerprint matched), as read, by source id: for checks that need the
    # paragraphs and footnote markers, which normalisation removes (the footnote convention).
    texts: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The report, as printed by ``validate``."""
        # The categories partition the verified excerpts, so they add up: an excerpt is verified by a
        # text (supplied or open, never both: a source has one text) or by its proof alone; those
        # verified by a text and also by a proof are counted once, and named apart.
        texts = self.by_means["supplied text"] + self.by_means["open text"]
        proof_alone = self.verified - texts
        also = self.by_means["proof"] - proof_alone
        means = f"{self.by_means['supplied text']} by supplied text, {self.by_means['open text']} by open text, {proof_alone} by proof alone"
        means += f"; {also} of those by a text also by proof" if also else ""
        out = [f"excerpts: {self.verified} of {self.excerpts} verified ({means})"]
        if self.unverified:
            out.append(f"excerpts not verified: {len(self.unverified)}")
            out += [f"  {where}: {why}" for where, why in self.unverified[:LISTED]]
            if len(self.unverified) > LISTED:
                out.append(f"  ... and {len(self.unverified) - LISTED} more")
        return out


@dataclass
class _Source:
    """What the check knows about one source."""

    # Line of the source in raw/sources.csv.
    line: int
    # Its raw cells.
    cells: Mapping[str, str]
    # Its normalised text when one is available and trusted, with the means that supplied it.
    text: str | None = None
    # That text as read, before normalisation.
    raw: str = ""
    means: str = ""
    # Why no text is available (for the coverage report).
    no_text: str = ""
    # The parsed proofs file, or the problem code and why it cannot be used; None when the source needs no proofs.
    proofs: ProofFile | tuple[str, str] | None = None
    # Index for the nearest-passage hint, built on first use.
    index: PassageIndex | None = None
    # Index of the text's words for the verbatim check, built on first use.
    occurrences: Occurrences | None = None

    @property
    def open(self) -> bool:
        return self.cells.get("licence", "") in OPEN_LICENCES


def read_repository_file(path: Path, limit: int) -> tuple[bytes | None, str]:
    """The bytes of a repository file, or None and why it was refused (symlinks are never followed)."""
    try:
        return read_regular(path, limit), ""
    except FileNotFoundError:
        return None, "is missing"
    except FileTooLargeError:
        return None, f"is larger than {limit:,} bytes"
    except UnsafeFileError:
        return None, "is a symbolic link: refused without being read" if entry_kind(path) == "symlink" else "is not a regular file"
    except OSError as err:
        return None, f"cannot be read ({err.strerror})"


def read_text_file(path: Path, limit: int = MAX_TEXT_BYTES) -> tuple[str | None, str]:
    """The UTF-8 text of a repository file, or None and why it was refused."""
    data, why = read_repository_file(path, limit)
    if data is None:
        return None, why
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as err:
        return None, f"is not UTF-8 (byte offset {err.start})"


def check_sources(tables: Mapping[str, Rows], sources: Rows, texts: Sequence[SuppliedText], root: Path) -> tuple[list[Problem], Coverage]:
    """Every excerpt against its own source; problems (each with a ``code``) and the coverage report.

    ``tables`` maps a table name to its rows (those without an ``excerpt`` column are ignored),
    ``sources`` are the rows of raw/sources.csv, ``texts`` the texts supplied on the command line
    and ``root`` the repository, whose ``sources/`` and ``proofs/`` folders are read.
    """
    known: dict[str, _Source] = {}
    for line, cells in sources:
        sid = cells.get("id", "")
        # An id that is not well formed is reported by the cell checks; it never names a file here.
        if re.fullmatch(ID_PATTERN, sid) and sid not in known:
            known[sid] = _Source(line, cells)
    problems = _source_rows(known)
    problems += _open_texts(known, root)
    problems += _proof_files(known, root)
    problems += _supplied(known, texts)
    problems += _footnote_counts(known, tables)
    coverage = Coverage(texts={sid: s.raw for sid, s in known.items() if s.text is not None})
    citing: dict[str, set[str]] = {}
    for name, rows in tables.items():
        for line, cells in rows:
            if "excerpt" in cells:
                problems += _excerpt(raw_file(name), line, cells, known, coverage)
                citing.setdefault(cells.get("source_id", ""), set()).add(cells.get("id", ""))
    return problems + _orphans(known, citing), coverage


def _orphans(known: dict[str, _Source], citing: dict[str, set[str]]) -> list[Problem]:
    """Proofs of rows that no longer cite the source: they would keep publishing words of old excerpts."""
    problems = []
    for sid, s in known.items():
        if isinstance(s.proofs, ProofFile):
            extra = sorted(set(s.proofs.proofs) - citing.get(sid, set()))
            if extra:
                listed = ", ".join(e[:80] for e in extra[:5]) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")
                problems.append(Problem(f"{PROOF_DIR}/{sid}.json", None, None, f"holds proofs for rows that do not cite {sid}: {listed}", PROVE_HINT.format(sid=sid), code="proof-orphaned"))
    return problems


def _source_rows(known: dict[str, _Source]) -> list[Problem]:
    """Cross-field rules of raw/sources.csv that a per-column schema cannot state."""
    problems = []
    for sid, s in known.items():
        kind = s.cells.get("kind", "")
        missing = [c for c in ARCHIVAL if not s.cells.get(c, "").strip()]
        if kind == "archival_document" and missing:
            problems.append(
                Problem(
                    SOURCES_FILE,
                    s.line,
                    missing[0],
                    f"source {sid} is an archival document without {', '.join(missing)}",
                    "give archive, fond, opis and delo (and folios where known)",
                    code="archival-reference-missing",
                )
            )
        if kind in ("web_page", "dataset") and not s.cells.get("url", "").strip():
            problems.append(Problem(SOURCES_FILE, s.line, "url", f"source {sid} is a {kind.replace('_', ' ')} without a url", "give the address consulted", code="url-missing"))
    return problems + _shared_identities(known)


# The cells that say which text a source is: two sources never share one.
IDENTITY = ("fingerprint", "text_root")


def _shared_identities(known: dict[str, _Source]) -> list[Problem]:
    """A source whose fingerprint or text_root is another source's: a copy of its identity (and so of its proofs)."""
    problems = []
    for column in IDENTITY:
        first: dict[str, str] = {}
        for sid, s in sorted(known.items(), key=lambda item: item[1].line):
            value = s.cells.get(column, "")
            if not value:
                continue
            if value in first:
                problems.append(
                    Problem(
                        SOURCES_FILE,
                        s.line,
                        column,
                        f"source {sid} has the {column} of source {first[value]}: two sources are never one text",
                        f"cite {first[value]}, or run `kuzbass-data prove` on {sid}'s own text",
                        code="source-identity-shared",
                    )
                )
                break  # one problem per source: its fingerprint and text_root are copied together
            first[value] = sid
    return _one_per_source(problems)


def _one_per_source(problems: list[Problem]) -> list[Problem]:
    seen: set[int | None] = set()
    kept = []
    for p in problems:
        if p.line not in seen:
            seen.add(p.line)
            kept.append(p)
    return kept


# "Footnote N" markers in a text as read: the footnotes a text has.


def _footnote_counts(known: dict[str, _Source], tables: Mapping[str, Rows]) -> list[Problem]:
    """A row's footnote beyond its source's footnote count (needs no text); a count the trusted text contradicts."""
    problems = []
    missing: dict[str, int] = {}
    for name, rows in tables.items():
        for line, cells in rows:
            s = known.get(cells.get("source_id", ""))
            number = cells.get("footnote", "").strip()
            if s is None or not number.isdigit():
                continue  # no footnote, or one the cell checks report
            recorded = s.cells.get("footnotes", "").strip()
            if not recorded.isdigit():
                missing[cells.get("source_id", "")] = missing.get(cells.get("source_id", ""), 0) + 1
            elif int(number) > int(recorded) and s.text is None:  # with the text, the footnote check names the marker
                problems.append(
                    Problem(
                        raw_file(name),
                        line,
                        "footnote",
                        f"footnote {int(number)} is beyond the {int(recorded)} footnotes of {cells.get('source_id', '')}",
                        "cite the footnote the source's text marks after the excerpt",
                        code="footnote-beyond-source",
                    )
                )
    for sid, s in known.items():
        recorded = s.cells.get("footnotes", "").strip()
        if sid in missing:
            problems.append(
                Problem(
                    SOURCES_FILE,
                    s.line,
                    "footnotes",
                    f"{missing[sid]} row(s) cite footnotes of {sid}, which records no footnote count",
                    f"whoever holds the text runs `kuzbass-data prove --source-text {sid}=PATH`, which records it",
                    code="footnote-count-missing",
                )
            )
        elif s.text is not None and recorded.isdigit() and footnote_count(s.raw) not in (None, int(recorded)):
            problems.append(
                Problem(
                    SOURCES_FILE,
                    s.line,
                    "footnotes",
                    f"records {int(recorded)} footnotes, but the {s.means} of {sid} marks {footnote_count(s.raw)}",
                    "restore the count `kuzbass-data prove` wrote from the text",
                    code="footnote-count-mismatch",
                )
            )
    return problems


def _open_texts(known: dict[str, _Source], root: Path) -> list[Problem]:
    """Read the text of every open source from sources/; refuse every other file there."""
    problems = []
    folder = root / TEXT_DIR
    copyrighted = {s.cells.get("fingerprint", ""): sid for sid, s in known.items() if not s.open and s.cells.get("fingerprint")}
    for sid, s in known.items():
        if not s.open:
            continue
        rel = f"{TEXT_DIR}/{sid}.txt"
        text, why = read_text_file(folder / f"{sid}.txt") if not folder.is_symlink() else (None, "is inside a symbolic link: refused")
        if text is None:
            s.no_text = f"its open text {rel} {why}"
            code = "open-text-missing" if why == "is missing" else "open-text-unreadable"
            problems.append(
                Problem(
                    SOURCES_FILE,
                    s.line,
                    "licence",
                    f"source {sid} has an open licence but {rel} {why}, so the excerpts citing it cannot be verified",
                    f"commit the source's text as {rel}, or set licence to 'copyrighted'",
                    code=code,
                )
            )
            continue
        normalised = normalise(text)
        recorded = s.cells.get("fingerprint", "")
        if recorded != fingerprint(normalised):
            s.no_text = f"{rel} does not match the recorded fingerprint"
            what = "has no fingerprint" if not recorded else "has a fingerprint that does not match"
            problems.append(
                Problem(
                    SOURCES_FILE,
                    s.line,
                    "fingerprint",
                    f"source {sid} {what} {rel}, so the excerpts citing it cannot be verified against it",
                    # A new open source: the value to write (its text is open, so its fingerprint may be printed).
                    f"write {fingerprint(normalised)} in its fingerprint cell"
                    if not recorded
                    else f"restore the text the fingerprint was made from; or, if {rel} is the right text, run `kuzbass-data prove --replace --source-text {sid}={rel}`, "
                    "which records its fingerprint (for a published source, a maintainer's act and a breaking change)",
                    code="fingerprint-mismatch",
                )
            )
            continue
        s.text, s.raw, s.means = normalised, text, "open text"
    if folder.is_symlink():
        return [*problems, Problem(TEXT_DIR, None, None, "is a symbolic link: refused without being read", "make it a folder", code="unexpected-source-file")]
    if not folder.is_dir():
        return problems
    expected = {f"{sid}.txt" for sid, s in known.items() if s.open}
    for path in sorted(folder.iterdir()):
        rel = f"{TEXT_DIR}/{path.name}"
        if path.name in expected:
            continue
        stem = path.name.removesuffix(".txt")
        if stem in known and not known[stem].open:
            problems.append(
                Problem(
                    rel, None, None, f"is the text of copyrighted source {stem}: it must never be committed", "delete it from the repository (and from its history)", code="copyrighted-text-committed"
                )
            )
            continue
        text, why = read_text_file(path) if path.suffix == ".txt" else (None, "")
        if text is not None and fingerprint(normalise(text)) in copyrighted:
            sid = copyrighted[fingerprint(normalise(text))]
            problems.append(
                Problem(
                    rel, None, None, f"is the text of copyrighted source {sid}: it must never be committed", "delete it from the repository (and from its history)", code="copyrighted-text-committed"
                )
            )
            continue
        problems.append(
            Problem(
                rel, None, None, f"is not the text of an open source{f' ({why})' if why else ''}", f"{TEXT_DIR}/ holds only <id>.txt for sources with an open licence", code="unexpected-source-file"
            )
        )
    return problems


def _proof_files(known: dict[str, _Source], root: Path) -> list[Problem]:
    """Parse proofs/<id>.json of every copyrighted source; refuse every other file there."""
    problems = []
    folder = root / PROOF_DIR
    for sid, s in known.items():
        if s.open:
            continue
        rel = f"{PROOF_DIR}/{sid}.json"
        data, why = read_repository_file(folder / f"{sid}.json", MAX_FILE_BYTES) if not folder.is_symlink() else (None, "is inside a symbolic link: refused")
        if data is None:
            s.proofs = ("proof-missing", f"is missing ({rel} {why})") if why == "is missing" else ("proof-invalid", f"cannot be used ({rel} {why})")
            if why != "is missing":
                problems.append(Problem(rel, None, None, why, PROVE_HINT.format(sid=sid), code="proof-file-invalid"))
            continue
        parsed = parse_proofs(data)
        if isinstance(parsed, str):
            s.proofs = ("proof-invalid", f"cannot be used ({rel} {parsed})")
            problems.append(Problem(rel, None, None, parsed, PROVE_HINT.format(sid=sid), code="proof-file-invalid"))
        elif parsed.source_id != sid or parsed.text_root != s.cells.get("text_root", "") or parsed.fingerprint != s.cells.get("fingerprint", ""):
            s.proofs = ("proof-stale", f"is stale ({rel} was made for another text than raw/sources.csv records)")
            problems.append(
                Problem(
                    rel, None, None, "was made for another source or text than raw/sources.csv records (source_id, fingerprint or text_root differ)", PROVE_HINT.format(sid=sid), code="proof-stale"
                )
            )
        else:
            s.proofs = parsed
    if folder.is_dir() and not folder.is_symlink():
        expected = {f"{sid}.json" for sid, s in known.items() if not s.open}
        for path in sorted(folder.iterdir()):
            if path.name not in expected:
                problems.append(
                    Problem(
                        f"{PROOF_DIR}/{path.name}",
                        None,
                        None,
                        "is not the proofs file of a copyrighted source",
                        f"{PROOF_DIR}/ holds only <id>.json for copyrighted sources in raw/sources.csv",
                        code="unexpected-proof-file",
                    )
                )
    return problems


def _supplied(known: dict[str, _Source], texts: Sequence[SuppliedText]) -> list[Problem]:
    """Match every supplied text to its source by id or fingerprint, and check the fingerprint."""
    problems = []
    by_fingerprint: dict[str, list[str]] = {}
    for known_id, known_source in known.items():
        if known_source.cells.get("fingerprint"):
            by_fingerprint.setdefault(known_source.cells["fingerprint"], []).append(known_id)
    for supplied in texts:
        normalised = normalise(supplied.text)
        found = fingerprint(normalised)
        sid = supplied.source_id
        if sid is None:
            if len(by_fingerprint.get(found, [])) > 1:
                matched = by_fingerprint[found]
                problems.append(
                    Problem(
                        SOURCES_FILE,
                        None,
                        "fingerprint",
                        f"the supplied text {supplied.name} matches the fingerprint of {len(matched)} sources ({', '.join(matched)}): it cannot be told which it is",
                        "name its source with --source-text ID=PATH",
                        code="source-text-ambiguous",
                    )
                )
                continue
            if found not in by_fingerprint:
                listed = ", ".join(sorted(i for ids in by_fingerprint.values() for i in ids)) or "none"
                problems.append(
                    Problem(
                        SOURCES_FILE,
                        None,
                        "fingerprint",
                        f"the supplied text {supplied.name} matches the fingerprint of no source (sources with one: {listed}): a wrong edition or file?",
                        "name its source with --source-text ID=PATH, or use the text the fingerprint was made from",
                        code="source-text-unmatched",
                    )
                )
                continue
            sid = by_fingerprint[found][0]
        s = known.get(sid)
        if s is None:
            problems.append(
                Problem(
                    SOURCES_FILE,
                    None,
                    "id",
                    f"the supplied text {supplied.name} is for source {sid}, which raw/sources.csv does not have",
                    "use an id of raw/sources.csv",
                    code="source-text-unknown-source",
                )
            )
            continue
        recorded = s.cells.get("fingerprint", "")
        if recorded and recorded != found:
            s.no_text = f"the supplied text {supplied.name} does not match its fingerprint"
            problems.append(
                Problem(
                    SOURCES_FILE,
                    s.line,
                    "fingerprint",
                    f"the supplied text {supplied.name} is not the text of {sid} that its fingerprint records: a wrong edition or file?",
                    "use the same text as the maintainer (see docs/maintainers/sources-and-proofs.md)",
                    code="source-text-mismatch",
                )
            )
            continue
        if s.text is None:
            s.text, s.raw, s.means = normalised, supplied.text, "supplied text"
    return problems


def _excerpt(file: str, line: int, cells: Mapping[str, str], known: dict[str, _Source], coverage: Coverage) -> list[Problem]:
    """Verify one excerpt by every means its source allows; count it in ``coverage``."""
    coverage.excerpts += 1
    row_id, sid, excerpt = cells.get("id", ""), cells.get("source_id", ""), cells.get("excerpt", "")
    where = f"{file}:{line} {row_id}".rstrip()
    s = known.get(sid)
    if not excerpt.strip():
        coverage.unverified.append((where, "the excerpt is empty"))
        return []  # the required-cell check reports it
    if s is None:
        coverage.unverified.append((where, f"source_id {sid!r} is not in raw/sources.csv"))
        return []  # the foreign-key check reports it
    normalised = normalise(excerpt)
    verified: list[str] = []
    if s.text is not None:
        if s.occurrences is None:
            s.occurrences = Occurrences(s.text)
        if s.occurrences.find_all(normalised):
            verified.append(s.means)
        else:
            if s.index is None:
                s.index = PassageIndex(s.text, s.raw)
            near = s.index.nearest(normalised)
            # The hint locates the passage and names the words that differ; it never quotes the passage.
            closest = f"; {near.describe()}" if near else "; no passage of it is similar"
            coverage.unverified.append((where, f"not in the {s.means} of {sid}"))
            return [Problem(file, line, "excerpt", f"not found verbatim in {sid} ({s.means}){closest}", "copy the excerpt character for character from the source", code="excerpt-not-in-source")]
    problems = []
    if not s.open:
        code, why = _proof_verdict(s, row_id, excerpt)
        if not code:
            verified.append("proof")
        elif verified:
            problems.append(Problem(file, line, "excerpt", f"is in the text of {sid}, but its proof {why}: CI without the text cannot verify it", PROVE_HINT.format(sid=sid), code=code))
        else:
            reason = s.no_text or f"no text of {sid} was supplied"
            problems.append(Problem(file, line, "excerpt", f"cannot be verified: {reason}, and its proof {why}", PROVE_HINT.format(sid=sid), code=code))
    elif not verified and not s.no_text:
        # An open source whose text was refused (missing, unreadable, not matching its fingerprint) is one problem, at its
        # row of raw/sources.csv; its rows are listed unverified in the coverage report, not reported again. Without
        # such a problem (no path leads here today) the excerpt still fails: nothing passes unverified.
        problems.append(
            Problem(file, line, "excerpt", f"cannot be verified: no text of {sid} was read", f"commit the text of {sid} as {TEXT_DIR}/{sid}.txt with its fingerprint", code="excerpt-unverified")
        )
    for means in verified:
        coverage.by_means[means] += 1
    if verified:
        coverage.verified += 1
    else:
        coverage.unverified.append((where, problems[0].message if problems else s.no_text or "no means"))
    return problems


def _proof_verdict(s: _Source, row_id: str, excerpt: str) -> tuple[str, str]:
    """("", "") when the row's proof is valid; otherwise the problem code and why."""
    if not s.cells.get("text_root"):
        return "proof-missing", "is missing (the source has no text_root)"
    if not isinstance(s.proofs, ProofFile):
        return s.proofs or ("proof-missing", "is missing")
    entry = s.proofs.proofs.get(row_id)
    if entry is None:
        return "proof-missing", f"is missing (no entry for {row_id!r} in {PROOF_DIR}/{s.cells.get('id', '')}.json)"
    if not isinstance(entry, ExcerptProof):
        return "proof-invalid", f"entry {entry}"
    why = verify(entry, excerpt, s.cells.get("text_root", ""), s.proofs.word_count)
    if not why:
        return "", ""
    return ("proof-stale" if why.startswith("is stale") else "proof-invalid"), why


_TOKEN = re.compile(r"\w+")
# Word trigrams (and rare single words) occurring more often than this are too common to align on.
_COMMON = 24
# A hint locates, it does not quote: it names at most this many differences, each with at most
# QUOTED words of the source, so no passage of a copyrighted text reaches a (public) log.
DIFFERENCES = 3
QUOTED = 3


@dataclass(frozen=True)
class Nearest:
    """Where the passage most like an excerpt stands, and how the excerpt differs from it."""

    # 1-based line of the text file (a paragraph, in the one-paragraph-per-line texts) where it starts.
    line: int
    # 1-based position of its first word among the words of the text.
    word: int
    # The differences, each worded with the excerpt's words and at most QUOTED words of the source.
    differences: tuple[str, ...]
    # How many differences there are beyond those worded.
    more: int = 0

    def describe(self) -> str:
        """The hint: e.g. "the nearest passage is at line 12 (word 3,456) of the text; there the text has 'x' for 'y'"."""
        where = f"the nearest passage is at line {self.line} (word {self.word:,}) of the text"
        if not self.differences:
            return where + "; it differs only in spacing or punctuation between words"
        more = f"; and {self.more} more difference{'s' if self.more != 1 else ''}" if self.more else ""
        return f"{where}; there {'; '.join(self.differences)}{more}"


def _quoted(words: Sequence[str], limit: int = QUOTED) -> str:
    """At most ``limit`` words, quoted, with an ellipsis when more were left out."""
    shown = " ".join(words[:limit]) + (" ..." if len(words) > limit else "")
    return repr(shown)


class PassageIndex:
    """Word n-grams of one source's text, to find the passage nearest an excerpt in time linear in the excerpt."""

    def __init__(self, normalised: str, raw: str = "") -> None:
        """Index the word trigrams and words of ``normalised``; ``raw`` (the text as read, one paragraph
        per line) gives the line of each word (without it, every word is on line 1)."""
        tokens = [m.group() for m in _TOKEN.finditer(normalised)]
        # The words as written (for the differences) and lowercased (to align on).
        self.words = tokens
        lowered = [t.lower() for t in tokens]
        self.trigrams: dict[tuple[str, ...], list[int]] = {}
        self.unigrams: dict[tuple[str, ...], list[int]] = {}
        for i, token in enumerate(lowered):
            self.unigrams.setdefault((token,), []).append(i)
            if i + 3 <= len(lowered):
                self.trigrams.setdefault(tuple(lowered[i : i + 3]), []).append(i)
        # The first word index of every line of ``raw``: each line is normalised alone, as the whole
        # text is, so the counts add up to the words of the whole (a footnote marker is removed in both).
        self.line_starts: list[int] = []
        count = 0
        for text_line in raw.split("\n") if raw else []:
            self.line_starts.append(count)
            count += len(_TOKEN.findall(normalise(text_line)))

    def _line_of(self, word: int) -> int:
        return max(bisect.bisect_right(self.line_starts, word), 1)

    def nearest(self, excerpt: str, slack: int = 3) -> Nearest | None:
        """Where the text is most like ``excerpt``, and how they differ; None when nothing is alike."""
        written = _TOKEN.findall(excerpt)
        tokens = [t.lower() for t in written]
        for n, index in ((3, self.trigrams), (1, self.unigrams)):
            votes: dict[int, int] = {}
            for k in range(len(tokens) - n + 1):
                hits = index.get(tuple(tokens[k : k + n]), [])
                if len(hits) <= _COMMON:
                    for p in hits:
                        votes[p - k] = votes.get(p - k, 0) + 1
            if votes:
                best = max(votes, key=lambda a: (votes[a], -a))
                first = min(max(best - max(slack, 0), 0), len(self.words) - 1)
                last = min(max(best + len(tokens) + max(slack, 0), first + 1), len(self.words))
                return self._compare(written, first, last)
        return None

    def _compare(self, written: list[str], first: int, last: int) -> Nearest:
        """The differences between the excerpt's words and the text's words ``first:last``."""
        window = self.words[first:last]
        matcher = difflib.SequenceMatcher(None, [w.lower() for w in written], [w.lower() for w in window], autojunk=False)
        ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
        # Text before the excerpt's first word and after its last is context, not a difference.
        while ops and ops[0][1] == ops[0][2] == 0:
            ops.pop(0)
        while ops and ops[-1][1] == ops[-1][2] == len(written):
            ops.pop()
        equal = [op for op in matcher.get_opcodes() if op[0] == "equal"]
        start = first + (equal[0][3] if equal else 0)
        differences = []
        for tag, i1, i2, j1, j2 in ops[:DIFFERENCES]:
            if tag == "replace":
                differences.append(f"the text has {_quoted(window[j1:j2])} for {_quoted(written[i1:i2], 8)}")
            elif tag == "delete":
                differences.append(f"the text lacks {_quoted(written[i1:i2], 8)}")
            else:
                after = f" after {_quoted(written[i1 - 1 : i1])}" if i1 else " first"
                differences.append(f"the text has {_quoted(window[j1:j2])}{after}")
        return Nearest(self._line_of(start), start + 1, tuple(differences), max(len(ops) - DIFFERENCES, 0))


def split_source_text(value: str) -> tuple[str | None, Path]:
    """A ``--source-text`` value: ``ID=PATH`` gives (ID, PATH); a bare PATH (or a file whose name holds '=') gives (None, PATH)."""
    head, sep, tail = value.partition("=")
    if sep and re.fullmatch(ID_PATTERN, head) and not Path(value).exists():
        return head, Path(tail)
    return None, Path(value)
