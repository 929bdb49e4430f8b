"""The statutory minimum wage per month that the Wav wage test uses (Wav art. 8 lid 1 onder f)."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.indexatie import gepubliceerd_bedrag

WEKEN_PER_MAAND = 52 / 12
MAANDBEDRAG = "algemeen.wettelijk_minimumloon.maandbedrag"
UURBEDRAG = "algemeen.wettelijk_minimumloon.uurbedrag"


class wettelijk_minimumloon_maand(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Wettelijk minimumloon per maand, voltijd, werknemer van volwassen leeftijd"
    unit = "currency-EUR"
    documentation = """
    The full-time adult minimum wage per month (euro, gross, excluding holiday allowance).

    Until 31 December 2023: the monthly amount of Wml art. 8 lid 1 onder a (parameter
    algemeen.wettelijk_minimumloon.maandbedrag), for the adult age of that time (23 and over until
    June 2017, 22 and over until June 2019, 21 and over after). The cited series starts in July
    2003. In a month without a cited amount (before July 2003, July-December 2007, January-June
    2011) this variable fails with an OntbrekendBedragError that names the month and the gap; it
    never returns 0, which would let every wage pass the Wav wage test.

    From 1 January 2024 the Wml fixes an hourly amount (art. 8 lid 1 onder a) and no longer a
    monthly minimum wage. The Wav test refers to the amount of art. 8 lid 1 onder a, so this
    variable derives the monthly amount from it with the Wml's own conversion rule, art. 8 lid 1
    onder c (a 36-hour week): hourly amount x 36 hours x 52/12 weeks = hourly x 156, rounded to the
    cent. The 'referentiemaandloon' of art. 8 lid 1 onder b (parameter referentiemaandloon) is NOT
    used: it serves laws that compute benefits. The two differ by less than 2 euro a month
    (e.g. January 2024: 13.27 x 156 = 2,070.12 against 2,069.40).

    The amount is read for the simulated month (the month of the work the wage is paid for), not
    on the application date: the Wml is a minimum for every wage period. From 1 July 2026 the
    hourly amount is a gap and this variable fails with a clear message.
    """
    reference = [
        "https://zoek.officielebekendmakingen.nl/stb-2003-559.html",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0002638&artikel=8&lid=1&g=2023-07-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0002638&artikel=8&lid=1&g=2024-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&g=2024-01-01",
    ]

    def formula(persoon, period, parameters):
        return persoon.filled_array(np.float32(gepubliceerd_bedrag(parameters, period, MAANDBEDRAG)))

    def formula_2024_01(persoon, period, parameters):
        uurbedrag = gepubliceerd_bedrag(parameters, period, UURBEDRAG)  # a gap (from July 2026) fails here
        uren = parameters(period).algemeen.wettelijk_minimumloon.voltijd_uren_per_week
        maandbedrag = round(uurbedrag * uren * WEKEN_PER_MAAND, 2)
        return persoon.filled_array(np.float32(maandbedrag))
