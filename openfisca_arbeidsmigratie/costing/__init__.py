"""Reform costing: budget, workload, housing and labour-market effects with uncertainty.

from openfisca_arbeidsmigratie.costing import run_costing
result = run_costing(population, ["brede_welvaartstoets"], period="2026-01", years=10, draws=50, seed=2026)
result.central["brede_welvaartstoets"]["fees_total"]        # per year, central estimate
result.differences["brede_welvaartstoets"]["net_covered_items"]["p05"]   # interval of the difference
result.to_dict()                                              # JSON (the web API's /costing answer)

Method, unit values and assumptions: docs/costing.md. The report (HTML, Markdown, CSV, PNG):
:func:`openfisca_arbeidsmigratie.costing.report.write_report`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from openfisca_arbeidsmigratie.costing.applicants import PERMIT_ROUTES
from openfisca_arbeidsmigratie.costing.projection import METRICS
from openfisca_arbeidsmigratie.costing.result import (
    CostingResult,
    central_differences,
    file_sha256,
    intervals,
    population_hash,
    unit_value_rows,
)
from openfisca_arbeidsmigratie.costing.scenario import Context, run_draw, run_draws
from openfisca_arbeidsmigratie.costing.taxes import published_years
from openfisca_arbeidsmigratie.costing.units import CostingError, first_year, uncertainties
from openfisca_arbeidsmigratie.explain.counts import refusal_counts
from openfisca_arbeidsmigratie.microsimulation import (
    ComparisonError,
    Regime,
    parse_month,
    resolve_regimes,
)
from openfisca_arbeidsmigratie.population.model import Population
from openfisca_arbeidsmigratie.projection import notice
from openfisca_arbeidsmigratie.receipt import receipt_for
from openfisca_arbeidsmigratie.reforms import (
    BASELINE,
    ParameterFileError,
    RegimeSpecError,
    available_regimes,
    baseline_system,
)

__all__ = ["DEFAULT_REFORMS", "METRICS", "CostingError", "CostingResult", "default_reforms", "run_costing"]

DEFAULT_REFORMS = ("aanscherping_kennismigranten", "brede_welvaartstoets", "vijfjarige_vergunning")
"""The main reforms costed when none are named (those of them that are registered)."""
MAX_YEARS = 30


def default_reforms() -> list[str]:
    registered = set(available_regimes())
    return [name for name in DEFAULT_REFORMS if name in registered]


def _check(period, years: int, draws: int) -> int:
    month = parse_month(period)
    first = first_year(baseline_system())
    if month.start.year < first:
        msg = (
            f"period {period}: the costing covers {first} and later ({first} is the first year for which "
            "every unit value and tax amount in parameters/kosten and parameters/fiscaal is published)."
        )
        raise CostingError(msg)
    if not 1 <= years <= MAX_YEARS:
        raise CostingError(f"years {years}: allowed 1 to {MAX_YEARS}.")
    if draws < 0:
        raise CostingError(f"draws {draws}: allowed 0 (central estimate only) or more.")
    return month.start.year


def run_costing(
    population: Population,
    regimes: Sequence[str | Regime] | None = None,
    period: str = "2026-01",
    *,
    years: int = 10,
    draws: int = 50,
    seed: int = 2026,
    scheduler=None,
    progress: Callable[[int, int], None] | None = None,
    baseline=None,
) -> CostingResult:
    """Cost current law and each reform on ``population`` for ``years`` years from ``period``.

    ``regimes``: reform specifications or ready :class:`Regime` objects (current law is always
    included first); default :data:`DEFAULT_REFORMS`. ``draws`` Monte Carlo draws (0: central
    estimate only) with ``seed``; ``scheduler``: a Dask scheduler address or Client to run the draws
    on a cluster (specs only). ``baseline``: current law to cost against, e.g. a marked projection
    (openfisca_arbeidsmigratie.projection.projected_baseline), named in the warnings and the receipt.
    Raises :class:`CostingError` for bad input.
    """
    base_year = _check(period, years, draws)
    specs = list(default_reforms() if regimes is None else regimes)
    try:
        resolved = resolve_regimes(specs, baseline or baseline_system())
    except (ComparisonError, RegimeSpecError, ParameterFileError) as error:
        raise CostingError(str(error)) from None
    ctx = Context(
        population=population,
        specs=tuple(r.spec for r in resolved[1:]),
        period=str(parse_month(period)),
        base_year=base_year,
        years=years,
        seed=seed,
        regimes=resolved,
    )
    central = run_draw(ctx, None)
    draw_results = run_draws(ctx, draws, scheduler, progress)
    labels = [r.label for r in resolved]
    levels, differences = intervals(draw_results, labels)
    central_diff = central_differences(central["yearly"], labels)
    for regime, metrics in central_diff.items():
        for metric, values in metrics.items():
            differences.setdefault(regime, {}).setdefault(metric, {})["central"] = values
    comparison = central["comparison"]
    baseline = resolved[0].system
    ranges = {o.path: (o.low, o.high) for o in uncertainties(baseline)}
    marks = notice(baseline)  # a projected baseline is named in the warnings and the receipt
    return CostingResult(
        regimes=labels,
        period=ctx.period,
        years=[base_year + t for t in range(years)],
        draws=draws,
        seed=seed,
        central=central["yearly"],
        intervals=levels,
        differences=differences,
        routes=comparison.route_table(),
        sectors=[r for r in comparison.aggregates() if r["dimension"] == "sector_sbi"],
        transitions=comparison.transitions(),
        transition_matrix=comparison.transition_matrix(),
        refusals=refusal_counts(comparison),
        wages=_wages(central["records"], resolved),
        unit_values=unit_value_rows(baseline, base_year, ranges),
        draw_values=[{"draw": d["index"], **d["overrides"]} for d in draw_results],
        receipt=_receipt(resolved, population, ctx, draws) | ({"projection": marks} if marks else {}),
        warnings=[*marks[:1], *comparison.warnings, *_tax_year_warnings(baseline, base_year, years)],
        permits=_permits(central["records"]),
        occupations=_occupations(central["records"], population),
        route_changes=comparison.tally.route_changes(),
        largest_flows=comparison.tally.largest_flows(),
        decomposition=_decomposition(population, resolved, ctx.period),
    )


def _decomposition(population: Population, resolved: list[Regime], period: str) -> list[dict]:
    """Per combined regime (``a+b``): each reform's contribution to the change in applicants per
    route, stacked in the order the reforms apply (microsimulation, central assumptions)."""
    from openfisca_arbeidsmigratie.microsimulation import compare  # noqa: PLC0415
    from openfisca_arbeidsmigratie.microsimulation.decomposition import contributions, steps  # noqa: PLC0415
    from openfisca_arbeidsmigratie.reforms import parse_spec  # noqa: PLC0415

    rows = []
    for regime in resolved[1:]:
        spec = str(regime.spec)
        sequence = steps(spec)
        if not sequence:
            continue
        step_regimes = resolve_regimes(sequence, resolved[0].system)[1:]
        table = compare(population, step_regimes, period=period, outputs=("toegelaten", "toelatingsroute"), baseline=resolved[0].system).route_table()
        labels = {step: parse_spec(step).label for step in sequence}
        rows += [{**row, "regime": regime.label} for row in contributions(table, spec, labels, "stacked")]
    return rows


def _permits(records: dict) -> list[dict]:
    """Per regime: permits issued a year (weighted admitted non-EU permit routes), their mean validity
    in months and the share valid 60 months or more (current law's applicants, no wage response)."""
    rows = []
    for label, a in records.items():
        issued = a.admitted & a.route_in(PERMIT_ROUTES)
        w = a.weight * issued
        total = float(w.sum())
        rows.append(
            {
                "regime": label,
                "permits": total,
                "mean_validity_months": float((w * a.validity_months).sum() / total) if total else None,
                "share_60_months_or_more": float(w[a.validity_months >= 60].sum() / total) if total else None,  # noqa: PLR2004 (five years)
            }
        )
    return rows


def _occupations(records: dict, population: Population) -> list[dict]:
    """Per regime and ISCO-08 major group (first digit of beroep_isco08): applicants and admitted."""
    codes = population.person_inputs.get("beroep_isco08")
    if codes is None:
        return []
    major = np.array([str(c)[:1] if str(c)[:1].isdigit() else "" for c in np.asarray(codes)[population.applicant_rows()]])
    rows = []
    for group in sorted(set(major.tolist())):
        mask = major == group
        for label, a in records.items():
            rows.append(
                {
                    "regime": label,
                    "isco08_major_group": group,
                    "applicants": float(a.weight[: len(mask)][mask].sum()),
                    "admitted": float((a.weight[: len(mask)] * a.admitted[: len(mask)])[mask].sum()),
                }
            )
    return rows


def _tax_year_warnings(system, base_year: int, years: int) -> list[str]:
    """Say which calendar years are taxed with the rules of the last published year (an approximation)."""
    last = published_years(system)[1]
    if base_year + years - 1 <= last:
        return []
    start = max(base_year, last + 1)
    return [
        f"wage tax and contributions for {start}-{base_year + years - 1} use the {last} tax rules and amounts "
        f"(the last year for which every yearly tax amount in parameters/fiscaal is published), in base-year euro; "
        "changes already enacted for later years (the 27% 30% ruling from 2027) enter once their amounts are published."
    ]


def _receipt(resolved: list[Regime], population: Population, ctx: Context, draws: int) -> dict:
    files = {}
    for regime in resolved[1:]:
        path = getattr(regime.spec, "parameter_file", None)
        if path:
            files[regime.label] = {"file": path, "sha256": file_sha256(path)}
    return receipt_for(
        {r.label: r.system for r in resolved},
        period=ctx.period,
        years=ctx.years,
        specs={r.label: str(r.spec) for r in resolved},
        parameter_files=files,
        population={"source": population.source, "hash": population_hash(population), "persons": population.count},
        seed=ctx.seed,
        draws=draws,
    )


def _wages(records: dict, resolved: list[Regime]) -> dict:
    """Wages of the non-EU applicants (current law's rows) and every salary criterion per regime."""
    base = records[BASELINE]
    niet_eu = base.route != "vrij_verkeer"
    criteria = []
    for regime in resolved:
        a = records[regime.label]
        for name, all_values in a.criteria.items():
            values = all_values[: len(niet_eu)][niet_eu]
            for value in np.unique(np.round(values[np.isfinite(values) & (values > 0)], 2)):
                criteria.append({"regime": regime.label, "criterion": name, "value": float(value)})
    return {
        "wage": base.monthly_wage[niet_eu].tolist(),
        "weight": base.weight[niet_eu].tolist(),
        "criteria": criteria,
        "bands": _wage_bands(base.monthly_wage[niet_eu], base.weight[niet_eu], criteria),
    }


def _wage_bands(wage: np.ndarray, weight: np.ndarray, criteria: list[dict]) -> list[dict]:
    """Per criterion: weighted non-EU applicants within 10% below it, and at or above it."""
    rows = []
    for c in criteria:
        value = np.float32(c["value"])
        wage32 = wage.astype(np.float32)
        rows.append(
            {
                **c,
                "below_within_10pct": float(weight[(wage32 < value) & (wage32 >= 0.9 * value)].sum()),
                "at_or_above": float(weight[wage32 >= value].sum()),
            }
        )
    return rows
