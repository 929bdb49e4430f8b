"""The country package's tax-benefit system: current Dutch labour-migration admission law."""

from __future__ import annotations

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie import eisen, entities, law_directory
from openfisca_arbeidsmigratie.situation_examples import single_applicant


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
