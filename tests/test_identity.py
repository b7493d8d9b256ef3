"""Identity checks (one fact one row, distinct ids and labels, one unit per measure) and conflict-kind rules."""

from __future__ import annotations

import random

import pytest

from kuzbass_data.gate import identity
from kuzbass_data.gate.conflicts import KIND_RULES, check_conflicts
from kuzbass_data.gate.identity import check_identity, lookalike_ids
from kuzbass_data.gate.semantics import check_semantics

PERIOD = {"period_start": "", "period_end": "", "period_precision": "", "season": "", "period_relation": ""}


def data_row(row_id: str, value: str = "60", **cells: str) -> dict[str, str]:
    base = {
        "id": row_id,
        "measure": "share_assigned_to_mines",
        "group": "pows_and_internees",
        "place": "kuzbass",
        **PERIOD,
        "value": value,
        "value_low": "",
        "value_high": "",
        "unit": "percent",
        "qualifier": "approximate",
        "status": "outcome",
        "source_id": "landau-2015",
        "footnote": "52",
        "locator": "",
        "excerpt": "About 60 per cent of them were assigned to work in the mines.",
        "note": "",
    }
    return {**base, **cells}


SOURCE = {"id": "landau-2015", "citation": "Landau 2015", "licence_note": "facts only"}
VALID_POWS = [
    (2, data_row("pows-assigned-to-mines")),
    (
        3,
        data_row(
            "pows-able-to-work-1946",
            "50",
            measure="share_able_to_work",
            qualifier="exact",
            period_start="1946",
            period_end="1946",
            period_precision="year",
            excerpt="Only one-half of the POWs were able to work in 1946.",
        ),
    ),
    (
        4,
        data_row(
            "pows-able-to-work-1948",
            "90",
            measure="share_able_to_work",
            qualifier="almost",
            period_start="1948",
            period_end="1948",
            period_precision="year",
            excerpt="Now almost 90 per cent of prisoners were designated “able to work”.",
        ),
    ),
]


def tables(*extra: tuple[int, dict[str, str]], sources: list[dict[str, str]] | None = None, conflicts: list[dict[str, str]] | None = None) -> dict:
    return {
        "sources": [(2, s) for s in (sources or [SOURCE])],
        "prisoners_of_war": [*VALID_POWS, *extra],
        "conflicts": [(i + 2, c) for i, c in enumerate(conflicts or [])],
    }


def codes(t: dict) -> list[str]:
    return [p.code for p in check_identity(t) + check_conflicts(t)]


def test_valid_rows_pass_and_a_series_of_years_is_no_lookalike():
    assert codes(tables()) == []
    assert check_semantics(tables()).problems == []


@pytest.mark.parametrize(
    ("case", "extra", "code"),
    [
        ("a row copied under a new id", data_row("pows-sent-to-the-mines"), "duplicate-fact"),
        ("a copy with a shorter, overlapping excerpt", data_row("pows-in-mines", excerpt="About 60 per cent of them were assigned"), "duplicate-fact"),
        ("a look-alike id with a digit zero", data_row("pows-assigned-t0-mines", "61", group="internees", excerpt="61 per cent, invented"), "lookalike-id"),
        ("a look-alike id with two digit look-alikes", data_row("pows-assigned-t0-m1nes", "61", group="internees", excerpt="61 per cent, invented"), "lookalike-id"),
        ("a look-alike id one letter longer", data_row("pows-assigned-to-mine", "61", group="internees", excerpt="61 per cent, invented"), "lookalike-id"),
        ("'rn' for 'm'", data_row("pows-assigned-to-rnines", "61", group="internees", excerpt="61 per cent, invented"), "lookalike-id"),
        ("'vv' for 'w'", data_row("povvs-assigned-to-mines", "61", group="internees", excerpt="61 per cent, invented"), "lookalike-id"),
        ("'cl' for 'd'", data_row("pows-assignecl-to-mines", "61", group="internees", excerpt="61 per cent, invented"), "lookalike-id"),
        ("'c1' for 'd'", data_row("pows-assignec1-to-mines", "61", group="internees", excerpt="61 per cent, invented"), "lookalike-id"),
        ("a Cyrillic 'о' for 'o'", data_row("pows-assigned-t\u043e-mines", "61", group="internees", excerpt="61 per cent, invented"), "lookalike-id"),
        ("a Greek 'ν' for 'v' and an en dash", data_row("pows-able-to-work\u20131946".replace("v", "\u03bd"), "61", group="internees", excerpt="61 per cent, invented"), "lookalike-id"),
        ("two rows a reader cannot tell apart", data_row("pows-assigned-again", "61", excerpt="61 per cent, invented"), "duplicate-label"),
        (
            "one measure in two units",
            data_row("pows-able-to-work-1947", "0.5", measure="share_able_to_work", unit="fraction", period_start="1947", period_end="1947", period_precision="year", excerpt="one-half, invented"),
            "measure-units-differ",
        ),
    ],
)
def test_one_identity_break(case, extra, code):
    assert codes(tables((9, extra))) == [code]


