"""Inputs of the kennismigrant and EU Blue Card routes: diplomas, experience, special jobs, sponsor fines.

Defaults describe the ordinary applicant: no Dutch or top-200 degree, no recent graduation, no
research or specialist-training job, and an employer without fines.
"""

from datetime import date

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import ETERNITY, MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon, Werkgever
from openfisca_arbeidsmigratie.enums import KennismigrantEerderCriterium, KennismigrantSoortAanvraag

BUWAV_1D = "https://wetten.overheid.nl/BWBR0007523/2015-01-01#Artikel1d"
BUWAV22_H2 = "https://wetten.overheid.nl/BWBR0046078/2024-06-12/0#Hoofdstuk2"
VB_3_42 = "https://wetten.overheid.nl/BWBR0011825/2024-01-01#Hoofdstuk3_Afdeling1_Paragraaf5"
RICHTLIJN_2021_1883 = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32021L1883"


class afstudeerdatum(Variable):
    value_type = date
    entity = Persoon
    definition_period = ETERNITY
    label = "Datum waarop het hogeronderwijsdiploma is behaald (of de promotie of het onderzoek is afgerond)"
    reference = [BUWAV_1D, VB_3_42, RICHTLIJN_2021_1883]
    documentation = """
    Date (ISO 8601) the person obtained the higher-education degree that counts for the reduced
    salary criteria (kennismigrant; EU Blue Card after the recast), or completed a PhD or research.
    Default 1970-01-01 (OpenFisca's default date): long ago, so no reduced criterion applies unless
    the date is given.
    """


