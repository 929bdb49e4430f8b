"""The admission decision: the outputs every regime writes (current law and each reform).

PLACEHOLDER until issue 3 lands: the formulas below are replaced by the real decision.
"""

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import Toelatingsroute


class toelatingsroute(Variable):
    value_type = Enum
    possible_values = Toelatingsroute
    default_value = Toelatingsroute.geweigerd
    entity = Persoon
    definition_period = MONTH
    label = "Route waarlangs de aanvrager tot arbeid wordt toegelaten"
    reference = "https://wetten.overheid.nl/BWBR0007149/2022-01-01"

    def formula(persoon, period, parameters):
        return persoon.filled_array(Toelatingsroute.geweigerd)


class toegelaten(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De aanvrager mag in Nederland werken (toegelaten tot arbeid)"
    reference = "https://wetten.overheid.nl/BWBR0007149/2022-01-01"

    def formula(persoon, period, parameters):
        return persoon("toelatingsroute", period) != Toelatingsroute.geweigerd