def test_rows_read_alike_whatever_words_they_mark() -> None:
    # value_text, period_text and status_text are where the excerpt states the number, its period and
    # its status; the label a reader sees is the same whatever they hold, so they tell no rows apart.
    marked = [(line, {**row, "value_text": f"{row['value']} per cent", "period_text": "", "status_text": ""}) for line, row in VALID_POWS]
    again = {**data_row("pows-assigned-again", "61", excerpt="61 per cent, invented"), "value_text": "61 per cent", "period_text": "", "status_text": ""}
    found = check_identity({"sources": [(2, SOURCE)], "prisoners_of_war": [*marked, (9, again)]})
    assert [(p.line, p.code) for p in found] == [(9, "duplicate-label")]


def test_a_row_without_a_measure_does_not_end_the_unit_check() -> None:
    # A row whose measure is empty (the cell checks report it) is skipped; the rows after it are still checked.
    unmeasured = data_row("pows-unmeasured", "61", measure="", group="internees", excerpt="61 per cent, invented")
    fraction = data_row("pows-able-to-work-1947", "0.5", measure="share_able_to_work", unit="fraction", period_start="1947", period_end="1947", period_precision="year", excerpt="one-half, invented")
    found = check_identity(tables((5, unmeasured), (9, fraction)))
    assert [(p.line, p.code) for p in found] == [(9, "measure-units-differ")]


def test_the_problem_points_at_the_later_row_and_names_the_earlier():
    (problem,) = check_identity(tables((9, data_row("pows-sent-to-the-mines"))))
    assert (problem.file, problem.line, problem.code) == ("raw/prisoners_of_war.csv", 9, "duplicate-fact")
    assert "pows-assigned-to-mines" in problem.message
    assert "raw/prisoners_of_war.csv:2" in problem.message  # where the earlier row is


def test_a_measure_is_its_tables_own() -> None:
    # Each table has its own measure vocabulary: the same measure name in another table, in
    # another unit, is another measure, not one measure in two units.
    other = data_row("workforce-able-to-work-1947", "0.5", measure="share_able_to_work", unit="fraction", excerpt="one-half, invented")
    assert codes({**tables(), "workforce": [(2, other)]}) == []


def test_a_data_row_whose_id_is_a_sources_id():
    found = check_identity(tables((9, data_row("landau-2015", "61", group="internees", excerpt="61 per cent, invented"))))
    # Reported once, at the row that reuses the source's id, naming the source's line.
    assert [(p.code, p.file) for p in found] == [("duplicate-id", "raw/prisoners_of_war.csv")]
    assert "raw/sources.csv:" in found[0].message


