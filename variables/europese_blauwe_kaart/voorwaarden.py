"""The EU Blue Card: salary criteria and conditions, under the old directive and after the recast.

Old regime: Directive 2009/50/EC, old BuWav (1995) art. 1i (from 19 June 2011), BuWav 2022 art. 2.2.
Recast: Directive (EU) 2021/1883, implemented by Stb. 2024, 150 (published 11 June 2024, in force
12 June 2024): criterion = kennismigrant 30+ level, a reduced criterion for recent graduates,
professional experience may replace the diploma, contract of at least 6 instead of 12 months.
No recognised sponsor is needed in either regime.

The regime and its amounts follow the application date (`aanvraagdatum`), not the first day of the
simulated month: the recast took effect in the middle of June 2024 (openfisca_arbeidsmigratie.peildatum).
"""


import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.codes import begint_met
from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.indexatie import (
    maandbedrag,
)
from openfisca_arbeidsmigratie.peildatum import op_datums, waarde_op_datums

BUWAV_1I = "https://wetten.overheid.nl/BWBR0007523/2015-01-01#Artikel1i"
BUWAV22_2_2 = "https://wetten.overheid.nl/BWBR0046078/2024-06-12/0#Hoofdstuk2_Paragraaf2.1_Artikel2.2"
STB_2024_150 = "https://zoek.officielebekendmakingen.nl/stb-2024-150.html"
RICHTLIJN_2021_1883 = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32021L1883"
ALGEMEEN = "europese_blauwe_kaart.looncriterium.algemeen"
VERLAAGD = "europese_blauwe_kaart.looncriterium.verlaagd"
GRONDSLAG = "europese_blauwe_kaart.looncriterium.grondslag_maandloon"


