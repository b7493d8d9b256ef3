"""The definition of every published table: the single source of truth for its schema.

Data tables share the *observation shape*: one number per row, with its provenance.
``observation_table`` assembles that shape around each table's own dimension columns.
"""

from __future__ import annotations

from . import vocabularies as v
from .model import Field, ForeignKey, Table, Vocabulary

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
PERIOD_PATTERN = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
# The years any date or year of a row may fall in: the schema's bounds of year columns and the row checks' of periods.
FIRST_YEAR, LAST_YEAR = 1900, 1960
SOURCES_KEY = ForeignKey("source_id", "sources", "id")

# The article every number comes from today; its id in the sources table.
DEFAULT_SOURCE = "landau-2015"


def _measure(table: str) -> Vocabulary:
    """The table's measures: their terms are data (schema/terms/vocabularies.csv)."""
    return v.data_vocabulary(f"{table}.measure", f"What a number in {table} measures.")


def _id_field() -> Field:
    return Field(
        "id",
        "string",
        "Stable, human-readable identifier of the row, lowercase letters, digits and hyphens. Unique across all tables and never reused: people cite rows by it.",
        required=True,
        unique=True,
        pattern=ID_PATTERN,
        max_length=80,
        format_hint="lowercase letters and digits in words joined by single hyphens",
        example="kuzbass-1932-outcome",
    )


def _period_fields() -> tuple[Field, ...]:
    return (
        Field(
            "period_start",
            "string",
            "Start of the period the number refers to, as precisely as the source dates it (YYYY, YYYY-MM or YYYY-MM-DD). Empty when the source gives no date.",
            pattern=PERIOD_PATTERN,
            format_hint="YYYY, YYYY-MM or YYYY-MM-DD",
            unit="ISO 8601 date, reduced precision",
            example="1930",
        ),
        Field(
            "period_end",
            "string",
            "End of the period (same format). Equal to period_start for a single year, month or day; empty when the source gives no end.",
            pattern=PERIOD_PATTERN,
            format_hint="YYYY, YYYY-MM or YYYY-MM-DD",
            unit="ISO 8601 date, reduced precision",
            example="1932",
        ),
        Field(
            "period_precision",
            "string",
            "How precisely the source dates the number. Required when period_start is filled.",
            vocabulary=v.PERIOD_PRECISION,
            example="year",
        ),
        Field(
            "season",
            "string",
            "The season, when period_precision is 'season'; the month, when period_precision is 'month_of_year' (a month whose year the source does not state).",
            vocabulary=v.SEASON,
            example="summer",
        ),
        Field(
            "period_relation",
            "string",
            "How the number relates to its period when the source does not date it within the period: 'after' (period_start itself excluded, as in 'After 1947'), 'before' or 'by'. Empty otherwise.",
            vocabulary=v.PERIOD_RELATION,
            example="",
        ),
    )


def _number_fields() -> tuple[Field, ...]:
    return (
        Field(
            "value",
            "number",
            "The number as the source states it, in `unit`. Empty only when the source gives only a range.",
            minimum=0,
            example="10.5",
        ),
        Field(
            "value_low",
            "number",
            "Lower end of a range, or the bound of 'more than' / 'at least'. Otherwise empty.",
            minimum=0,
            example="",
        ),
        Field(
            "value_high",
            "number",
            "Upper end of a range, or the bound of 'up to'. Otherwise empty.",
            minimum=0,
            example="",
        ),
        Field("unit", "string", "Unit of value, value_low and value_high.", required=True, vocabulary=v.UNIT, example="million_tonnes"),
        Field("qualifier", "string", "How exactly the source states the number.", required=True, vocabulary=v.QUALIFIER, example="exact"),
        Field("status", "string", "Whether the number is an outcome, a plan, an announcement, a norm, derived or an actor's claim.", required=True, vocabulary=v.STATUS, example="plan"),
    )


