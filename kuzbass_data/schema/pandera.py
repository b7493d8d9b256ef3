"""Derive the pandera schema of a table from its definition (imports pandera on call)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Table
from .types import pandas_dtype

if TYPE_CHECKING:
    import pandera.pandas as pa


def pandera_schema(table: Table) -> pa.DataFrameSchema:
    """The pandera schema that a typed frame of ``table`` (as ``kd.load`` returns it) must pass."""
    import pandera.pandas as pa

    columns = {}
    for field in table.fields:
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
        if field.max_length is not None:
            checks.append(pa.Check.str_length(max_value=field.max_length))
        columns[field.name] = pa.Column(
            pandas_dtype(field),
            checks=checks,
            nullable=not field.required,
            unique=field.unique,
            required=True,
            description=field.description,
        )
    composite_key = list(table.primary_key) if len(table.primary_key) > 1 else None
    return pa.DataFrameSchema(
        columns,
        strict=True,
        ordered=True,
        unique=composite_key,
        name=table.name,
        title=table.title,
        description=table.description,
    )
