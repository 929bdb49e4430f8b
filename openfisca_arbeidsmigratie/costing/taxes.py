"""Wage tax and employer contributions per person, asked of the law's variables (variables/fiscaal).

The costing computes no tax itself: for one calendar year it builds a simulation with one person
per distinct monthly wage, twice (without and with the 30% ruling), and reads the variables
``loon_uit_dienstbetrekking``, ``loonheffing`` and ``werkgeverspremies``. Results are cached per
system, year and wage set, so the Monte Carlo draws, which do not change the tax law, reuse them.

A calendar year after the last year for which every yearly tax amount is published is computed
with the rules of that last year (:func:`tax_year`); the costing says so in its warnings. This is
the costing's approximation for future years (amounts in base-year euro), not the law.
"""

from __future__ import annotations

import weakref

import numpy as np
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.jaarbedragen import gepubliceerd_tot

OUTPUTS = ("wage_tax", "employer_contributions")
_VARIABLES = {"wage_tax": "loonheffing", "employer_contributions": "werkgeverspremies"}
_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_CACHE_SIZE = 64


def published_years(system: TaxBenefitSystem) -> tuple[int, int]:
    """(first, last) year for which every yearly tax amount (parameters/fiscaal) is published."""
    return gepubliceerd_tot(system.parameters.children["fiscaal"])


def tax_year(system: TaxBenefitSystem, year: int) -> int:
    """The year whose tax rules the costing applies in calendar year ``year`` (at most the last published)."""
    return min(year, published_years(system)[1])


def ruling_months(system: TaxBenefitSystem, year: int) -> float:
    """Longest duration of the 30% ruling in months (Uitvoeringsbesluit LB 2011 art. 10ej)."""
    return float(system.parameters(f"{tax_year(system, year)}-01-01").fiscaal.dertig_procent_regeling.maximale_duur_maanden)


def _simulate(system: TaxBenefitSystem, monthly: np.ndarray, year: int) -> dict[str, np.ndarray]:
    n = len(monthly)
    simulation = SimulationBuilder().build_default_simulation(system, 2 * n)
    simulation.set_input("bruto_maandloon", f"{year}-01", np.concatenate([monthly, monthly]))
    simulation.set_input("dertig_procent_regeling_toegepast", str(year), np.repeat([False, True], n))
    out = {"annual_wage": simulation.calculate("loon_uit_dienstbetrekking", str(year))[:n].astype(np.float64)}
    for key, variable in _VARIABLES.items():
        values = simulation.calculate(variable, str(year)).astype(np.float64)
        out[key] = values[:n]
        out[f"{key}_ruling"] = values[n:]
    return out


def wage_taxes(system: TaxBenefitSystem, monthly_wage: np.ndarray, ruling_share, year: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(annual wage, expected wage tax and employer contributions) per person in calendar year ``year``.

    ``monthly_wage``: gross monthly wage excluding holiday allowance; ``ruling_share``: the
    probability (0-1, scalar or per person) that the person's employer applies the 30% ruling.
    """
    year = tax_year(system, year)
    unique, inverse = np.unique(np.asarray(monthly_wage, np.float64), return_inverse=True)
    per_system = _CACHE.setdefault(system, {})
    key = (year, unique.tobytes())
    if key not in per_system:
        if len(per_system) >= _CACHE_SIZE:
            per_system.pop(next(iter(per_system)))
        per_system[key] = _simulate(system, unique, year)
    found = per_system[key]
    share = np.asarray(ruling_share, np.float64)
    expected = {k: share * found[f"{k}_ruling"][inverse] + (1.0 - share) * found[k][inverse] for k in OUTPUTS}
    return found["annual_wage"][inverse], expected
