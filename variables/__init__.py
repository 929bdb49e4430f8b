"""Marks variables/ as the package openfisca_arbeidsmigratie.variables in the wheel.

The files below are not imported as Python modules: OpenFisca loads them by path
(TaxBenefitSystem.add_variables_from_directory).
"""
