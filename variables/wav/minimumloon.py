"""The statutory minimum wage per month that the Wav wage test uses (Wav art. 8 lid 1 onder f)."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon

WEKEN_PER_MAAND = 52 / 12


class wettelijk_minimumloon_maand(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Wettelijk minimumloon per maand, voltijd, werknemer van volwassen leeftijd"
    unit = "currency-EUR"
    documentation = """
    The full-time adult minimum wage per month (euro, gross, excluding holiday allowance).

    Until 31 December 2023: the monthly amount of Wml art. 8 lid 1 onder a (parameter
    algemeen.wettelijk_minimumloon.maandbedrag). The series starts in January 2013; before
    that this variable is 0 (not modelled) and the Wav wage ground does not apply.

    From 1 January 2024 the Wml fixes an hourly amount (art. 8 lid 1 onder a) and no longer a
    monthly minimum wage. The Wav test refers to the amount of art. 8 lid 1 onder a, so this
    variable derives the monthly amount from it with the Wml's own conversion rule, art. 8 lid 1
    onder c (a 36-hour week): hourly amount x 36 hours x 52/12 weeks = hourly x 156, rounded to the
    cent. The 'referentiemaandloon' of art. 8 lid 1 onder b (parameter referentiemaandloon) is NOT
    used: it serves laws that compute benefits. The two differ by less than 2 euro a month
    (e.g. January 2024: 13.27 x 156 = 2,070.12 against 2,069.40).
    """
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0002638&artikel=8&lid=1&g=2023-07-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0002638&artikel=8&lid=1&g=2024-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&g=2024-01-01",
    ]

    def formula_2013_01(persoon, period, parameters):
        return persoon.filled_array(parameters(period).algemeen.wettelijk_minimumloon.maandbedrag)

    def formula_2024_01(persoon, period, parameters):
        wml = parameters(period).algemeen.wettelijk_minimumloon
        maandbedrag = round(wml.uurbedrag * wml.voltijd_uren_per_week * WEKEN_PER_MAAND, 2)
        return persoon.filled_array(np.float32(maandbedrag))
