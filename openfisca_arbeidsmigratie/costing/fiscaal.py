"""Tax and contributions from the wage: box 1 with the general credits, the 30% ruling, employer premiums.

All amounts are per year. The model is a resident employee below the state-pension age with wage
income only (no other income, deductions or partner): the figure a ministry uses for the revenue
from a labour migrant's wage, not an individual tax assessment.
"""

from __future__ import annotations

import numpy as np

from openfisca_arbeidsmigratie.costing.eenheden import Eenheden

B = "belasting."


def jaarloon(maandloon: np.ndarray, e: Eenheden, year: int) -> np.ndarray:
    """Annual gross wage including holiday allowance, from the monthly wage excluding it."""
    return np.asarray(maandloon, np.float64) * 12.0 * (1.0 + e(B + "vakantiebijslag", year))


def algemene_heffingskorting(inkomen: np.ndarray, e: Eenheden, year: int) -> np.ndarray:
    p = B + "algemene_heffingskorting."
    afbouw = e(p + "afbouwpercentage", year) * np.maximum(inkomen - e(p + "afbouwpunt", year), 0.0)
    return np.maximum(e(p + "maximum", year) - afbouw, 0.0)


def arbeidskorting(arbeidsinkomen: np.ndarray, e: Eenheden, year: int) -> np.ndarray:
    """Build-up and phase-out as a scale; nil from the last threshold on (the published end point,
    where the rounded knots would leave a few cents)."""
    schaal = e.scale(B + "arbeidskorting", year)
    korting = np.maximum(schaal.calc(arbeidsinkomen), 0.0)
    return np.where(arbeidsinkomen >= schaal.thresholds[-1], 0.0, korting)


def loonheffing(belastbaar: np.ndarray, e: Eenheden, year: int) -> np.ndarray:
    """Income tax and national-insurance contributions in box 1 after the two general credits (>= 0)."""
    belastbaar = np.asarray(belastbaar, np.float64)
    bruto = e.scale(B + "box_1_tarief", year).calc(belastbaar)
    kortingen = algemene_heffingskorting(belastbaar, e, year) + arbeidskorting(belastbaar, e, year)
    return np.maximum(bruto - kortingen, 0.0)


def vrije_vergoeding(jaarloon_: np.ndarray, e: Eenheden, year: int) -> np.ndarray:
    """Tax-free allowance under the 30% ruling (0 where the wage does not meet the salary norm).

    At most the percentage of the wage (capped at the WNT norm), and no more than keeps the taxable
    wage at the salary norm: an allowance that would take the taxable wage below the norm is cut
    back to the norm (the ruling is kept), a wage below the norm gets none.
    """
    p = B + "dertig_procent_regeling."
    maximum = e(p + "percentage", year) * np.minimum(jaarloon_, e(p + "maximum_loon", year))
    return np.clip(np.minimum(maximum, jaarloon_ - e(p + "salarisnorm", year)), 0.0, None)


def werkgeverspremies(belastbaar: np.ndarray, e: Eenheden, year: int) -> np.ndarray:
    """Employer contributions (AWf, Aof, Whk, childcare surcharge, Zvw levy) up to the maximum wage."""
    p = B + "werkgeverspremies."
    tarief = sum(e(p + name, year) for name in ("awf_laag", "aof_laag", "whk", "kinderopvang", "zvw"))
    return tarief * np.minimum(belastbaar, e(p + "maximumpremieloon", year))


def opbrengst(jaarloon_: np.ndarray, regeling: np.ndarray | float, e: Eenheden, year: int) -> dict[str, np.ndarray]:
    """Expected wage tax and employer contributions per person for one year of work.

    ``regeling`` is the probability (0-1) that the person uses the 30% ruling this year.
    """
    vrij = vrije_vergoeding(jaarloon_, e, year)
    zonder = {"wage_tax": loonheffing(jaarloon_, e, year), "employer_contributions": werkgeverspremies(jaarloon_, e, year)}
    met = {"wage_tax": loonheffing(jaarloon_ - vrij, e, year), "employer_contributions": werkgeverspremies(jaarloon_ - vrij, e, year)}
    return {k: regeling * met[k] + (1.0 - regeling) * zonder[k] for k in zonder}
