"""Law coverage: which months the package's law covers, and the default month of every tool.

* :func:`default_period`: the latest month for which all law is published, derived from the
  parameters: the month of the newest published value of current law (every parameter outside
  ``voorstellen``, the proposals, and ``kosten``, the costing's unit values), moved back to the
  last month before an indexed amount that is not yet published (the salary criteria, the
  minimum wage: a series closed with ``null``, see :mod:`openfisca_arbeidsmigratie.projection`). Every command's ``--period``, the web
  API's ``period`` and the docs default to it.
* :func:`parse_month`: a month from ``YYYY-MM`` (or ``YYYY``, its January) within the window the
  package's law can cover (:data:`FIRST_YEAR` to :data:`LAST_YEAR`), the same on the command line
  and over HTTP.
* :func:`not_covered`: the error behind a failure that means the month asked lies outside the
  dates the law's parameters cover (a parameter with no value then, a criterion not published).

"Law coverage" (months) is not "test coverage" (which law the YAML tests exercise).
"""

from __future__ import annotations

import datetime
import functools
import types

from openfisca_core import periods
from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.parameters import Parameter
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie import law_directory, parameter_cache
from openfisca_arbeidsmigratie.indexatie import NIET_HUIDIG_RECHT, OntbrekendBedragError
from openfisca_arbeidsmigratie.projection import indexed_parameters
from openfisca_arbeidsmigratie.reforms import baseline_system, parameter_at

FIRST_YEAR, LAST_YEAR = 2000, 2100
"""A sanity window; within it, a month the law's parameters do not cover is reported when the
formulas meet the missing value (:func:`not_covered`)."""
NOT_LAW = NIET_HUIDIG_RECHT
"""Top-level parameter folders that are not current law: proposals, the costing's unit values."""
NOT_COVERED = (ParameterNotFoundError, OntbrekendBedragError)


class PeriodError(ValueError):
    """A period that is not a month the package can simulate; the message says what is allowed."""


def _start(value) -> datetime.date:
    return datetime.date.fromisoformat(value.instant_str)


def _law_parameters(system: TaxBenefitSystem) -> list[Parameter]:
    return [
        p
        for p in system.parameters.get_descendants()
        if isinstance(p, Parameter) and p.name.split(".", 1)[0] not in NOT_LAW
    ]


def latest_published_month(system: TaxBenefitSystem) -> str:
    """The latest month for which all law in ``system`` is published (see the module docstring).

    Reads ``system.parameters`` only."""
    newest = max(_start(v) for p in _law_parameters(system) for v in p.values_list if v.value is not None)
    month = newest.replace(day=1)
    for path in indexed_parameters(system):
        node = parameter_at(system.parameters, path)
        published = [_start(v) for v in node.values_list if v.value is not None]
        unpublished = [
            _start(v)
            for v in node.values_list
            if v.value is None and (not published or _start(v) > max(published))
        ]
        if unpublished and min(unpublished) <= month:
            first = min(unpublished)
            month = (first - datetime.timedelta(days=1)).replace(day=1)
    return month.strftime("%Y-%m")


@functools.cache
def _default_period() -> str:
    return latest_published_month(baseline_system())


def default_period() -> str:
    """The default month of every command and endpoint: :func:`latest_published_month` of current law."""
    return _default_period()


@functools.cache
def _default_period_of_parameters() -> str:
    tree = parameter_cache.load_parameters(law_directory("parameters"))
    return latest_published_month(types.SimpleNamespace(parameters=tree))


def default_period_for_help() -> str:
    """:func:`default_period` for a help text, without building current law when this process has
    not built it: the same month, read from current law's parameter tree alone
    (:func:`latest_published_month` reads nothing else), so that ``--help`` stays fast."""
    if baseline_system.cache_info().currsize:
        return default_period()
    return _default_period_of_parameters()


def parse_month(period) -> periods.Period:
    """A month period from "YYYY-MM" or "YYYY" (its first month), from FIRST_YEAR to LAST_YEAR."""
    allowed = f"allowed: a month YYYY-MM (or a year YYYY, its January) from {FIRST_YEAR}-01 to {LAST_YEAR}-12"
    if isinstance(period, bool) or not isinstance(period, str | int | periods.Period):
        raise PeriodError(f"period {period!r} is not a month; {allowed}")
    try:
        parsed = periods.period(period if isinstance(period, periods.Period) else str(period))
    except (ValueError, TypeError, AttributeError):
        raise PeriodError(f"period '{period}' is not a month; {allowed}") from None
    if parsed.unit == periods.YEAR and parsed.size == 1:
        parsed = parsed.first_month
    if parsed.unit != periods.MONTH or parsed.size != 1:
        raise PeriodError(f"period '{period}' is not a single month; {allowed}")
    if not FIRST_YEAR <= parsed.start.year <= LAST_YEAR:
        raise PeriodError(f"period '{period}' is outside the months the package's law can cover; {allowed}")
    return parsed


def not_covered(error: BaseException) -> BaseException | None:
    """The law-coverage error behind ``error`` (itself or a cause), else None."""
    seen = error
    while seen is not None:
        if isinstance(seen, NOT_COVERED):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def coverage_message(error: BaseException) -> str:
    return (
        f"The law for the period asked is not in this package: {error} "
        "Ask for a month the package covers (see the parameters' dates at GET /parameters)."
    )
