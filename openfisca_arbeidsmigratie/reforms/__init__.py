"""Regimes: current law and the reforms under study, by name.

A *regime* is a tax-benefit system: current law (``huidig_recht``) or current law with one or
more reforms applied in order. Reform modules in this package register themselves with
:func:`register`; the comparison engine, the CLI and the API build regimes with
:func:`build_regime` and never import reform classes directly.

A regime specification is a string ``"name"`` or ``"name+name"`` (reforms combined: first those that
decide who qualifies, then a cap, then what the permit gives; within a phase in the order given),
optionally followed by ``"@path/to/parameters.yaml"``: a YAML file of parameter overrides for the
reforms' own parameters and/or a score table of the brede welvaartstoets (see
:func:`apply_parameter_file`); it is applied to the baseline before the reforms.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable

from openfisca_core.reforms import Reform
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.reforms import _parameterbestand

BASELINE = "huidig_recht"

_REGISTRY: dict[str, type[Reform]] = {}


def register(name: str) -> Callable[[type[Reform]], type[Reform]]:
    """Class decorator: make a Reform available under ``name``."""

    def decorator(cls: type[Reform]) -> type[Reform]:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            msg = f"Two reforms are registered under the name '{name}'."
            raise ValueError(msg)
        cls.regime_name = name
        _REGISTRY[name] = cls
        return cls

    return decorator


def _load_reform_modules() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def available_regimes() -> list[str]:
    """The baseline first, then every registered reform, sorted."""
    _load_reform_modules()
    return [BASELINE, *sorted(_REGISTRY)]


def reform_class(name: str) -> type[Reform]:
    _load_reform_modules()
    try:
        return _REGISTRY[name]
    except KeyError:
        allowed = ", ".join(available_regimes())
        msg = f"Unknown regime or reform '{name}'. Allowed: {allowed}."
        raise ValueError(msg) from None


@functools.cache
def baseline_system() -> TaxBenefitSystem:
    from openfisca_arbeidsmigratie import CountryTaxBenefitSystem  # noqa: PLC0415 (circular at import time)

    return CountryTaxBenefitSystem()


def build_regime(spec: str, baseline: TaxBenefitSystem | None = None) -> TaxBenefitSystem:
    """Build the tax-benefit system for a regime specification (see the module docstring)."""
    baseline = baseline or baseline_system()
    names, _, parameter_file = spec.partition("@")
    classes = [reform_class(name) for name in filter(None, names.split("+")) if name != BASELINE]
    # Phases (Voorstel.fase): who qualifies, then a cap, then what the permit gives; so that
    # "bandbreedte+brede_welvaartstoets" caps the points test's admissions like the other order.
    classes.sort(key=lambda cls: getattr(cls, "fase", 1))
    # The file goes first, so that reforms which read their parameters when they are applied
    # (geen_wijziging_2022) see its values; the others read them at calculation time anyway.
    system = apply_parameter_file(baseline, parameter_file) if parameter_file else baseline
    for cls in classes:
        system = cls(system)
    return system


def apply_parameter_file(system: TaxBenefitSystem, path: str) -> TaxBenefitSystem:
    """Return ``system`` with parameter values overridden from the YAML file ``path``.

    The file may hold two keys (see docs/reforms.md):

    * ``parameters``: a mapping of dotted parameter names to either a value (replaces the
      parameter at every date) or a mapping of ISO start dates to values (each holds from its
      date on)::

          parameters:
            voorstellen.brede_welvaartstoets.stap_1.drempel: 22
            voorstellen.brede_welvaartstoets.van_toepassing: {2025-01-01: true}

    * ``puntentabel``: a score table for the brede welvaartstoets that replaces the default
      sector and occupation scores (format in :mod:`openfisca_arbeidsmigratie.puntentabel`).

    Everything is validated before anything is applied; an error names the file and the entry.
    """
    return _parameterbestand.toepassen(system, path)