def _provenance_fields() -> tuple[Field, ...]:
    return (
        Field(
            "source_id",
            "string",
            "The source the number comes from: an id in the sources table.",
            required=True,
            pattern=ID_PATTERN,
            format_hint="the id of a row of sources.csv",
            example=DEFAULT_SOURCE,
        ),
        Field(
            "footnote",
            "integer",
            "The first 'Footnote N' marker after the end of the excerpt in the same paragraph of the source; empty when the "
            "paragraph has none after it. Where that marker closes a later claim, footnote_basis says so.",
            minimum=1,
            example="10",
        ),
        Field(
            "locator",
            "string",
            "Where in the source the excerpt stands, when a footnote does not say it: a page ('p. 191'), "
            "a table ('table 3'), or an archival reference ('GAKO, f. 12, op. 3, d. 45, l. 17'). Empty for "
            "an article cited by its footnotes.",
            max_length=200,
            example="",
        ),
        Field(
            "excerpt",
            "string",
            "A verbatim span of the source, at most 200 characters, containing the number as written. The article is copyrighted: never more of it than this.",
            required=True,
            max_length=200,
            example="from 2.4 million tons in 1928 to 10.5 million tons in 1932",
        ),
        *_reading_fields(),
        Field(
            "note",
            "string",
            "The curator's note for readers: context, interpretation, and the id of any conflict the row belongs to.",
            example="First Five-Year Plan target.",
        ),
        Field(
            "footnote_basis",
            "string",
            "The curator's reasoning about which footnote the number cites, when the footnote marker the rule gives "
            "(the first after the excerpt in its paragraph) closes a later claim than the row's number. Empty otherwise.",
            example="Footnote 10 closes the paragraph's last figure, the Donbass comparison.",
        ),
    )


def _partial_scope_field() -> Field:
    return Field(
        "partial_scope",
        "string",
        "The source's own words, verbatim from the excerpt, that limit the number to part of its place or group "
        "('At several Kuzbasugol’ mines', 'in some places', 'many of the newly recruited miners'). Empty when the "
        "number holds for the whole place and group. The label and the read-back sentence quote it.",
        max_length=200,
        example="in some places",
    )


def _reading_fields() -> tuple[Field, ...]:
    """The marked readings: words copied verbatim from the excerpt that the gate reads mechanically."""
    return (
        Field(
            "value_text",
            "string",
            "The words of the excerpt that state the number, with the words that govern it (qualifier, scale, unit), copied "
            "verbatim: 'almost 10 million tons', 'between 25 and 40 per cent', 'tenfold'. The gate reads it through the "
            "phrase table and checks that it gives exactly value, value_low, value_high, qualifier and unit.",
            required=True,
            max_length=200,
            example="10.5 million tons",
        ),
        Field(
            "period_text",
            "string",
            "The words of the excerpt that date the number, verbatim ('In 1937-38', 'in the winter of 1931/32', "
            "'After 1938'); they must give the period cells. Empty when the excerpt does not date it.",
            max_length=200,
            example="in 1932",
        ),
        Field(
            "status_text",
            "string",
            "The words of the excerpt that make the number something other than an outcome, verbatim ('envisaged', 'spoke of', 'were to receive'); they must give the status. Empty for an outcome.",
            max_length=200,
            example="envisaged",
        ),
    )


def observation_table(
    name: str,
    title: str,
    description: str,
    dimensions: tuple[Field, ...],
    *,
    periods: bool = True,
) -> Table:
    """A data table in the observation shape: id, measure, dimensions, number, provenance."""
    measures = _measure(name)
    measure = Field(
        "measure",
        "string",
        "What the number measures.",
        required=True,
        vocabulary=measures,
        example=next(iter(measures.terms)),
    )
    fields = (
        _id_field(),
        measure,
        *dimensions,
        *(_period_fields() if periods else ()),
        _partial_scope_field(),
        *_number_fields(),
        *_provenance_fields(),
    )
    return Table(
        name=name,
        title=title,
        description=description,
        fields=fields,
        kind="data",
        foreign_keys=(SOURCES_KEY,),
        dimensions=("measure", *(d.name for d in dimensions)),
    )


def _vocab_field(name: str, vocabulary: Vocabulary, description: str, *, required: bool = True, multiple: bool = False, example: str = "") -> Field:
    return Field(
        name,
        "string",
        description,
        required=required,
        vocabulary=vocabulary,
        multiple=multiple,
        example=example or next(iter(vocabulary.terms)),
    )


def _group(description: str = "The group of people the number is about.") -> Field:
    return _vocab_field("group", v.GROUP, description)


def _place(description: str = "Where the number applies.", *, multiple: bool = False) -> Field:
    return _vocab_field("place", v.PLACE, description, multiple=multiple, example="kuzbass")


SHA256_PATTERN = r"[0-9a-f]{64}"

