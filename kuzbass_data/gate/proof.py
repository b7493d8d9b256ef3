"""Proofs that an excerpt occurs in a source, checkable without the source's text.

A copyrighted source's text never enters the repository. Instead its maintainer, who
holds the text, commits to it: the words of the normalised text (``source_text``) are
the leaves of a Merkle tree, and ``text_root`` (in raw/sources.csv) is the hash of the
tree's root and its number of words. For every excerpt the maintainer writes a proof
of inclusion (``proofs/<source_id>.json``): where the excerpt's words stand, the rest of
the two words at its edges when it starts or ends inside a word, the salts of its words
and the sibling hashes that lead to the root. Anyone can verify a proof with no text.

Salts: leaf i is ``SHA-256(0x00 || salt_i || word_i)`` with ``salt_i = HMAC-SHA-256(K, i)``
cut to 16 bytes, and ``K = HMAC-SHA-256("kuzbass-data salt key 1", text)`` over the whole
normalised text. Without the text K is unknown, so the hash of a word outside a proof
cannot be tested against guesses ("the", "1932"): each guess would need the 128-bit salt.
With the text anyone recomputes K, every salt and the root, so a second holder of the
text can check the maintainer's commitment. Revealed salts (those of the excerpt's own
words) say nothing about the others: HMAC is a pseudo-random function.

The tree: leaves in text order; each level pairs neighbours as ``SHA-256(0x01 || left || right)``,
an odd last node moves up unchanged. ``text_root = SHA-256(0x02 || words as 8 bytes || top)``.
The 0x00/0x01/0x02 prefixes keep a leaf, a node and the root from being passed off as each other.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass

from ..source_text import fingerprint, normalise, words

FORMAT = "kuzbass-data excerpt proofs 1"
_SALT_KEY = b"kuzbass-data salt key 1"
SALT_BYTES = 16
# A proof may reveal at most the rest of one word at each edge, and a word is never longer than this.
MAX_EDGE = 60
# Bounds on what a proofs file may hold, so that a hostile file cannot make the check slow.
MAX_FILE_BYTES = 4_000_000
MAX_WORDS = 2**31
MAX_SPAN = 160  # an excerpt has at most 200 characters, so at most 101 words
MAX_SIBLINGS = 2 * 32
_HEX = re.compile(r"[0-9a-f]+")


def _h(*parts: bytes) -> bytes:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


def salt_key(normalised: str) -> bytes:
    """The key every salt of this text derives from; computable only with the whole text."""
    return hmac.new(_SALT_KEY, normalised.encode("utf-8"), hashlib.sha256).digest()


def leaf_salt(key: bytes, index: int) -> bytes:
    """The salt of the word at ``index`` (from 0)."""
    return hmac.new(key, index.to_bytes(8, "big"), hashlib.sha256).digest()[:SALT_BYTES]


def leaf_hash(salt: bytes, word: str) -> bytes:
    """The hash of one salted word: a leaf of the tree."""
    return _h(b"\x00", salt, word.encode("utf-8"))


def _node(left: bytes, right: bytes) -> bytes:
    return _h(b"\x01", left, right)


def _root(top: bytes, n: int) -> str:
    return _h(b"\x02", n.to_bytes(8, "big"), top).hex()


@dataclass(frozen=True)
class ExcerptProof:
    """The proof that one excerpt occurs in a committed text."""

    # SHA-256 (hex) of the normalised excerpt: a changed excerpt makes its proof stale.
    excerpt_sha256: str
    # Index (from 0) of the first word of the text that the excerpt touches.
    start: int
    # The part of that first word before the excerpt begins ("" when it begins at a word).
    prefix: str
    # The part of the last word after the excerpt ends ("." after "in 1932").
    suffix: str
    # Salts (hex) of the words from ``start`` on, one per word of prefix + excerpt + suffix.
    salts: tuple[str, ...]
    # Hashes (hex) of the sibling nodes, level by level from the leaves, left before right.
    siblings: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        """The proof as a JSON object."""
        return {
            "excerpt_sha256": self.excerpt_sha256,
            "start": self.start,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "salts": list(self.salts),
            "siblings": list(self.siblings),
        }


class CommittedText:
    """A normalised text with its Merkle tree: what ``prove`` needs to write proofs."""

    def __init__(self, text: str) -> None:
        """Normalise ``text`` and build the tree over its words."""
        # The normalised text; its words are the leaves.
        self.normalised = normalise(text)
        # SHA-256 of the normalised text.
        self.fingerprint = fingerprint(self.normalised)
        self._words = words(self.normalised)
        key = salt_key(self.normalised)
        self._salts = [leaf_salt(key, i) for i in range(len(self._words))]
        level = [leaf_hash(s, w) for s, w in zip(self._salts, self._words, strict=True)]
        self._levels = [level]
        while len(level) > 1:
            level = [_node(level[i], level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
            self._levels.append(level)
        # The commitment recorded in raw/sources.csv.
        self.text_root = _root(level[0] if level else _h(b""), len(self._words))

    @property
    def word_count(self) -> int:
        """Number of words (leaves)."""
        return len(self._words)

    def prove(self, excerpt: str) -> ExcerptProof | None:
        """The proof for ``excerpt``, or None when it does not occur in the text."""
        ex = normalise(excerpt)
        pos = self.normalised.find(ex) if ex else -1
        if pos < 0:
            return None
        text, end = self.normalised, pos + len(ex)
        word_start = text.rfind(" ", 0, pos) + 1
        word_end = text.find(" ", end)
        word_end = len(text) if word_end < 0 else word_end
        lo = text.count(" ", 0, pos)
        hi = lo + ex.count(" ")
        siblings = []
        a, b = lo, hi
        for level in self._levels[:-1]:
            if a % 2 == 1:
                siblings.append(level[a - 1].hex())
            if b % 2 == 0 and b + 1 < len(level):
                siblings.append(level[b + 1].hex())
            a, b = a // 2, b // 2
        return ExcerptProof(
            excerpt_sha256=hashlib.sha256(ex.encode("utf-8")).hexdigest(),
            start=lo,
            prefix=text[word_start:pos],
            suffix=text[end:word_end],
            salts=tuple(s.hex() for s in self._salts[lo : hi + 1]),
            siblings=tuple(siblings),
        )


def verify(proof: ExcerptProof, excerpt: str, text_root: str, word_count: int) -> str:
    """Why ``proof`` does not show that ``excerpt`` occurs in the text committed to by ``text_root``; "" when it does.

    ``word_count`` comes from the proofs file; ``text_root`` binds it, so a false count fails.
    """
    ex = normalise(excerpt)
    if hashlib.sha256(ex.encode("utf-8")).hexdigest() != proof.excerpt_sha256:
        return "is stale: the excerpt has changed since the proof was written"
    if " " in proof.prefix or " " in proof.suffix or len(proof.prefix) > MAX_EDGE or len(proof.suffix) > MAX_EDGE:
        return "reveals more than the rest of one word at an edge of the excerpt"
    span = words(proof.prefix + ex + proof.suffix)
    if not ex or len(span) != len(proof.salts) or not 0 <= proof.start <= word_count - len(span):
        return "does not fit the excerpt or the text (word positions or salt count)"
    try:
        nodes = [leaf_hash(bytes.fromhex(s), w) for s, w in zip(proof.salts, span, strict=True)]  # a salt count that does not fit: ValueError, below
        siblings = [bytes.fromhex(s) for s in proof.siblings]
    except ValueError:
        return "holds a salt or hash that is not hexadecimal"
    lo, hi, size = proof.start, proof.start + len(span) - 1, word_count
    while size > 1:
        if lo % 2 == 1:
            if not siblings:
                return "has too few sibling hashes"
            nodes.insert(0, siblings.pop(0))
            lo -= 1
        if hi % 2 == 0 and hi + 1 < size:
            if not siblings:
                return "has too few sibling hashes"
            nodes.append(siblings.pop(0))
            hi += 1
        nodes = [_node(nodes[i], nodes[i + 1]) if i + 1 < len(nodes) else nodes[i] for i in range(0, len(nodes), 2)]
        lo, hi, size = lo // 2, hi // 2, (size + 1) // 2
    if siblings or len(nodes) != 1:
        return "has sibling hashes left over"
    if not hmac.compare_digest(_root(nodes[0], word_count), text_root):
        return "does not lead to the source's text_root: the words are not in the committed text at that place"
    return ""


@dataclass
class ProofFile:
    """The parsed ``proofs/<source_id>.json``."""

    # The source the proofs are for.
    source_id: str
    # The fingerprint of the text the proofs were made from.
    fingerprint: str
    # The text_root the proofs lead to.
    text_root: str
    # Number of words of the committed text.
    word_count: int
    # Per row id: the proof, or why the entry cannot be read.
    proofs: dict[str, ExcerptProof | str]

    def render(self) -> str:
        """The file as ``prove`` writes it, with the entries that can be read."""
        good = {k: v for k, v in self.proofs.items() if isinstance(v, ExcerptProof)}
        return render_file(self.source_id, self.fingerprint, self.text_root, self.word_count, good)


def render_proofs(source_id: str, committed: CommittedText, proofs: dict[str, ExcerptProof]) -> str:
    """The proofs file: stable key order, one line per row id, so a review diff shows one line per changed row."""
    return render_file(source_id, committed.fingerprint, committed.text_root, committed.word_count, proofs)


def render_file(source_id: str, fp: str, root: str, count: int, proofs: dict[str, ExcerptProof]) -> str:
    """The proofs file of ``source_id`` from its parts: the one form a proofs file may have."""
    head = {"format": FORMAT, "source_id": source_id, "fingerprint": fp, "text_root": root, "words": count}
    lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()] + ['  "proofs": {']
    entries = [f"    {json.dumps(row_id)}: {json.dumps(proofs[row_id].as_json(), ensure_ascii=False)}" for row_id in sorted(proofs)]
    lines += [",\n".join(entries)] if entries else []
    return "\n".join([*lines, "  }", "}", ""])


def _hexes(value: object, length: int, limit: int) -> tuple[str, ...] | None:
    if not isinstance(value, list) or len(value) > limit:
        return None
    if not all(isinstance(x, str) and len(x) == length and _HEX.fullmatch(x) for x in value):
        return None
    return tuple(value)


# The keys of a proofs file and of each of its entries: exactly these, no other (a strict schema,
# so a proofs file can carry nothing but proofs: no text of the source in an extra key).
FILE_KEYS = ("format", "source_id", "fingerprint", "text_root", "words", "proofs")
ENTRY_KEYS = ("excerpt_sha256", "start", "prefix", "suffix", "salts", "siblings")


class _DuplicateKeyError(ValueError):
    """A JSON object names one key twice: the reader would keep one and hide the other."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        duplicate = next(k for k in keys if keys.count(k) > 1)
        raise _DuplicateKeyError(duplicate)
    return dict(pairs)