def test_a_conflict_id_reused_by_a_row():
    conflict = {"id": "pows-able-to-work-1946", "kind": "change_over_time", "members": "pows-able-to-work-1946; pows-able-to-work-1948", "explanation": "x"}
    assert {p.code for p in check_identity(tables(conflicts=[conflict]))} == {"duplicate-id"}


def test_lookalikes_are_found_by_buckets_not_all_pairs():
    # Thousands of ids: only the planted look-alike pair is reported.
    rows = {"t": [(i + 2, {"id": f"series-{i:05d}"}) for i in range(3000)]}
    rows["t"].append((9999, {"id": "series-0001o"}))  # a letter o for the digit zero of series-00010
    found = lookalike_ids(rows)
    # Only the planted id is reported: against series-00010 (o for 0) and the nine ids one letter-for-digit away.
    assert {(p.line, p.code) for p in found} == {(9999, "lookalike-id")}
    assert any("'series-00010'" in p.message for p in found) and len(found) == 10


# --- conflict kinds ------------------------------------------------------------------------


def conflict(kind: str, members: str) -> dict[str, str]:
    return {"id": "conflict-test", "kind": kind, "members": members, "explanation": "invented"}


EQUAL_PAIR = (9, data_row("camp-525-share", measure="share_assigned_to_mines", group="internees", excerpt="60 per cent, invented"))
SENT = (10, data_row("pows-sent", "26000", measure="share_put_to_work", unit="people", qualifier="more_than", value_low="26000", excerpt="26,000 invented"))
PLAN = (11, data_row("pows-plan", "70", measure="share_assigned_to_mines", status="plan", group="pows", excerpt="a plan of 70 per cent, invented"))
PLAN_2 = (13, data_row("pows-plan-2", "75", measure="share_assigned_to_mines", status="plan", group="internees", excerpt="a plan of 75 per cent, invented"))
_ABLE_1946 = {"measure": "share_able_to_work", "period_start": "1946", "period_end": "1946", "period_precision": "year", "excerpt": "invented"}
LONGER = (14, data_row("pows-able-to-work-1946-1947", "70", **{**_ABLE_1946, "period_end": "1947"}))
SUMMER = (15, data_row("pows-able-to-work-1946-summer", "70", **{**_ABLE_1946, "period_precision": "season", "season": "summer"}))
AFTER = (16, data_row("pows-able-to-work-after-1946", "70", **{**_ABLE_1946, "period_end": "", "period_relation": "after"}))
DERIVED = (12, data_row("pows-growth", "2", measure="growth", unit="factor", status="derived", excerpt="twice, invented"))


@pytest.mark.parametrize(
    ("kind", "members", "extra", "ok"),
    [
        ("contradiction", "pows-able-to-work-1946; pows-able-to-work-1948", (), True),
        ("contradiction", "pows-assigned-to-mines; camp-525-share", (EQUAL_PAIR,), False),  # equal numbers in one unit
        ("contradiction", "pows-assigned-to-mines; pows-sent", (SENT,), False),  # different measures
        ("plan_vs_outcome", "pows-plan; pows-assigned-to-mines", (PLAN,), True),
        ("plan_vs_outcome", "pows-able-to-work-1946; pows-assigned-to-mines", (), False),  # no plan
        ("plan_vs_outcome", "pows-plan; pows-plan-2", (PLAN, PLAN_2), False),  # no outcome
        ("repeated_statement", "pows-assigned-to-mines", (), True),
        ("repeated_statement", "pows-assigned-to-mines; camp-525-share", (EQUAL_PAIR,), True),
        ("repeated_statement", "pows-able-to-work-1946; pows-able-to-work-1948", (), False),
        ("change_over_time", "pows-able-to-work-1946; pows-able-to-work-1948", (), True),
        ("change_over_time", "pows-assigned-to-mines; camp-525-share", (EQUAL_PAIR,), False),
        ("change_over_time", "pows-able-to-work-1946; pows-able-to-work-1946-1947", (LONGER,), True),  # periods differ only in their end
        ("change_over_time", "pows-able-to-work-1946; pows-able-to-work-1946-summer", (SUMMER,), True),  # ... only in the season
        ("change_over_time", "pows-able-to-work-1946; pows-able-to-work-after-1946", (AFTER,), True),  # ... only in the relation
        ("inconsistent_derivation", "pows-growth; pows-assigned-to-mines", (DERIVED,), True),
        ("inconsistent_derivation", "pows-able-to-work-1946; pows-assigned-to-mines", (), False),
        ("different_scope", "pows-able-to-work-1946; pows-assigned-to-mines", (), True),
        ("different_scope", "pows-assigned-to-mines", (), False),
        ("possible_overlap", "pows-able-to-work-1946; pows-assigned-to-mines", (), True),
        ("possible_overlap", "pows-assigned-to-mines", (), False),
    ],
)
def test_each_kind_rule(kind, members, extra, ok):
    found = check_conflicts(tables(*extra, conflicts=[conflict(kind, members)]))
    assert [p.code for p in found] == ([] if ok else ["conflict-kind-mismatch"])
    assert all((p.file, p.line, p.column) == ("raw/conflicts.csv", 2, "kind") and p.hint for p in found)


