"""Machinery shared by the reform modules (not a reform itself).

Reforms here never copy a current-law formula. They wrap the formula of the system they are
applied to: the new formula receives ``vorige``, a function computing the previous regime's
value, and decides where the proposal changes it. Reforms therefore combine in any order
(``brede_welvaartstoets+vijfjarige_vergunning``): each wraps what the earlier ones built.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.reforms import Reform
from openfisca_core.variables import Variable

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


class Voorstel(Reform):
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


def _vorige_formule(oud: Variable) -> Callable:
    def vorige(entity, period, parameters):
        formula = oud.get_formula(period)
        if formula is None:
            return entity.filled_array(oud.default_value)
        return formula(entity, period, parameters)

    return vorige


def wikkel_formule(reform: Reform, naam: str, formule: Callable) -> None:
    """Replace the formula of variable ``naam`` in ``reform`` by a wrapper.

    ``formule(entity, period, parameters, vorige)`` returns the reformed value; ``vorige`` has the
    signature of an OpenFisca formula and returns the value under the system the reform is applied
    to (its default value where that system has no formula for the period). All other attributes
    (type, entity, label, reference, end) stay those of the existing variable.
    """
    vorige = _vorige_formule(reform.get_variable(naam, check_existence=True))

    def formula(entity, period, parameters):
        return formule(entity, period, parameters, vorige)

    formula.__doc__ = formule.__doc__
    reform.update_variable(type(naam, (Variable,), {"formula": formula}))


def bewaar_als(reform: Reform, naam: str, nieuwe_naam: str, label: str) -> None:
    """Add variable ``nieuwe_naam``: the value of ``naam`` under the system before ``reform``.

    Lets the reformed formulas (and an analyst tracing a case) see the previous regime's decision.
    """
    oud = reform.get_variable(naam, check_existence=True)
    attributen = {
        "value_type": oud.value_type,
        "entity": oud.entity,
        "definition_period": oud.definition_period,
        "label": label,
        "reference": oud.reference,
        "default_value": oud.default_value,
        "documentation": f"The value of `{naam}` under the regime before this reform.",
        "formula": _vorige_formule(oud),
    }
    if oud.value_type == Enum:
        attributen["possible_values"] = oud.possible_values
    reform.add_variable(type(nieuwe_naam, (Variable,), attributen))


def voorstel(parameters, period, pad: str):
    """The parameters of proposal ``pad`` (dotted, under parameters/voorstellen) in ``period``."""
    node = parameters(period).voorstellen
    for deel in pad.split("."):
        node = node[deel]
    return node


def van_toepassing(parameters, period, pad: str) -> bool:
    """Whether proposal ``pad`` (dotted, under parameters/voorstellen) applies in ``period``."""
    return bool(voorstel(parameters, period, pad).van_toepassing)


def is_arbeidsmigratieroute(route) -> np.ndarray:
    """True where an EnumArray of Toelatingsroute holds a non-EU labour-migration route."""
    return np.isin(np.asarray(route), [r.index for r in ARBEIDSMIGRATIEROUTES])


def beslis_waar(reform: Reform, beslist: str, uitkomsten: dict[str, Callable]) -> None:
    """Where the bool variable ``beslist`` is True, replace each decision output by the proposal's.

    ``uitkomsten`` maps a variable name to ``f(entity, period, parameters)`` giving the proposal's
    value; elsewhere the previous regime's value stays.
    """
    for naam, uitkomst in uitkomsten.items():

        def formule(entity, period, parameters, vorige, uitkomst=uitkomst):
            waar = entity(beslist, period)
            if not waar.any():
                return vorige(entity, period, parameters)
            return np.where(
                waar, uitkomst(entity, period, parameters), vorige(entity, period, parameters)
            )

        wikkel_formule(reform, naam, formule)