SOURCES = Table(
    name="sources",
    title="Sources",
    description="One row per source. Every number in every table points to one of these by source_id. "
    "A source's licence decides how its excerpts are checked: an open text is kept in sources/<id>.txt and "
    "read verbatim; a copyrighted text is never committed, and its excerpts carry proofs (proofs/<id>.json) "
    "against text_root.",
    kind="reference",
    fields=(
        Field("id", "string", "Identifier of the source, cited by source_id.", required=True, unique=True, pattern=ID_PATTERN, example=DEFAULT_SOURCE),
        Field("kind", "string", "What kind of work the source is.", required=True, vocabulary=v.SOURCE_KIND, example="journal_article"),
        Field("citation", "string", "Full citation.", required=True),
        Field("authors", "string", "Authors, 'Family, Given' joined by '; ', or the issuing body.", required=True, example="Landau, Julia"),
        Field("year", "integer", "Year of publication (for an archival document: the year it was written).", required=True, minimum=1800, maximum=2100, example="2015"),
        Field("title", "string", "Title of the work.", required=True),
        Field("journal", "string", "Journal, if an article."),
        Field("volume", "string", "Journal volume."),
        Field("issue", "string", "Journal issue."),
        Field("pages", "string", "Page range.", pattern=r"[0-9]+(?:[-–][0-9]+)?", example="185-205"),
        Field("doi", "string", "Digital Object Identifier.", pattern=r"10\.[0-9]{4,9}/\S+", example="10.1017/S0020859015000462"),
        Field("url", "string", "Where the work can be found. Required for a web page or dataset.", pattern=r"https?://\S+"),
        Field("archive", "string", "For an archival document: the archive, as abbreviated in citations.", max_length=120, example="GAKO"),
        Field("fond", "string", "For an archival document: the fond (collection) number.", pattern=r"[A-Za-z0-9.\-]{1,20}", example="P-12"),
        Field("opis", "string", "For an archival document: the opis (inventory) number.", pattern=r"[A-Za-z0-9.\-]{1,20}", example="3"),
        Field("delo", "string", "For an archival document: the delo (file) number.", pattern=r"[A-Za-z0-9.\-]{1,20}", example="45"),
        Field("folios", "string", "For an archival document: its folios (listy) in the file, e.g. '17-19ob'.", pattern=r"[0-9]+(?:ob)?(?:-[0-9]+(?:ob)?)?", example="17-19ob"),
        Field(
            "licence",
            "string",
            "Under what terms the text may be reused; every licence but 'copyrighted' puts the text in sources/<id>.txt.",
            required=True,
            vocabulary=v.LICENCE,
            example="copyrighted",
        ),
        Field("licence_note", "string", "What may be reused from the source, and how the package uses it.", required=True),
        Field(
            "fingerprint",
            "string",
            "SHA-256 of the source's normalised text: which text (edition, copy) the excerpts are checked against. Written by `kuzbass-data prove`.",
            pattern=SHA256_PATTERN,
            format_hint="64 lowercase hexadecimal digits",
        ),
        Field(
            "text_root",
            "string",
            "Commitment to the source's normalised text (salted Merkle root over its words), which the excerpt proofs in proofs/<id>.json lead to. Written by `kuzbass-data prove`.",
            pattern=SHA256_PATTERN,
            format_hint="64 lowercase hexadecimal digits",
        ),
        Field(
            "footnotes",
            "integer",
            "For a source cited by footnote: how many footnotes it has (its highest footnote number), so that a row "
            "citing a footnote beyond it is refused without the text. Written by `kuzbass-data prove`.",
            minimum=1,
            maximum=100000,
            example="58",
        ),
    ),
)

COAL_OUTPUT = observation_table(
    "coal_output",
    "Coal output",
    "Annual coal output of the Kuzbass and, for comparison, the Donbass: planned targets and outcomes, in million tonnes, and growth factors the source states.",
    (
        _vocab_field("basin", v.BASIN, "The coal basin.", example="kuzbass"),
        Field("year", "integer", "The year the number refers to (for a growth factor, the final year).", required=True, minimum=FIRST_YEAR, maximum=LAST_YEAR, example="1932"),
        Field("base_year", "integer", "For a growth factor: the year it starts from. Otherwise empty.", minimum=FIRST_YEAR, maximum=LAST_YEAR, example=""),
    ),
    periods=False,
)

ACCIDENTS = observation_table(
    "accidents",
    "Mine accidents",
    "Mine accidents in the Kuzbass: totals over a period (accidents reported, death rates) and single "
    "disasters (deaths and severe injuries, with place, mine and kind). A figure the source gives for two "
    "events together stays one row; its place and kind list both.",
    (
        _place("Where the accident(s) happened; several places when one figure covers several events.", multiple=True),
        _vocab_field("mine", v.MINE, "The mine, where the source names it.", required=False),
        _vocab_field("kind", v.ACCIDENT_KIND, "Kind of accident; several when one figure covers several events.", multiple=True),
    ),
)

