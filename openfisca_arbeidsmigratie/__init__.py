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

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie import eisen, entities
from openfisca_arbeidsmigratie.situation_examples import single_applicant

try:
    __version__ = version("openfisca-arbeidsmigratie")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["CountryTaxBenefitSystem", "__version__", "law_directory"]


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


class CountryTaxBenefitSystem(TaxBenefitSystem):
    """Current Dutch labour-migration admission law (the baseline regime)."""

    CURRENCY = "€"

    def __init__(self) -> None:
        super().__init__(entities.entities)
        self.load_parameters(law_directory("parameters"))
        self.add_variables_from_directory(law_directory("variables"))
        for variable in eisen.failed_requirement_variables():
            self.add_variable(variable)
        self.open_api_config = {
            "variable_example": "toegelaten",
            "parameter_example": "algemeen.wettelijk_minimumloon.maandbedrag",
            "simulation_example": single_applicant,
        }
