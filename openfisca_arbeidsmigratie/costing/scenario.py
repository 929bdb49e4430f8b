"""One costing run (a draw) and the loop over draws: in-process or on a Dask cluster.

A draw fixes every assumption with a range (triangular distribution on [low, high] with the
central value as mode), re-runs the comparison where the draw changes the microsimulation itself
(UWV's judgement of priority supply, the points-test thresholds) and projects every regime. Draw
``i`` uses the random stream ``numpy.random.default_rng([seed, i])``: the same seed gives the same
draws in any order and on any number of workers. The central run (``index=None``) uses the central
values and keeps the comparison for the report's tables.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
from openfisca_core.reforms import Reform

from openfisca_arbeidsmigratie.costing.applicants import OUTPUTS, from_comparison, wage_response
from openfisca_arbeidsmigratie.costing.projection import project
from openfisca_arbeidsmigratie.costing.units import CostingError, UnitValues, uncertainties
from openfisca_arbeidsmigratie.microsimulation import Regime, compare, resolve_regimes
from openfisca_arbeidsmigratie.population.model import Population, freeze
from openfisca_arbeidsmigratie.reforms import BASELINE, baseline_system

PRIORITY = "prioriteitgenietend_aanbod_beschikbaar"
SHIFT_PRIORITY = "onzekerheid.prioriteitgenietend_aanbod_verschuiving"
SHIFT_POINTS = "onzekerheid.puntentoets_drempel_verschuiving"
RESPONSE_SHARE = "onzekerheid.loonreactie_aandeel"
RESPONSE_MARGIN = "onzekerheid.loonreactie_marge"
POINTS_THRESHOLDS = (
    ("voorstellen", "brede_welvaartstoets", "toelatingsdrempel"),
    ("voorstellen", "brede_welvaartstoets", "stap_1", "drempel"),
)


@dataclasses.dataclass
class Context:
    """Everything a draw needs. ``regimes`` (ready systems) is used in-process; on a cluster the
    workers rebuild the regimes from ``specs`` (systems are not sent over the network)."""

    population: Population
    specs: tuple[str, ...]
    period: str
    base_year: int
    years: int
    seed: int
    regimes: list[Regime] | None = None

    def __getstate__(self):
        state = dict(self.__dict__)
        state["regimes"] = None
        return state


@functools.lru_cache(maxsize=8)
def _regimes_from_specs(specs: tuple[str, ...]) -> list[Regime]:
    return resolve_regimes(list(specs), baseline_system())


def regimes_of(ctx: Context) -> list[Regime]:
    return ctx.regimes if ctx.regimes is not None else _regimes_from_specs(ctx.specs)


def draw_overrides(system, seed: int, index: int) -> dict[str, float]:
    """The values of every assumption with a range in draw ``index`` (triangular, mode = central)."""
    rng = np.random.default_rng([seed, index])
    out = {}
    for o in uncertainties(system):
        value = o.central if o.high <= o.low else float(rng.triangular(o.low, o.central, o.high))
        out[o.path] = float(round(value)) if o.integer else value
    return out


def _shift_priority(population: Population, shift: float, rng: np.random.Generator) -> Population:
    """Flip UWV's judgement for a share ``|shift|`` of the applicants whose judgement can flip."""
    if shift == 0:
        return population
    rows = population.applicant_rows()
    current = population.person_inputs.get(PRIORITY)
    values = np.zeros(population.count, bool) if current is None else np.array(current, bool)
    candidates = rows[~values[rows]] if shift > 0 else rows[values[rows]]
    flip = candidates[rng.random(len(candidates)) < abs(shift)]
    values[flip] = shift > 0
    inputs = {**population.person_inputs, PRIORITY: freeze(values)}
    return dataclasses.replace(population, person_inputs=inputs)


def _with_points_shift(regime: Regime, shift: float) -> Regime:
    if shift == 0 or regime.label == BASELINE:
        return regime

    def modifier(parameters):
        for path in POINTS_THRESHOLDS:
            node = parameters
            for part in path:
                node = node.children[part]
            for value in node.values_list:
                if value.value is not None:
                    value.value = value.value + shift
        return parameters

    class drempelverschuiving(Reform):  # noqa: N801 (named like OpenFisca reforms)
        name = f"Points-test thresholds shifted by {shift:+.2f} points (uncertainty draw)"

        def apply(self):
            self.modify_parameters(modifier_function=modifier)

    return Regime(regime.label, regime.spec, drempelverschuiving(regime.system))


def run_draw(ctx: Context, index: int | None) -> dict:
    """One costing run: per regime, per metric, the yearly totals (and for the central run the comparison)."""
    regimes = regimes_of(ctx)
    baseline = regimes[0].system
    overrides = {} if index is None else draw_overrides(baseline, ctx.seed, index)
    e = UnitValues(baseline, overrides)
    rng = np.random.default_rng([ctx.seed, 0 if index is None else index + 1, 1])
    population = _shift_priority(ctx.population, e(SHIFT_PRIORITY, ctx.base_year), rng)
    shift = e(SHIFT_POINTS, ctx.base_year)
    shifted = [_with_points_shift(r, shift) for r in regimes[1:]]
    comparison = compare(population, shifted, period=ctx.period, outputs=OUTPUTS, baseline=baseline)
    records = from_comparison(comparison, population)
    share, margin = e(RESPONSE_SHARE, ctx.base_year), e(RESPONSE_MARGIN, ctx.base_year)
    yearly = {}
    for label, regime_records in records.items():
        aanvragers = regime_records if label == BASELINE else wage_response(records[BASELINE], regime_records, share, margin)
        yearly[label] = {k: v.tolist() for k, v in project(aanvragers, e, ctx.base_year, ctx.years).items()}
    result = {"index": index, "overrides": overrides, "yearly": yearly}
    if index is None:
        result["comparison"] = comparison
        result["records"] = records
    return result


def run_draws(ctx: Context, draws: int, scheduler=None, progress=None) -> list[dict]:
    """Draws 0..draws-1, in-process (``scheduler`` None) or on a Dask cluster (an address or a Client)."""
    indices = list(range(draws))
    if scheduler is None:
        out = []
        for i in indices:
            out.append(run_draw(ctx, i))
            if progress is not None:
                progress(i + 1, draws)
        return out
    return _run_on_dask(ctx, indices, scheduler)


def _run_on_dask(ctx: Context, indices: list[int], scheduler) -> list[dict]:
    try:
        from distributed import Client  # noqa: PLC0415 (optional dependency)
    except ImportError:
        msg = (
            "--dask-scheduler needs the optional dependency dask[distributed]: "
            "pip install 'openfisca-arbeidsmigratie[dask]'"
        )
        raise CostingError(msg) from None
    try:
        client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as error:
        msg = f"--dask-scheduler {scheduler}: cannot connect ({error}); give the scheduler's address, e.g. tcp://10.0.0.5:8786"
        raise CostingError(msg) from None
    try:
        shared = client.scatter(ctx, broadcast=True)
        futures = client.map(run_draw, [shared] * len(indices), indices, pure=False)
        return client.gather(futures)
    finally:
        if client is not scheduler:
            client.close()
