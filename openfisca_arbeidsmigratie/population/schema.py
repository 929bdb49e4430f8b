"""The columns of a population file, derived from the tax-benefit system.

A population file has one row per person. Its columns are

* the id columns ``persoon_id``, ``werkgever_id``, ``huishouden_id`` (required) and ``rol_huishouden``
  (optional, default ``aanvrager``);
* any INPUT variable of the package (a variable without a formula), under its own name: the same
  vocabulary as the YAML tests and the web API. Person inputs are given per row. Inputs of the
  employer (werkgever) and the household (huishouden) are given on the rows of their members: the
  filled cells of one group must agree; the group takes that value, or the variable's default when
  no member row fills it (documented in docs/population-format.md).

An empty cell means "not given": the variable's default applies.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DAY, ETERNITY, MONTH, YEAR
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.landen import ISO_3166_1_ALPHA2

PERSON_ID = "persoon_id"
ROLE_COLUMN = "rol_huishouden"
GROUP_ID_COLUMNS = {"werkgever": "werkgever_id", "huishouden": "huishouden_id"}
ROLE_ENTITY = "huishouden"
REQUIRED_ID_COLUMNS = (PERSON_ID, *GROUP_ID_COLUMNS.values())
ID_COLUMNS = (*REQUIRED_ID_COLUMNS, ROLE_COLUMN)

DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)

# Value ranges of inputs: (minimum, maximum, minimum inclusive). Every entry point checks them
# (population files, YAML tests, explain, /calculate, /trace, /compare: openfisca_arbeidsmigratie/
# validation.py). The upper bounds are the package's, not the law's: far above any real case and
# well below where float32 loses whole units or overflows, so that a typing error (a yearly amount
# or cents given as a monthly wage, an extra zero in a weight) is an error, never a result.
RANGES: dict[str, tuple[float | None, float | None, bool]] = {
    # A gross monthly wage: the highest salary criterion is about 6,000 euros; 1,000,000 euros a
    # month leaves room for any real salary and keeps float32 amounts exact to 1/16 euro.
    "bruto_maandloon": (0.0, 1_000_000.0, True),
    # Hours a week: Arbeidstijdenwet art. 5:7 lid 1 caps a working week at 60 hours.
    "arbeidsuren_per_week": (0.0, 60.0, False),
    # Durations: at most a working life of 50 years (2,600 weeks, 600 months).
    "beoogde_duur_arbeid_weken": (1.0, 2_600.0, True),
    "weken_tussen_vacaturemelding_en_aanvraag": (0.0, 2_600.0, True),
    "asielaanvraag_duur_maanden": (0.0, 600.0, True),
    "jaren_onafgebroken_verblijf_met_arbeid": (0.0, 50.0, True),
    "relevante_werkervaring_jaren": (0.0, 50.0, True),
    # Fines in the last four years: a count; 1,000 is far above any employer's record.
    "referent_aantal_boetes_laatste_4_jaar": (0.0, 1_000.0, True),
    # A row's weight (applicants a year it stands for): positive; at most 1,000,000, about ten
    # times the yearly number of labour migrants, so that weighted totals stay finite and exact.
    "gewicht": (0.0, 1_000_000.0, False),
}
# Dates of birth may not lie after the application (a person not yet born has no age). The
# application date is the variable `aanvraagdatum` (ages are measured on it); it defaults to the
# first day of the month simulated, and population files cannot set it (it has a formula).
BIRTH_DATE_COLUMNS = ("geboortedatum",)
APPLICATION_DATE = "aanvraagdatum"
# Units whose amounts cannot be negative when no explicit range is given above.
NON_NEGATIVE_UNITS = {"currency-EUR", "hour", "week", "month", "year", "/1"}
# Text inputs with a fixed format (regular expression on the whole value) and its description.
PATTERNS: dict[str, tuple[str, str]] = {
    "beroep_isco08": (r"[0-9]{1,4}", "an ISCO-08 code of 1 to 4 digits, e.g. 2512"),
}
# Text inputs restricted to a code list, with the list's description.
CODE_LISTS = {"nationaliteit": "an upper-case ISO 3166-1 alpha-2 code, e.g. NL, PL, IN"}

KINDS = {bool: "bool", int: "int", float: "float", str: "str", datetime.date: "date", Enum: "enum"}
TYPE_NAMES = {
    "bool": "boolean (true/false/1/0)",
    "int": "integer",
    "float": "number",
    "str": "text",
    "date": "date (ISO 8601, YYYY-MM-DD)",
    "enum": "code (member name, or its 0-based index)",
    "id": "identifier (text or integer)",
}


@dataclasses.dataclass(frozen=True)
class Column:
    """One input column: its variable's type, default and allowed values."""

    name: str
    entity: str
    kind: str
    definition_period: str
    label: str = ""
    unit: str | None = None
    default: object = None
    enum: type[Enum] | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    minimum_inclusive: bool = True
    pattern: str | None = None
    codes: frozenset[str] | None = None
    codes_description: str | None = None
    pattern_description: str | None = None

    @property
    def enum_names(self) -> list[str]:
        return [member.name for member in self.enum] if self.enum else []

    def hint(self, cell: str) -> str:
        """' (did you mean X?)' for a code or enum value close to an allowed one, else ''."""
        text = str(cell).strip()
        if self.codes is not None:
            return f" (did you mean {text.upper()!r}?)" if text.upper() in self.codes and text != text.upper() else ""
        if self.kind == "enum":
            close = difflib.get_close_matches(text, self.enum_names, n=1, cutoff=0.6)
            return f" (did you mean {close[0]!r}?)" if close else ""
        return ""

    def allowed(self) -> str:
        """What the column accepts, in words (used in error messages and the docs)."""
        if self.kind == "enum":
            return (
                "one of "
                + ", ".join(self.enum_names)
                + f" (or an index 0-{len(self.enum_names) - 1})"
            )
        if self.codes is not None:
            return self.codes_description or "a code from the list"
        if self.pattern is not None:
            return self.pattern_description or f"text matching {self.pattern}"
        if self.kind == "date":
            return f"a date YYYY-MM-DD between {DATE_MIN} and {DATE_MAX}"
        if self.kind == "bool":
            return "true, false, 1 or 0"
        if self.kind == "str" and self.max_length:
            return f"text of at most {self.max_length} characters"
        return _range_text(self)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def _range_text(column: Column) -> str:
    noun = (
        "an integer" if column.kind == "int" else "a number" if column.kind == "float" else "text"
    )
    parts = []
    if column.minimum is not None:
        parts.append(f"{'>=' if column.minimum_inclusive else '>'} {_number(column.minimum)}")
    if column.maximum is not None:
        parts.append(f"<= {_number(column.maximum)}")
    return noun + (" " + " and ".join(parts) if parts else "")


