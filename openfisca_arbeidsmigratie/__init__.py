"""openfisca-arbeidsmigratie: Dutch labour-migration admission law as an OpenFisca country package.

The law lives in two top-level folders of the repository, shipped inside the wheel as the
sub-packages ``openfisca_arbeidsmigratie.parameters`` and ``openfisca_arbeidsmigratie.variables``:

* ``parameters/``: dated YAML values (minimum wage, salary criteria, Wav periods, ...), each
  citing its legal source;
* ``variables/``: the formulas, one legal condition per variable, each with a ``reference``.
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("openfisca-arbeidsmigratie")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["CountryTaxBenefitSystem", "__version__", "law_directory"]  # noqa: F822 (see __getattr__)


def law_directory(name: str) -> str:
    """Return the folder of the law part ``name`` ("parameters" or "variables").

    Works for a wheel install (the folders are sub-packages) and for an editable install or a
    source checkout (the folders are at the top level of the repository).
    """
    try:
        path = resources.files(f"openfisca_arbeidsmigratie.{name}")
        folder = os.fspath(path)
        if os.path.isdir(folder):
            return folder
    except (ModuleNotFoundError, TypeError):
        pass
    folder = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), name)
    if os.path.isdir(folder):
        return folder
    msg = f"Cannot find the '{name}' folder of openfisca-arbeidsmigratie (looked in the package and next to it)."
    raise FileNotFoundError(msg)


def __getattr__(name: str):
    """``CountryTaxBenefitSystem`` is imported on first use (openfisca-core takes 0.2 s to import),
    so that ``arbeidsmigratie --help`` and the light modules of the package start fast."""
    if name == "CountryTaxBenefitSystem":
        from openfisca_arbeidsmigratie.system import CountryTaxBenefitSystem  # noqa: PLC0415

        return CountryTaxBenefitSystem
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
