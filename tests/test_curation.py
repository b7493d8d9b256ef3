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
    assert pd.isna(dead["footnote"])
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
    assert row("foreigners", "foreign-specialists-1920s-stayed")[["value", "unit"]].tolist() == [0.2, "fraction"]
    assert row("prisoners_of_war", "internees-died-special-camps-germany")["value"] == pytest.approx(1 / 3)
    assert row("settler_conditions", "settler-work-norm-vs-free-workers")[["value", "unit", "status"]].tolist() == [2.0, "factor", "norm"]
    assert row("workforce", "urban-population-growth-1920s")[["value", "status"]].tolist() == [5.0, "derived"]


def test_up_to_bound():
    detention = row("settler_conditions", "settler-maximum-detention-1931")
    assert (detention["value"], detention["value_high"], detention["qualifier"], detention["unit"]) == (1.0, 1.0, "up_to", "months")


def test_conflicting_figures_are_both_kept_and_linked():
    conflicts = kd.load("conflicts").set_index("id")
    foreigners = conflicts.loc["conflict-foreigners-1937-126-vs-43"]
    assert foreigners["kind"] == "contradiction"
    assert foreigners["members"] == "foreigners-1937-remaining; foreigners-1937-remaining-of-1932"
    for member in foreigners["members"].split("; "):
        assert "conflict-foreigners-1937-126-vs-43" in row("foreigners", member)["note"]
    assert conflicts.loc["conflict-kuzbass-tenfold-1928-1940", "kind"] == "inconsistent_derivation"
    assert set(conflicts["kind"]) == {"contradiction", "plan_vs_outcome", "different_scope", "repeated_statement", "inconsistent_derivation"}


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
    assert set(observations["status"]) == {"outcome", "plan", "announced", "norm", "derived"}