@dataclasses.dataclass(frozen=True)
class PopulationSchema:
    """Id columns plus one :class:`Column` per input variable, by name."""

    columns: dict[str, Column]
    person_entity: str
    group_entities: tuple[str, ...]
    roles: tuple[tuple[str, int | None], ...] = (("aanvrager", 1), ("partner", 1), ("kind", None))

    @property
    def role_keys(self) -> list[str]:
        return [key for key, _ in self.roles]

    @property
    def known_columns(self) -> set[str]:
        return set(ID_COLUMNS) | set(self.columns)

    def person_columns(self) -> list[Column]:
        return [c for c in self.columns.values() if c.entity == self.person_entity]

    def group_columns(self, entity: str) -> list[Column]:
        return [c for c in self.columns.values() if c.entity == entity]


def is_input(variable) -> bool:
    """An input variable: no formula, not neutralised."""
    return not variable.formulas and not variable.is_neutralized


def column_of(variable) -> Column:
    """The column (type, default, allowed values) of any variable, input or not."""
    kind = KINDS[variable.value_type]
    default = variable.default_value
    if kind == "enum" and default is not None:
        default = default.name
    minimum, maximum, inclusive = RANGES.get(variable.name, (None, None, True))
    if minimum is None and kind in {"int", "float"} and variable.unit in NON_NEGATIVE_UNITS:
        minimum = 0.0
    pattern, pattern_text = PATTERNS.get(variable.name, (None, None))
    return Column(
        name=variable.name,
        entity=variable.entity.key,
        kind=kind,
        definition_period=str(variable.definition_period),
        label=variable.label or "",
        unit=variable.unit,
        default=default,
        enum=variable.possible_values if kind == "enum" else None,
        max_length=getattr(variable, "max_length", None),
        minimum=minimum,
        maximum=maximum,
        minimum_inclusive=inclusive,
        pattern=pattern,
        pattern_description=pattern_text,
        codes=ISO_3166_1_ALPHA2 if variable.name in CODE_LISTS else None,
        codes_description=CODE_LISTS.get(variable.name),
    )


