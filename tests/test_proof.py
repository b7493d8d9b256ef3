"""The salted Merkle commitment and its proofs of inclusion (kuzbass_data.gate.proof), on invented text."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from kuzbass_data.gate.proof import CommittedText, leaf_hash, parse_proofs, render_proofs, verify

TEXT = "INVENTED TEST DATA. " + " ".join(f"word{i}," for i in range(37)) + " the end."


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13])
def test_every_span_of_every_tree_size_proves_and_verifies(n):
    words = [f"w{i}" for i in range(n)]
    committed = CommittedText(" ".join(words))
    for a in range(n):
        for b in range(a, n):
            for excerpt in (" ".join(words[a : b + 1]), " ".join(words[a : b + 1])[1:]):  # also from inside a word
                proof = committed.prove(excerpt)
                assert proof is not None and verify(proof, excerpt, committed.text_root, committed.word_count) == ""


def test_an_excerpt_not_in_the_text_has_no_proof():
    assert CommittedText(TEXT).prove("word3, word5,") is None


def test_a_proof_reveals_only_the_rest_of_the_edge_words():
    proof = CommittedText(TEXT).prove("rd3, word4, wo")
    assert proof is not None
    assert (proof.prefix, proof.suffix, len(proof.salts)) == ("wo", "rd5,", 3)


@pytest.mark.parametrize(
    "change",
    [
        {"start": 4},
        {"prefix": "x"},
        {"suffix": ", word6,"},
        {"salts": ("00" * 16,) * 2},
        {"siblings": ()},
        {"excerpt_sha256": "0" * 64},
    ],
)
def test_a_changed_proof_fails(change):
    committed = CommittedText(TEXT)
    proof = committed.prove("word4, word5")
    assert proof is not None
    assert verify(dataclasses.replace(proof, **change), "word4, word5", committed.text_root, committed.word_count) != ""


def test_a_false_word_count_or_another_text_fails():
    committed = CommittedText(TEXT)
    proof = committed.prove("word4, word5")
    assert proof is not None
    assert verify(proof, "word4, word5", committed.text_root, committed.word_count + 1) != ""
    assert verify(proof, "word4, word5", CommittedText(TEXT + " more").text_root, committed.word_count) != ""


def test_a_sibling_hash_does_not_let_short_words_be_guessed():
    # Without the text, the salt of an unrevealed word is unknown: hashing a guess with no
    # salt, or with a revealed neighbour's salt, never gives the committed leaf.
    committed = CommittedText("the cat sat")
    proof = committed.prove("cat")
    assert proof is not None
    left = proof.siblings[0]  # the leaf of "the"
    guesses = [leaf_hash(b"", "the").hex(), leaf_hash(bytes.fromhex(proof.salts[0]), "the").hex(), hashlib.sha256(b"the").hexdigest()]
    assert left not in guesses


def test_the_proofs_file_round_trips_and_refuses_bad_files():
    committed = CommittedText(TEXT)
    proof = committed.prove("word4, word5")
    assert proof is not None
    parsed = parse_proofs(render_proofs("invented", committed, {"row-a": proof}).encode("utf-8"))
    assert not isinstance(parsed, str) and parsed.proofs == {"row-a": proof} and parsed.word_count == committed.word_count
    assert isinstance(parse_proofs(b"[" * 100_000), str)
    assert isinstance(parse_proofs(b"{}"), str)
    bad_entry = parse_proofs(render_proofs("invented", committed, {"row-a": proof}).replace('"start": ', '"start": "').replace(', "prefix"', '", "prefix"').encode("utf-8"))
    assert not isinstance(bad_entry, str) and isinstance(bad_entry.proofs["row-a"], str)


def test_a_proof_that_reveals_a_whole_further_word_is_refused_though_it_leads_to_the_root():
    # A prover with the text can build a valid path for a longer span; the verifier still refuses
    # to let the proof carry a whole word beyond the excerpt.
    committed = CommittedText(TEXT)
    longer = committed.prove("word4, word5, word6,")
    assert longer is not None
    shown = dataclasses.replace(longer, suffix=" word6,", excerpt_sha256=hashlib.sha256(b"word4, word5,").hexdigest())
    assert "reveals more" in verify(shown, "word4, word5,", committed.text_root, committed.word_count)


def test_salts_depend_on_the_whole_text():
    # Texts that differ only in their last word give every word other salts, so salts learnt
    # from one text's proofs, or computed without the text, fit no other text.
    a, b = CommittedText(TEXT), CommittedText(TEXT.replace("the end.", "the end!"))
    proof_a, proof_b = a.prove("word0,"), b.prove("word0,")
    assert proof_a is not None and proof_b is not None
    assert proof_a.salts != proof_b.salts