DEPORTATIONS = observation_table(
    "deportations",
    "Deportations and forced transfers of labour",
    "Forced transfers of people into the Kuzbass and, where the source contrasts them, away from it: "
    "kulak families and people, special settlers, and post-war prisoner-of-war and internee contingents. "
    "Families (measure families_sent) and people (sent) are never converted into each other. Announced "
    "contingents (status 'announced') are kept apart from those actually sent (status 'outcome'). "
    "Shares of these groups (fit to work, assigned to mines) are in settler_conditions and prisoners_of_war.",
    (
        _group("Who was transferred."),
        _vocab_field("origin", v.PLACE, "Where they came from; several places joined by '; '. Empty when not stated.", required=False, multiple=True),
        _vocab_field("destination", v.PLACE, "Where they were sent; several places when the source's figure covers more than the Kuzbass.", multiple=True, example="kuzbass"),
        _vocab_field("nationality", v.NATIONALITY, "Nationalities the source names for the group; several joined by '; '.", multiple=True, example="not_specified"),
    ),
)

RATIONS = observation_table(
    "rations",
    "Bread rations",
    "Bread rations in grams per day, by group, profession or ration category, nationality and place. "
    "General norms carry the nationality 'not_specified'; nationality-specific exceptions name the "
    "nationality and apply to it only. Rations in camps outside the region are kept with their place.",
    (
        _group("Who receives the ration."),
        _vocab_field("profession", v.PROFESSION, "Profession or ration category.", example="hewer"),
        _vocab_field("nationality", v.NATIONALITY, "Nationality the ration is for; 'not_specified' for a general norm."),
        _place("Where the ration applies."),
    ),
)

WORKFORCE = observation_table(
    "workforce",
    "Workforce and labour turnover",
    "The Kuzbass workforce: recruitment and departures, the monthly workforce, shares staying or not "
    "returning, the regional origin of recruits, labour deficits, the share of forced labourers in the "
    "workforce, and the growth of the urban population.",
    (
        _group(),
        _place("Where the workforce is."),
        _vocab_field("origin", v.PLACE, "Where the workers came from, for shares by origin.", required=False),
    ),
)

FOREIGNERS = observation_table(
    "foreigners",
    "Foreign specialists and workers",
    "Foreign specialists and workers in the Kuzbass: how many were recruited, present or remaining at "
    "given dates, and the shares that stayed or of their wages that they received. Where the source's figures disagree, "
    "both rows are kept and linked through the conflicts table.",
    (_group(), _place()),
)

SETTLER_CONDITIONS = observation_table(
    "settler_conditions",
    "Conditions of special settlers",
    "Conditions of the special settlers: rules of the settlements (the share of wages paid to the "
    "secret police, punishments, exceptions), work norms compared with free workers, fitness to work "
    "and child mortality. The numbers deported are in deportations.",
    (_group(), _place()),
)

REPRESSION = observation_table(
    "repression",
    "Repression",
    "Arrests, shares of personnel arrested or executed, and trial sentences and commutations.",
    (_group(), _place()),
)

PRISONERS_OF_WAR = observation_table(
    "prisoners_of_war",
    "Prisoners of war and internees",
    "Prisoners of war and internees after World War II: shares assigned to the mines, put to work, able "
    "to work or their work-target rates over time, wage deductions and mortality in camps. The "
    "numbers sent to the Kuzbass are in deportations; their bread rations are in rations.",
    (_group(), _place()),
)

MINING_CONDITIONS = observation_table(
    "mining_conditions",
    "Mining conditions",
    "Geology and technique of Kuzbass mining: seam thickness, ash and sulphur content of the coal, coal left in the goaf and the timber shortfall.",
    (_place(),),
)

DATA_TABLES: tuple[Table, ...] = (
    COAL_OUTPUT,
    ACCIDENTS,
    DEPORTATIONS,
    RATIONS,
    WORKFORCE,
    FOREIGNERS,
    SETTLER_CONDITIONS,
    REPRESSION,
    PRISONERS_OF_WAR,
    MINING_CONDITIONS,
)

TABLE_NAME = Vocabulary(
    "table",
    "The data table a row comes from.",
    {t.name: t.title for t in DATA_TABLES},
)

