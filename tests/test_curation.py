"""The curated rows, read back through the API: the hard cases of each table."""

from __future__ import annotations

import pandas as pd
import pytest

import kuzbass_data as kd
from kuzbass_data.schema import DATA_TABLES


def row(table: str, id: str) -> pd.Series:
    frame = kd.load(table).set_index("id")
    return frame.loc[id]


def test_coal_plan_and_outcome_are_separate_rows():
    plan, outcome = row("coal_output", "kuzbass-1932-plan"), row("coal_output", "kuzbass-1932-outcome")
    assert (plan["value"], plan["status"], plan["qualifier"]) == (10.5, "plan", "exact")
    assert (outcome["value"], outcome["status"], outcome["qualifier"]) == (10.0, "outcome", "almost")
    assert plan["footnote"] == outcome["footnote"] == 10


def test_coal_growth_factor_is_marked_derived():
    growth = row("coal_output", "kuzbass-1928-1940-growth")
    assert (growth["value"], growth["unit"], growth["status"], growth["year"], growth["base_year"]) == (10.0, "factor", "derived", 1940, 1928)
    assert "tenfold" in growth["excerpt"]


def test_coal_covers_both_basins():
    coal = kd.load("coal_output")
    donbass = coal[coal["basin"] == "donbass"].set_index("year")["value"]
    assert donbass.to_dict() == {1927: 26.0, 1940: 83.0}
    kuzbass = coal[(coal["basin"] == "kuzbass") & (coal["status"] == "outcome")].set_index("year")["value"]
    assert kuzbass.to_dict() == {1928: 2.4, 1932: 10.0, 1937: 17.0, 1940: 21.0}


def test_accidents_bound_and_almost():
    assert (row("accidents", "accidents-1936-reported")[["value", "value_low", "qualifier"]].tolist()) == [20000.0, 20000.0, "more_than"]
    assert row("accidents", "accidents-1931-reported")["qualifier"] == "almost"
    rate = row("accidents", "accidents-death-rate-1932-1936")
    assert (rate["value"], rate["unit"], rate["period_start"], rate["period_end"]) == (2.5, "deaths_per_1000_workers", "1932", "1936")


def test_one_figure_for_two_events_stays_one_row_with_its_precision():
    deaths = row("accidents", "accident-1931-summer-deaths")
    assert deaths["value"] == 6 and deaths["place"] == "kemerovo; prokopyevsk"
    assert deaths["kind"] == "gas_explosion; underground_fire"
    assert (deaths["period_precision"], deaths["season"], deaths["period_start"]) == ("season", "summer", "1931")
    assert "two events" in deaths["note"]


def test_a_disaster_dated_to_the_day():
    dead = row("accidents", "accident-1936-09-22-deaths")
    assert (dead["value"], dead["mine"], dead["kind"], dead["period_precision"]) == (10.0, "central_mine", "methane_explosion", "day")
    # The footnote convention: the first marker after the excerpt in its paragraph, with its basis.
    assert dead["footnote"] == 42 and "research literature" in dead["footnote_basis"]
    assert "repeats" in dead["note"]


def test_families_and_people_are_never_converted():
    families, people = row("deportations", "kulak-families-1930-1932"), row("deportations", "kulak-people-1930-1932")
    assert (families["value"], families["unit"], families["qualifier"]) == (23630.0, "families", "approximate")
    assert (people["value"], people["unit"]) == (61000.0, "people")


def test_announced_contingent_kept_apart_from_those_sent():
    announced, sent = row("deportations", "internees-1947-announced"), row("deportations", "internees-1947-sent")
    assert (announced["value"], announced["status"], announced["destination"]) == (8500.0, "announced", "kuzbass")
    # The figure covers the Karaganda basin too; the destination is not narrowed.
    assert (sent["value"], sent["status"], sent["destination"]) == (5332.0, "outcome", "kuzbass; karaganda")


