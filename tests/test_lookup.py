"""Row lookup (kd.row, `get`), search (kd.search, `search`) and the tidy series (kd.series)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import kuzbass_data as kd
import kuzbass_data.loader
from kuzbass_data import aliases, lookup
from kuzbass_data.cli import main


def test_row_from_a_data_table_carries_its_provenance_and_conflicts():
    row = kd.row("kuzbass-1932-plan")
    assert row.table == "coal_output" and row.cells["status"] == "plan"
    assert "10.5 million tons in 1932" in row.cells["excerpt"]
    assert row.source is not None and "10.1017/S0020859015000462" in row.source["citation"]
    assert "footnote 10" in row.provenance() and row.cells["excerpt"] in row.provenance()
    assert "conflict-kuzbass-1932-plan-vs-outcome" in [c["id"] for c in row.conflicts]
    assert row.label and "plan" in row.summary()


# A retired id answers with RetiredIdError instead of a row (test_retired_id_names_its_successor).
@pytest.mark.parametrize("table", ["sources", "conflicts", *[t for t in kd.tables() if t not in ("sources", "conflicts", "observations", "retired_ids")]])
def test_every_table_answers_by_id(table):
    first = kd.load(table)["id"].iloc[0]
    assert kd.row(first).table == table


def test_unknown_id_suggests_close_matches():
    with pytest.raises(kd.RowNotFoundError) as err:
        kd.row("kuzbass-1932-plann")
    assert err.value.suggestions[0] == "kuzbass-1932-plan"
    assert isinstance(err.value, LookupError)


def test_retired_id_names_its_successor(monkeypatch):
    monkeypatch.setattr(lookup, "_retired", lambda: {"kuzbass-1932-target": ("kuzbass-1932-plan", "renamed")})
    with pytest.raises(kd.RetiredIdError) as err:
        kd.row("kuzbass-1932-target")
    assert err.value.successor == "kuzbass-1932-plan" and "retired" in str(err.value) and "kuzbass-1932-plan" in str(err.value)


def _rows_about_japanese() -> set[str]:
    """Rows whose cells name Japan or the Japanese anywhere (any table), found without the search engine."""
    ids = set()
    for table in kd.tables():
        if table == "observations":
            continue
        frame = kd.load(table).astype("string").fillna("")
        if frame.empty:  # e.g. no id retired yet: apply() on no rows gives a frame, not a Series
            continue
        text = frame.apply(lambda r: " ".join(r).casefold(), axis=1)
        ids |= set(frame.loc[text.str.contains("japan"), "id"])
    return ids


def test_search_for_japanese_finds_every_row_about_japanese_pows_internees_and_rations():
    expected = _rows_about_japanese()
    assert expected  # the data name the Japanese
    nationality = set()
    for table in kd.tables():
        frame = kd.load(table)
        for column in ("nationality", "origin"):
            if column in frame.columns:
                nationality |= set(frame.loc[frame[column].astype("string").str.contains("japan", na=False), "id"])
    found = {r.id for r in kd.search("Japanese")}
    assert expected <= found
    assert nationality <= found  # also rows whose excerpt says 'Japan' but whose nationality/origin column names it
    assert {r.id for r in kd.search("japanese")} == found == {r.id for r in kd.search("JAPANESE")}


def test_search_relates_a_people_to_its_country_but_not_arbitrary_prefixes():
    assert lookup._related("japanese", "japan") and lookup._related("hungarian", "hungary") and lookup._related("chinese", "china")
    assert not lookup._related("specialists", "special") and not lookup._related("plan", "plant")


def test_related_forms_are_exactly_the_related_words():
    """The fast lookup of related words agrees with _related on every pair of a query word and a word of the data."""
    vocabulary = sorted(lookup._vocabulary())
    for word in ["japanese", "japan", "hungary", "hungarian", "china", "chinese", "german", "germany", "poland", "polish", "romania", "romanian", *vocabulary[::25]]:
        assert {w for w in vocabulary if lookup._related(word, w)} == set(lookup._related_forms(word)) & set(vocabulary), word


def test_search_requires_every_word_and_finds_conflicts_through_their_members():
    hits = kd.search("hewer Japanese")
    assert "ration-japanese-hewer-after-1947" in {h.id for h in hits}
    assert all("hewer" in " ".join(h.text.values()).casefold() or h.matched == ("member",) for h in hits)
    assert kd.search("no-such-word-anywhere") == []
    with pytest.raises(ValueError):
        kd.search("  ")


def test_series_keeps_plans_apart_from_outcomes_and_every_qualifier():
    coal = kd.series("coal_output", "output")
    assert list(coal.columns[:3]) == ["year", "basin", "status"]
    assert set(coal["unit"]) == {"million_tonnes"}  # growth factors are another measure, never mixed in
    assert not coal.duplicated(["year", "basin", "status", "qualifier", "value"]).any()
    plan = coal[(coal["year"] == 1932) & (coal["basin"] == "kuzbass")]
    assert set(plan["status"]) >= {"plan", "outcome"}  # two rows, never merged
    assert "almost" in set(plan["qualifier"])
    wide = coal.pivot_table(index="year", columns=["basin", "status"], values="value", aggfunc="first", observed=True)
    assert ("kuzbass", "plan") in wide.columns and ("kuzbass", "outcome") in wide.columns


def test_row_cells_are_typed_as_load_types_them():
    """`cells["value"] * 2` is arithmetic, not '10.510.5': each cell has the type of its column in kd.load."""
    import pandas as pd

    assert kd.row("kuzbass-1932-plan").cells["value"] * 2 == 2 * float(kd.load("coal_output").set_index("id").loc["kuzbass-1932-plan", "value"])
    for table in ("sources", "conflicts", *(t for t in kd.tables() if t not in ("sources", "conflicts", "observations", "retired_ids"))):
        frame = kd.load(table)
        for _, loaded in frame.iterrows():
            cells = kd.row(loaded["id"]).cells
            assert list(cells) == list(frame.columns)
            for column, value in loaded.items():
                if pd.isna(value):
                    assert cells[column] is None, (table, loaded["id"], column)
                else:
                    # Int64 gives int, Float64 float, string and category str: the same value and the same Python type.
                    expected = value.item() if hasattr(value, "item") else value
                    assert type(cells[column]) is type(expected) and cells[column] == expected, (table, loaded["id"], column)


def test_row_text_is_the_published_csv_text():
    row = kd.row("kuzbass-1932-plan")
    published = next(r for r in kuzbass_data.loader.records("coal_output") if r["id"] == "kuzbass-1932-plan")
    assert row.text == published and "10.5 million tons" in row.summary()


def test_series_of_a_table_with_several_measures_asks_for_one_and_lists_them():
    measures = list(dict.fromkeys(kd.load("prisoners_of_war")["measure"].astype(str)))
    assert len(measures) > 1
    with pytest.raises(ValueError, match="measures") as err:
        kd.series("prisoners_of_war")
    assert all(m in str(err.value) for m in measures)
    single = [t for t in kd.tables() if t in {d.name for d in lookup.DATA_TABLES} and kd.load(t)["measure"].nunique() == 1]
    for table in single:  # one measure: nothing to choose
        assert set(kd.series(table)["id"]) == set(kd.load(table)["id"])


@pytest.mark.parametrize("table", [t.name for t in lookup.DATA_TABLES])
def test_series_keeps_every_dimension_of_its_table(table):
    """No dimension is dropped: each one (base year, nationality, place, ...) is in the series, row for row as loaded.

    Only a dimension that is empty in every row of the series may be left out: it says nothing.
    """
    definition = lookup.get_table(table)
    frame = kd.load(table).set_index("id")
    for measure in dict.fromkeys(frame["measure"].astype(str)):
        for unit in dict.fromkeys(frame.loc[frame["measure"] == measure, "unit"].astype(str)):
            tidy = kd.series(table, measure, unit=unit).set_index("id")
            assert set(tidy.index) == set(frame.index[(frame["measure"] == measure) & (frame["unit"] == unit)])
            for dimension in definition.dimensions:
                if dimension == "measure":
                    continue
                if dimension not in tidy.columns:
                    assert frame.loc[tidy.index, dimension].isna().all(), (table, measure, dimension)
                    continue
                assert tidy[dimension].astype("string").equals(frame.loc[tidy.index, dimension].astype("string")), (table, measure, dimension)


def test_series_refuses_unknown_measures():
    with pytest.raises(ValueError, match="no measure"):
        kd.series("coal_output", "tonnage")
    with pytest.raises(ValueError, match="not a data table"):
        kd.series("conflicts")


def test_get_prints_the_row_with_its_excerpt_and_source(capsys):
    assert main(["get", "kuzbass-1932-plan", "--width", "80"]) == 0
    out = capsys.readouterr().out
    assert "kuzbass-1932-plan" in out and "10.5 million tons" in out and "10.1017/S0020859015000462" in out
    assert "conflict-kuzbass-1932-plan-vs-outcome" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_get_unknown_id_is_one_line_with_suggestions_exit_1(capsys):
    assert main(["get", "kuzbass-1932-plann"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert "did you mean kuzbass-1932-plan" in captured.err


def test_search_command_lists_hits_and_exits_1_when_none(capsys):
    assert main(["search", "Japanese", "--width", "80"]) == 0
    out = capsys.readouterr().out
    assert "ration-japanese-hewer-after-1947" in out and max(len(line) for line in out.splitlines()) <= 80
    assert main(["search", "no-such-word-anywhere"]) == 1


@pytest.mark.parametrize("command", ["get kuzbass-1932-plan", "search Japanese"])
def test_get_and_search_do_not_import_pandas(command):
    code = f"import sys; from kuzbass_data.cli import main; main({command.split()!r}); print('PANDAS' if 'pandas' in sys.modules else 'NO-PANDAS')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("NO-PANDAS")


def test_get_a_conflict_shows_its_members(capsys):
    conflict = kd.load("conflicts").iloc[0]
    assert main(["get", conflict["id"]]) == 0
    out = capsys.readouterr().out
    for member in conflict["members"].split("; "):
        assert member in out
    assert "member 1" in out


def test_series_never_mixes_units_of_one_measure(monkeypatch):
    # The published data keep one unit per measure, so the mixed measure is made here: one 'sent'
    # row's unit is changed to 'families' in the frame the loader returns.

    real = kuzbass_data.loader.load("deportations")
    mixed = real.copy()
    first_sent = mixed.index[mixed["measure"] == "sent"][0]
    mixed["unit"] = mixed["unit"].astype("string")
    mixed.loc[first_sent, "unit"] = "families"
    monkeypatch.setattr(kuzbass_data.loader, "load", lambda name, *a, **k: mixed if name == "deportations" else real)
    with pytest.raises(ValueError, match="several units"):
        kd.series("deportations", "sent")
    assert set(kd.series("deportations", "sent", unit="families")["unit"]) == {"families"}
    assert "families" not in set(kd.series("deportations", "sent", unit="people")["unit"])


def test_get_a_retired_id_says_so_and_prints_its_successor(monkeypatch, capsys):
    monkeypatch.setattr(lookup, "_retired", lambda: {"kuzbass-1932-target": ("kuzbass-1932-plan", "renamed"), "withdrawn-row": ("", "not in the source")})
    assert main(["get", "kuzbass-1932-target"]) == 0
    captured = capsys.readouterr()
    assert "'kuzbass-1932-target' was retired" in captured.err and "successor is 'kuzbass-1932-plan'" in captured.err
    assert captured.out.startswith("kuzbass-1932-plan")
    assert main(["get", "withdrawn-row"]) == 1
    assert "no row replaces it" in capsys.readouterr().err


# --- names in any spelling ------------------------------------------------------------------

# The spellings the issue names, each with the data's own spelling of the same name.
SPELLINGS = [
    ("Прокопьевск", "Prokopyevsk"),
    ("Prokopevsk", "Prokopyevsk"),
    ("Prokop'evsk", "Prokopyevsk"),
    ("Кузбасс", "Kuzbass"),
    ("Кемерово", "Kemerovo"),
    ("японцы", "Japanese"),
    ("Eikhe", "Ejche"),
    ("Eiche", "Ejche"),
    ("Ejche", "Ejche"),
]


@pytest.mark.parametrize(("spelling", "data"), SPELLINGS)
def test_search_finds_a_name_in_the_readers_spelling(spelling, data):
    expected = {r.id for r in kd.search(data)}
    assert expected  # the data contain the name in their own spelling
    assert {r.id for r in kd.search(spelling)} == expected


@pytest.mark.parametrize("spelling", [s for s, _ in SPELLINGS])
def test_search_command_finds_a_name_in_the_readers_spelling(capsys, spelling):
    assert main(["search", spelling, "--width", "80"]) == 0
    assert "rows;" in capsys.readouterr().out


def test_every_alias_names_something_the_data_contain_and_finds_its_rows():
    """Only names the data contain are mapped: each term is a vocabulary term or a word or phrase of some row, and each alias finds the term's rows.

    A vocabulary term counts even when no row uses it now: a retirement must not make the alias table wrong.
    """
    from kuzbass_data.schema import ALL_TABLES

    table = aliases.aliases()
    assert {a.kind for a in table} <= set(aliases.KINDS)
    texts = [aliases.fold(t) for row_id, (name, cells) in lookup._index().items() for t in lookup._searchable(row_id, name, cells).values()]
    terms = {aliases.fold(term.replace("_", " ")) for t in ALL_TABLES for f in t.fields if f.vocabulary for term in f.vocabulary.terms}
    for a in table:
        assert aliases.fold(a.term) in terms or any(aliases.fold(a.term) in text for text in texts), a  # found as written, not through another alias
        assert {r.id for r in kd.search(a.alias)} == {r.id for r in kd.search(a.term)}, a


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("term,alias,kind\nkemerovo,Кемерово,place\n", "kuzbass_data/aliases.csv:1: the header must be term,alias,kind,note"),
        ("term,alias,kind,note\nkemerovo,Кемерово,town,INVENTED\n", "kuzbass_data/aliases.csv:2: kind: 'town' is not one of"),
        ("term,alias,kind,note\nkemerovo,,place,INVENTED\n", "kuzbass_data/aliases.csv:2: alias: empty"),
        ("term,alias,kind,note\nkemerovo,Kemer,place,INVENTED\nkaraganda,kemer,place,INVENTED\n", "kuzbass_data/aliases.csv:3: alias: 'kemer' already names 'kemerovo'"),
        ("term,alias,kind,note\nkemerovo,'',place,INVENTED\n", "kuzbass_data/aliases.csv:2: alias: \"''\" has no letters or digits"),
    ],
)
def test_a_bad_alias_table_names_its_line_and_column(content, says):
    with pytest.raises(aliases.AliasTableError) as err:
        aliases.read_aliases(content)
    assert str(err.value).startswith(says)


def test_a_search_with_no_result_says_the_data_are_in_english_and_suggests_a_spelling(capsys):
    hits = kd.search("Кемерова")  # Kemerovo's genitive: in no alias
    assert hits == [] and hits.message == lookup.no_match_message("Кемерова") and hits.message in repr(hits)
    said = hits.message
    assert "English" in said and "'kemerovo'" in said
    assert kd.search("Kemerovo").message == "" and "English" not in repr(kd.search("Kemerovo"))
    assert main(["search", "Кемерова"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "English" in err and "'kemerovo'" in err
    for example in re.search(r"\((.*)\)", aliases.LANGUAGE_HINT).group(1).split(", "):
        assert kd.search(example), example  # the hint names spellings that find rows
    assert "try '" not in lookup.no_match_message("zzzzqqq") and "English" in lookup.no_match_message("zzzzqqq")


@pytest.mark.parametrize("table", [t.name for t in lookup.DATA_TABLES])
def test_get_reads_the_row_back_as_its_sentence(capsys, table):
    """`get` leads with the row's rendered sentence (kuzbass_data.sentence), to compare with the excerpt printed below it."""
    from kuzbass_data.sentence import sentence, source_name

    first = kuzbass_data.loader.records(table)[0]
    source = next(s for s in kuzbass_data.loader.records("sources") if s["id"] == first["source_id"])
    assert main(["get", first["id"], "--width", "70"]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("reads "))
    end = lines.index("", start)
    printed = " ".join(" ".join(lines[start:end])[len("reads") :].split())
    assert printed == " ".join(sentence(first, source_name(source["authors"], source["year"]), table).split())
