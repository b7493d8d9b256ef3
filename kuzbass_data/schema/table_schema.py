"""Derive the Frictionless Table Schema of a table from its definition (no frictionless import)."""

from __future__ import annotations

from typing import Any

from .model import Field, Table


def field_descriptor(field: Field) -> dict[str, Any]:
    """The Table Schema field descriptor of ``field``."""
    constraints: dict[str, Any] = {}
    if field.required:
        constraints["required"] = True
    if field.unique:
        constraints["unique"] = True
    if field.vocabulary is not None and not field.multiple:
        constraints["enum"] = field.vocabulary.allowed
    pattern = field.full_pattern
    if pattern is not None:
        constraints["pattern"] = pattern
    if field.minimum is not None:
        constraints["minimum"] = _number(field.minimum, field)
    if field.maximum is not None:
        constraints["maximum"] = _number(field.maximum, field)
    if field.length_limit is not None:
        constraints["maxLength"] = field.length_limit
    descriptor: dict[str, Any] = {"name": field.name, "type": field.type, "description": field.description}
    if field.example:
        descriptor["example"] = field.example
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def table_schema(table: Table) -> dict[str, Any]:
    """The Frictionless Table Schema of ``table``: fields, primaryKey and foreignKeys."""
    schema: dict[str, Any] = {
        "fields": [field_descriptor(f) for f in table.fields],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": [fk.field], "reference": {"resource": fk.table, "fields": [fk.reference]}} for fk in table.foreign_keys]
    return schema


def _number(bound: float, field: Field) -> int | float:
    # Integer fields need integer bounds, or Frictionless rejects the constraint.
    return int(bound) if field.type == "integer" or float(bound).is_integer() else bound