def test_deportation_away_from_the_region():
    narym = row("deportations", "kulak-families-western-siberia-to-narym")
    assert (narym["origin"], narym["destination"], narym["unit"]) == ("western_siberia", "narym", "families")


def test_rations_general_norm_and_nationality_exception():
    rations = kd.load("rations").set_index("id")
    hewer, japanese = rations.loc["ration-hewer-after-1947"], rations.loc["ration-japanese-hewer-after-1947"]
    assert (hewer["value"], hewer["unit"], hewer["nationality"], hewer["status"]) == (1000.0, "grams_per_day", "not_specified", "norm")
    assert "one kilo" in hewer["excerpt"]
    assert (japanese["value"], japanese["nationality"], japanese["profession"]) == (750.0, "japanese", "hewer")
    # The exception is not extended: only one row names a nationality.
    assert (rations["nationality"] != "not_specified").sum() == 1


def test_ration_outside_the_region_keeps_its_place():
    camp = row("rations", "ration-internees-special-camps-germany")
    assert (camp["value"], camp["place"], camp["profession"]) == (300.0, "soviet_zone_germany", "non_working")


def test_ranges_have_no_single_value():
    for table, id, low, high in (
        ("settler_conditions", "settler-child-mortality", 8, 12),
        ("workforce", "spetskontingent-share-of-workforce", 25, 40),
        ("mining_conditions", "coal-seam-thickness", 1.5, 20),
    ):
        r = row(table, id)
        assert pd.isna(r["value"]) and (r["value_low"], r["value_high"], r["qualifier"]) == (low, high, "range")


def test_fractions_and_factors_in_words():
    # Shares written in words are stored in percent, like every other share: one unit per measure.
    assert row("foreigners", "foreign-specialists-1920s-stayed")[["value", "unit"]].tolist() == [20.0, "percent"]
    # One-third has no finite decimal: stored to two decimal places, the words kept in the excerpt.
    assert row("prisoners_of_war", "internees-died-special-camps-germany")[["value", "unit"]].tolist() == [33.33, "percent"]
    assert row("settler_conditions", "settler-work-norm-vs-free-workers")[["value", "unit", "status"]].tolist() == [2.0, "factor", "norm"]
    assert row("workforce", "urban-population-growth-1920s")[["value", "status"]].tolist() == [5.0, "derived"]


def test_up_to_bound():
    detention = row("settler_conditions", "settler-maximum-detention-1931")
    assert (detention["value"], detention["value_high"], detention["qualifier"], detention["unit"]) == (1.0, 1.0, "up_to", "months")


def test_conflicting_figures_are_both_kept_and_linked():
    conflicts = kd.load("conflicts").set_index("id")
    foreigners = conflicts.loc["conflict-foreigners-1937-126-vs-43"]
    assert foreigners["kind"] == "possible_overlap"
    assert foreigners["members"] == "foreigners-1937-remaining; foreigners-1937-remaining-of-1932"
    for member in foreigners["members"].split("; "):
        assert "conflict-foreigners-1937-126-vs-43" in row("foreigners", member)["note"]
    assert conflicts.loc["conflict-kuzbass-tenfold-1928-1940", "kind"] == "inconsistent_derivation"
    assert set(conflicts["kind"]) == {"plan_vs_outcome", "different_scope", "repeated_statement", "inconsistent_derivation", "change_over_time", "possible_overlap"}


def test_every_conflict_member_exists():
    ids = set(kd.load("observations")["id"])
    for members in kd.load("conflicts")["members"]:
        assert set(members.split("; ")) <= ids


def test_observations_row_count_is_the_sum_of_the_tables():
    observations = kd.load("observations")
    assert len(observations) == sum(len(kd.load(t.name)) for t in DATA_TABLES)
    assert observations["id"].is_unique
    assert observations.groupby("table", observed=True).size().to_dict() == {t.name: len(kd.load(t.name)) for t in DATA_TABLES}


