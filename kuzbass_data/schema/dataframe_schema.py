"""Derive the pandera schema of a table from its definition (imports pandera on call).

pandera's own converter (``pandera.io.pandas_io.from_frictionless_schema``) reads the
same constraints from the Table Schema, but not the same schema: it types integers as
non-nullable ``int64`` and vocabularies as categories without their terms, and it
imports frictionless. So the schema is derived here, from the one definition, and a test
checks that the converter finds the same columns and checks.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from ..extras import require
from .dtypes import pandas_dtypes
from .model import Field, Table

if TYPE_CHECKING:
    import pandera.pandas as pa


def dataframe_schema(table: Table, *, coerce: bool = False, columns: list[str] | None = None, implied: bool = True) -> pa.DataFrameSchema:
    """The pandera schema that a typed frame of ``table`` (as ``kd.load`` returns it) must pass.

    With ``coerce``, the schema checks raw text: number cells are converted to their types first
    (a cell that cannot be converted is a failure case), and text cells, vocabularies included,
    are checked as the text they are (a term is checked against its vocabulary; the gate's typed
    table makes the categories afterwards).
    With ``columns``, the schema has only those columns, in any order (the raw reader checks
    the header itself): the same as ``select_columns`` with ``ordered`` off, without the
    deep copy of every column that ``select_columns`` makes. Without ``implied``, a check that
    another check of its column implies is left out (``_length_implied``): the gate finds and
    reports the same, with fewer checks to run.
    """
    require("pandera")
    import pandera.pandas as pa

    wanted = None if columns is None else set(columns)
    dtypes = pandas_dtypes(table)  # built once per table, and shared with the typed frames
    schema_columns = {}
    for field in table.fields:
        if wanted is not None and field.name not in wanted:
            continue
        checks = []
        if field.vocabulary is not None and not field.multiple:
            checks.append(pa.Check.isin(field.vocabulary.allowed))
        pattern = field.full_pattern
        if pattern is not None:
            checks.append(pa.Check.str_matches(f"^(?:{pattern})$"))
        if field.minimum is not None:
            checks.append(pa.Check.ge(field.minimum))
        if field.maximum is not None:
            checks.append(pa.Check.le(field.maximum))
        if field.length_limit is not None and (implied or not _length_implied(field)):
            checks.append(pa.Check.str_length(max_value=field.length_limit))
        schema_columns[field.name] = pa.Column(
            _string_dtype() if field.type == "string" and (coerce or not field.is_categorical) else dtypes[field.name],
            checks=checks,
            nullable=not field.required,
            unique=field.unique,
            required=True,
            # Text is not converted: the gate's frame is text already, and converting it to categories
            # (or pandas' NaN-based ``str``) costs pandera more than the checks, only for the typed table
            # to convert it again. Its type is still checked, and its terms by ``isin``.
            coerce=coerce and field.type != "string",
            description=field.description,
        )
    composite_key = list(table.primary_key) if len(table.primary_key) > 1 else None
    return pa.DataFrameSchema(
        schema_columns,
        strict=True,
        ordered=columns is None,
        unique=composite_key,
        name=table.name,
        title=table.title,
        description=table.description,
    )


def _length_implied(field: Field) -> bool:
    """True when the column's vocabulary check already bounds its length.

    A single-term vocabulary whose every term fits the length limit admits no value over it,
    and a value outside the vocabulary is reported by the vocabulary check, which runs first
    (pandera reports one failure per cell here): a length check on such a column can never
    be the one reported, and costs pandera a check per column of every table.
    """
    vocabulary, limit = field.vocabulary, field.length_limit
    return vocabulary is not None and not field.multiple and limit is not None and all(len(term) <= limit for term in vocabulary.terms)


@cache
def _string_dtype() -> Any:
    """pandera's type of a text column, answering its type check for the column as a whole.

    pandera's own ``STRING`` answers with one boolean per cell even when the column's type is
    right, and pandera then builds (and formats) an empty table of failure cases for every text
    column of every table, about a third of the gate's pandera time. Answering one boolean is the
    same check: the type is the column's, so it is right for every cell or for none, and a wrong
    type still reports its cells, through pandera's per-cell fallback.
    """
    import numpy as np
    import pandas as pd
    from pandera.engines import pandas_engine

    class WholeColumnString(pandas_engine.STRING):
        def check(self, pandera_dtype: Any, data_container: Any = None) -> Any:
            result = super().check(pandera_dtype, data_container)
            return result if isinstance(result, bool) else bool(np.all(np.asarray(result)))

    return WholeColumnString.from_parametrized_dtype(pd.StringDtype())