def derive_schema(*systems: TaxBenefitSystem) -> PopulationSchema:
    """The population schema of one or more tax-benefit systems (the union of their inputs).

    Pass every regime that will be simulated: a reform may add inputs of its own. A variable that
    is an input in one system and a formula in another is still a column (the regime where it is
    a formula ignores it).
    """
    if not systems:
        msg = "derive_schema needs at least one tax-benefit system."
        raise ValueError(msg)
    columns: dict[str, Column] = {}
    for system in systems:
        for name, variable in sorted(system.variables.items()):
            if name not in columns and is_input(variable) and name not in ID_COLUMNS:
                columns[name] = column_of(variable)
    first = systems[0]
    groups = tuple(e.key for e in first.entities if not e.is_person)
    unknown = set(groups) - set(GROUP_ID_COLUMNS)
    if unknown:
        msg = f"The population format has no id column for the group entities {sorted(unknown)}."
        raise ValueError(msg)
    household = next(e for e in first.entities if e.key == ROLE_ENTITY)
    roles = tuple((role.key, role.max) for role in household.roles)
    return PopulationSchema(
        columns=columns, person_entity=first.person_entity.key, group_entities=groups, roles=roles
    )


def input_period(column: Column, month):
    """The period for which a population value of ``column`` is set, given the simulated month."""
    unit = column.definition_period
    if unit == str(ETERNITY) or unit == str(MONTH):
        return month
    if unit == str(YEAR):
        return month.this_year
    if unit == str(DAY):
        return month.first_day
    msg = f"Column '{column.name}': unsupported definition period {unit}."
    raise ValueError(msg)


def _markdown_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _first_sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text


def markdown_table(schema: PopulationSchema) -> str:
    """The column documentation: one markdown row per column (type, entity, unit, allowed, default)."""
    header = "| column | type | entity | unit | allowed values | default | meaning |\n|---|---|---|---|---|---|---|\n"
    ids = [
        (
            PERSON_ID,
            "id",
            "persoon",
            "",
            "unique, non-empty",
            "required",
            "Identifier of the person (row).",
        ),
        (
            "werkgever_id",
            "id",
            "werkgever",
            "",
            "any; empty = no employer",
            "required column",
            "Employer of the person; rows with the same id share the employer's inputs.",
        ),
        (
            "huishouden_id",
            "id",
            "huishouden",
            "",
            "non-empty",
            "required",
            "Household; exactly one row per household has rol_huishouden = aanvrager.",
        ),
        (
            ROLE_COLUMN,
            "code",
            "huishouden",
            "",
            ", ".join(schema.role_keys),
            "aanvrager",
            "Role of the person in the household (the applicant, a partner, a child).",
        ),
    ]
    rows = [
        "| " + " | ".join(_markdown_cell(v) for v in (f"`{n}`", TYPE_NAMES.get(t, t), *rest)) + " |"
        for n, t, *rest in ids
    ]
    for column in schema.columns.values():
        default = "" if column.default is None else column.default
        if column.kind == "str" and default == "":
            default = '"" (empty)'
        rows.append(
            "| "
            + " | ".join(
                _markdown_cell(v)
                for v in (
                    f"`{column.name}`",
                    f"{TYPE_NAMES[column.kind]}, per {column.definition_period}",
                    column.entity,
                    column.unit or "",
                    column.allowed(),
                    default,
                    _first_sentence(column.label),
                )
            )
            + " |"
        )
    return header + "\n".join(rows) + "\n"


