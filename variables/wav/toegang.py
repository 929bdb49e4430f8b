"""Who needs a work permit at all: Wav art. 1-4 and EU free movement.

`tewerkstellingsvergunning_vereist` = a foreign national (Wav art. 1) without free movement
(art. 3 lid 1 onder a), without free labour-market access (art. 4), not in an exempt category
(art. 3 lid 1 onder b, c) and not exempt as kennismigrant / Blue Card holder / researcher (the
variable `kennis_en_talent_vrijstelling`, variables/kennismigranten/vrijstelling.py).
"""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.codes import in_codes, is_code
from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import Verblijfsdoel, VrijgesteldeCategorieWav
from openfisca_arbeidsmigratie.landen import NEDERLAND, vrij_verkeer_codes
from openfisca_arbeidsmigratie.peildatum import waarde_op_datums

WAV = "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel={}&lid={}&g={}"


class vreemdeling(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Vreemdeling in de zin van de Vreemdelingenwet 2000 (geen Nederlander)"
    documentation = "False only for Dutch nationals (nationaliteit NL); an empty or unknown code counts as a foreign national."
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=1&lid=1&g=2022-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0011823&artikel=1&g=2022-01-01",
    ]

    def formula(persoon, period, parameters):
        return ~is_code(persoon("nationaliteit", period), NEDERLAND.encode())


class vrij_verkeer_van_werknemers(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Vrije toegang tot de Nederlandse arbeidsmarkt als werknemer uit de EU, de EER of Zwitserland"
    documentation = """
    True when the person's nationality has free movement of workers in the month, after the Dutch
    transitional arrangements (parameter wav.vrij_verkeer_van_werknemers). United Kingdom from 2021:
    only beneficiaries of the Withdrawal Agreement. False for Dutch nationals, who are no foreign
    nationals at all (see `vreemdeling`): free movement is a right of other states' nationals.
    """
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=3&lid=1&g=2022-01-01",
        "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:12016E045",
        "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:12020W/TXT",
    ]

    def formula(persoon, period, parameters):
        codes = vrij_verkeer_codes(parameters(period).wav.vrij_verkeer_van_werknemers)
        return in_codes(persoon("nationaliteit", period), codes)

    def formula_2021_01(persoon, period, parameters):
        codes = vrij_verkeer_codes(parameters(period).wav.vrij_verkeer_van_werknemers)
        nationaliteit = persoon("nationaliteit", period)
        brits_begunstigde = is_code(nationaliteit, b"GB") & persoon("begunstigde_terugtrekkingsakkoord", period)
        return in_codes(nationaliteit, codes) | brits_begunstigde


class vrije_toegang_arbeidsmarkt(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Arbeid is vrij toegestaan (Wav art. 4): geen TWV nodig"
    documentation = """
    Free labour-market access of a foreign national under Wav art. 4: after the required years of
    uninterrupted residence with a work-valid permit (3 until 2013, 5 from 2014; art. 4 lid 2 onder b),
    with a permanent residence permit or an asylum permit (art. 4 lid 2; BuWav), or with the
    endorsement 'arbeid vrij toegestaan' given by the AMvB.
    """
    reference = [WAV.format(4, 1, "2013-01-01"), WAV.format(4, 2, "2014-01-01"), WAV.format(4, 2, "2022-01-01")]

    def formula(persoon, period, parameters):
        jaren_vereist = parameters(period).wav.vrije_toegang_jaren_verblijf
        jaren = persoon("jaren_onafgebroken_verblijf_met_arbeid", period)
        doel = persoon("verblijfsdoel", period)
        vrije_verblijfsdoelen = (doel == Verblijfsdoel.onbepaalde_tijd) | (doel == Verblijfsdoel.asiel_bepaalde_tijd)
        return (
            persoon("vreemdeling", period)
            & ((jaren >= jaren_vereist) | vrije_verblijfsdoelen | persoon("arbeid_vrij_toegestaan_amvb", period))
        )


class vrijgestelde_categorie_wav(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Vrijgesteld van de TWV-plicht: zelfstandige (art. 3 lid 1 onder b) of AMvB-categorie (art. 3 lid 1 onder c)"
    documentation = "Free movement (art. 3 lid 1 onder a) is the separate variable `vrij_verkeer_van_werknemers`."
    reference = WAV.format(3, 1, "2022-01-01")

    def formula(persoon, period, parameters):
        categorie = persoon("vrijgestelde_categorie_buwav", period)
        return (categorie != VrijgesteldeCategorieWav.geen) | persoon("zelfstandige_met_verblijfsvergunning", period)


class tewerkstellingsvergunning_vereist(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Voor deze arbeid is een tewerkstellingsvergunning (TWV) of GVVA vereist"
    documentation = """
    Wav art. 2 lid 1: an employer may not let a foreign national work without a TWV (or a GVVA held
    by the foreigner). Not needed with free movement, free access (art. 4), an exempt category
    (art. 3) or the kennismigrant / Blue Card / researcher exemption (`kennis_en_talent_vrijstelling`).
    """
    reference = [WAV.format(2, 1, "2022-01-01"), WAV.format(3, 1, "2022-01-01")]

    def formula(persoon, period, parameters):
        vrijgesteld = (
            persoon("vrij_verkeer_van_werknemers", period)
            | persoon("vrije_toegang_arbeidsmarkt", period)
            | persoon("vrijgestelde_categorie_wav", period)
            | persoon("kennis_en_talent_vrijstelling", period)
        )
        return persoon("vreemdeling", period) & ~vrijgesteld


class asielzoeker_art_8_lid_2(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Asielzoeker voor wie de arbeidsmarkttoets vervalt (Wav art. 8 lid 2)"
    documentation = """
    An asylum seeker (verblijfsdoel `asielzoeker`) whose application has been pending at least the
    required months (parameter wav.asielzoeker_wachttijd_maanden): grounds a, b, c, f and h of
    art. 8 lid 1 do not apply.
    """
    reference = WAV.format(8, 2, "2022-01-01")

    def formula(persoon, period, parameters):
        wachttijd = parameters(period).wav.asielzoeker_wachttijd_maanden
        asielzoeker = persoon("verblijfsdoel", period) == Verblijfsdoel.asielzoeker
        return asielzoeker & (persoon("asielaanvraag_duur_maanden", period) >= wachttijd)


class student_arbeid_naast_studie(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Student met verblijfsvergunning studie die niet meer dan het toegestane aantal uren per week werkt"
    documentation = """
    Work besides study (Uitvoeringsregels par. 33): a student with a study residence permit working
    at most the allowed weekly hours (10 until 22 May 2018, 16 from 23 May 2018) gets a TWV without
    the labour-market test (grounds a, b, c and f do not apply). The hours limit is read on the
    application date (`aanvraagdatum`), because it changed in the middle of May 2018. A student
    working more hours is treated as an ordinary applicant (the full test applies). Not modelled
    before 2014 (False): the series of the hours limit starts with the 2014 implementing rules.
    """
    reference = [
        "https://wetten.overheid.nl/BWBR0034945/2014-12-31",
        "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32016L0801",
    ]

    def formula_2014_01(persoon, period, parameters):
        uren_toegestaan = waarde_op_datums(
            parameters,
            persoon("aanvraagdatum", period),
            lambda p: p.wav.student_maximale_arbeidsuren_per_week,
            voor_begin=np.nan,  # an application before 2014: the rule is not modelled, no exception
        )
        student = persoon("verblijfsdoel", period) == Verblijfsdoel.studie
        return student & (persoon("arbeidsuren_per_week", period) <= uren_toegestaan)