def _keys(value: dict[str, object], expected: tuple[str, ...]) -> str:
    """Why the object's keys are not exactly ``expected``; "" when they are."""
    unknown = sorted(set(value) - set(expected))
    missing = [k for k in expected if k not in value]
    if unknown:
        return f"has the unknown key {unknown[0][:40]!r}" + (f" and {len(unknown) - 1} more" if len(unknown) > 1 else "")
    if missing:
        return f"lacks the key {missing[0]!r}"
    return ""


def _entry(value: object) -> ExcerptProof | str:
    if not isinstance(value, dict):
        return "is not a JSON object"
    wrong = _keys(value, ENTRY_KEYS)
    if wrong:
        return wrong
    excerpt_hash, start, prefix, suffix = (value.get(k) for k in ("excerpt_sha256", "start", "prefix", "suffix"))
    salts = _hexes(value.get("salts"), 2 * SALT_BYTES, MAX_SPAN)
    siblings = _hexes(value.get("siblings"), 64, MAX_SIBLINGS)
    if not (isinstance(excerpt_hash, str) and len(excerpt_hash) == 64 and _HEX.fullmatch(excerpt_hash)):
        return "has no valid excerpt_sha256"
    if type(start) is not int or not isinstance(prefix, str) or not isinstance(suffix, str):
        return "has no valid start, prefix or suffix"
    # Checked here, not only when the proof is verified: an entry that no row uses must not carry text either.
    if any(ch.isspace() for ch in prefix + suffix) or len(prefix) > MAX_EDGE or len(suffix) > MAX_EDGE:
        return "has a prefix or suffix longer than the rest of one word"
    if salts is None or siblings is None:
        return "has no valid list of salts or siblings"
    return ExcerptProof(excerpt_hash, start, prefix, suffix, salts, siblings)


