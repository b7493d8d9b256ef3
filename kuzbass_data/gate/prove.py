"""The ``prove`` command: commit to a source's text and write the proofs of its excerpts.

Run by someone who holds the text. For each source it records the text's fingerprint,
``text_root`` and footnote count in raw/sources.csv and writes ``proofs/<source_id>.json`` with one proof per
row that cites the source (see ``kuzbass_data.gate.proof``). The text itself is never written.

A source whose recorded fingerprint differs from the text's keeps its identity unless
``replace`` (``--reidentify``, alias ``--replace``) is given: re-identifying a published source
is a maintainer's act with the text in hand, and a breaking change that ``validate --base``
reports as ``source-identity-changed``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

from ..paths import PROOF_DIR, raw_file
from ..schema import ALL_TABLES
from ..schema.tables import ID_PATTERN
from ..schema.vocabularies import OPEN_LICENCES
from ..source_text import SuppliedText, footnote_count
from .proof import CommittedText, ExcerptProof, render_proofs, verify
from .rowdata import Row, read_rows

# The sources table, whose fingerprint and footnote cells prove records.
SOURCES_CSV = raw_file("sources")


class ProveError(Exception):
    """Nothing was written: the one-line reason."""


def _read_csv(path: Path, rel: str) -> tuple[list[str], list[Row], str]:
    """Header, rows with their physical line (``rowdata.read_rows``), and the file's text; ProveError when it cannot be read."""
    if path.is_symlink() or not path.is_file():
        raise ProveError(f"{rel} is missing or not a regular file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ProveError(f"{rel} cannot be read ({err}): run `kuzbass-data validate` first") from None
    header, rows, broken = read_rows(text)
    if broken:
        raise ProveError(f"{rel}:{broken[0][0]}: {broken[0][1]}: run `kuzbass-data validate` first")
    return header, rows, text


def _render_csv(header: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _excerpt_rows(root: Path, source_id: str) -> list[tuple[str, int, dict[str, str]]]:
    """(file, line, cells) of every data row that cites ``source_id``."""
    found = []
    for table in ALL_TABLES:
        if table.kind != "data":
            continue
        rel = raw_file(table.name)
        _, rows, _ = _read_csv(root / rel, rel)
        found += [(rel, line, row) for line, row in rows if row.get("source_id") == source_id and row.get("excerpt", "").strip()]
    return found


def prove(root: Path, texts: Sequence[SuppliedText], *, replace: bool = False) -> tuple[list[str], bool]:
    """Prove the excerpts of each supplied text's source; the report lines, and False when an excerpt is not in its text."""
    header, sources, original = _read_csv(root / SOURCES_CSV, SOURCES_CSV)
    if _render_csv(header, [row for _, row in sources]) != original:
        raise ProveError(f"{SOURCES_CSV} is not in the form `prove` writes back (quoting or line ends differ); nothing was written")
    if "fingerprint" not in header or "text_root" not in header:
        raise ProveError(f"{SOURCES_CSV} lacks the columns fingerprint and text_root")
    by_id = {row["id"]: row for _, row in sources}
    by_fingerprint: dict[str, list[str]] = {}
    for _, row in sources:
        if row.get("fingerprint"):
            by_fingerprint.setdefault(row["fingerprint"], []).append(row["id"])
    lines: list[str] = []
    ok = True
    outputs: dict[Path, str] = {}
    for supplied in texts:
        committed = CommittedText(supplied.text)
        matched = by_fingerprint.get(committed.fingerprint, [])
        if supplied.source_id is None and len(matched) != 1:
            which = "no source" if not matched else f"{len(matched)} sources ({', '.join(matched)})"
            raise ProveError(f"the text {supplied.name} matches the fingerprint of {which}: name its source with --source-text ID=PATH")
        sid = supplied.source_id or matched[0]
        if not re.fullmatch(ID_PATTERN, sid) or sid not in by_id:
            raise ProveError(f"source {sid} is not in {SOURCES_CSV}: add its row first")
        row = by_id[sid]
        if row.get("fingerprint") and row["fingerprint"] != committed.fingerprint:
            if not replace:
                raise ProveError(
                    f"the text {supplied.name} is not the text of {sid} that its fingerprint records (a different edition or file?); "
                    "a maintainer passes --replace (--reidentify) only if the source's text itself is to change: a breaking change"
                )
            lines.append(
                f"{sid}: RE-IDENTIFIED: its fingerprint and text_root now name another text. This is a breaking change: "
                "bump the major version, and expect `validate --base` to report source-identity-changed until a maintainer merges it"
            )
        row["fingerprint"], row["text_root"] = committed.fingerprint, committed.text_root
        if "footnotes" in header:
            # The footnotes the text marks: a row citing one beyond them is refused without the text.
            count = footnote_count(supplied.text)
            row["footnotes"] = str(count) if count is not None else ""
        proofs: dict[str, ExcerptProof] = {}
        excerpts = _excerpt_rows(root, sid)
        for file, line, cells in excerpts:
            proof = committed.prove(cells["excerpt"])
            if proof is None:
                lines.append(f"{file}:{line}: excerpt: not found in {supplied.name}; no proof written for {cells.get('id', '')}")
                ok = False
            elif cells.get("id", "") in proofs:
                lines.append(f"{file}:{line}: id: {cells.get('id', '')} is used twice; only its first row is proved")
                ok = False
            elif verify(proof, cells["excerpt"], committed.text_root, committed.word_count):
                raise ProveError(f"internal check failed for the proof of {cells.get('id', '')}")  # cannot happen: the proof was just made
            else:
                proofs[cells.get("id", "")] = proof
        if row.get("licence") in OPEN_LICENCES:
            lines.append(f"{sid}: open text: recorded its fingerprint and text_root; its {len(excerpts)} excerpts are checked against sources/{sid}.txt, so no proofs are written")
            continue
        target = root / PROOF_DIR / f"{sid}.json"
        if (root / PROOF_DIR).is_symlink() or target.is_symlink():
            raise ProveError(f"{PROOF_DIR}/{sid}.json or its folder is a symbolic link: refused")
        outputs[target] = render_proofs(sid, committed, proofs)
        lines.append(f"{sid}: {len(proofs)} of {len(excerpts)} excerpts proved in {PROOF_DIR}/{sid}.json ({len(outputs[target].encode('utf-8')):,} bytes); fingerprint and text_root recorded")
    for target, content in outputs.items():
        target.parent.mkdir(exist_ok=True)
        if not target.is_file() or target.read_text(encoding="utf-8") != content:
            target.write_text(content, encoding="utf-8")
    updated = _render_csv(header, [row for _, row in sources])
    if updated != original:
        (root / SOURCES_CSV).write_text(updated, encoding="utf-8")
        lines.append(f"wrote {SOURCES_CSV}: now run `kuzbass-data build && kuzbass-data docs`")
    return lines, ok