def test_every_row_has_provenance():
    observations = kd.load("observations")
    assert (observations["source_id"] == "landau-2015").all()
    assert observations["excerpt"].str.len().max() <= 200
    assert set(observations["status"]) == {"outcome", "plan", "announced", "norm", "derived", "claimed"}


# -- the curation revision of issue 11 ----------------------------------------------------


def test_postwar_contingents_name_the_nationalities_the_source_names():
    sent, forced = row("deportations", "pows-internees-postwar-sent"), row("deportations", "pows-internees-forced-to-work")
    assert sent["nationality"] == "german; polish; japanese; chinese; austrian; slovak; ukrainian"
    # Issue 19, finding 11: "from Germany, Japan, ..." names countries of origin, not nationalities.
    assert forced["nationality"] == "not_specified"
    assert forced["origin"] == "germany; japan; austria; hungary; romania"
    deportations = kd.load("deportations")
    japanese = deportations[deportations["nationality"].astype(str).str.contains("japanese")]["id"]
    assert set(japanese) == {"pows-internees-postwar-sent"}


@pytest.mark.parametrize(
    ("table", "id", "year"),
    [
        ("rations", "ration-hewer-after-1947", "1947"),
        ("rations", "ration-underground-miner-after-1947", "1947"),
        ("rations", "ration-japanese-hewer-after-1947", "1947"),
    ],
)
def test_after_excludes_the_year_and_says_so(table, id, year):
    r = row(table, id)
    assert (r["period_start"], r["period_relation"]) == (year, "after") and pd.isna(r["period_end"])
    observation = kd.load("observations").set_index("id").loc[id]
    assert observation["period"] == f"after {year}"
    assert f"after {year}" in observation["label"]


def test_by_bounds_say_nothing_of_the_start():
    for table, id, end in (("foreigners", "foreigners-1937-remaining-of-1932", "1937"), ("repression", "conspirators-arrested-1937-06", "1937-06")):
        r = row(table, id)
        assert pd.isna(r["period_start"]) and (r["period_end"], r["period_relation"]) == (end, "by")
        assert kd.load("observations").set_index("id").loc[id, "period"] == f"by {end}"


def test_july_1931_rules_are_state_level_and_open_ended():
    for id in ("settler-wages-paid-to-ogpu-1931", "settler-children-age-work-elsewhere-1931", "settler-maximum-detention-1931"):
        r = row("settler_conditions", id)
        assert (r["period_start"], r["period_precision"], r["place"]) == ("1931-07", "month", "soviet_union")
        assert pd.isna(r["period_end"]) and r["status"] == "norm"


def test_the_announcement_is_undated_and_the_sending_is_1947():
    announced, sent = row("deportations", "internees-1947-announced"), row("deportations", "internees-1947-sent")
    assert pd.isna(announced["period_start"]) and pd.isna(announced["period_end"])
    assert (sent["period_start"], sent["period_end"]) == ("1947", "1947")


def test_in_the_1920s_dates_both_rows_of_its_paragraph():
    for table, id in (("workforce", "urban-population-growth-1920s"), ("foreigners", "foreign-specialists-1920s-stayed")):
        r = row(table, id)
        assert (r["period_start"], r["period_end"], r["period_precision"]) == ("1920", "1929", "decade")


def test_up_to_a_range():
    goaf = row("mining_conditions", "coal-left-in-goaf")
    assert pd.isna(goaf["value"]) and (goaf["value_low"], goaf["value_high"], goaf["qualifier"]) == (40, 60, "up_to_range")


def test_claims_are_not_outcomes():
    assert row("workforce", "labour-deficit-kuzbass")[["value", "status"]].tolist() == [23000.0, "claimed"]
    ejche = row("repression", "conspirators-arrested-1937-06")
    assert (ejche["value"], ejche["value_low"], ejche["qualifier"], ejche["status"]) == (20000.0, 20000.0, "more_than", "claimed")
    observations = kd.load("observations")
    assert set(observations.loc[observations["status"] == "claimed", "id"]) == {"labour-deficit-kuzbass", "conspirators-arrested-1937-06"}