DOCUMENT_INTRO = """\
# Population file format

<!-- Generated by `arbeidsmigratie schema --document > docs/population-format.md` from the
tax-benefit system; tests/python/test_population.py fails when it is out of date. -->

A population file lists persons, **one row per person**, as CSV (UTF-8, header row, comma
separated) or Parquet. `arbeidsmigratie compare --population FILE` simulates every row under
current law and each reform; `arbeidsmigratie validate FILE` only checks it.

Rules:

* **Columns** are the id columns below plus any **input variable** of the package (a variable
  without a formula), under its own name: the same vocabulary as the YAML tests and the web API.
  A column that is neither is an error. Columns may come in any order; all inputs are optional.
* **Empty cell** = not given: the variable's default applies (shown in the table).
* **Types**: booleans `true`/`false`/`1`/`0`; dates ISO `YYYY-MM-DD` (a real calendar date
  between 1900-01-01 and 2100-12-31); numbers with a dot as decimal separator; codes (Enums) by
  member name or by 0-based index in the order listed; nationality as an upper-case ISO 3166-1
  alpha-2 code. Parquet columns may also carry native types (bool, integers, floats, date32,
  dictionary-encoded text).
* **Households**: every row has a `huishouden_id`; each household has exactly one row with
  `rol_huishouden = aanvrager` (the applicant), at most one `partner`, any number of `kind`.
  Only applicants are counted in the comparison's tables; partners and children are household
  context (e.g. family size).
* **Employers**: rows with the same `werkgever_id` share one employer. An empty `werkgever_id`
  means no employer (a partner, a child): the row gets an employer of its own with default inputs,
  and may not fill employer inputs.
* **Employer and household inputs** (entity `werkgever` / `huishouden` below) are given on the
  rows of their members. The filled cells of one group must agree; empty cells take the group's
  value; a group with no filled cell takes the default. Conflicting values are an error.
* **Per month or per eternity**: a value of a monthly input holds for the simulated month
  (`--period`); an eternal input (date of birth, nationality, weight) holds always.
* **Weight** (`gewicht`): how many applicants per year the row stands for; aggregates are weighted.
* **Bounds** (column "allowed values"): a wage of at most 1,000,000 euros a month, at most 60 hours
  a week (Arbeidstijdenwet art. 5:7), durations of at most a working life (50 years), a weight
  above 0 and at most 1,000,000. They are the package's, not the law's: far above any real case,
  so that a typing error is an error and never a result (rationale per column: `RANGES` in
  `openfisca_arbeidsmigratie/population/schema.py`). Every number must also be finite once cast to
  the variable's type (a 32-bit float holds at most 3.4e38).
* **Birth dates** (`geboortedatum`) may not lie after the application, which is the first day of
  the month simulated (`compare --period`, `period` of `/compare`): a person not yet born has no
  age. (A YAML test or a `/calculate` situation may place the application on another day with
  `aanvraagdatum`; the birth date is then compared with that.)
* **The same checks elsewhere**: YAML test cases, `arbeidsmigratie explain` situations and the
  situations of `/calculate` and `/trace` are checked with these same column rules (and for
  unknown names, with the closest known names), so every entry point answers in the same words.
* **Errors**: a file with any problem is rejected before anything is computed. All problems are
  listed at once (the first 50, then "... and N more"), each with the file, the row (1 = first
  data row, i.e. line 2 of a CSV), the column, the value and what is allowed.
* **Large files** (`compare --chunk-size ROWS`): the file is read twice, in chunks of whole
  households, and each cell is checked once. The first pass reads the id, role and employer
  columns and checks the rules that span rows across the whole file (duplicate `persoon_id`s,
  households, employer inputs that disagree anywhere in the file) and one more rule: **the rows
  of a household must be consecutive** (the generator writes them so; sort other files by
  `huishouden_id`). The second pass checks each chunk's person inputs as it reads them and
  simulates one chunk at a time, so memory is that of one chunk plus about 8 bytes per row and
  per household and a small record per employer. A problem anywhere rejects the file with every
  problem, in the words above, and writes no output (chunks computed before the problem was found
  are discarded); `validate --chunk-size ROWS` checks everything in one pass. Employers may
  have rows anywhere in the file. Ids are compared by value (integers, or text of digits) or by a
  64-bit hash of the text (a chance of about 3 in a million that two of 10 million distinct text
  ids are taken for one).

## Columns

"""


def population_format_document(schema: PopulationSchema) -> str:
    """The whole docs/population-format.md: rules and the column table."""
    return DOCUMENT_INTRO + markdown_table(schema)