def parse_proofs(data: bytes) -> ProofFile | str:
    """The proofs file parsed, or why it cannot be used (one line, never its content).

    The schema is strict: exactly the keys ``prove`` writes (FILE_KEYS, and ENTRY_KEYS in every
    entry), no key twice, and the file in the very form ``prove`` writes it, so that nothing but
    the proofs (no text, no padding) can be committed in it.
    """
    if len(data) > MAX_FILE_BYTES:
        return f"is larger than {MAX_FILE_BYTES:,} bytes"
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_unique_keys)
    except _DuplicateKeyError as err:
        return f"names the key {str(err)[:40]!r} twice in one object"
    except (UnicodeDecodeError, ValueError, RecursionError):
        return "is not valid UTF-8 JSON"
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        return f"is not a proofs file (its 'format' must be {FORMAT!r})"
    wrong = _keys(value, FILE_KEYS)
    if wrong:
        return wrong
    source_id, fp, root, count, proofs = (value.get(k) for k in ("source_id", "fingerprint", "text_root", "words", "proofs"))
    if not isinstance(source_id, str) or not isinstance(fp, str) or not isinstance(root, str):
        return "lacks source_id, fingerprint or text_root"
    if type(count) is not int or not 0 < count <= MAX_WORDS or not isinstance(proofs, dict):
        return "lacks a valid word count or the 'proofs' object"
    entries = {str(k): _entry(v) for k, v in proofs.items()}
    good = {k: v for k, v in entries.items() if isinstance(v, ExcerptProof)}
    # An entry that cannot be read fails its row (or is orphaned); every readable file must be byte for
    # byte what `prove` writes, so that not even spacing can carry anything else.
    if len(good) == len(entries) and render_file(source_id, fp, root, count, good).encode("utf-8") != data:
        return "is not in the form `prove` writes (spacing, key order or escapes differ)"
    return ProofFile(source_id, fp, root, count, entries)