CONFLICTS = Table(
    name="conflicts",
    title="Conflicts",
    description="Groups of rows that must not be read naively together: contradictions, plans against "
    "outcomes, figures of different scope or possibly overlapping, repeated statements, inconsistent derivations "
    "and series that change over time. Every "
    "member is a row id in a data table, and every member's note names the conflict.",
    kind="reference",
    fields=(
        Field(
            "id",
            "string",
            "Identifier of the conflict, starting with 'conflict-'. Members' notes name it.",
            required=True,
            unique=True,
            pattern=r"conflict-" + ID_PATTERN,
            max_length=80,
            example="conflict-kuzbass-1932-plan-vs-outcome",
        ),
        Field("kind", "string", "What kind of conflict.", required=True, vocabulary=v.CONFLICT_KIND, example="plan_vs_outcome"),
        Field(
            "members", "string", "The ids of the rows concerned, joined by '; '.", required=True, pattern=ID_PATTERN + r"(?:; " + ID_PATTERN + r")*", example="kuzbass-1932-plan; kuzbass-1932-outcome"
        ),
        Field("explanation", "string", "How the rows relate and how to read them.", required=True, example="The plan for 1932 against the output achieved."),
    ),
)

RETIRED_IDS = Table(
    name="retired_ids",
    title="Retired ids",
    description="Ids that were published once and no longer name a row, with the version that retired them, "
    "why, and the id that replaces them where there is one. A retired id is never used again: a citation "
    "of it keeps pointing here.",
    kind="reference",
    fields=(
        Field(
            "id",
            "string",
            "The retired id: once a row, conflict or source id of a published version.",
            required=True,
            unique=True,
            pattern=ID_PATTERN,
            max_length=80,
            example="kuzbass-1937-outcome",
        ),
        Field(
            "retired_in_version",
            "string",
            "The first package version without the id (the version of the change that removed it).",
            required=True,
            pattern=r"[0-9]+\.[0-9]+\.[0-9]+",
            format_hint="MAJOR.MINOR.PATCH",
            example="1.0.0",
        ),
        Field("reason", "string", "Why the id was retired, for the people who cite it.", required=True, max_length=500, example="The row counted the same deportees twice."),
        Field(
            "successor",
            "string",
            "The id that replaces it, when one does; it must exist. Empty when the number was withdrawn.",
            pattern=ID_PATTERN,
            max_length=80,
            example="",
        ),
    ),
)

OBSERVATIONS = Table(
    name="observations",
    title="All observations",
    description="Built, never hand-edited: every number of every data table stacked in one long table, with a human-readable label, so all numbers can be searched in one place.",
    kind="built",
    foreign_keys=(SOURCES_KEY,),
    fields=(
        Field("table", "string", "The data table the row comes from.", required=True, vocabulary=TABLE_NAME),
        Field("id", "string", "The row's id in that table (unique across all tables).", required=True, unique=True, pattern=ID_PATTERN),
        Field(
            "label",
            "string",
            "What the number is, in words, built from the row's measure, dimensions, partial scope (quoted), period and (unless outcome) status; unique.",
            required=True,
        ),
        Field("value", "number", "As in the data table.", minimum=0),
        Field("value_low", "number", "As in the data table.", minimum=0),
        Field("value_high", "number", "As in the data table.", minimum=0),
        Field("unit", "string", "As in the data table.", required=True, vocabulary=v.UNIT),
        Field("qualifier", "string", "As in the data table.", required=True, vocabulary=v.QUALIFIER),
        Field("status", "string", "As in the data table.", required=True, vocabulary=v.STATUS),
        Field("period", "string", "The period in words, e.g. '1930 to 1932', 'summer 1931', '1936-09-22', 'after 1947', 'by 1937', 'February (year not stated)'. Empty when undated."),
        Field("partial_scope", "string", "As in the data table.", max_length=200),
        Field("source_id", "string", "As in the data table.", required=True, pattern=ID_PATTERN),
        Field("footnote", "integer", "As in the data table.", minimum=1),
        Field("excerpt", "string", "As in the data table.", required=True, max_length=200),
        Field("note", "string", "As in the data table."),
        Field("footnote_basis", "string", "As in the data table."),
    ),
)

# Publication order: reference tables first, then the data tables, then what is built from them.
ALL_TABLES: tuple[Table, ...] = (SOURCES, *DATA_TABLES, CONFLICTS, RETIRED_IDS, OBSERVATIONS)