def test_measure_definitions_say_what_the_source_says():
    from kuzbass_data.schema import get_table

    def terms(table: str) -> dict[str, str]:
        return dict(next(f for f in get_table(table).fields if f.name == "measure").vocabulary.terms)

    # Issue 19, finding 7: "almost constant over the years" makes 2.5 a level over the period, not a rate of each year.
    assert "level over the period" in terms("accidents")["death_rate"] and "each year" not in terms("accidents")["death_rate"]
    assert "backfilling" not in terms("mining_conditions")["share_of_timber_available"]
    # Issue 19, finding 1: the measure says what the source says ("received"); the currency is a reading in the note.
    assert "share_of_wages_in_foreign_currency" not in terms("foreigners")
    wage = row("foreigners", "foreign-workers-wage-share")
    assert wage[["measure", "value", "unit", "status"]].tolist() == ["share_of_wages_received", 20.0, "percent", "outcome"]
    assert "received just one-fifth of their wages" in wage["excerpt"] and "including payments in foreign currency" in wage["excerpt"]
    assert "A reading" in wage["note"]


def test_shares_are_in_percent_and_words_stay_in_the_excerpt():
    for table, id, value, words in (
        ("prisoners_of_war", "pows-able-to-work-1946", 50.0, "one-half"),
        ("prisoners_of_war", "pows-able-to-work-1948", 90.0, "90 per cent"),
        ("foreigners", "foreign-workers-wage-share", 20.0, "one-fifth"),
    ):
        r = row(table, id)
        assert (r["value"], r["unit"]) == (value, "percent") and words in r["excerpt"]
    assert (kd.load("observations")["unit"] != "fraction").all()


def test_one_unit_per_measure():
    for table in DATA_TABLES:
        frame = kd.load(table.name)
        units = frame.groupby(frame["measure"].astype(str))["unit"].nunique()
        assert (units == 1).all(), (table.name, units[units > 1].to_dict())
    observations = kd.load("observations")
    families = observations[observations["unit"] == "families"]
    assert set(families["id"]) == {"kulak-families-1930-1932", "kulak-families-western-siberia-to-narym"}
    assert (kd.load("deportations").set_index("id").loc[list(families["id"]), "measure"] == "families_sent").all()


def test_every_label_is_unique_and_carries_scope_or_sequence():
    observations = kd.load("observations").set_index("id")
    assert observations["label"].is_unique
    assert "1932" in observations.loc["foreigners-1937-remaining-of-1932", "label"]
    assert "before" in observations.loc["pows-meeting-targets-before", "label"]
    assert "after" in observations.loc["pows-meeting-targets-after", "label"]
    assert observations.loc["kuzbass-1932-plan", "label"] != observations.loc["kuzbass-1932-outcome", "label"]


def test_a_flow_stated_without_about_stays_exact_with_its_reading():
    left = row("workforce", "workers-left-1932")
    assert (left["value"], left["qualifier"]) == (60000.0, "exact")
    assert "'about' only before the first 60,000" in left["note"] and "filters on the qualifier" in left["note"]
    assert row("workforce", "workers-registered-1932")["qualifier"] == "approximate"


def test_a_duration_published_instead_of_left_out():
    stay = row("workforce", "new-miners-left-after-one-month")
    assert (stay["value"], stay["unit"], stay["qualifier"], stay["group"]) == (1.0, "months", "exact", "new_workers")
    assert "no share or count" in stay["note"]


