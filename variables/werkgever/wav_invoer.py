"""Inputs about the employer that the Wav refusal grounds (art. 8 and 9) read.

Each default is the ordinary lawful case, so a test case names only the facts that matter:
the vacancy was reported to UWV in time, recruitment was sufficient, the terms are market-conform,
wages are paid by bank transfer, the employer is active in the Netherlands, and it has no fines,
convictions or withdrawn recognition. Fines and convictions count when they became irrevocable in
the five years before the application (Wav art. 9 lid 1 onder h-j; Uitvoeringsregels par. 35-42).
"""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Werkgever

WAV_8 = "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=8&lid=1&g=2022-01-01"
WAV_9 = "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=9&lid=1&g=2022-01-01"
VIJF_JAAR = "True when it became irrevocable in the five years before the application. Default False (clean record)."


class vacature_gemeld_bij_uwv(Variable):
    value_type = bool
    default_value = True
    entity = Werkgever
    definition_period = MONTH
    label = "Vacature gemeld bij UWV"
    documentation = "True when the employer reported the vacancy to UWV (werk.nl). Default True (ordinary case)."
    reference = WAV_8


class weken_tussen_vacaturemelding_en_aanvraag(Variable):
    value_type = int
    default_value = 5
    entity = Werkgever
    definition_period = MONTH
    label = "Aantal weken tussen de vacaturemelding bij UWV en de aanvraag"
    unit = "week"
    documentation = """
    Whole weeks between reporting the vacancy to UWV and filing the TWV/GVVA application.
    Allowed: >= 0. Default 5, the statutory minimum (Wav art. 8 lid 1 onder b), so the default passes.
    """
    reference = WAV_8


class voldoende_wervingsinspanningen(Variable):
    value_type = bool
    default_value = True
    entity = Werkgever
    definition_period = MONTH
    label = "Werkgever toont voldoende wervingsinspanningen aan (prioriteitgenietend aanbod)"
    documentation = "Sufficient recruitment efforts for priority supply (Wav art. 8 lid 1 onder c). Default True."
    reference = WAV_8


class marktconforme_arbeidsvoorwaarden(Variable):
    value_type = bool
    default_value = True
    entity = Werkgever
    definition_period = MONTH
    label = "Arbeidsvoorwaarden op wettelijk en in de bedrijfstak gebruikelijk niveau"
    documentation = "Working conditions at least at the statutory and customary level (Wav art. 8 lid 1 onder d). Default True."
    reference = WAV_8


class loon_giraal_betaald(Variable):
    value_type = bool
    default_value = True
    entity = Werkgever
    definition_period = MONTH
    label = "Loon wordt giraal betaald, per periode van ten hoogste een maand"
    documentation = "Wages are paid by bank transfer at least monthly (optional ground since 2022). Default True."
    reference = WAV_9


class economische_activiteit_in_nederland(Variable):
    value_type = bool
    default_value = True
    entity = Werkgever
    definition_period = MONTH
    label = "Werkgever heeft economische activiteit in Nederland"
    documentation = "The employer carries on economic activity in the Netherlands (optional ground since 2022). Default True."
    reference = WAV_9


class voorschriften_eerdere_vergunning_overtreden(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Werkgever heeft voorschriften of beperkingen van een eerdere vergunning niet nageleefd"
    documentation = "Breach of a condition of an earlier permit in the last five years (Wav art. 9 lid 1 onder c). Default False."
    reference = WAV_9


class sectorconvenant_werving_geschonden(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Werving niet volgens het sectorconvenant"
    documentation = "Recruitment not done as agreed in a sector covenant (Wav art. 9 lid 1 onder e). Default False."
    reference = WAV_9


class andere_belemmeringen_opgeworpen(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Werkgever heeft andere belemmeringen opgeworpen om prioriteitgenietend aanbod aan te nemen"
    documentation = "E.g. unrealistic language or job requirements (Wav art. 9 lid 1 onder f). Default False."
    reference = WAV_9


class erkenning_referent_ingetrokken(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Erkenning als referent ingetrokken, geschorst of geweigerd"
    documentation = "The IND withdrew, suspended or refused recognition as sponsor (Wav art. 9 lid 1 onder g). Default False."
    reference = WAV_9


class boete_vw_55a(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Bestuurlijke boete op grond van Vreemdelingenwet 2000 art. 55a (referent)"
    documentation = VIJF_JAAR
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0011823&artikel=55a"


class veroordeling_vw_108(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Veroordeling op grond van Vreemdelingenwet 2000 art. 108"
    documentation = VIJF_JAAR
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0011823&artikel=108"


class boete_wav_18(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Bestuurlijke boete op grond van Wet arbeid vreemdelingen art. 18"
    documentation = VIJF_JAAR
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0007149&artikel=18"


class boete_arbeidstijdenwet_10_1(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Bestuurlijke boete op grond van Arbeidstijdenwet art. 10:1"
    documentation = VIJF_JAAR
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0007671&artikel=10:1"


class boete_arbeidsomstandighedenwet_33(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Bestuurlijke boete op grond van Arbeidsomstandighedenwet art. 33"
    documentation = VIJF_JAAR
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0010346&artikel=33"


class boete_wml_18b(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Bestuurlijke boete op grond van Wet minimumloon en minimumvakantiebijslag art. 18b"
    documentation = VIJF_JAAR
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0002638&artikel=18b"


class boete_waadi_16(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Bestuurlijke boete op grond van Wet allocatie arbeidskrachten door intermediairs art. 16"
    documentation = VIJF_JAAR
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0009765&artikel=16"


class veroordeling_sr_273f(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Veroordeling op grond van Wetboek van Strafrecht art. 273f (mensenhandel)"
    documentation = VIJF_JAAR
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0001854&artikel=273f"


class veroordeling_arbeidstijdenwet_11_3(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Veroordeling op grond van Arbeidstijdenwet art. 11:3"
    documentation = VIJF_JAAR
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0007671&artikel=11:3"


class veroordeling_arbeidsomstandighedenwet_32(Variable):
    value_type = bool
    default_value = False
    entity = Werkgever
    definition_period = MONTH
    label = "Veroordeling op grond van Arbeidsomstandighedenwet art. 32"
    documentation = VIJF_JAAR
    reference = "https://wetten.overheid.nl/jci1.3:c:BWBR0010346&artikel=32"