class europese_blauwe_kaart_looncriterium(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Algemeen looncriterium Europese blauwe kaart in deze maand (bruto per maand, exclusief vakantiebijslag)"
    unit = "currency-EUR"
    reference = [BUWAV_1I, BUWAV22_2_2, STB_2024_150]
    documentation = """
    PUBLIC. The general Blue Card criterion in euro per month excluding holiday allowance (2013: the
    annual amount including holiday allowance, converted / 12 / 1.08), in force on the application
    date: EUR 6,245 for an application up to 11 June 2024, EUR 5,331 from 12 June 2024. Fails with a
    clear message for a date without a published amount: before 19 June 2011, in 2012 and after the last
    published year.
    The reduced criterion for recent graduates (from the recast) is in
    europese_blauwe_kaart_toepasselijk_looncriterium.
    """

    def formula(persoon, period, parameters):
        return np.array(_op_aanvraagdatum(persoon, period, lambda dag: maandbedrag(parameters, dag, ALGEMEEN, GRONDSLAG), parameters=parameters))


def _op_aanvraagdatum(persoon, period, bereken, waar=None, parameters=None):
    """``bereken(dag)`` on each person's application date, as float32 (NaN where ``waar`` is False).

    With ``parameters``, ``bereken`` depends on the date only through them (see peildatum.op_datums).
    """
    return op_datums(persoon("aanvraagdatum", period), bereken, waar=waar, parameters=parameters, dtype=np.float32)


def _algemeen_voor_besluit(parameters, period):
    """General criterion for the decision: NaN (met by no wage) in a historical gap, an error after the last publication."""
    return maandbedrag(parameters, period, ALGEMEEN, GRONDSLAG, streng=False)


class europese_blauwe_kaart_verlaagd_criterium_van_toepassing(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Verlaagd looncriterium Europese blauwe kaart van toepassing (hogeronderwijsdiploma ten hoogste drie jaar voor de aanvraag behaald)"
    reference = [RICHTLIJN_2021_1883, STB_2024_150]
    documentation = "Only for an application under the recast; 'within three years' = fewer than three whole years since graduation."

    def formula_2024_06(persoon, period, parameters):
        herzien = persoon("europese_blauwe_kaart_herziene_richtlijn", period)
        termijn = _recast_waarde(persoon, period, parameters, herzien, lambda p: p.verlaagd_criterium_termijn_jaren)
        jaren = persoon("jaren_sinds_afstuderen", period)
        return herzien & persoon("europese_blauwe_kaart_diploma", period) & (jaren >= 0) & (jaren < termijn)


def _recast_waarde(persoon, period, parameters, herzien, kies):
    """A parameter of the recast, read on the application date of the persons it applies to (else NaN)."""
    return waarde_op_datums(
        parameters, persoon("aanvraagdatum", period), lambda p: kies(p.europese_blauwe_kaart), waar=herzien, dtype=np.float32
    )


class europese_blauwe_kaart_herziene_richtlijn(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Op de aanvraag is de herziene richtlijn Europese blauwe kaart (EU) 2021/1883 van toepassing"
    reference = [STB_2024_150, RICHTLIJN_2021_1883]
    documentation = """
    True when the application date (`aanvraagdatum`) is on or after 12 June 2024, the day Stb. 2024,
    150 took effect (parameter europese_blauwe_kaart.herziene_richtlijn_van_toepassing). An
    application of 11 June 2024 falls under the old directive, one of 12 June under the recast.
    """

    def formula_2011_06_19(persoon, period, parameters):
        return waarde_op_datums(
            parameters, persoon("aanvraagdatum", period), lambda p: p.europese_blauwe_kaart.herziene_richtlijn_van_toepassing,
            voor_begin=False,
        ).astype(bool)


class europese_blauwe_kaart_toepasselijk_looncriterium(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Looncriterium Europese blauwe kaart dat voor deze persoon geldt (algemeen of verlaagd)"
    unit = "currency-EUR"
    reference = [BUWAV_1I, BUWAV22_2_2, STB_2024_150]
    documentation = """
    The reduced criterion for a recent graduate after the recast, else the general criterion, both in
    force on the application date. Used by the decision: in the historical gap 2012 it is NaN (no wage
    meets it), so the other routes can still be decided. After the last published year it fails,
    pointing at --projected and projection.projected_system.
    """

    def formula(persoon, period, parameters):
        verlaagd = persoon("europese_blauwe_kaart_verlaagd_criterium_van_toepassing", period)
        bedrag_verlaagd = _op_aanvraagdatum(
            persoon, period, lambda dag: maandbedrag(parameters, dag, VERLAAGD, GRONDSLAG), verlaagd, parameters
        )
        algemeen = _op_aanvraagdatum(persoon, period, lambda dag: _algemeen_voor_besluit(parameters, dag), parameters=parameters)
        return np.where(verlaagd, bedrag_verlaagd, algemeen).astype(np.float32)


class europese_blauwe_kaart_diploma(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Hogeronderwijsdiploma voor de Europese blauwe kaart (Nederlands, top-200 of vergelijkbaar buitenlands)"
    reference = [BUWAV_1I, RICHTLIJN_2021_1883]

    def formula(persoon, period, parameters):
        return (
            persoon("hoger_onderwijs_diploma", period)
            | persoon("diploma_nederlands_hoger_onderwijs", period)
            | persoon("diploma_buitenland_top200", period)
        )


class ict_beroep(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Beroep is ICT-manager of ICT-specialist (ISCO-08 133 of 25)"
    reference = [RICHTLIJN_2021_1883]
    documentation = "Derived from beroep_isco08: codes starting with 133 (ICT service managers) or 25 (ICT professionals), Annex I of Directive (EU) 2021/1883."

    def formula(persoon, period, parameters):
        return begint_met(persoon("beroep_isco08", period), [b"133", b"25"])


class europese_blauwe_kaart_kwalificatie(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Voldoet aan de kwalificatie-eis van de Europese blauwe kaart (diploma, of na de herziening beroepservaring)"
    reference = [BUWAV_1I, BUWAV22_2_2, RICHTLIJN_2021_1883]
    documentation = """
    Old regime: a higher-education diploma (old BuWav art. 1i lid 1 onder a). For an application
    under the recast (from 12 June 2024) also at least 5 years of relevant professional experience,
    or 3 years for ICT managers and specialists.
    """

    def formula_2011_06_19(persoon, period, parameters):
        return persoon("europese_blauwe_kaart_diploma", period)

    def formula_2024_06(persoon, period, parameters):
        herzien = persoon("europese_blauwe_kaart_herziene_richtlijn", period)
        jaren = _recast_waarde(persoon, period, parameters, herzien, lambda p: p.werkervaring_jaren)
        jaren_ict = _recast_waarde(persoon, period, parameters, herzien, lambda p: p.werkervaring_jaren_ict)
        vereist = np.where(persoon("ict_beroep", period), jaren_ict, jaren)
        ervaring = herzien & (persoon("relevante_werkervaring_jaren", period) >= vereist)
        return persoon("europese_blauwe_kaart_diploma", period) | ervaring


class europese_blauwe_kaart_contractduur_voldoende(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Arbeidsovereenkomst of bindend aanbod duurt lang genoeg voor een Europese blauwe kaart"
    reference = [BUWAV_1I, RICHTLIJN_2021_1883, STB_2024_150]
    documentation = "At least 12 months under the old directive, at least 6 months for an application from 12 June 2024 (recast)."

    def formula_2011_06_19(persoon, period, parameters):
        minimum = waarde_op_datums(
            parameters,
            persoon("aanvraagdatum", period),
            lambda p: p.europese_blauwe_kaart.minimale_duur_arbeidsovereenkomst_maanden,
            voor_begin=np.nan,  # an application before 19 June 2011: no Blue Card yet, never met
        )
        return persoon("duur_arbeidsovereenkomst_maanden", period) >= minimum.astype(np.float32)


class europese_blauwe_kaart_loon_voldoende(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Loon haalt het looncriterium van de Europese blauwe kaart"
    reference = [BUWAV_1I, BUWAV22_2_2]
    documentation = "A wage exactly at the criterion passes; an unknown criterion (NaN) is never met."

    def formula(persoon, period, parameters):
        return persoon("bruto_maandloon", period) >= persoon("europese_blauwe_kaart_toepasselijk_looncriterium", period)
