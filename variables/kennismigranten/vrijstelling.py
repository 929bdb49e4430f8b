"""The kennismigrant / Blue Card / researcher exemption from the TWV duty.

The Wav variable `tewerkstellingsvergunning_vereist` reads this variable: a person who qualifies
for a residence permit as kennismigrant (including researchers and doctors in specialist training)
or as EU Blue Card holder needs no TWV (old BuWav art. 1d, 1h, 1i; BuWav 2022 art. 2.1-2.3).
It reads only the two route variables, never the TWV variables (no circular dependency).
"""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon


class kennis_en_talent_vrijstelling(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Geen TWV nodig als kennismigrant, houder van een Europese blauwe kaart of onderzoeker"
    reference = [
        "https://wetten.overheid.nl/BWBR0046078/2024-06-12/0#Hoofdstuk2",
        "https://wetten.overheid.nl/BWBR0007523/2015-01-01#Artikel1d",
        "https://wetten.overheid.nl/BWBR0007523/2015-01-01#Artikel1i",
    ]
    documentation = """
    True when route_kennismigrant_open or route_europese_blauwe_kaart_open. In a historical month
    without a known salary criterion (2005-2010; Blue Card 2012) the exemption cannot be
    established and is False.
    """

    def formula(persoon, period, parameters):
        return persoon("route_kennismigrant_open", period) | persoon("route_europese_blauwe_kaart_open", period)
