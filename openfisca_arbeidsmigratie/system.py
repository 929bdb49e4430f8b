"""The country package's tax-benefit system: current Dutch labour-migration admission law."""

from __future__ import annotations

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie import eisen, entities, law_directory, parameter_cache
from openfisca_arbeidsmigratie.situation_examples import single_applicant

BYTECODE_FOLDER = "__pycache__"


def without_bytecode_folder(parameters):
    """``parameters`` without a child node made of a ``__pycache__`` folder (in place)."""
    node = parameters.children.pop(BYTECODE_FOLDER, None)
    if node is not None and getattr(parameters, BYTECODE_FOLDER, None) is node:
        delattr(parameters, BYTECODE_FOLDER)
    return parameters


class CountryTaxBenefitSystem(TaxBenefitSystem):
    """Current Dutch labour-migration admission law (the baseline regime)."""

    CURRENCY = "€"

    def __init__(self) -> None:
        self._package_metadata: dict[str, str] | None = None
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

    def load_parameters(self, path_to_yaml_dir) -> None:
        """OpenFisca's ``load_parameters``, with the parsed tree read from the checked cache of
        :mod:`openfisca_arbeidsmigratie.parameter_cache` when the files are unchanged, and without
        the empty node OpenFisca makes of Python's bytecode folder (``parameters/__pycache__``,
        written where the ``parameters`` package of a wheel is imported): it is not law."""
        parameters = without_bytecode_folder(parameter_cache.load_parameters(path_to_yaml_dir))
        if self.preprocess_parameters is not None:
            parameters = self.preprocess_parameters(parameters)
        self.parameters = parameters

    def get_package_metadata(self) -> dict[str, str]:
        """OpenFisca's package metadata, looked up once per system (OpenFisca asks for it once per
        file of variables, and each lookup reads the installed package's metadata)."""
        if self._package_metadata is None:
            self._package_metadata = super().get_package_metadata()
        return dict(self._package_metadata)
