"""One check of the inputs a user gives, before anything is computed, for every entry point.

A population file (``arbeidsmigratie validate``/``compare``, ``POST /compare``), a YAML test case
(``pytest``, ``openfisca test``), an ``explain`` situation and a ``/calculate`` or ``/trace``
situation are checked with the same column definitions (:mod:`population.schema`) and the same
parsers (:mod:`population.parsing`), so every entry point answers a bad value with the same words:
where it is, the value, what is wrong and what is allowed. Situations are also checked for names:
an unknown variable, entity, role or test key gets the closest known names.

The rules (types, codes, bounds and their rationale) are declared once, in
:mod:`openfisca_arbeidsmigratie.population.schema`; this module walks OpenFisca's situation format.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import functools

import numpy as np
import pyarrow as pa
from openfisca_core import periods

from openfisca_arbeidsmigratie.population.parsing import parse
from openfisca_arbeidsmigratie.population.schema import (
    APPLICATION_DATE,
    BIRTH_DATE_COLUMNS,
    Column,
    column_of,
)

ACCEPTED_PERIODS = (
    "YYYY-MM (a month, e.g. 2026-01), YYYY (a year), YYYY-MM-DD (a day), ETERNITY, "
    "or UNIT:START:COUNT (e.g. month:2026-01:3)"
)
# The keys of a YAML test case (openfisca_core.tools.test_runner.TEST_KEYWORDS).
TEST_KEYS = (
    "absolute_error_margin",
    "description",
    "extensions",
    "ignore_variables",
    "input",
    "keywords",
    "max_spiral_loops",
    "name",
    "only_variables",
    "output",
    "period",
    "parameters",
    "reforms",
    "relative_error_margin",
)
MAX_PROBLEMS = 50


class SituationError(ValueError):
    """A situation or test case was rejected; ``problems`` lists every message (one line each)."""

    def __init__(self, problems: list[str], total: int | None = None) -> None:
        self.problems = problems
        self.total = len(problems) if total is None else total
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = list(self.problems)
        if self.total > len(self.problems):
            lines.append(f"... and {self.total - len(self.problems)} more")
        return "\n".join(lines)


def closest(name: str, candidates) -> list[str]:
    """Up to three known names close to ``name`` (difflib), best first."""
    return difflib.get_close_matches(str(name), list(candidates), n=3, cutoff=0.6)


def _did_you_mean(name: str, candidates) -> str:
    close = closest(name, candidates)
    return "did you mean " + " or ".join(repr(c) for c in close) + "?" if close else ""


def _value_text(raw) -> str:
    text = str(raw)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _as_cell(raw) -> str | None:
    """A YAML/JSON scalar as the text cell a population file would hold (None: not a scalar)."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float):
        return repr(raw)  # 1e+39, inf, nan: the parsers judge them
    if isinstance(raw, int | str):
        return str(raw)
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    return None


@functools.cache
def _columns(system) -> dict[str, Column]:
    return {name: column_of(variable) for name, variable in system.variables.items()}


def parse_period(text) -> periods.Period | None:
    try:
        return periods.period(str(text))
    except Exception:  # noqa: BLE001 (OpenFisca raises ValueError, PeriodError or pendulum's ParserError)
        return None


_VERDICTS: dict[tuple[int, str], tuple[str | None, object]] = {}
_VERDICTS_MAX = 100_000
_SAME_COLUMN: dict[Column, Column] = {}
"""The first of equal columns (every system built on current law has its own, equal ones)."""


def _verdicts(column: Column, cells: list[str]) -> list[tuple[str | None, object]]:
    """(first reason the cell is refused or None, parsed value) per cell, by the population
    parsers; remembered per column and cell (test cases repeat the same few values), shared by
    equal columns."""
    column = _SAME_COLUMN.setdefault(column, column)
    todo = sorted({c for c in cells if (id(column), c) not in _VERDICTS})
    if todo:
        if len(_VERDICTS) > _VERDICTS_MAX:
            _VERDICTS.clear()
        parsed = parse(pa.array(todo, pa.string()), column)
        reasons: list[str | None] = [None] * len(todo)
        for mask, reason in parsed.invalid:
            for i in np.flatnonzero(mask):
                reasons[i] = reasons[i] or reason
        for i, cell in enumerate(todo):
            _VERDICTS[(id(column), cell)] = (reasons[i], parsed.values[i])
    return [_VERDICTS[(id(column), c)] for c in cells]


