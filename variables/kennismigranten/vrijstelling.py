"""PLACEHOLDER (issue 3 replaces it): the kennismigrant / Blue Card / researcher exemption hook.

The Wav variable `tewerkstellingsvergunning_vereist` reads this variable: a person who qualifies
for a residence permit as kennismigrant, EU Blue Card holder or researcher needs no TWV
(BuWav 2022 art. 2.1-2.3; old BuWav art. 1d, 1i).
"""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon


class kennis_en_talent_vrijstelling(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Geen TWV nodig als kennismigrant, houder van een Europese blauwe kaart of onderzoeker"
    reference = "https://wetten.overheid.nl/BWBR0046078/2024-06-12/0#Hoofdstuk2"

    def formula(persoon, period, parameters):
        return persoon.filled_array(False)
