"""Which admission routes are open to an applicant in a month (current law).

Each route variable answers one question: would this route let the person work in the Netherlands?
The decision (besluit.py) takes the first open route in a fixed order.
"""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon

JCI = "https://wetten.overheid.nl/jci1.3:c:{}&artikel={}&g={}"
BUWAV_1D = JCI.format("BWBR0007523", "1d", "2004-10-01")  # old BuWav, kennismigrantenregeling from 1 October 2004
BUWAV22_2_1 = JCI.format("BWBR0046078", "2.1", "2022-01-01")  # lid not verified (see openfisca_arbeidsmigratie.eisen)
BUWAV_1I = JCI.format("BWBR0007523", "1i", "2011-06-19")  # old BuWav, EU Blue Card from 19 June 2011
BUWAV22_2_2 = JCI.format("BWBR0046078", "2.2", "2022-01-01")  # lid not verified
WAV = "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel={}&g=2022-01-01"


class route_vrij_verkeer_open(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Geen vergunning nodig: vrij verkeer van werknemers, vrije toegang tot de arbeidsmarkt of vrijgestelde categorie"
    reference = [WAV.format(3), WAV.format(4)]
    documentation = """
    True when the person may work without any permit: not a foreign national (vreemdeling), an
    EU/EEA/Swiss worker with free movement, a holder of free labour-market access ('arbeid vrij
    toegestaan', Wav art. 4), or a category exempt under Wav art. 3 (vrijgestelde_categorie_wav).
    """

    def formula(persoon, period, parameters):
        return (
            ~persoon("vreemdeling", period)
            | persoon("vrij_verkeer_van_werknemers", period)
            | persoon("vrije_toegang_arbeidsmarkt", period)
            | persoon("vrijgestelde_categorie_wav", period)
        )


class route_kennismigrant_open(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Voldoet aan de voorwaarden voor een verblijfsvergunning als kennismigrant"
    reference = [BUWAV_1D, BUWAV22_2_1]
    documentation = """
    From 1 October 2004: the employer is a recognised and reliable sponsor, the wage meets the
    applicable criterion (researchers and doctors in specialist training: the minimum wage), the wage
    is market-conform and, from 2014, paid monthly by bank transfer. Not modelled: the jobs that stay
    under the TWV duty despite the salary (professional football, clergy; old BuWav art. 1d lid 2).
    """

    def formula_2004_10(persoon, period, parameters):
        return (
            persoon.werkgever("erkend_referent_betrouwbaar", period)
            & persoon("kennismigrant_loon_voldoende", period)
            & persoon("kennismigrant_loon_marktconform_en_giraal", period)
        )


class route_europese_blauwe_kaart_open(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Voldoet aan de voorwaarden voor een Europese blauwe kaart"
    reference = [BUWAV_1I, BUWAV22_2_2, "https://zoek.officielebekendmakingen.nl/stb-2024-150.html"]
    documentation = """
    From 19 June 2011: qualification (diploma; after the recast also professional experience), a
    contract long enough, and a wage at least the applicable Blue Card criterion. No recognised
    sponsor is needed.
    """

    def formula_2011_06_19(persoon, period, parameters):
        return (
            persoon("europese_blauwe_kaart_kwalificatie", period)
            & persoon("europese_blauwe_kaart_contractduur_voldoende", period)
            & persoon("europese_blauwe_kaart_loon_voldoende", period)
        )


class route_twv_gvva_open(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Tewerkstellingsvergunning of gecombineerde vergunning (GVVA) verleend na de arbeidsmarkttoets"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&g=2014-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&g=2014-01-01",
        WAV.format(8),
        WAV.format(9),
    ]
    documentation = "The Wav route: twv_verleend (Wav art. 8 and 9; the grounds are in the registry openfisca_arbeidsmigratie.eisen)."

    def formula(persoon, period, parameters):
        return persoon("twv_verleend", period)
