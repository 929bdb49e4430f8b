"""The comparison engine: current law and reforms on one population, side by side.

from openfisca_arbeidsmigratie.microsimulation import compare
result = compare(population, ["brede_welvaartstoets"], period="2026-01")
result.table            # per-applicant table (pyarrow)
result.route_table()    # weighted admissions by route, per regime
result.transitions()    # admitted->refused, refused->admitted, route changed, per reform
"""

from openfisca_arbeidsmigratie.microsimulation.engine import (
    DEFAULT_OUTPUTS,
    Comparison,
    ComparisonError,
    Regime,
    RegimeComputationError,
    build_simulation,
    compare,
    parse_month,
    plan_chunks,
    resolve_regimes,
)

__all__ = [
    "DEFAULT_OUTPUTS",
    "Comparison",
    "ComparisonError",
    "Regime",
    "RegimeComputationError",
    "build_simulation",
    "compare",
    "parse_month",
    "plan_chunks",
    "resolve_regimes",
]
