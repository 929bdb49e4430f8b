"""Inputs about the applicant's household (family members coming along)."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Huishouden


class aantal_meereizende_gezinsleden(Variable):
    value_type = int
    entity = Huishouden
    definition_period = MONTH
    label = "Aantal gezinsleden dat met de arbeidsmigrant meekomt"
    unit = "person"
    reference = "https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2025D00418"
    documentation = """
    Number of family members (partner, children) who come to the Netherlands with the labour
    migrant. Allowed: >= 0. Default (formula): the other members of the household (partner and
    children) as given in the situation; give it as an input for a population file with one
    row per applicant, or when some household members already live in the Netherlands.
    """

    def formula(huishouden, period, parameters):
        return np.maximum(huishouden.nb_persons() - 1, 0)
