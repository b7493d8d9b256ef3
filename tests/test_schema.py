"""One definition per table: the pandera schema, the Table Schema and the docs agree with it."""

from __future__ import annotations

import re

import pytest
from pandera.errors import SchemaErrors
from pandera.io.pandas_io import from_frictionless_schema

import kuzbass_data as kd
from kuzbass_data.schema import ALL_TABLES, get_table
from kuzbass_data.schema.dataframe_schema import dataframe_schema as pandera_schema
from kuzbass_data.schema.table_schema import table_schema

TABLES = [t.name for t in ALL_TABLES]


@pytest.mark.parametrize("name", TABLES)
def test_table_schema_mirrors_the_definition(name):
    table = get_table(name)
    schema = table_schema(table)
    assert [f["name"] for f in schema["fields"]] == table.field_names
    for fld, desc in zip(table.fields, schema["fields"], strict=True):
        assert desc["type"] == fld.type and desc["description"] == fld.description
        constraints = desc.get("constraints", {})
        assert constraints.get("required", False) == fld.required
        if fld.vocabulary is not None and not fld.multiple:
            assert constraints["enum"] == fld.vocabulary.allowed
    assert schema["primaryKey"] == list(table.primary_key)
    assert [fk["reference"]["resource"] for fk in schema.get("foreignKeys", [])] == [fk.table for fk in table.foreign_keys]


@pytest.mark.parametrize("name", TABLES)
def test_pandera_schema_mirrors_the_definition(name):
    table = get_table(name)
    schema = pandera_schema(table)
    assert list(schema.columns) == table.field_names
    for fld in table.fields:
        column = schema.columns[fld.name]
        assert column.nullable == (not fld.required)
        assert column.unique == fld.unique
        assert column.description == fld.description


@pytest.mark.parametrize("name", TABLES)
def test_pandera_converter_reads_the_same_columns_and_checks(name):
    # pandera's own Frictionless converter, applied to our Table Schema, finds the same
    # columns and the same vocabularies, bounds and patterns as our pandera schema.
    table = get_table(name)
    converted = from_frictionless_schema(table_schema(table))
    ours = pandera_schema(table)
    assert list(converted.columns) == list(ours.columns)
    for column in ours.columns:
        assert _check_names(converted.columns[column]) == _check_names(ours.columns[column]), column


def _check_names(column) -> set[tuple]:
    """The column's checks in a comparable form, however pandera spelled them."""
    found: set[tuple] = set()
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            found.add(("isin", tuple(stats["allowed_values"])))
        elif check.name == "in_range":
            found |= {("ge", float(stats["min_value"])), ("le", float(stats["max_value"]))}
        elif check.name == "greater_than_or_equal_to":
            found.add(("ge", float(stats["min_value"])))
        elif check.name == "less_than_or_equal_to":
            found.add(("le", float(stats["max_value"])))
        elif check.name == "str_matches":
            found.add(("pattern", _bare(str(stats["pattern"]))))
        elif check.name == "str_length":
            found.add(("max_length", stats["max_value"]))
        else:
            found.add((check.name,))
    return found


def _bare(pattern: str) -> str:
    pattern = pattern.removeprefix("^").removesuffix("$")
    if pattern.startswith("(?:") and pattern.endswith(")"):
        pattern = pattern[3:-1]
    return pattern


@pytest.mark.parametrize("name", TABLES)
def test_published_tables_pass_their_pandera_schema(name):
    pandera_schema(get_table(name)).validate(kd.load(name), lazy=True)


def test_pandera_and_frictionless_both_reject_the_same_bad_values(tmp_path):
    import frictionless

    frame = kd.load("coal_output").copy()
    frame.loc[0, "year"] = 1850
    frame["basin"] = frame["basin"].cat.add_categories(["ruhr"])
    frame.loc[1, "basin"] = "ruhr"
    with pytest.raises(SchemaErrors) as err:
        pandera_schema(get_table("coal_output")).validate(frame, lazy=True)
    assert set(err.value.failure_cases["column"]) >= {"year", "basin"}

    path = tmp_path / "coal_output.csv"
    frame.to_csv(path, index=False)
    schema = table_schema(get_table("coal_output"))
    schema.pop("foreignKeys")
    report = frictionless.Resource(path=path.name, basepath=str(tmp_path), schema=frictionless.Schema.from_descriptor(schema)).validate()
    assert {e.field_name for e in report.tasks[0].errors} >= {"year", "basin"}


def test_every_vocabulary_term_is_documented():
    for table in ALL_TABLES:
        for fld in table.fields:
            if fld.vocabulary is not None:
                assert all(meaning.strip() for meaning in fld.vocabulary.terms.values()), fld.name
                assert all(re.fullmatch(r"[a-z0-9_]+", term) for term in fld.vocabulary.terms), fld.name


def test_observation_tables_share_the_observation_shape():
    shared = [
        "partial_scope",
        "value",
        "value_low",
        "value_high",
        "unit",
        "qualifier",
        "status",
        "source_id",
        "footnote",
        "locator",
        "excerpt",
        "value_text",
        "period_text",
        "status_text",
        "note",
        "footnote_basis",
    ]
    for table in ALL_TABLES:
        if table.kind == "data":
            assert table.field_names[0] == "id" and table.field_names[-len(shared) :] == shared, table.name
            assert table.field_names[1] == "measure"


def test_kinds_do_not_mislead():
    kinds = {t.name: t.kind for t in ALL_TABLES}
    assert set(kinds.values()) <= {"data", "reference", "built"}
    assert kinds["observations"] == "built" and kinds["sources"] == "reference"


def test_every_text_field_has_a_length_limit():
    for table in ALL_TABLES:
        for fld in table.fields:
            if fld.type == "string":
                assert fld.length_limit is not None and fld.length_limit <= 2000, (table.name, fld.name)
                assert table_schema(table)["fields"][table.field_names.index(fld.name)]["constraints"]["maxLength"] == fld.length_limit