class diploma_nederlands_hoger_onderwijs(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = ETERNITY
    label = "Diploma van een geaccrediteerde opleiding aan een Nederlandse hogeronderwijsinstelling (bachelor, master of promotie)"
    reference = [BUWAV_1D, VB_3_42]
    documentation = """
    True when the degree (see afstudeerdatum) is from an accredited Dutch higher-education programme
    (hbo/wo bachelor, master, or a Dutch PhD). Counts for the reduced kennismigrant criterion in every
    period and as a higher-education diploma for the Blue Card. Default False.
    """


class diploma_buitenland_top200(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = ETERNITY
    label = "Master of promotie aan een buitenlandse universiteit in de top 200 van een erkende ranglijst"
    reference = [VB_3_42]
    documentation = """
    True when the degree (see afstudeerdatum) is a master's or PhD from a foreign university ranked
    in the top 200 of a recognised general ranking (orientation-year conditions, Vb 2000 art. 3.42).
    Counts for the reduced kennismigrant criterion from the 2016 reform, and as a higher-education
    diploma for the Blue Card. Default False.
    """


class hoger_onderwijs_diploma(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = ETERNITY
    label = "Hogeronderwijsdiploma (ten minste driejarige bachelor, in Nederland of vergelijkbaar buitenlands)"
    reference = ["https://wetten.overheid.nl/BWBR0007523/2015-01-01#Artikel1i", RICHTLIJN_2021_1883]
    documentation = """
    True when the person completed a higher-education programme of at least three years, in the
    Netherlands or a comparable foreign one (old BuWav art. 1i lid 1 onder a; Directive 2009/50/EC and
    (EU) 2021/1883). A Dutch or top-200 degree (the two inputs above) counts as well. Default False.
    """


class relevante_werkervaring_jaren(Variable):
    value_type = float
    default_value = 0.0
    entity = Persoon
    definition_period = MONTH
    label = "Jaren relevante beroepservaring (hogere beroepsvaardigheden)"
    unit = "year"
    reference = [RICHTLIJN_2021_1883]
    documentation = """
    Years of professional experience at a level comparable to a higher-education qualification and
    relevant to the job. After the Blue Card recast, 5 years (3 within the last 7 for ICT managers and
    specialists, ISCO-08 133 and 25) replace the diploma. Allowed: >= 0. Default 0.
    """


class wetenschappelijk_onderzoeker(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = MONTH
    label = "Wordt tewerkgesteld voor wetenschappelijk onderzoek bij een bekostigde of aangewezen onderwijs- of onderzoeksinstelling"
    reference = [BUWAV_1D, BUWAV22_H2]
    documentation = """
    True for scientific research at a funded or designated education institution, or a publicly
    funded research institution (old BuWav art. 1d lid 1 onder b; BuWav 2022 art. 2.1 and 2.3).
    No salary criterion applies, only the minimum wage. Default False.
    """


class arts_in_opleiding_tot_specialist(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = MONTH
    label = "Arts in opleiding tot specialist (aios) aan een aangewezen opleidingsinstituut"
    reference = [BUWAV_1D, BUWAV22_H2]
    documentation = """
    True for a doctor in specialist training at an institute designated by the registration
    committees (old BuWav art. 1d lid 1 onder c; BuWav 2022 art. 2.1). No salary criterion applies,
    only the minimum wage. Default False.
    """


class FunctieOverplaatsing(Enum):
    """Position of an intra-corporate transferee (RuWav bijlage I, old Uitvoeringsregels §24)."""

    geen = "Geen overplaatsing binnen een onderneming"
    leidinggevende_of_specialist = "Leidinggevende of specialist (sleutelpersoneel)"
    trainee = "Trainee (werknemer-stagiair)"


class functie_overplaatsing_binnen_onderneming(Variable):
    value_type = Enum
    possible_values = FunctieOverplaatsing
    default_value = FunctieOverplaatsing.geen
    entity = Persoon
    definition_period = MONTH
    label = "Functie bij overplaatsing binnen een internationaal concern"
    reference = ["https://wetten.overheid.nl/BWBR0046054/2022-01-01#Bijlage1", "https://wetten.overheid.nl/BWBR0034945/2014-12-31#Bijlage1"]
    documentation = """
    For an intra-corporate transfer: `leidinggevende_of_specialist` (key staff or specialist) or
    `trainee`. Default `geen` (not an intra-corporate transfer).
    """


class referent_aantal_boetes_laatste_4_jaar(Variable):
    value_type = int
    default_value = 0
    entity = Werkgever
    definition_period = MONTH
    label = "Aantal onherroepelijke boetes van de werkgever in de laatste 4 jaar (fiscaal, minimumloon, illegale tewerkstelling)"
    unit = "/1"
    reference = ["https://wetten.overheid.nl/BWBR0011823/2024-01-01#Hoofdstuk1a", "https://www.rijksoverheid.nl/actueel/nieuws/2025/07/04/kabinet-scherpt-kennismigrantenregeling-aan"]
    documentation = """
    Number of irrevocable fines imposed on the employer in the four years before the application for
    tax offences, non-payment of the minimum wage or illegal employment: what the IND weighs for the
    sponsor's reliability (Vw 2000 art. 2e). Counted over 4 years, unlike the 5-year Wav art. 9
    fine inputs of the TWV route. Allowed: >= 0. Default 0.
    """


IND_WELK_BEDRAG = "https://ind.nl/en/required-amounts-income-requirements"
VB_3_42_2016 = "https://wetten.overheid.nl/BWBR0011825/2016-03-01#Hoofdstuk3_Afdeling1_Paragraaf5"


class kennismigrant_soort_aanvraag(Variable):
    value_type = Enum
    possible_values = KennismigrantSoortAanvraag
    default_value = KennismigrantSoortAanvraag.eerste_aanvraag
    entity = Persoon
    definition_period = MONTH
    label = "Soort aanvraag kennismigrant: eerste aanvraag, verlenging bij dezelfde werkgever of wisseling van werkgever"
    reference = [BUWAV22_H2, IND_WELK_BEDRAG]
    documentation = """
    `eerste_aanvraag` (default: today's behaviour, every criterion tested afresh on aanvraagdatum),
    `verlenging_zelfde_werkgever` or `wisseling_werkgever`. In IND practice the under-30 criterion
    keeps applying while the kennismigrant stays with the employer with whom he was admitted under it,
    also after turning 30; on a change of employer the age is tested again on the new application
    date; the reduced criterion, once granted, has no time limit and survives a change of employer.
    What was granted before is kennismigrant_eerder_toegepast_criterium. For an extension or a change,
    give the date of that application as aanvraagdatum: the amount in force on that date applies
    (the most recent indexed amount).
    """


class kennismigrant_eerder_toegepast_criterium(Variable):
    value_type = Enum
    possible_values = KennismigrantEerderCriterium
    default_value = KennismigrantEerderCriterium.geen
    entity = Persoon
    definition_period = MONTH
    label = "Looncriterium waaronder de kennismigrant eerder is toegelaten"
    reference = [BUWAV22_H2, IND_WELK_BEDRAG]
    documentation = """
    The criterion of the permit held before this application: `jonger_dan_dertig`,
    `dertig_jaar_en_ouder` or `verlaagd`. Default `geen` (not admitted before as kennismigrant).
    Read only when kennismigrant_soort_aanvraag is an extension or a change of employer.
    """


class zoekjaarvergunning_verlopen_zonder_aansluitende_aanvraag(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = MONTH
    label = "Heeft een zoekjaarvergunning hoogopgeleiden gehad die is verlopen voordat de aanvraag als kennismigrant werd ingediend"
    reference = [BUWAV_1D, VB_3_42_2016]
    documentation = """
    True when the person held an orientation-year permit (zoekjaar hoogopgeleiden, Vb 2000 art. 3.42)
    that ended before this kennismigrant application was filed, so the application does not follow
    it. From March 2016 until the broadening of 2020 the reduced criterion then no longer applied;
    after the broadening a degree obtained within three years suffices
    (parameter kennismigranten.verlaagd_criterium.aansluitend_op_zoekjaar_vereist). Default False
    (no such permit, or the application follows it directly).
    """
