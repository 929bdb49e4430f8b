"""The costing result: central estimates, intervals over the draws, differences with current law."""

from __future__ import annotations

import dataclasses
import hashlib
import os

import numpy as np

from openfisca_arbeidsmigratie.costing.projection import METRICS
from openfisca_arbeidsmigratie.costing.taxes import tax_year
from openfisca_arbeidsmigratie.costing.units import (
    ROOT,
    TAX_ROOT,
    costing_parameters,
    price_factor,
    tax_parameters,
)
from openfisca_arbeidsmigratie.reforms import BASELINE

PERCENTILES = {"p05": 5, "p50": 50, "p95": 95}


@dataclasses.dataclass
class CostingResult:
    """What :func:`run_costing` returns; ``to_dict()`` is JSON-serialisable (the web API's answer)."""

    regimes: list[str]
    period: str
    years: list[int]
    draws: int
    seed: int
    central: dict[str, dict[str, list[float]]]
    intervals: dict[str, dict[str, dict[str, list[float]]]]
    differences: dict[str, dict[str, dict[str, list[float]]]]
    routes: list[dict]
    sectors: list[dict]
    transitions: list[dict]
    transition_matrix: list[dict]
    refusals: list[dict]
    wages: dict
    unit_values: list[dict]
    draw_values: list[dict]
    receipt: dict
    warnings: list[str]
    permits: list[dict] = dataclasses.field(default_factory=list)  # per regime: permits issued, mean validity
    occupations: list[dict] = dataclasses.field(default_factory=list)  # per regime and ISCO-08 major group
    route_changes: list[dict] = dataclasses.field(default_factory=list)  # per reform and route, change from current law
    largest_flows: list[dict] = dataclasses.field(default_factory=list)  # per reform, the largest flows between routes
    decomposition: list[dict] = dataclasses.field(default_factory=list)  # per combined regime, each reform's contribution per route

    def to_dict(self) -> dict:
        return {
            "regimes": self.regimes,
            "period": self.period,
            "years": self.years,
            "draws": self.draws,
            "seed": self.seed,
            "metrics": METRICS,
            "central": self.central,
            "intervals": self.intervals,
            "differences": self.differences,
            "routes": self.routes,
            "sectors": self.sectors,
            "transitions": self.transitions,
            "transition_matrix": self.transition_matrix,
            "refusals_by_reason": self.refusals,
            "wages": {k: v for k, v in self.wages.items() if k not in ("wage", "weight")},
            "unit_values": self.unit_values,
            "receipt": self.receipt,
            "warnings": self.warnings,
        }


def intervals(draws: list[dict], regimes: list[str]) -> tuple[dict, dict]:
    """Percentiles per regime and metric, and of each reform's difference with current law (paired by draw)."""
    levels, differences = {}, {}
    if not draws:
        return levels, differences
    for regime in regimes:
        levels[regime], differences[regime] = {}, {}
        for metric in METRICS:
            values = np.array([d["yearly"][regime][metric] for d in draws])
            levels[regime][metric] = _percentiles(values)
            if regime != BASELINE:
                base = np.array([d["yearly"][BASELINE][metric] for d in draws])
                differences[regime][metric] = _percentiles(values - base)
    differences.pop(BASELINE, None)
    return levels, differences


def _percentiles(values: np.ndarray) -> dict[str, list[float]]:
    return {name: np.percentile(values, q, axis=0).tolist() for name, q in PERCENTILES.items()}


def central_differences(central: dict, regimes: list[str]) -> dict:
    return {
        r: {m: (np.array(central[r][m]) - np.array(central[BASELINE][m])).tolist() for m in METRICS}
        for r in regimes
        if r != BASELINE
    }


def unit_value_rows(system, year: int, ranges: dict[str, tuple[float, float]]) -> list[dict]:
    """Every unit value under ``kosten`` at 1 January of ``year``, then the tax law under ``fiscaal``
    at 1 January of the year whose tax rules apply: value, unit, source, assumption, range."""
    rows = []
    tax_rules = [(f"{TAX_ROOT}.{path}", node, tax_year(system, year)) for path, node in tax_parameters(system)]
    for path, node, at in [(f"{ROOT}.{p}", n, year) for p, n in costing_parameters(system)] + tax_rules:
        metadata = getattr(node, "metadata", {}) or {}
        try:
            value = node(f"{at}-01-01")
        except Exception:  # noqa: BLE001 (a value not defined in that year)
            value = None
        factor = price_factor(system, metadata, at)  # an amount at the prices of its `prijsniveau`, and its range
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = value * factor
        if hasattr(value, "thresholds"):
            value = "; ".join(f"from {t:,.0f}: {r:.3%}" for t, r in zip(value.thresholds, value.rates, strict=True))
        references = metadata.get("reference") or {}
        latest = _latest_reference(references, at)
        assumption = metadata.get("assumption") or {}
        low_high = ranges.get(path.removeprefix(f"{ROOT}."))
        low_high = (low_high[0] * factor, low_high[1] * factor) if low_high else None
        rows.append(
            {
                "parameter": path,
                "description": node.description or "",
                "value": value,
                "unit": metadata.get("unit", metadata.get("rate_unit", "")),
                "source": latest.get("title", "") + _price_note(metadata, factor, at),
                "href": latest.get("href", ""),
                "assumption": assumption.get("rationale", ""),
                "range_low": low_high[0] if low_high else None,
                "range_high": low_high[1] if low_high else None,
            }
        )
    return rows


def _price_note(metadata: dict, factor: float, year: int) -> str:
    """For an amount at the prices of an earlier year: the factor that brought it to ``year`` and its index."""
    if "prijsniveau" not in metadata or int(metadata["prijsniveau"]) >= year:
        return ""
    return f" [{metadata['prijsniveau']} x {factor:.4f} = {year}: {ROOT}.{metadata.get('prijsindex', '')}]"


def _latest_reference(references: dict, year: int) -> dict:
    dated = sorted((str(k), v) for k, v in references.items() if str(k) <= f"{year}-12-31")
    if not dated:
        return {}
    entries = dated[-1][1]
    return entries[0] if isinstance(entries, list) and entries else {}


def file_sha256(path: str) -> str | None:
    if not path or not os.path.isfile(path):
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"sha256:{digest.hexdigest()}"


def population_hash(population) -> str:
    """sha256 of the population file, or of its input arrays when it did not come from a file."""
    from_file = file_sha256(population.source)
    if from_file:
        return from_file
    digest = hashlib.sha256()
    for name in sorted(population.person_inputs):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(population.person_inputs[name]).tobytes())
    return f"sha256:{digest.hexdigest()}"
