"""Derive the pandas and Arrow types of a table from its definition.

Text is ``string`` (nullable), integers ``Int64``, numbers ``Float64`` and single-term
vocabularies ``category`` with the vocabulary's terms as categories, so the CSV and
Parquet files load to frames that are ``equals``-identical. Parquet stores vocabularies
as plain strings, which every Parquet reader understands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Field, Table

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


def pandas_dtype(field: Field) -> Any:
    """The pandas dtype of ``field`` in a loaded frame."""
    import pandas as pd

    if field.is_categorical:
        assert field.vocabulary is not None
        return pd.CategoricalDtype(pd.Index(field.vocabulary.allowed, dtype=pd.StringDtype()), ordered=False)
    return {"integer": "Int64", "number": "Float64", "string": pd.StringDtype()}[field.type]


_DTYPES: dict[int, tuple[Table, dict[str, Any]]] = {}


def pandas_dtypes(table: Table) -> dict[str, Any]:
    """Column name to pandas dtype, for every column of ``table`` (built once per table)."""
    cached = _DTYPES.get(id(table))
    if cached is None or cached[0] is not table:
        cached = _DTYPES[id(table)] = (table, {f.name: pandas_dtype(f) for f in table.fields})
    return cached[1]


def arrow_schema(table: Table) -> pa.Schema:
    """The Arrow schema of the table's Parquet file, with each column's description.

    It carries pandas metadata naming the nullable dtypes, so that any pandas reader
    (Frictionless's Parquet reader among them) sees missing numbers as missing, not NaN.
    The metadata is fixed text, so the file does not change with the pandas version.
    """
    import json

    import pyarrow as pa

    types = {"integer": pa.int64(), "number": pa.float64(), "string": pa.string()}
    nullable = {"integer": ("int64", "Int64"), "number": ("float64", "Float64"), "string": ("unicode", "string")}
    pandas_metadata = {
        "index_columns": [],
        "column_indexes": [],
        "columns": [{"name": f.name, "field_name": f.name, "pandas_type": nullable[f.type][0], "numpy_type": nullable[f.type][1], "metadata": None} for f in table.fields],
        "creator": {"library": "kuzbass-data"},
        "pandas_version": "3.0.0",
    }
    return pa.schema(
        [pa.field(f.name, types[f.type], nullable=not f.required, metadata={"description": f.description}) for f in table.fields],
        metadata={"name": table.name, "title": table.title, "pandas": json.dumps(pandas_metadata)},
    )


def apply_dtypes(frame: pd.DataFrame, table: Table, columns: list[str] | None = None) -> pd.DataFrame:
    """``frame`` with the table's columns (or only ``columns``) in order and cast to their pandas dtypes."""
    names = table.field_names if columns is None else columns
    dtypes = {name: dtype for name, dtype in pandas_dtypes(table).items() if name in names}
    frame = frame[names]
    # Only the columns not yet of their type are converted: a converted column is not copied again.
    differing = {name: dtype for name, dtype in dtypes.items() if frame[name].dtype != dtype}
    return frame.astype(differing) if differing else frame
