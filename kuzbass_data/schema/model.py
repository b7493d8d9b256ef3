"""The building blocks of a table definition: vocabularies, fields and tables.

Each table is defined once, as a ``Table`` made of ``Field`` objects. Everything
else is derived from that definition: the Frictionless Table Schema
(``schema.table_schema``), the pandera schema (``schema.dataframe_schema``), the pandas
and Arrow types (``schema.dtypes``), the validator's checks and the documentation.
This module imports nothing heavy, so the loader and the CLI can use it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FieldType = Literal["string", "integer", "number"]

# Longest text allowed in any text cell without a max_length of its own: a flood is refused
# before anything prints it.
TEXT_LIMIT = 2000

# Several vocabulary terms in one cell are joined by this separator, e.g. "kemerovo; prokopyevsk".
MULTI_SEPARATOR = "; "


@dataclass(frozen=True)
class Vocabulary:
    """A controlled vocabulary: every allowed term with what it means."""

    # Short name, used in the docs ("place", "unit", ...).
    name: str
    # What the vocabulary classifies.
    description: str
    # Allowed terms, in display order, each with its meaning.
    terms: dict[str, str]

    def __contains__(self, term: object) -> bool:
        return term in self.terms

    @property
    def allowed(self) -> list[str]:
        """The allowed terms in display order."""
        return list(self.terms)


@dataclass(frozen=True)
class Field:
    """One column of a table."""

    # Column name exactly as in the CSV header.
    name: str
    # Frictionless type: "string", "integer" or "number".
    type: FieldType
    # What the column holds, for the docs, the Table Schema and ``kd.describe``.
    description: str
    # An empty cell is an error.
    required: bool = False
    # No value may appear twice in the column.
    unique: bool = False
    # The controlled vocabulary the values come from, if any.
    vocabulary: Vocabulary | None = None
    # With a vocabulary: a cell may hold several terms joined by MULTI_SEPARATOR.
    multiple: bool = False
    # Inclusive lower bound for numbers.
    minimum: float | None = None
    # Inclusive upper bound for numbers.
    maximum: float | None = None
    # A regular expression the whole value must match.
    pattern: str | None = None
    # Longest allowed text, in characters.
    max_length: int | None = None
    # The pattern in words, for error messages ("lowercase letters, digits and hyphens").
    format_hint: str = ""
    # The physical unit or format, for the docs ("ISO 8601 date", ...).
    unit: str = ""
    # An example value, shown in CONTRIBUTING.md.
    example: str = ""

    @property
    def is_categorical(self) -> bool:
        """True when the loader gives this column the pandas ``category`` dtype."""
        return self.vocabulary is not None and not self.multiple

    @property
    def length_limit(self) -> int | None:
        """The longest allowed text: ``max_length``, or TEXT_LIMIT for any other text field."""
        if self.type != "string":
            return None
        return self.max_length if self.max_length is not None else TEXT_LIMIT

    @property
    def full_pattern(self) -> str | None:
        """The pattern the whole cell must match, including multi-term vocabularies."""
        if self.vocabulary is not None and self.multiple:
            # Terms are [a-z0-9_]+ and the separator is "; ", so nothing needs escaping; the
            # pattern stays valid for Python's re, RE2 (Arrow) and Frictionless alike.
            term = "(?:" + "|".join(self.vocabulary.terms) + ")"
            return f"{term}(?:{MULTI_SEPARATOR}{term})*"
        return self.pattern


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values must exist in another table's column."""

    # The column in this table.
    field: str
    # The referenced table.
    table: str
    # The referenced column.
    reference: str


@dataclass(frozen=True)
class Table:
    """A published table: its metadata and its columns."""

    # Resource name: lowercase, used for file names and ``kd.load(name)``.
    name: str
    # A human title.
    title: str
    # What the table holds and where its boundaries lie.
    description: str
    # The columns, in CSV order.
    fields: tuple[Field, ...]
    # How the table comes about: "data" (hand-edited numbers in the observation shape, one per
    # row), "reference" (hand-edited, e.g. sources and conflicts) or "built" (never hand-edited).
    kind: Literal["data", "reference", "built"] = "data"
    # Columns forming the primary key.
    primary_key: tuple[str, ...] = ("id",)
    # References to other tables.
    foreign_keys: tuple[ForeignKey, ...] = ()
    # Columns that describe what a number is about, used to build human-readable labels.
    dimensions: tuple[str, ...] = field(default=())

    @property
    def field_names(self) -> list[str]:
        """Column names in CSV order."""
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        """The field called ``name``; KeyError if there is none (the website and docs read vocabularies by it)."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def is_hand_edited(self) -> bool:
        """True when the table's truth is a CSV file in ``raw/``."""
        return self.kind != "built"
