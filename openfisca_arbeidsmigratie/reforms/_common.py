"""Machinery shared by the reform modules (not a reform itself).

Reforms here never copy a current-law formula. They wrap the formula of the system they are
applied to: the new formula receives ``previous``, a function computing the previous regime's
value, and decides where the proposal changes it. Reforms therefore combine in any order
(``brede_welvaartstoets+vijfjarige_vergunning``): each wraps what the earlier ones built.

Who a proposal reaches (its scope) and which applicants keep an EU-directive route are law-side
variables (variables/voorstellen/bereik.py); the reforms ask them by name.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from openfisca_core.indexed_enums import Enum, EnumArray
from openfisca_core.reforms import Reform
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.codes import als_enum, per_simulatie
from openfisca_arbeidsmigratie.enums import Toelatingsroute

KAMERBRIEF_29861_153 = (
    "https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2025D00418"
)
KAMERBRIEF_29861_163 = (
    "https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2025D32387"
)

ARBEIDSMIGRATIEROUTES = (
    Toelatingsroute.kennismigrant,
    Toelatingsroute.europese_blauwe_kaart,
    Toelatingsroute.twv_gvva,
    Toelatingsroute.puntentoets,
)
"""Routes of non-EU labour migrants: the ones the proposals act on (not free movement, not exempt)."""


class Proposal(Reform):
    """Base class of the proposals.

    * keeps the baseline's OpenAPI examples, so that ``openfisca serve -r <reform>`` works;
    * ``requires_whole_population``: True when the reform acts on the population as a whole
      (a cap with a ranking), so that the comparison engine must not split it into chunks;
    * ``fase``: see below; later phases see the decision of earlier ones.
    """

    requires_whole_population = False
    fase = 1
    """Order in which build_regime applies combined reforms: 1 who qualifies (routes, criteria),
    2 the cap on who is admitted, 3 what the permit gives. Within a phase the spec's order holds."""

    def __init__(self, baseline) -> None:
        super().__init__(baseline)
        self.open_api_config = getattr(baseline, "open_api_config", {})


PREVIOUS_ARRAYS = "previous_arrays"
"""Attribute a simulation may carry: ``{(variable, period): array}``, the value a previous
definition ``variable`` has in it, known beforehand (the comparison engine puts current law's
array there where it would be the same: microsimulation/reuse.py). ``previous`` returns it
instead of running the formula again."""


def _previous_formula(old: Variable) -> Callable:
    def previous(entity, period, parameters):
        known = getattr(entity.simulation, PREVIOUS_ARRAYS, None)
        if known:
            array = known.get((old, period))
            if array is not None:
                return array
        formula = old.get_formula(period)
        if formula is None:
            return entity.filled_array(old.default_value)
        return formula(entity, period, parameters)

    previous.previous_variable = old
    return previous


def wrap_formula(reform: Reform, name: str, formula: Callable) -> None:
    """Replace the formula of variable ``name`` in ``reform`` by a wrapper.

    ``formula(entity, period, parameters, previous)`` returns the reformed value; ``previous`` has
    the signature of an OpenFisca formula and returns the value under the system the reform is
    applied to (its default value where that system has no formula for the period). All other
    attributes (type, entity, label, reference, end) stay those of the existing variable.
    """
    previous = _previous_formula(reform.get_variable(name, check_existence=True))

    def wrapped(entity, period, parameters):
        return formula(entity, period, parameters, previous)

    wrapped.__doc__ = formula.__doc__
    wrapped.previous_variable = previous.previous_variable
    reform.update_variable(type(name, (Variable,), {"formula": wrapped}))


def keep_as(reform: Reform, name: str, new_name: str, label: str) -> None:
    """Add variable ``new_name``: the value of ``name`` under the system before ``reform``.

    Lets the reformed formulas (and an analyst tracing a case) see the previous regime's decision.
    """
    old = reform.get_variable(name, check_existence=True)
    attributes = {
        "value_type": old.value_type,
        "entity": old.entity,
        "definition_period": old.definition_period,
        "label": label,
        "reference": old.reference,
        "default_value": old.default_value,
        "documentation": f"The value of `{name}` under the regime before this reform.",
        "formula": _previous_formula(old),
    }
    if old.value_type == Enum:
        attributes["possible_values"] = old.possible_values
    reform.add_variable(type(new_name, (Variable,), attributes))


def proposal_parameters(parameters, period, path: str):
    """The parameters of proposal ``path`` (dotted, under parameters/voorstellen) in ``period``."""
    node = parameters(period).voorstellen
    for part in path.split("."):
        node = node[part]
    return node


def applies(parameters, period, path: str) -> bool:
    """Whether proposal ``path`` (dotted, under parameters/voorstellen) applies in ``period``."""
    return bool(proposal_parameters(parameters, period, path).van_toepassing)


def is_labour_migration_route(route) -> np.ndarray:
    """True where an EnumArray of Toelatingsroute holds a non-EU labour-migration route."""
    route = np.asarray(route)
    uit = np.zeros(route.shape, dtype=bool)
    for r in ARBEIDSMIGRATIEROUTES:  # a comparison per route: faster than np.isin on a million persons
        uit |= route == r.index
    return uit


def decide_where(reform: Reform, decides: str, outcomes: dict[str, Callable]) -> None:
    """Where the bool variable ``decides`` is True, replace each decision output by the proposal's.

    ``outcomes`` maps a variable name to ``f(entity, period, parameters, rows)`` giving the
    proposal's value for the persons ``rows`` (the ascending indices where ``decides`` holds): an
    array of one value per row, or one value for them all. Elsewhere the previous regime's value
    stays. The proposal's value is worked out for those persons only, not for everyone.
    """
    for name, outcome in outcomes.items():

        def formula(entity, period, parameters, previous, outcome=outcome):
            rows = rows_where(entity, decides, period)
            if not len(rows):
                return previous(entity, period, parameters)
            new = outcome(entity, period, parameters, rows)
            return replace_rows(rows, new, previous(entity, period, parameters))

        wrap_formula(reform, name, formula)


def constant(value) -> Callable:
    """An outcome for :func:`decide_where`: ``value`` for every person it decides for."""
    return lambda entity, period, parameters, rows: value


def rows_where(entity, name: str, period) -> np.ndarray:
    """The ascending indices where the bool variable ``name`` is True in ``period``, found once per
    simulation for its computed array (every formula of a proposal that decides there asks)."""
    where = entity(name, period)
    return per_simulatie(entity, ("rows_where", name, period), (where,), lambda: np.flatnonzero(where))


def replace_where(entity, decides: str, period, previous, make: Callable):
    """``previous`` with the rows where the bool variable ``decides`` holds given ``make(rows)``
    (one value per row, or one for all; None: nothing changes there)."""
    rows = rows_where(entity, decides, period)
    if not len(rows):
        return previous
    new = make(rows)
    return previous if new is None else replace_rows(rows, new, previous)


def at_rows(array, rows) -> np.ndarray:
    """The values of an entity variable's array (an EnumArray: its codes) for the persons ``rows``."""
    return np.asarray(array).take(rows)


def replace_rows(rows, values, previous):
    """The previous value with the persons ``rows`` (indices) given ``values`` (one per row, or one
    for all), in the type ``np.where`` would give (an EnumArray where ``previous`` is one)."""
    values, known = np.asarray(values), np.asarray(previous)
    result = known.astype(np.result_type(values, known), copy=True)
    result[rows] = values
    if isinstance(previous, EnumArray):
        return als_enum(result, previous.possible_values)
    return result