NEW_AND_FIXED_CONFLICTS = {
    "conflict-postwar-pows-26000-vs-30000": ("possible_overlap", "pows-internees-postwar-sent; pows-internees-forced-to-work"),
    "conflict-internees-1947-sent-vs-postwar-totals": ("possible_overlap", "internees-1947-sent; pows-internees-postwar-sent; pows-internees-forced-to-work"),
    "conflict-workers-1932-flows-vs-monthly-workforce": ("different_scope", "workers-registered-1932; workers-left-1932; monthly-workforce-1932"),
    "conflict-labour-deficit-vs-kulak-families": ("different_scope", "labour-deficit-kuzbass; kulak-families-1930-1932"),
    "conflict-kuzbass-arrests-1937-1938-scope": ("different_scope", "conspirators-arrested-1937-06; leading-personnel-arrested-or-executed"),
    "conflict-pows-able-to-work-1946-1948": ("change_over_time", "pows-able-to-work-1946; pows-able-to-work-1948"),
    "conflict-foreigners-1937-126-vs-43": ("possible_overlap", "foreigners-1937-remaining; foreigners-1937-remaining-of-1932"),
    # Issue 19, finding 14: the possible overlap split out of the different-scope group.
    "conflict-kulak-deportations-scope": ("different_scope", "kulak-families-1930-1932; kulak-people-1930-1932; kulak-families-western-siberia-to-narym"),
    "conflict-kulak-people-vs-moscow-bashkiria-settlers": ("possible_overlap", "kulak-people-1930-1932; special-settlers-moscow-bashkiria"),
    # Issue 19, finding 15: the four missing links.
    "conflict-workers-february-vs-six-months": ("different_scope", "workers-not-returning-february; workers-staying-under-six-months"),
    "conflict-camp-525-vs-pows-able-to-work": ("different_scope", "camp-525-internees-put-to-work; pows-able-to-work-1946; pows-able-to-work-1948"),
    "conflict-pows-50-percent-targets-vs-able-to-work": ("different_scope", "pows-meeting-targets-before; pows-able-to-work-1946"),
    "conflict-foreigners-one-fifth-scope": ("different_scope", "foreign-specialists-1920s-stayed; foreign-workers-wage-share"),
    # Issue 19, finding 16: the undated drop keeps its order in the measures, linked.
    "conflict-pows-work-target-rates-drop": ("different_scope", "pows-meeting-targets-before; pows-meeting-targets-after"),
}


@pytest.mark.parametrize("cid", sorted(NEW_AND_FIXED_CONFLICTS))
def test_new_and_fixed_conflicts(cid):
    conflict = kd.load("conflicts").set_index("id").loc[cid]
    assert (conflict["kind"], conflict["members"]) == NEW_AND_FIXED_CONFLICTS[cid]
    notes = kd.load("observations").set_index("id")["note"]
    for member in conflict["members"].split("; "):
        assert cid in notes[member]


def test_the_repeat_in_the_conclusion_widens_the_scope():
    explanation = kd.load("conflicts").set_index("id").loc["conflict-pows-one-half-repeated", "explanation"]
    assert "widens the scope" in explanation and "internees" in explanation and "1946-1947" in explanation


def test_every_footnote_follows_the_convention(source_text):
    """The first 'Footnote N' after the end of the excerpt in its paragraph; the note gives the basis
    when that marker closes a later sentence."""
    import re

    paragraphs = source_text.read_text(encoding="utf-8").split("\n")
    observations = kd.load("observations")
    for r in observations.itertuples():
        found = [p for p in paragraphs if r.excerpt in p]
        assert len(found) == 1, r.id
        paragraph = found[0]
        end = paragraph.index(r.excerpt) + len(r.excerpt)
        marker = re.search(r"Footnote ([0-9]+)", paragraph[end:])
        expected = int(marker.group(1)) if marker else None
        assert (None if pd.isna(r.footnote) else int(r.footnote)) == expected, r.id
        # A full stop followed by a capital, outside initials such as "Egor T. Abakumov".
        later_sentence = marker is not None and re.search(r"[a-z0-9)][.!?][”\"]?\s+[A-Z“]", paragraph[end - 2 : end + marker.start()])
        if later_sentence:
            assert not pd.isna(r.footnote_basis), r.id


# -- the curation revision of issue 19 (third reading) ------------------------------------