@dataclasses.dataclass
class _Value:
    where: str
    raw: object
    owner: str = ""  # the entity instance the value belongs to (personen.a; input[1] for a list)


class SituationCheck:
    """Collects the problems of one situation (or test case) of ``system``.

    ``source`` prefixes every message (a file, a file and a case, or "situation" over HTTP);
    ``period`` is the default period (a test's ``period:``, ``explain --period``).
    """

    def __init__(self, system, source: str, period=None, limit: int = MAX_PROBLEMS) -> None:
        self.system = system
        self.source = source
        self.limit = limit
        self.messages: list[str] = []
        self.total = 0
        self.columns = _columns(system)
        self.entities = {e.plural: e for e in system.entities}
        self.singulars = {e.key: e for e in system.entities}
        self.values: dict[str, list[_Value]] = {}
        self.dates: dict[str, list[tuple]] = {}  # valid birth and application dates
        self.months: list[periods.Period] = []
        self.default_period = None
        self.person_ids: set[str] = set()
        self.memberships: list[tuple[str, str]] = []
        if period is not None:
            self.default_period = self.period(period, "")

    # -- messages ---------------------------------------------------------------------------

    def add(self, message: str) -> None:
        self.total += 1
        if len(self.messages) < self.limit:
            self.messages.append(f"{self.source}: {message}")

    def raise_if_any(self) -> None:
        if self.total:
            raise SituationError(self.messages, self.total)

    # -- pieces -----------------------------------------------------------------------------

    def period(self, text, where: str) -> periods.Period | None:
        parsed = parse_period(text)
        if parsed is None:
            place = f"{where}, period" if where else "period"
            self.add(f"{place} {_value_text(text)}: not a period; allowed: {ACCEPTED_PERIODS}")
        elif parsed.unit != periods.DateUnit.ETERNITY:
            self.months.append(parsed)
        return parsed

    def variable_name(self, name: str, where: str, kind: str = "input") -> bool:
        if name in self.columns:
            return True
        hint = _did_you_mean(name, self.columns)
        allowed = hint or "allowed: a variable of the package (GET /variables; inputs: arbeidsmigratie schema)"
        parent = where.rpartition(".")[0]
        self.add(f"{_place(parent)}unknown {kind} '{name}'; {allowed}")
        return False

    def variable(self, name: str, value, where: str, entity=None) -> None:
        """An input ``name: value`` or ``name: {period: value}`` (value None: asked, not given)."""
        if not self.variable_name(name, where):
            return
        variable = self.system.variables[name]
        if entity is not None and variable.entity.key != entity.key:
            self.add(
                f"{where}: '{name}' belongs to the {variable.entity.key}, not the {entity.key}; "
                f"allowed: give it under {variable.entity.plural}"
            )
            return
        owner = where.rpartition(".")[0]
        if isinstance(value, dict):
            for key, at in value.items():
                self.period(key, where)
                self._given(name, at, _join(where, key), owner)
        else:
            self._given(name, value, where, owner)

    def _given(self, name: str, value, where: str, owner: str) -> None:
        """A value, or a list of values (one per person in a test's flat input)."""
        values = self.values.setdefault(name, [])
        if isinstance(value, list):
            values.extend(
                _Value(f"{where}[{i}]", v, f"{owner}[{i}]") for i, v in enumerate(value) if v is not None
            )
        elif value is not None:
            values.append(_Value(where, value, owner))

    def check_values(self) -> None:
        """Every given value through the population parsers (type, codes, enum names, bounds,
        finite after the cast), then birth dates against the application date."""
        for name, given in self.values.items():
            column = self.columns[name]
            scalars = []
            for v in given:
                cell = _as_cell(v.raw)
                if cell is None:
                    self.add(
                        f"{v.where}, value {_value_text(v.raw)}: {_kind(v.raw)} where one value is due; "
                        f"allowed: {column.allowed()}"
                    )
                else:
                    scalars.append((v, cell))
            verdicts = _verdicts(column, [cell for _, cell in scalars])
            for (v, cell), (reason, value) in zip(scalars, verdicts, strict=True):
                if reason is not None:
                    self.add(f"{v.where}, value {_value_text(cell)}: {reason}{column.hint(cell)}; allowed: {column.allowed()}")
                elif name in (*BIRTH_DATE_COLUMNS, APPLICATION_DATE):
                    self.dates.setdefault(name, []).append((v, cell, value))
        if self.months:
            self._birth_dates()

    def _birth_dates(self) -> None:
        """A birth date may not lie after the application (``aanvraagdatum`` of the same person,
        by default the first day of the month simulated): a person not yet born has no age."""
        first = min(self.months, key=lambda p: p.start)
        month = periods.period(f"{first.start.year:04d}-{first.start.month:02d}")
        applications: dict[str, tuple] = {}
        for v, cell, value in self.dates.get(APPLICATION_DATE, []):
            if v.owner not in applications or value < applications[v.owner][1]:
                applications[v.owner] = (cell, value)
        for name in BIRTH_DATE_COLUMNS:
            for v, cell, value in self.dates.get(name, []):
                if v.owner in applications:
                    given, bound = applications[v.owner]
                    what = f"after the application date {given} ({_join(v.owner, APPLICATION_DATE)})"
                else:
                    given, bound = str(month.start), np.datetime64(str(month.start), "D")
                    what = f"after the application date (by default the first day of the month simulated, {given})"
                if value > bound:
                    self.add(f"{v.where}, value {_value_text(cell)}: {what}; allowed: a date on or before {given}")

    # -- situations -------------------------------------------------------------------------

    def situation(self, situation, where: str = "") -> None:
        if not isinstance(situation, dict):
            self.add(f"{_place(where)}{_kind(situation)}; allowed: a mapping (entities or variables)")
            return
        plural = [k for k in situation if k in self.entities or k == "axes"]
        if not plural:
            for name, value in situation.items():
                self.variable(str(name), value, _join(where, name))
            return
        for key, instances in situation.items():
            if key == "axes":
                continue
            if key not in self.entities:
                hint = _did_you_mean(key, [*self.entities, *self.columns])
                self.add(
                    f"{_place(where)}unknown entity '{key}'; {hint or 'allowed: ' + ', '.join(self.entities)}"
                    + (" (variables go inside an entity when entities are given)" if key in self.columns else "")
                )
                continue
            self._instances(self.entities[key], instances, _join(where, key))
        for person, at in self.memberships:
            if person not in self.person_ids:
                hint = _did_you_mean(person, self.person_ids)
                known = ", ".join(sorted(self.person_ids)) or "none given"
                self.add(f"{at}: unknown person '{person}'; {hint or 'allowed: the ids under personen (' + known + ')'}")

    def _instances(self, entity, instances, where: str) -> None:
        if not isinstance(instances, dict):
            self.add(f"{where}: {_kind(instances)}; allowed: a mapping of ids to {entity.key} descriptions")
            return
        roles = {} if entity.is_person else {r.plural or r.key: r for r in entity.roles}
        for instance_id, description in instances.items():
            at = _join(where, instance_id)
            if entity.is_person:
                self.person_ids.add(str(instance_id))
            if not isinstance(description, dict):
                self.add(f"{at}: {_kind(description)}; allowed: a mapping of variables")
                continue
            for key, value in description.items():
                name = str(key)
                if name in roles:
                    members = value if isinstance(value, list) else [value]
                    self.memberships.extend((str(m), _join(at, name)) for m in members)
                elif name in self.columns:
                    self.variable(name, value, _join(at, name), entity)
                else:
                    hint = _did_you_mean(name, [*roles, *self.columns])
                    allowed = "roles " + ", ".join(roles) + " or " if roles else ""
                    self.add(f"{at}: unknown name '{name}'; {hint or 'allowed: ' + allowed + 'a variable of the ' + entity.key}")

    # -- YAML test cases --------------------------------------------------------------------

    def test_case(self, case) -> None:
        if not isinstance(case, dict):
            self.add(f"{_kind(case)}; allowed: a test case (a mapping with name, period, input, output)")
            return
        for key in case:
            if key not in TEST_KEYS:
                hint = _did_you_mean(key, TEST_KEYS)
                self.add(f"unknown key '{key}'; {hint or 'allowed: ' + ', '.join(TEST_KEYS)}")
        if case.get("input") is not None:
            self.situation(case["input"], "input")
        if case.get("output") is not None:
            self.output(case["output"])

    def output(self, output, where: str = "output") -> None:
        if not isinstance(output, dict):
            self.add(f"{where}: {_kind(output)}; allowed: a mapping of variables to expected values")
            return
        for raw_key, expected in output.items():
            key = str(raw_key)
            at = _join(where, key)
            if key in self.columns:
                self._expected(key, expected, at)
            elif key in self.singulars and isinstance(expected, dict):
                for name, value in expected.items():
                    if self.variable_name(str(name), _join(at, name), "output"):
                        self._expected(str(name), value, _join(at, name))
            elif key in self.entities and isinstance(expected, dict):
                for instance_id, values in expected.items():
                    if not isinstance(values, dict):
                        self.add(f"{_join(at, instance_id)}: {_kind(values)}; allowed: a mapping of variables to expected values")
                        continue
                    for name, value in values.items():
                        if self.variable_name(str(name), _join(at, instance_id, name), "output"):
                            self._expected(str(name), value, _join(at, instance_id, name))
            else:
                self.variable_name(key, at, "output")

    def _expected(self, name: str, expected, where: str) -> None:
        column = self.columns[name]
        pairs = expected.items() if isinstance(expected, dict) else [(None, expected)]
        for key, value in pairs:
            at = where if key is None else _join(where, key)
            if key is not None:
                self.period(key, where)
            if column.kind != "enum" or value is None:
                continue
            for one in value if isinstance(value, list) else [value]:
                if str(one) not in column.enum_names:
                    self.add(
                        f"{at}, value {_value_text(one)}: not a known value{column.hint(str(one))}; "
                        f"allowed: one of {', '.join(column.enum_names)}"
                    )