def test_every_kind_of_the_vocabulary_has_a_rule():
    from kuzbass_data.schema.vocabularies import CONFLICT_KIND

    assert set(KIND_RULES) == set(CONFLICT_KIND.terms)


def test_a_member_listed_twice():
    found = check_conflicts(tables(conflicts=[conflict("different_scope", "pows-assigned-to-mines; pows-able-to-work-1946; pows-assigned-to-mines")]))
    assert [p.code for p in found] == ["conflict-member-repeated"]


def test_unknown_members_are_left_to_the_key_checks():
    assert check_conflicts(tables(conflicts=[conflict("contradiction", "pows-assigned-to-mines; no-such-row")])) == []


def _pairs(ids: list[str]) -> list[str]:
    return sorted(p.message for p in lookalike_ids({"t": [(n, {"id": i}) for n, i in enumerate(ids, 2)]}))


def test_the_hashing_prefilter_keeps_every_lookalike_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    # Ids from a few letters and digits: many one edit apart (substituted, inserted, deleted,
    # doubled letters, a series of digits), some only after a non-ASCII character or a NUL.
    rng = random.Random(1931)
    ids = list(dict.fromkeys(f"set-{''.join(rng.choices('ab1l0o', k=rng.randint(1, 7)))}" for _ in range(1500)))
    ids += ["set-ab\x00", "set-ab", "set-аb", "set-abé", "set-abe"]
    monkeypatch.setattr(identity, "PREFILTER_FROM", 10**9)
    without = _pairs(ids)
    monkeypatch.setattr(identity, "PREFILTER_FROM", 0)
    assert _pairs(ids) == without and len(without) > 1000


def test_the_prefilter_leaves_only_ids_that_may_be_one_edit_apart() -> None:
    rng = random.Random(1936)
    distinct = sorted({f"register-{''.join(rng.choices('abcdefghjkmnpqrtuvwxy', k=12))}" for _ in range(3000)})
    assert identity._may_share_a_variant(distinct) == []
    planted = [*distinct, distinct[0] + "x", "r" + distinct[1][1:]]  # one inserted letter, one substituted
    assert set(identity._may_share_a_variant(planted)) == {distinct[0], distinct[0] + "x", distinct[1], "r" + distinct[1][1:]}


def test_an_ascii_id_needs_no_folding_of_other_scripts() -> None:
    # The skeleton of an ASCII id skips NFKC and the table of other scripts' letters: none of its keys is ASCII.
    assert not [key for key in identity.UNICODE_LOOKALIKES if key < 128]
    assert identity.skeleton("Kuzbass-1O32") == identity.skeleton("kuzbass-1032") == "kuzbass-lo3z"