PARTIAL_SCOPES = {
    "spetskontingent-share-of-workforce": "At several Kuzbasugol’ mines",
    "settler-work-norm-vs-free-workers": "in some places",
    "new-miners-left-after-one-month": "many of the newly recruited miners",
    "camp-525-internees-put-to-work": "in Camp No. 525 near Kemerovo",
}


def test_the_words_that_limit_a_number_are_kept_verbatim_and_labelled():
    observations = kd.load("observations").set_index("id")
    scoped = observations["partial_scope"].dropna()
    assert scoped.to_dict() == PARTIAL_SCOPES
    for id, words in PARTIAL_SCOPES.items():
        assert words in observations.loc[id, "excerpt"] and f"“{words}”" in observations.loc[id, "label"]
    assert "many" in observations.loc["new-miners-left-after-one-month", "label"]


def test_no_note_gives_the_footnote_basis():
    observations = kd.load("observations")
    assert not observations["note"].fillna("").str.contains("footnote basis", case=False).any()
    basis = observations["footnote_basis"].dropna()
    assert len(basis) == 29 and not basis.str.startswith("footnote basis").any()
    assert basis.str.match(r"Footnote [0-9]+ ").all()


def test_after_1938_is_left_undated_with_its_reason():
    r = row("repression", "leading-personnel-arrested-or-executed")
    assert r[["period_start", "period_end", "period_relation", "period_precision"]].isna().all()
    assert "After 1938" in r["excerpt"] and "In the following years" in r["note"] and "1936−1938" in r["note"]
    assert pd.isna(kd.load("observations").set_index("id").loc["leading-personnel-arrested-or-executed", "period"])


def test_a_month_without_its_year():
    r = row("workforce", "workers-not-returning-february")
    assert (r["period_precision"], r["season"]) == ("month_of_year", "february")
    assert pd.isna(r["period_start"]) and pd.isna(r["period_end"])
    observation = kd.load("observations").set_index("id").loc["workers-not-returning-february"]
    assert observation["period"] == "February (year not stated)" and "February" in observation["label"]


def test_the_claim_is_dated_by_its_words_and_its_place_is_not_stated():
    ejche = row("repression", "conspirators-arrested-1937-06")
    assert ejche["excerpt"].startswith("In June 1937 the local head of the party committee, Robert I. Ejche, reported")
    assert (ejche["place"], ejche["status"], ejche["period_end"], ejche["period_relation"]) == ("not_stated", "claimed", "1937-06", "by")
    from kuzbass_data.sentence import sentence

    assert "in a place the source does not state by June 1937" in sentence(ejche.to_dict(), "S", "repression")
    explanation = kd.load("conflicts").set_index("id").loc["conflict-kuzbass-arrests-1937-1938-scope", "explanation"]
    assert "before the campaign" not in explanation and "illustration" in explanation
    assert "neither whether the 20,000 were special settlers" in explanation


def test_the_death_rate_is_a_level_over_the_period():
    rate = row("accidents", "accidents-death-rate-1932-1936")
    assert "each year" not in rate["note"].replace("for each year", "") and "level over the period" in rate["note"]


def test_dates_from_another_paragraph_are_said():
    assert row("repression", "novosibirsk-trial-death-sentences-1936")["note"].startswith("Dated by the paragraph before")


def test_the_kemerovo_explosion_gives_citing_users_footnote_45():
    dead, injured = row("accidents", "accident-1936-09-22-deaths"), row("accidents", "accident-1936-09-22-injured")
    assert "Footnote 45" in dead["locator"] and "Footnote 45" in dead["note"]
    assert dead["footnote"] == injured["footnote"] == 42 and "Changing Perceptions" in injured["locator"]


def test_the_work_target_sequence_is_kept_in_the_measures():
    before, after = row("prisoners_of_war", "pows-meeting-targets-before"), row("prisoners_of_war", "pows-meeting-targets-after")
    assert (before["measure"], before["value"], after["measure"], after["value"]) == ("work_target_rate_before_drop", 50.0, "work_target_rate_after_drop", 10.0)
    assert pd.isna(before["period_start"]) and pd.isna(after["period_start"])
