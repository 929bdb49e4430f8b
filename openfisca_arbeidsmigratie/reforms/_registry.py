"""The registry of reforms: each reform module registers its class under a name."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable

from openfisca_core.reforms import Reform
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.system import CountryTaxBenefitSystem

BASELINE = "huidig_recht"
PACKAGE = "openfisca_arbeidsmigratie.reforms"

_REGISTRY: dict[str, type[Reform]] = {}


def register(name: str) -> Callable[[type[Reform]], type[Reform]]:
    """Class decorator: make a Reform available under ``name``.

    The class declares ``parameter_path``: the dotted path of its own parameters
    (``"voorstellen.<folder>"``), listed by ``GET /regimes`` and read for the warning that the
    reform's switch (``van_toepassing``) is off in the month simulated.
    """

    def decorator(cls: type[Reform]) -> type[Reform]:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            msg = f"Two reforms are registered under the name '{name}'."
            raise ValueError(msg)
        cls.regime_name = name
        _REGISTRY[name] = cls
        return cls

    return decorator


@functools.cache
def _load_reform_modules() -> None:
    package = importlib.import_module(PACKAGE)
    for module in pkgutil.iter_modules(package.__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{PACKAGE}.{module.name}")


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
    """Current law, built once per process."""
    return CountryTaxBenefitSystem()
