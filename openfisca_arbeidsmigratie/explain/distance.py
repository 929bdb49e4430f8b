"""Distance to admission: the smallest wage that admits a refused applicant, and what-if inputs.

Everything re-runs the regime itself on a copy of the inputs with one input changed, for all
refused applicants at once (one simulation per trial), so it holds for any regime, including the
reforms' own criteria and parameter files. A *builder* makes a fresh simulation of a regime with
some person inputs overridden: :func:`population_builder` (a population of the comparison engine)
or :func:`situation_builder` (one situation, OpenFisca's dict format).

Smallest admitting wage (:func:`distance_to_admission`):

1. candidate wages per applicant: the thresholds in force under the regime for that applicant
   (statutory minimum wage, kennismigrant criterion, Blue Card criterion; variables in
   ``KANDIDAAT_VARIABELEN`` that the regime defines) and a ceiling ``PLAFOND``, all above the
   current wage; one simulation per candidate;
2. the smallest admitting candidate ``c``; if ``c - 0.01`` does not admit, ``c`` is exact (the
   usual case: a salary criterion decides);
3. otherwise (e.g. the points test, whose wage points have their own steps) a bisection in whole
   cents between the largest refused candidate and ``c``: at most ~24 more simulations.

It assumes that admission does not get lost when the wage rises (true of every route modelled: all
wage tests are minimums). NaN where no wage up to the ceiling admits (a ground a wage cannot
cure, e.g. Wav art. 8 lid 1 onder a); 0 where already admitted.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable

import numpy as np
from openfisca_core.simulations import Simulation, SimulationBuilder

from openfisca_arbeidsmigratie.enums import Weigeringsgrond

LOON = "bruto_maandloon"
KANDIDAAT_VARIABELEN = (
    "wettelijk_minimumloon_maand",
    "kennismigrant_looncriterium_bekend",
    "europese_blauwe_kaart_toepasselijk_looncriterium",
)
PLAFOND = 100_000.0
"""Highest wage tried (euro per month); float32 still holds whole cents up to about 131,000."""

PUNTENTOETS_GRONDEN = (Weigeringsgrond.puntentoets_stap_1.index, Weigeringsgrond.puntentoets_totaal.index)
STAP_2_INVOER = ("taalniveau_nederlands", "huisvestingsvorm")
"""Inputs of the newcomer step of the points test whose other values are tried."""

Builder = Callable[[object, dict[str, np.ndarray]], Simulation]


def population_builder(population, month) -> Builder:
    """Builder over a population of the comparison engine (inputs shared, overrides copied)."""
    from openfisca_arbeidsmigratie.microsimulation.engine import build_simulation  # noqa: PLC0415 (heavy import)

    def bouw(system, overrides):
        inputs = {**population.person_inputs, **overrides}
        return build_simulation(system, dataclasses.replace(population, person_inputs=inputs), month)

    return bouw


def situation_builder(situatie: dict, period: str) -> Builder:
    """Builder over one situation (entities or flat test-input style); overrides set for ``period``."""

    def bouw(system, overrides):
        builder = SimulationBuilder()
        builder.set_default_period(period)
        simulation = builder.build_from_dict(system, copy.deepcopy(situatie))
        for naam, waarden in overrides.items():
            simulation.set_input(naam, period, waarden)
        return simulation

    return bouw


def _candidates(simulation, system, period, loon) -> list[np.ndarray]:
    kandidaten = []
    for naam in KANDIDAAT_VARIABELEN:
        if naam not in system.variables:
            continue
        try:
            waarde = np.asarray(simulation.calculate(naam, period), dtype=np.float64)
        except (ValueError, LookupError, ArithmeticError):
            continue  # a criterion unknown in this month is no candidate
        kandidaten.append(waarde)
    kandidaten.append(np.full(loon.shape, PLAFOND))
    # Round to whole cents and keep only wages above the current one.
    return [np.where(np.isfinite(k) & (k > loon), np.ceil(np.round(k * 100, 4)) / 100, np.nan) for k in kandidaten]


@dataclasses.dataclass
class _Trial:
    """Re-runs one regime with the wage of some persons replaced."""

    bouw: Builder
    system: object
    period: object
    loon: np.ndarray

    def bereken(self, variabele, rijen, nieuw) -> np.ndarray:
        lonen = np.where(rijen, nieuw, self.loon).astype(np.float32)
        return np.asarray(self.bouw(self.system, {LOON: lonen}).calculate(variabele, self.period))

    def toegelaten(self, rijen, nieuw) -> np.ndarray:
        return self.bereken("toegelaten", rijen, nieuw) & rijen


def distance_to_admission(system, bouw: Builder, period, rijen: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """For each person: ``wage`` (the current one), ``admitting_wage`` (smallest admitting wage),
    ``wage_increase`` (its distance from the current wage) and ``route`` (Toelatingsroute index at
    that wage; -1 if none).

    ``rijen`` (bool) restricts the search to some persons (the applicants); others get NaN.
    """
    basis = bouw(system, {})
    # float32 wages, read back as whole cents (5941.99 is 5941.990234375 in float32).
    loon = np.round(np.asarray(basis.calculate(LOON, period), dtype=np.float64), 2)
    rijen = np.ones(loon.shape, bool) if rijen is None else np.asarray(rijen, bool)
    toegelaten = np.asarray(basis.calculate("toegelaten", period))
    zoeken = rijen & ~toegelaten
    beste = np.full(loon.shape, np.inf)
    ondergrens = loon.copy()
    proeven, proef = [], _Trial(bouw, system, period, loon)
    if zoeken.any():
        for kandidaat in _candidates(basis, system, period, loon):
            geldig = zoeken & np.isfinite(kandidaat)
            ok = proef.toegelaten(geldig, kandidaat)
            proeven.append((kandidaat, geldig, ok))
            beste = np.where(ok, np.minimum(beste, kandidaat), beste)
        for kandidaat, geldig, ok in proeven:
            lager = geldig & ~ok & (kandidaat < beste)
            ondergrens = np.where(lager, np.maximum(ondergrens, kandidaat), ondergrens)
        beste = _refine(proef, zoeken & np.isfinite(beste), ondergrens, beste)
    toelatingsloon = np.where(toegelaten & rijen, loon, np.where(np.isfinite(beste), beste, np.nan))
    toelatingsloon = np.where(rijen, toelatingsloon, np.nan)
    return {
        "wage": np.where(rijen, loon, np.nan),
        "admitting_wage": toelatingsloon,
        "wage_increase": toelatingsloon - loon,
        "route": _route_at(proef, rijen & np.isfinite(toelatingsloon), toelatingsloon),
    }


def _refine(proef: _Trial, actief, onder, boven) -> np.ndarray:
    """Bisection in whole cents: the smallest admitting wage in (onder, boven]."""
    hoog = np.where(actief, np.round(boven * 100), 0).astype(np.int64)
    laag = np.where(actief, np.round(onder * 100), 0).astype(np.int64)
    # Step 2 of the docstring: one cent below the candidate usually settles it.
    net_eronder = actief & (hoog - 1 > laag)
    if net_eronder.any():
        ok = proef.toegelaten(net_eronder, (hoog - 1) / 100)
        laag = np.where(net_eronder & ~ok, hoog - 1, laag)
        hoog = np.where(net_eronder & ok, hoog - 1, hoog)
    while (open_ := actief & (hoog - laag > 1)).any():
        midden = (laag + hoog) // 2
        ok = proef.toegelaten(open_, midden / 100)
        hoog = np.where(open_ & ok, midden, hoog)
        laag = np.where(open_ & ~ok, midden, laag)
    return np.where(actief, hoog / 100, boven)


def _route_at(proef: _Trial, rijen, nieuw) -> np.ndarray:
    if not rijen.any():
        return np.full(proef.loon.shape, -1)
    return np.where(rijen, proef.bereken("toelatingsroute", rijen, nieuw).astype(np.int64), -1)


def puntentoets_options(system, bouw: Builder, period, rijen: np.ndarray | None = None) -> list[dict]:
    """Under a points-test regime: for each other value of the newcomer inputs (Dutch level,
    housing), the points it adds and whether it admits, for the applicants refused on the points
    test. Returns one dict per (input, value): ``variable``, ``value``, ``extra_points`` and
    ``admitted`` (arrays over persons; NaN / False outside the refused applicants).
    """
    basis = bouw(system, {})
    grond = np.asarray(basis.calculate("weigeringsgrond", period))
    rijen = np.ones(grond.shape, bool) if rijen is None else np.asarray(rijen, bool)
    doel = rijen & np.isin(grond, PUNTENTOETS_GRONDEN)
    if not doel.any() or "puntentoets_punten_totaal" not in system.variables:
        return []
    punten = np.asarray(basis.calculate("puntentoets_punten_totaal", period), dtype=np.float64)
    opties = []
    for naam in STAP_2_INVOER:
        huidig = basis.calculate(naam, period)
        for lid in huidig.possible_values:
            anders = doel & (np.asarray(huidig) != lid.index)
            if not anders.any():
                continue
            waarden = np.where(anders, lid.index, np.asarray(huidig)).astype(np.int16)
            simulatie = bouw(system, {naam: waarden})
            extra = np.asarray(simulatie.calculate("puntentoets_punten_totaal", period), dtype=np.float64) - punten
            opties.append(
                {
                    "variable": naam,
                    "value": lid.name,
                    "extra_points": np.where(anders, extra, np.nan),
                    "admitted": np.asarray(simulatie.calculate("toegelaten", period)) & anders,
                }
            )
    return opties
