"""Inputs about the applicant that only the Wav needs.

Defaults describe the ordinary lawful case of a first TWV/GVVA application from abroad, so a test
names only the facts that matter. Inputs marked "beoordeling UWV" are UWV's own judgement on an
open norm (assessment inputs): they are not facts of the applicant, and a microsimulation can vary
them to see how much the outcome depends on UWV's assessment.
"""

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import (
    UitzonderingWav8Lid3,
    VerblijfsrechtArbeid,
    VrijgesteldeCategorieWav,
)

WAV = "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel={}&g=2022-01-01"


class prioriteitgenietend_aanbod_beschikbaar(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = MONTH
    label = "Beoordeling UWV: prioriteitgenietend aanbod beschikbaar voor deze arbeidsplaats"
    documentation = """
    ASSESSMENT INPUT (UWV's judgement on an open norm, not a fact of the applicant): True when UWV
    finds that priority supply (Dutch, EU/EEA/Swiss workers, and foreigners whose work is free) is
    available for this vacancy (Wav art. 8 lid 1 onder a; Uitvoeringsregels par. 10). Default False:
    an application reaches UWV because the employer found no such candidate. Vary it in a
    microsimulation to test how sensitive outcomes are to UWV's assessment.
    """
    reference = WAV.format(8)


class prioriteitgenietend_aanbod_binnen_redelijke_termijn(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = MONTH
    label = "Beoordeling UWV: prioriteitgenietend aanbod binnen een redelijke termijn beschikbaar"
    documentation = """
    ASSESSMENT INPUT (UWV's judgement): True when UWV expects priority supply to become available
    within a reasonable period (Wav art. 9 lid 1 onder a, an optional ground). Default False.
    """
    reference = WAV.format(9)


class passende_huisvesting_beschikbaar(Variable):
    value_type = bool
    default_value = True
    entity = Persoon
    definition_period = MONTH
    label = "Passende huisvesting beschikbaar voor de vreemdeling"
    documentation = "Suitable housing is available (Wav art. 9 lid 1 onder d, optional ground). Default True."
    reference = WAV.format(9)


class verblijfsrecht_arbeid(Variable):
    value_type = Enum
    possible_values = VerblijfsrechtArbeid
    default_value = VerblijfsrechtArbeid.aangevraagd
    entity = Persoon
    definition_period = MONTH
    label = "Voor arbeid geldige verblijfsvergunning: aangevraagd, verleend, niet aangevraagd of geweigerd"
    documentation = """
    Residence right valid for work (Wav art. 8 lid 1 onder e). Allowed: the members of
    VerblijfsrechtArbeid. Default `aangevraagd` (applied for, as with every GVVA application).
    """
    reference = WAV.format(8)


class seizoenarbeid(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = MONTH
    label = "Tijdelijke arbeid of seizoenarbeid"
    documentation = "Seasonal or temporary work (Wav art. 11 lid 2: TWV at most 24 weeks). Default False."
    reference = WAV.format(11)


class aangewezen_arbeid_niet_in_nederlands_belang(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = MONTH
    label = "Arbeid in een bij AMvB aangewezen categorie die niet in het Nederlands belang is (zoals seksuele dienstverlening)"
    documentation = "Work designated as not in the Dutch interest, e.g. sexual services (Wav art. 8 lid 1 onder g; old BuWav art. 3). Default False."
    reference = WAV.format(8)


class uitzondering_wav_8_lid_3(Variable):
    value_type = Enum
    possible_values = UitzonderingWav8Lid3
    default_value = UitzonderingWav8Lid3.geen
    entity = Persoon
    definition_period = MONTH
    label = "Geval van Wav art. 8 lid 3 waarin verplichte weigeringsgronden vervallen"
    documentation = """
    The case designated by the Minister under Wav art. 8 lid 3. Allowed: the members of
    UitzonderingWav8Lid3. Default `geen` (the full labour-market test applies).
    """
    reference = WAV.format(8)


class asielaanvraag_duur_maanden(Variable):
    value_type = int
    default_value = 0
    entity = Persoon
    definition_period = MONTH
    label = "Aantal maanden dat de asielaanvraag in behandeling is"
    unit = "month"
    documentation = "Months the asylum application has been pending (Wav art. 8 lid 2). Allowed: >= 0. Default 0 (no asylum application)."
    reference = WAV.format(8)


class jaren_onafgebroken_verblijf_met_arbeid(Variable):
    value_type = float
    default_value = 0.0
    entity = Persoon
    definition_period = MONTH
    label = "Jaren onafgebroken rechtmatig verblijf met een voor arbeid geldige verblijfsvergunning"
    unit = "year"
    documentation = """
    Years (may be fractional) of uninterrupted lawful residence with a residence permit valid for
    work, up to the application (Wav art. 4 lid 2 onder b). Allowed: >= 0. Default 0 (first entry).
    """
    reference = WAV.format(4)


class vrijgestelde_categorie_buwav(Variable):
    value_type = Enum
    possible_values = VrijgesteldeCategorieWav
    default_value = VrijgesteldeCategorieWav.geen
    entity = Persoon
    definition_period = MONTH
    label = "Bij AMvB van de TWV-plicht vrijgestelde categorie (Wav art. 3 lid 1 onder c)"
    documentation = """
    The AMvB category exempting this work from the TWV requirement (old BuWav art. 1-1l; BuWav
    2022 hoofdstuk 3). Allowed: the members of VrijgesteldeCategorieWav. Default `geen`.
    """
    reference = "https://wetten.overheid.nl/BWBR0046078/2022-01-01"


class zelfstandige_met_verblijfsvergunning(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = MONTH
    label = "Arbeid als zelfstandige met een daarvoor geldige verblijfsvergunning (Wav art. 3 lid 1 onder b)"
    documentation = "Self-employed work under a residence permit valid for it: no TWV. Default False."
    reference = WAV.format(3)


class arbeid_vrij_toegestaan_amvb(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = MONTH
    label = "Verblijfsdocument vermeldt 'arbeid vrij toegestaan' op grond van de AMvB (Wav art. 4 lid 1)"
    documentation = """
    The residence permit carries the endorsement that work is free under the AMvB: e.g. family of a
    kennismigrant, EU Blue Card holder or researcher, family of Dutch or EU citizens, graduates in
    the orientation year (old BuWav art. 2; BuWav 2022). Default False.
    """
    reference = WAV.format(4)


class quotum_bereikt(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = MONTH
    label = "Het quotum voor deze categorie arbeid (Wav art. 5a) is bereikt"
    documentation = "True when a quota set under Wav art. 5a is reached (art. 8 lid 1 onder h, since 2014). Default False (no quota has ever been set)."
    reference = WAV.format("5a")


class niet_eerder_toegelaten(Variable):
    value_type = bool
    default_value = True
    entity = Persoon
    definition_period = MONTH
    label = "Niet eerder toegelaten vreemdeling (Wav art. 1 lid 1 onder d)"
    documentation = """
    True when the foreigner never held a residence permit valid for work, or moved the main residence
    abroad afterwards. Default True (first entry). Used by the pre-2014 wage ground and art. 9 lid 1 onder b.
    """
    reference = WAV.format(1)


class werkvergunning_in_voorafgaande_14_weken(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = MONTH
    label = "Had in de 14 weken voor de aanvraag een TWV of een verblijfsvergunning die arbeid toestaat"
    documentation = """
    True when the foreign national held a TWV, a GVVA or a residence permit allowing work at any time
    in the 14 weeks before this application (Wav art. 11 lid 2). Default False (no such permit): with
    niet_eerder_toegelaten True (its default) the 24-week limit on seasonal work applies, as before.
    """
    reference = [WAV.format(11), "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=11&lid=2&g=2022-01-01"]
