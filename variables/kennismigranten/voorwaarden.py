"""Conditions of the kennismigrant permit besides the salary amount: sponsor, wage test, payment.

Old BuWav (1995) art. 1d lid 1 (sponsor: 'wiens werkgever ... is erkend als referent') and lid 4
(market-conform wage, bank transfer from 2014); BuWav 2022 art. 2.1; Vw 2000 art. 2a-2h (sponsorship).
"""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon, Werkgever

BUWAV_1D = "https://wetten.overheid.nl/BWBR0007523/2015-01-01#Artikel1d"
BUWAV22_2_1 = "https://wetten.overheid.nl/BWBR0046078/2024-06-12/0#Hoofdstuk2_Paragraaf2.1_Artikel2.1"
VW_REFERENT = "https://wetten.overheid.nl/BWBR0011823/2024-01-01#Hoofdstuk1a"


class erkend_referent_betrouwbaar(Variable):
    value_type = bool
    entity = Werkgever
    definition_period = MONTH
    label = "Werkgever is erkend referent en (nog) voldoende betrouwbaar"
    reference = [VW_REFERENT, "https://www.rijksoverheid.nl/actueel/nieuws/2025/07/04/kabinet-scherpt-kennismigrantenregeling-aan"]
    documentation = """
    Recognised by the IND (erkend_referent) and recognition not withdrawn, suspended or refused
    (erkenning_referent_ingetrokken). From 2014 also: fewer irrevocable fines in the last four years
    than the IND's reliability threshold (3, IND practice quoted in July 2025; parameter
    kennismigranten.erkend_referent.aantal_boetes_onbetrouwbaar, start date an assumption).
    """

    def formula_2004_10(werkgever, period, parameters):
        return werkgever("erkend_referent", period) & ~werkgever("erkenning_referent_ingetrokken", period)

    def formula_2014_01(werkgever, period, parameters):
        drempel = parameters(period).kennismigranten.erkend_referent.aantal_boetes_onbetrouwbaar
        boetes = werkgever("referent_aantal_boetes_laatste_4_jaar", period)
        erkend = werkgever("erkend_referent", period) & ~werkgever("erkenning_referent_ingetrokken", period)
        return erkend & (boetes < drempel)


class kennismigrant_loon_voldoende(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Loon haalt het looncriterium kennismigrant (of, voor onderzoekers en aios, het minimumloon)"
    reference = [BUWAV_1D, BUWAV22_2_1]
    documentation = """
    Gross monthly wage excluding holiday allowance (bruto_maandloon) at least the applicable criterion;
    a wage exactly at the criterion passes. Researchers and doctors in specialist training need only
    the statutory minimum wage (wettelijk_minimumloon_maand). In a historical month without a known
    criterion the test fails (the exemption cannot be established).
    """

    def formula(persoon, period, parameters):
        loon = persoon("bruto_maandloon", period)
        vrijgesteld = persoon("kennismigrant_vrijgesteld_van_looncriterium", period)
        haalt_criterium = loon >= persoon("kennismigrant_looncriterium_bekend", period)
        if not vrijgesteld.any():
            return haalt_criterium
        haalt_minimumloon = loon >= persoon("wettelijk_minimumloon_maand", period)
        return np.where(vrijgesteld, haalt_minimumloon, haalt_criterium)


class kennismigrant_loon_marktconform_en_giraal(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Loon kennismigrant is marktconform en wordt (vanaf 2014) maandelijks giraal betaald"
    reference = [BUWAV_1D, "https://wetten.overheid.nl/BWBR0011825/2014-01-01#Hoofdstuk3_Afdeling1_Paragraaf3_Artikel3.30a"]
    documentation = """
    Reads the employer inputs of the Wav route: marktconforme_arbeidsvoorwaarden (the wage is at
    least market-conform, Vb 2000 art. 3.30a) and, from 2014 (old BuWav art. 1d lid 4),
    loon_giraal_betaald (wage paid at least monthly into an account in the migrant's name).
    """

    def formula(persoon, period, parameters):
        girale_eis = parameters(period).kennismigranten.girale_betaling_vereist
        werkgever = persoon.werkgever.reference_entity  # decided per employer, then given to each employee
        marktconform = werkgever("marktconforme_arbeidsvoorwaarden", period)
        giraal = werkgever("loon_giraal_betaald", period)
        return werkgever.project(marktconform & (giraal | (not girale_eis)))