def _kind(value) -> str:
    """What a value is, in words (for messages about the shape of a situation)."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__}"


def _place(where: str) -> str:
    return f"{where}: " if where else ""


def _join(*parts) -> str:
    """A dotted path to a place in a situation (``personen.aanvrager.nationaliteit``)."""
    return ".".join(str(p) for p in parts if p != "")


def check_situation(situation, system, *, source: str = "situation", period=None) -> None:
    """Raise :class:`SituationError` with every problem of an OpenFisca situation (entities or
    the flat style of a test's input); ``period`` is the month simulated, if one is known."""
    check = SituationCheck(system, source, period)
    check.situation(situation)
    check.check_values()
    check.raise_if_any()


def check_test_case(case, system, *, source: str) -> None:
    """Raise :class:`SituationError` with every problem of one YAML test case."""
    period = case.get("period") if isinstance(case, dict) else None
    check = SituationCheck(system, source, period)
    check.test_case(case)
    check.check_values()
    check.raise_if_any()


def parse_test_case_values(cases, system) -> None:
    """Parse the input values of many test cases at once, one parse per variable, so that
    :func:`check_test_case` then finds each of them parsed (a parse has a fixed cost per call that
    dwarfs one case's few values). Checks nothing and raises nothing."""
    cells: dict[str, set[str]] = {}
    for case in cases:
        check = SituationCheck(system, "", None)
        check.test_case(case)
        for name, given in check.values.items():
            cells.setdefault(name, set()).update(c for c in map(_as_cell, (v.raw for v in given)) if c is not None)
    columns = _columns(system)
    for name, found in cells.items():
        _verdicts(columns[name], list(found))
