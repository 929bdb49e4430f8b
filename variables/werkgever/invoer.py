"""Inputs about the employer that more than one admission route uses."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Werkgever


class erkend_referent(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Werkgever is door de IND erkend als referent"
    documentation = """
    True when the IND has recognised the employer as sponsor (erkend referent, Vw 2000 art. 2a-2h)
    in the month. Required for the kennismigrant permit; not for the EU Blue Card. Default False:
    most employers are not recognised sponsors, so a kennismigrant case must say so.
    """
    reference = "https://wetten.overheid.nl/BWBR0011823/2024-01-01#Hoofdstuk1a"
