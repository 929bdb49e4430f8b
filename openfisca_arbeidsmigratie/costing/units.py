"""Unit values of the costing: the parameters under ``parameters/kosten``, read per year.

Every value the costing multiplies by comes from here, so that each cites its source in the
parameter metadata. Parameters whose metadata has ``range: [low, high]`` (the assumptions) are the
uncertain inputs of the Monte Carlo analysis; a draw overrides them with :class:`UnitValues`.

A money amount whose metadata has ``prijsniveau: P`` holds prices of year ``P``; its metadata
``prijsindex`` names the index (a parameter under ``kosten`` whose value dated 1 January of ``Y`` is
the relative price change of year ``Y - 1``). :func:`price_factor` brings it to 1 January of a year
(the changes of the years ``P + 1`` to ``Y - 1``); a year after the last published change keeps that
price level (the costing is in base-year euro). A draw of such an amount is drawn at prices of ``P``
and indexed the same way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

ROOT = "kosten"
TAX_ROOT = "fiscaal"


class CostingError(ValueError):
    """A costing that cannot run as asked; the message says what is wrong and what is allowed."""


@dataclasses.dataclass(frozen=True)
class Uncertainty:
    """An assumption with a range: drawn from a triangular distribution (low, central, high)."""

    path: str  # dotted, below ``kosten``
    central: float
    low: float
    high: float
    unit: str
    description: str

    @property
    def integer(self) -> bool:
        return self.unit == "year"


def _parameters(node, prefix: str = "") -> Iterator[tuple[str, Parameter | ParameterScale]]:
    if isinstance(node, Parameter | ParameterScale):
        yield prefix, node
    elif isinstance(node, ParameterNode):
        for key, child in node.children.items():
            yield from _parameters(child, f"{prefix}.{key}" if prefix else key)


def costing_parameters(system: TaxBenefitSystem) -> list[tuple[str, Parameter | ParameterScale]]:
    """Every parameter (and scale) under ``kosten``, as (dotted path below kosten, node)."""
    try:
        root = system.parameters.children[ROOT]
    except KeyError:
        msg = f"The tax-benefit system has no parameters/{ROOT}: the costing cannot run."
        raise CostingError(msg) from None
    return list(_parameters(root))


def tax_parameters(system: TaxBenefitSystem) -> list[tuple[str, Parameter | ParameterScale]]:
    """Every parameter (and scale) of the tax law under ``fiscaal`` (dotted path below fiscaal, node)."""
    return list(_parameters(system.parameters.children[TAX_ROOT]))


def uncertainties(system: TaxBenefitSystem) -> list[Uncertainty]:
    """The assumptions with a range, in parameter-tree order; checks low <= central <= high."""
    out = []
    for path, node in costing_parameters(system):
        metadata = getattr(node, "metadata", {}) or {}
        bounds = metadata.get("range")
        if bounds is None:
            continue
        central = node.values_list[0].value
        low, high = (float(b) for b in bounds)
        if not low <= central <= high:
            msg = f"parameter {ROOT}.{path}: central value {central} is outside its range [{low}, {high}]."
            raise CostingError(msg)
        out.append(
            Uncertainty(path, float(central), low, high, str(metadata.get("unit", "")), node.description or "")
        )
    return out


class UnitValues:
    """Unit values at 1 January of a year, with optional overrides (a Monte Carlo draw)."""

    def __init__(self, system: TaxBenefitSystem, overrides: Mapping[str, float] | None = None) -> None:
        self.system = system
        self.overrides = dict(overrides or {})
        self._cache: dict[tuple[str, int], object] = {}
        self._years: dict[int, object] = {}

    def _node(self, year: int):
        if year not in self._years:
            self._years[year] = self.system.parameters.children[ROOT](f"{year}-01-01")
        return self._years[year]

    def __call__(self, path: str, year: int):
        key = (path, year)
        if key not in self._cache:
            self._cache[key] = self._lookup(path, year)
        return self._cache[key]

    def _lookup(self, path: str, year: int):
        value = self.overrides[path] if path in self.overrides else self._at(path, year)
        factor = price_factor(self.system, _metadata(self.system, path), year)
        return value if factor == 1.0 else value * factor

    def _at(self, path: str, year: int):
        node = self._node(year)
        try:
            for part in path.split("."):
                node = node[part]
        except (KeyError, AttributeError, TypeError, ParameterNotFoundError):
            node = None
        if node is None:
            msg = (
                f"parameter {ROOT}.{path} has no value on {year}-01-01; the costing needs it for every "
                "year it covers (see docs/costing.md for the years with known values)."
            )
            raise CostingError(msg)
        return node

    def scale(self, path: str, year: int):
        """A marginal-rate scale at 1 January of ``year`` (``.calc(array)``)."""
        return self(path, year)


def _metadata(system: TaxBenefitSystem, path: str) -> dict:
    node = system.parameters.children[ROOT]
    for part in path.split("."):
        children = getattr(node, "children", None)
        if children is None or part not in children:
            return {}
        node = children[part]
    return getattr(node, "metadata", None) or {}


def price_factor(system: TaxBenefitSystem, metadata: Mapping, year: int) -> float:
    """The factor that brings an amount at the prices of ``metadata['prijsniveau']`` to 1 January of ``year``.

    1.0 for an amount without a price level. The index (``metadata['prijsindex']``, dotted below
    ``kosten``) gives per 1 January the relative change of the previous year; the product runs over
    the values dated ``prijsniveau + 2`` to ``year``. From the first gap (``null``) on, the last
    published level holds; a published value after a gap is an error.
    """
    base = metadata.get("prijsniveau")
    if base is None:
        return 1.0
    index_path = str(metadata.get("prijsindex", ""))
    try:
        index = system.parameters.children[ROOT]
        for part in index_path.split("."):
            index = index.children[part]
    except (KeyError, AttributeError):
        msg = f"prijsindex {ROOT}.{index_path!s} of an amount at prices of {base} is not a parameter under {ROOT}."
        raise CostingError(msg) from None
    factor, gap = 1.0, None
    for y in range(int(base) + 2, year + 1):
        change = index(f"{y}-01-01")
        if change is None:
            gap = y if gap is None else gap
        elif gap is not None:
            msg = f"parameter {ROOT}.{index_path} has a gap on {gap}-01-01 before a value on {y}-01-01."
            raise CostingError(msg)
        else:
            factor *= 1.0 + float(change)
    return factor


def _first_value_year(node: Parameter | ParameterScale) -> int:
    """The first year at whose 1 January the parameter (every leaf of a scale) has a value."""
    leaves = [node] if isinstance(node, Parameter) else [c for b in node.brackets for c in b.children.values()]
    year = 0
    for leaf in leaves:
        dates = sorted(v.instant_str for v in leaf.values_list if v.value is not None)
        if dates:
            first = dates[0]
            year = max(year, int(first[:4]) + (0 if first[5:] == "01-01" else 1))
    return year


def first_year(system: TaxBenefitSystem) -> int:
    """The first year for which every unit value (parameters/kosten) and every yearly tax amount
    (parameters/fiscaal) is published: the costing's earliest base year, derived from the parameters."""
    from openfisca_arbeidsmigratie.costing.taxes import published_years  # noqa: PLC0415 (taxes imports nothing of units)

    years = [_first_value_year(node) for _, node in costing_parameters(system)]
    return max([*years, published_years(system)[0]])
